#include "core/storage/sqlite/sqlite_login_throttle_store.hpp"

namespace itemctl::core {
namespace {

// Runs a DELETE/UPDATE and returns how many rows it changed.
Result<std::int64_t> Changed(Database& db, Query& q) {
  if (Status s = q.Run(); !s) return s.error();
  return static_cast<std::int64_t>(db.Changes());
}

// The single integer a bound query returns (count(*)).
Result<std::int64_t> SingleInt(Query& q) {
  Result<bool> row = q.Step();
  if (!row) return row.error();
  return *row ? q.Int(0) : 0;
}

}  // namespace

Result<std::int64_t> SqliteLoginThrottleStore::DeleteExpiredOf(const ThrottleKey& key,
                                                               UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "DELETE FROM login_failures WHERE scope = ? AND subject = ? AND expires_at <= ?");
  if (!q) return q.error();
  q->Bind(ScopeName(key.scope)).Bind(key.subject).Bind(now);
  return Changed(db_, *q);
}

Result<std::int64_t> SqliteLoginThrottleStore::CountLive(const ThrottleKey& key, UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "SELECT count(*) FROM login_failures WHERE scope = ? AND subject = ? AND expires_at > ?");
  if (!q) return q.error();
  q->Bind(ScopeName(key.scope)).Bind(key.subject).Bind(now);
  return SingleInt(*q);
}

Result<std::optional<UnixSeconds>> SqliteLoginThrottleStore::NthNewestExpiry(const ThrottleKey& key,
                                                                             std::int64_t n,
                                                                             UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "SELECT expires_at FROM login_failures WHERE scope = ? AND subject = ? AND expires_at > ?"
      " ORDER BY expires_at DESC LIMIT 1 OFFSET ?");
  if (!q) return q.error();
  q->Bind(ScopeName(key.scope)).Bind(key.subject).Bind(now).Bind(n - 1);
  Result<bool> row = q->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(q->Int(0));
}

Result<Id> SqliteLoginThrottleStore::Insert(const ThrottleKey& key, UnixSeconds failed_at,
                                            UnixSeconds expires_at) {
  Result<Query> q = db_.Prepare(
      "INSERT INTO login_failures (scope, subject, failed_at, expires_at) VALUES (?, ?, ?, ?)");
  if (!q) return q.error();
  q->Bind(ScopeName(key.scope)).Bind(key.subject).Bind(failed_at).Bind(expires_at);
  if (Status s = q->Run(); !s) return s.error();
  return db_.LastInsertId();
}

Result<std::int64_t> SqliteLoginThrottleStore::DeleteAllOf(const ThrottleKey& key) {
  Result<Query> q = db_.Prepare("DELETE FROM login_failures WHERE scope = ? AND subject = ?");
  if (!q) return q.error();
  q->Bind(ScopeName(key.scope)).Bind(key.subject);
  return Changed(db_, *q);
}

Result<std::int64_t> SqliteLoginThrottleStore::DeleteExpired(UnixSeconds now) {
  Result<Query> q = db_.Prepare("DELETE FROM login_failures WHERE expires_at <= ?");
  if (!q) return q.error();
  q->Bind(now);
  return Changed(db_, *q);
}

Result<std::int64_t> SqliteLoginThrottleStore::CountSubjectsAtLimit(ThrottleScope scope,
                                                                    std::int64_t limit,
                                                                    UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "SELECT count(*) FROM (SELECT subject FROM login_failures"
      " WHERE scope = ? AND expires_at > ? GROUP BY subject HAVING count(*) >= ?)");
  if (!q) return q.error();
  q->Bind(ScopeName(scope)).Bind(now).Bind(limit);
  return SingleInt(*q);
}

Result<std::vector<std::string>> SqliteLoginThrottleStore::LockedUsernames(std::int64_t limit,
                                                                           UnixSeconds now) {
  // An account's subject is its username: usernames are plain characters of
  // at most 30 (see ThrottleSubject).
  Result<Query> q = db_.Prepare(
      "SELECT username FROM users WHERE username IN (SELECT subject FROM login_failures"
      " WHERE scope = 'account' AND expires_at > ? GROUP BY subject HAVING count(*) >= ?)"
      " ORDER BY username");
  if (!q) return q.error();
  q->Bind(now).Bind(limit);
  std::vector<std::string> names;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return names;
    names.push_back(q->Text(0));
  }
}

}  // namespace itemctl::core
