#include "core/storage/postgres/pg_login_throttle_store.hpp"

#include <algorithm>

namespace itemctl::core {
namespace {

// How many rows a DELETE touched.
Result<std::int64_t> Affected(const Result<PgResult>& r) {
  if (!r) return r.error();
  return r->AffectedRows();
}

// The single integer a query returns (count(*)).
Result<std::int64_t> SingleInt(const Result<PgResult>& r) {
  if (!r) return r.error();
  return r->rows() > 0 ? r->Int(0, 0) : 0;
}

}  // namespace

Result<std::int64_t> PgLoginThrottleStore::DeleteExpiredOf(const ThrottleKey& key,
                                                           UnixSeconds now) {
  return Affected(conn_.Execute(
      "DELETE FROM login_failures WHERE scope = $1 AND subject = $2 AND expires_at <= $3",
      PgParams().Add(ScopeName(key.scope)).Add(key.subject).Add(now)));
}

Result<std::int64_t> PgLoginThrottleStore::CountLive(const ThrottleKey& key, UnixSeconds now) {
  return SingleInt(conn_.Execute(
      "SELECT count(*) FROM login_failures WHERE scope = $1 AND subject = $2 AND expires_at > $3",
      PgParams().Add(ScopeName(key.scope)).Add(key.subject).Add(now)));
}

Result<std::optional<UnixSeconds>> PgLoginThrottleStore::NthNewestExpiry(const ThrottleKey& key,
                                                                         std::int64_t n,
                                                                         UnixSeconds now) {
  // SQLite reads a negative OFFSET as 0; PostgreSQL would refuse it.
  std::int64_t skip = std::max<std::int64_t>(n - 1, 0);
  Result<PgResult> r = conn_.Execute(
      "SELECT expires_at FROM login_failures WHERE scope = $1 AND subject = $2 AND expires_at > $3"
      " ORDER BY expires_at DESC LIMIT 1 OFFSET $4",
      PgParams().Add(ScopeName(key.scope)).Add(key.subject).Add(now).Add(skip));
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(r->Int(0, 0));
}

Result<Id> PgLoginThrottleStore::Insert(const ThrottleKey& key, UnixSeconds failed_at,
                                        UnixSeconds expires_at) {
  Result<PgResult> r = conn_.Execute(
      "INSERT INTO login_failures (scope, subject, failed_at, expires_at)"
      " VALUES ($1, $2, $3, $4) RETURNING id",
      PgParams().Add(ScopeName(key.scope)).Add(key.subject).Add(failed_at).Add(expires_at));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<std::int64_t> PgLoginThrottleStore::DeleteAllOf(const ThrottleKey& key) {
  return Affected(conn_.Execute("DELETE FROM login_failures WHERE scope = $1 AND subject = $2",
                                PgParams().Add(ScopeName(key.scope)).Add(key.subject)));
}

Result<std::int64_t> PgLoginThrottleStore::DeleteExpired(UnixSeconds now) {
  return Affected(
      conn_.Execute("DELETE FROM login_failures WHERE expires_at <= $1", PgParams().Add(now)));
}

Result<std::int64_t> PgLoginThrottleStore::CountSubjectsAtLimit(ThrottleScope scope,
                                                                std::int64_t limit,
                                                                UnixSeconds now) {
  return SingleInt(conn_.Execute(
      "SELECT count(*) FROM (SELECT subject FROM login_failures"
      " WHERE scope = $1 AND expires_at > $2 GROUP BY subject HAVING count(*) >= $3) AS at_limit",
      PgParams().Add(ScopeName(scope)).Add(now).Add(limit)));
}

Result<std::vector<std::string>> PgLoginThrottleStore::LockedUsernames(std::int64_t limit,
                                                                       UnixSeconds now) {
  // An account's subject is its username: usernames are plain characters of
  // at most 30 (see ThrottleSubject).
  Result<PgResult> r = conn_.Execute(
      "SELECT username FROM users WHERE username IN (SELECT subject FROM login_failures"
      " WHERE scope = 'account' AND expires_at > $1 GROUP BY subject HAVING count(*) >= $2)"
      " ORDER BY username",
      PgParams().Add(now).Add(limit));
  if (!r) return r.error();
  std::vector<std::string> names;
  for (int row = 0; row < r->rows(); ++row) names.push_back(r->Text(row, 0));
  return names;
}

}  // namespace itemctl::core
