#pragma once
// AuditStore over one PostgreSQL connection (see core/storage/audit_store.hpp
// for the contract). Borrows `conn`, which must outlive it; one thread at a
// time.

#include "core/storage/audit_store.hpp"
#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::core {

class PgAuditStore final : public AuditStore {
 public:
  explicit PgAuditStore(PgConnection& conn) : conn_(conn) {}

  Result<Id> Insert(const AuditEvent& event) override;
  Result<std::int64_t> Count(const AuditFilter& filter) override;
  Result<std::vector<AuditEvent>> List(const AuditFilter& filter, std::int64_t limit,
                                       std::int64_t offset) override;
  Result<std::int64_t> DeleteBefore(UnixSeconds before) override;
  Result<std::map<std::string, std::int64_t>> CountByAction() override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
