#include "core/storage/postgres/pg_health_store.hpp"

namespace itemctl::core {

Result<IntegrityReport> PgHealthStore::CheckIntegrity() {
  // PostgreSQL verifies its pages itself as it reads them; with data
  // checksums on it counts the pages that failed, per database (since 12).
  Result<PgResult> r = conn_.Execute(
      "SELECT current_setting('data_checksums') = 'on', coalesce(checksum_failures, 0)"
      " FROM pg_stat_database WHERE datname = current_database()");
  if (!r) return r.error();
  if (r->rows() == 0 || !r->Bool(0, 0)) {
    return IntegrityReport{
        .method = "not applicable on PostgreSQL (the server checks its own pages; "
                  "data checksums are off)",
        .checked = false,
        .problems = {}};
  }
  IntegrityReport report{.method = "PostgreSQL data checksums", .checked = true, .problems = {}};
  if (std::int64_t failures = r->Int(0, 1); failures > 0) {
    report.problems.push_back("the server counted " + std::to_string(failures) +
                              " data checksum failures in this database (see its log)");
  }
  return report;
}

Result<std::optional<StoredTime>> PgHealthStore::NewestStoredTime() {
  Result<PgResult> r = conn_.Execute(
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
      ") AS times WHERE at IS NOT NULL ORDER BY at DESC LIMIT 1");
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<StoredTime>();
  return std::optional<StoredTime>(StoredTime{r->Int(0, 1), r->Text(0, 0)});
}

Result<std::optional<UnixSeconds>> PgHealthStore::ServerNow() {
  Result<PgResult> r =
      conn_.Execute("SELECT floor(extract(epoch FROM clock_timestamp()))::bigint");
  if (!r) return r.error();
  return std::optional<UnixSeconds>(r->Int(0, 0));
}

}  // namespace itemctl::core
