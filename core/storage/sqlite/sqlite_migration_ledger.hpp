#pragma once
// The SQLite half of migrating (see core/storage/migration_runner.hpp): the
// schema_migrations table of one connection, and the migrations/sqlite/
// files compiled into the binary. Borrows `db`, which must outlive it; one
// thread at a time.

#include <string>
#include <vector>

#include "core/storage/migration_runner.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

// The SQLite migrations compiled into this binary, sorted by version.
std::vector<Migration> SqliteMigrations();

class SqliteMigrationLedger final : public MigrationLedger {
 public:
  explicit SqliteMigrationLedger(Database& db) : db_(db) {}

  // The database file's path.
  const std::string& display_name() const override { return db_.path(); }
  Result<std::vector<AppliedMigration>> ReadApplied() override;
  // BEGIN IMMEDIATE is the lock: a second process waits for the first's
  // commit, then finds the version recorded and returns false.
  Result<bool> Apply(const Migration& migration, UnixSeconds now) override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
