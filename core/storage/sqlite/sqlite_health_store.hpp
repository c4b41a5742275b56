#pragma once
// HealthStore over one SQLite connection (see core/storage/health_store.hpp
// for the contract). Borrows `db`, which must outlive it; one thread at a time.

#include "core/storage/health_store.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

class SqliteHealthStore final : public HealthStore {
 public:
  explicit SqliteHealthStore(Database& db) : db_(db) {}

  Result<IntegrityReport> CheckIntegrity() override;
  Result<std::optional<StoredTime>> NewestStoredTime() override;
  // Always nullopt: SQLite has no clock of its own.
  Result<std::optional<UnixSeconds>> ServerNow() override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
