#pragma once
// The PostgreSQL half of migrating (see core/storage/migration_runner.hpp):
// the schema_migrations table of one database, and the migrations/postgres/
// files compiled into the binary. Borrows `conn`, which must outlive it; one
// thread at a time.

#include <cstdint>
#include <string>
#include <vector>

#include "core/storage/migration_runner.hpp"
#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::core {

// The PostgreSQL migrations compiled into this binary, sorted by version.
std::vector<Migration> PostgresMigrations();

// The transaction-level advisory lock every instance takes to migrate
// ("itemctl" in ASCII, then 1).
inline constexpr std::int64_t kMigrationLockKey = 0x6974656D63746C01;

class PgMigrationLedger final : public MigrationLedger {
 public:
  explicit PgMigrationLedger(PgConnection& conn) : conn_(conn) {}

  // The URL, password masked.
  const std::string& display_name() const override { return conn_.redacted_url(); }
  Result<std::vector<AppliedMigration>> ReadApplied() override;
  // READ COMMITTED under pg_advisory_xact_lock(kMigrationLockKey): a second
  // instance waits for the first's commit, then (its next statement seeing
  // that commit) finds the version recorded and returns false. kInternal
  // when `conn` is already in a transaction.
  Result<bool> Apply(const Migration& migration, UnixSeconds now) override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
