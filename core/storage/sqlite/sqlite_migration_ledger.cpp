#include "core/storage/sqlite/sqlite_migration_ledger.hpp"

#include <span>

namespace itemctl::embedded {
std::span<const EmbeddedFile> SqliteMigrations();
}

namespace itemctl::core {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL,"
    " checksum TEXT NOT NULL)";

// Whether schema_migrations records `version` (the table must exist).
Result<bool> IsRecorded(Database& db, int version) {
  Result<Query> q = db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(version).Step();
  if (!row) return row.error();
  return *row;
}

}  // namespace

std::vector<Migration> SqliteMigrations() {
  Result<std::vector<Migration>> parsed = MigrationsFromFiles(embedded::SqliteMigrations());
  // The embedded set is fixed at build time and covered by tests.
  return parsed ? *parsed : std::vector<Migration>{};
}

Result<std::vector<AppliedMigration>> SqliteMigrationLedger::ReadApplied() {
  std::vector<AppliedMigration> rows;
  // Reading must not write: a fresh file has no bookkeeping table yet.
  Result<Query> exists = db_.Prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return exists.error();
  Result<bool> has_table = exists->Step();
  if (!has_table) return has_table.error();
  if (!*has_table) return rows;
  Result<Query> q = db_.Prepare(
      "SELECT version, name, applied_at, checksum FROM schema_migrations ORDER BY version");
  if (!q) return q.error();
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back({static_cast<int>(q->Int(0)), q->Text(1), q->Int(2), q->Text(3)});
  }
}

Result<bool> SqliteMigrationLedger::Apply(const Migration& migration, UnixSeconds now) {
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  if (Status s = db_.Exec(kCreateTable); !s) return s.error();
  // Another process may have applied it between our read and our lock.
  Result<bool> recorded = IsRecorded(db_, migration.version);
  if (!recorded) return recorded.error();
  if (*recorded) return false;
  if (Status s = db_.Exec(migration.sql); !s) return s.error();
  Result<Query> record = db_.Prepare(
      "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)");
  if (!record) return record.error();
  record->Bind(migration.version).Bind(migration.name).Bind(now).Bind(migration.checksum);
  if (Status s = record->Run(); !s) return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return true;
}

}  // namespace itemctl::core
