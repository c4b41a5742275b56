#include "core/storage/postgres/pg_migration_ledger.hpp"

#include <span>

#include "core/storage/postgres/pg_advisory_lock.hpp"
#include "core/storage/postgres/pg_transaction.hpp"

namespace itemctl::embedded {
std::span<const EmbeddedFile> PostgresMigrations();
}

namespace itemctl::core {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL,"
    " checksum TEXT NOT NULL)";

}  // namespace

std::vector<Migration> PostgresMigrations() {
  Result<std::vector<Migration>> parsed = MigrationsFromFiles(embedded::PostgresMigrations());
  // The embedded set is fixed at build time and covered by tests.
  return parsed ? *parsed : std::vector<Migration>{};
}

Result<std::vector<AppliedMigration>> PgMigrationLedger::ReadApplied() {
  std::vector<AppliedMigration> rows;
  // Reading must not write: a fresh database has no bookkeeping table yet.
  Result<PgResult> exists =
      conn_.Execute("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists) return exists.error();
  if (!exists->Bool(0, 0)) return rows;
  Result<PgResult> r = conn_.Execute(
      "SELECT version, name, applied_at, checksum FROM schema_migrations ORDER BY version");
  if (!r) return r.error();
  for (int row = 0; row < r->rows(); ++row) {
    rows.push_back({static_cast<int>(r->Int(row, 0)), r->Text(row, 1), r->Int(row, 2),
                    r->Text(row, 3)});
  }
  return rows;
}

Result<bool> PgMigrationLedger::Apply(const Migration& migration, UnixSeconds now) {
  // READ COMMITTED: each statement after the lock sees what the instance we
  // waited for committed (a SERIALIZABLE snapshot would predate its commit).
  Result<PgTransaction> tx = PgTransaction::Begin(conn_, PgIsolation::kReadCommitted);
  if (!tx) return tx.error();
  if (Status s = AdvisoryXactLock(conn_, kMigrationLockKey); !s) return s.error();
  if (Result<PgResult> r = conn_.Execute(kCreateTable); !r) return r.error();
  // Another instance may have applied it between our read and our lock.
  Result<PgResult> recorded = conn_.Execute("SELECT 1 FROM schema_migrations WHERE version = $1",
                                            PgParams().Add(migration.version));
  if (!recorded) return recorded.error();
  if (recorded->rows() > 0) return false;
  if (Status s = conn_.ExecScript(migration.sql); !s) return s.error();
  Result<PgResult> record = conn_.Execute(
      "INSERT INTO schema_migrations (version, name, applied_at, checksum)"
      " VALUES ($1, $2, $3, $4)",
      PgParams().Add(migration.version).Add(migration.name).Add(now).Add(migration.checksum));
  if (!record) return record.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return true;
}

}  // namespace itemctl::core
