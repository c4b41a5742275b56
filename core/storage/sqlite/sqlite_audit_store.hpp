#pragma once
// AuditStore over one SQLite connection (see core/storage/audit_store.hpp
// for the contract). Borrows `db`, which must outlive it; one thread at a
// time.

#include "core/storage/audit_store.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(Database& db) : db_(db) {}

  Result<Id> Insert(const AuditEvent& event) override;
  Result<std::int64_t> Count(const AuditFilter& filter) override;
  Result<std::vector<AuditEvent>> List(const AuditFilter& filter, std::int64_t limit,
                                       std::int64_t offset) override;
  Result<std::int64_t> DeleteBefore(UnixSeconds before) override;
  Result<std::map<std::string, std::int64_t>> CountByAction() override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
