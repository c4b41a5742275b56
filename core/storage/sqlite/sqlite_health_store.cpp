#include "core/storage/sqlite/sqlite_health_store.hpp"

#include <optional>
#include <string>
#include <utility>

namespace itemctl::core {

Result<IntegrityReport> SqliteHealthStore::CheckIntegrity() {
  // The argument caps the problems reported: a badly damaged file lists
  // thousands, and the first few name the damage well enough.
  Result<Query> q = db_.Prepare("PRAGMA integrity_check(10)");
  if (!q) return q.error();
  IntegrityReport report{.method = "PRAGMA integrity_check", .checked = true, .problems = {}};
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) {
      // A page too damaged for the check to walk is damage found, not a
      // check that could not run.
      std::optional<std::string> damage = db_.LastCorruption();
      if (!damage) return row.error();
      report.problems.push_back(std::move(*damage));
      break;
    }
    if (!*row) break;
    std::string line = q->Text(0);
    if (line != "ok") report.problems.push_back(std::move(line));
  }
  return report;
}

Result<std::optional<StoredTime>> SqliteHealthStore::NewestStoredTime() {
  Result<Query> q = db_.Prepare(
      "SELECT place, at FROM ("
      " SELECT 'users.created_at' AS place, max(created_at) AS at FROM users"
      " UNION ALL SELECT 'users.updated_at', max(updated_at) FROM users"
      " UNION ALL SELECT 'items.created_at', max(created_at) FROM items"
      " UNION ALL SELECT 'items.updated_at', max(updated_at) FROM items"
      " UNION ALL SELECT 'sessions.created_at', max(created_at) FROM sessions"
      " UNION ALL SELECT 'sessions.last_used_at', max(last_used_at) FROM sessions"
      " UNION ALL SELECT 'login_failures.failed_at', max(failed_at) FROM login_failures"
      " UNION ALL SELECT 'rotated_refresh_tokens.rotated_at', max(rotated_at)"
      "  FROM rotated_refresh_tokens"
      " UNION ALL SELECT 'schema_migrations.applied_at', max(applied_at) FROM schema_migrations"
      ") WHERE at IS NOT NULL ORDER BY at DESC LIMIT 1");
  if (!q) return q.error();
  Result<bool> row = q->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredTime>();
  return std::optional<StoredTime>(StoredTime{q->Int(1), q->Text(0)});
}

Result<std::optional<UnixSeconds>> SqliteHealthStore::ServerNow() {
  return std::optional<UnixSeconds>();
}

}  // namespace itemctl::core
