#include "core/storage/postgres/pg_advisory_lock.hpp"

#include <string>
#include <string_view>

namespace itemctl::core {
namespace {

Status RequireTransaction(const PgConnection& conn, std::string_view function) {
  if (conn.InTransaction()) return Ok();
  return MakeError(Errc::kInternal,
                   std::string(function) + " outside a transaction would hold nothing");
}

// Runs `SELECT function($1)` for a function returning boolean.
Result<bool> CallBool(PgConnection& conn, std::string_view sql, std::int64_t key) {
  Result<PgResult> result = conn.Execute(sql, PgParams().Add(key));
  if (!result) return result.error();
  return result->Bool(0, 0);
}

Status CallVoid(PgConnection& conn, std::string_view sql, std::int64_t key) {
  Result<PgResult> result = conn.Execute(sql, PgParams().Add(key));
  if (!result) return result.error();
  return Ok();
}

}  // namespace

Result<bool> TryAdvisoryXactLock(PgConnection& conn, std::int64_t key) {
  if (Status in = RequireTransaction(conn, "pg_try_advisory_xact_lock"); !in) return in.error();
  return CallBool(conn, "SELECT pg_try_advisory_xact_lock($1::bigint)", key);
}

Status AdvisoryXactLock(PgConnection& conn, std::int64_t key) {
  if (Status in = RequireTransaction(conn, "pg_advisory_xact_lock"); !in) return in;
  return CallVoid(conn, "SELECT pg_advisory_xact_lock($1::bigint)", key);
}

Result<bool> TryAdvisoryLock(PgConnection& conn, std::int64_t key) {
  return CallBool(conn, "SELECT pg_try_advisory_lock($1::bigint)", key);
}

Status AdvisoryLock(PgConnection& conn, std::int64_t key) {
  return CallVoid(conn, "SELECT pg_advisory_lock($1::bigint)", key);
}

Result<bool> AdvisoryUnlock(PgConnection& conn, std::int64_t key) {
  return CallBool(conn, "SELECT pg_advisory_unlock($1::bigint)", key);
}

}  // namespace itemctl::core
