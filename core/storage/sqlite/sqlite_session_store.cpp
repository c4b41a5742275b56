#include "core/storage/sqlite/sqlite_session_store.hpp"

#include <string>

#include "core/storage/sqlite/rows.hpp"

namespace itemctl::core {
namespace {

std::string SelectSessions(std::string_view tail) {
  return std::string("SELECT ") + kSessionColumns + " FROM sessions " + std::string(tail);
}

// Reads at most one session row from a prepared, bound query.
Result<std::optional<Session>> OneSession(Query& q) {
  Result<bool> row = q.Step();
  if (!row) return row.error();
  if (!*row) return std::optional<Session>();
  return std::optional<Session>(ReadSession(q));
}

}  // namespace

Result<std::optional<Id>> SqliteSessionStore::Insert(Id user_id, std::string_view platform,
                                                     const TokenHashes& tokens, UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "INSERT INTO sessions (user_id, platform, access_token_hash, access_expires_at,"
      " refresh_token_hash, refresh_expires_at, created_at)"
      " SELECT id, ?, ?, ?, ?, ?, ? FROM users WHERE id = ? AND activated = 1");
  if (!q) return q.error();
  q->Bind(platform)
      .Bind(tokens.access_hash)
      .Bind(tokens.access_expires_at)
      .Bind(tokens.refresh_hash)
      .Bind(tokens.refresh_expires_at)
      .Bind(now)
      .Bind(user_id);
  if (Status s = q->Run(); !s) return s.error();
  if (db_.Changes() == 0) return std::optional<Id>();
  return std::optional<Id>(db_.LastInsertId());
}

Result<std::int64_t> SqliteSessionStore::Trim(Id user_id, int keep, UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "DELETE FROM sessions WHERE user_id = ?1 AND id NOT IN ("
      " SELECT id FROM sessions WHERE user_id = ?1 AND refresh_expires_at > ?2"
      " ORDER BY created_at DESC, id DESC LIMIT ?3)");
  if (!q) return q.error();
  if (Status s = q->Bind(user_id).Bind(now).Bind(keep).Run(); !s) return s.error();
  return static_cast<std::int64_t>(db_.Changes());
}

Result<std::optional<SessionAndUser>> SqliteSessionStore::FindByAccessHash(
    std::string_view access_hash) {
  static const std::string sql = std::string("SELECT ") + kSessionColumns + ", " + kUserColumns +
                                 " FROM sessions JOIN users ON users.id = sessions.user_id"
                                 " WHERE sessions.access_token_hash = ?";
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(access_hash);
  Result<bool> row = q->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<SessionAndUser>();
  return std::optional<SessionAndUser>(
      SessionAndUser{ReadSession(*q), ReadUser(*q, kSessionColumnCount)});
}

Result<std::optional<Session>> SqliteSessionStore::RotateTokens(std::string_view refresh_hash,
                                                                const TokenHashes& next,
                                                                UnixSeconds now,
                                                                std::int64_t max_age) {
  // One statement: of two concurrent refreshes with the same token, exactly
  // one matches the old hash. min() keeps rotation from extending the
  // session's absolute lifetime.
  static const std::string sql =
      std::string(
          "UPDATE sessions SET access_token_hash = ?1,"
          " access_expires_at = min(?2, created_at + ?7), refresh_token_hash = ?3,"
          " refresh_expires_at = min(?4, created_at + ?7), last_used_at = ?5"
          " WHERE refresh_token_hash = ?6 AND refresh_expires_at > ?5 AND created_at + ?7 > ?5"
          " AND user_id IN (SELECT id FROM users WHERE activated = 1) RETURNING ") +
      kSessionColumns;
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(next.access_hash)
      .Bind(next.access_expires_at)
      .Bind(next.refresh_hash)
      .Bind(next.refresh_expires_at)
      .Bind(now)
      .Bind(refresh_hash)
      .Bind(max_age);
  Result<std::optional<Session>> rotated = OneSession(*q);
  if (!rotated || !*rotated) return rotated;
  // Finishing the statement commits its implicit transaction now rather
  // than when the cached statement is next reset.
  if (Status s = q->Run(); !s) return s.error();
  return rotated;
}

Status SqliteSessionStore::RememberRotatedToken(Id session_id, std::string_view refresh_hash,
                                                UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "INSERT INTO rotated_refresh_tokens (refresh_token_hash, session_id, rotated_at)"
      " VALUES (?, ?, ?)");
  if (!q) return q.error();
  return q->Bind(refresh_hash).Bind(session_id).Bind(now).Run();
}

Result<std::optional<Session>> SqliteSessionStore::EndByRotatedToken(
    std::string_view refresh_hash) {
  static const std::string sql =
      std::string(
          "DELETE FROM sessions WHERE id = (SELECT session_id FROM rotated_refresh_tokens"
          " WHERE refresh_token_hash = ?) RETURNING ") +
      kSessionColumns;
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(refresh_hash);
  Result<std::optional<Session>> ended = OneSession(*q);
  if (!ended || !*ended) return ended;
  if (Status s = q->Run(); !s) return s.error();
  return ended;
}

Result<std::int64_t> SqliteSessionStore::DeleteForUser(Id user_id, std::optional<Id> keep) {
  Result<Query> q =
      db_.Prepare("DELETE FROM sessions WHERE user_id = ?1 AND (?2 IS NULL OR id != ?2)");
  if (!q) return q.error();
  if (Status s = q->Bind(user_id).Bind(keep).Run(); !s) return s.error();
  return static_cast<std::int64_t>(db_.Changes());
}

Status SqliteSessionStore::Touch(Id session_id, UnixSeconds now) {
  Result<Query> q = db_.Prepare("UPDATE sessions SET last_used_at = ? WHERE id = ?");
  if (!q) return q.error();
  return q->Bind(now).Bind(session_id).Run();
}

Result<std::optional<Session>> SqliteSessionStore::Find(Id session_id) {
  static const std::string sql = SelectSessions("WHERE sessions.id = ?");
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(session_id);
  return OneSession(*q);
}

Result<bool> SqliteSessionStore::Delete(Id session_id) {
  Result<Query> q = db_.Prepare("DELETE FROM sessions WHERE id = ?");
  if (!q) return q.error();
  if (Status s = q->Bind(session_id).Run(); !s) return s.error();
  return db_.Changes() > 0;
}

Result<std::vector<Session>> SqliteSessionStore::List(std::optional<Id> user_id,
                                                      std::optional<UnixSeconds> live_at) {
  // NULL parameters switch a filter off, so one statement serves every call.
  static const std::string sql = SelectSessions(
      "WHERE (?1 IS NULL OR sessions.user_id = ?1)"
      " AND (?2 IS NULL OR sessions.refresh_expires_at > ?2)"
      " ORDER BY sessions.created_at DESC, sessions.id DESC");
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(user_id).Bind(live_at);
  std::vector<Session> sessions;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return sessions;
    sessions.push_back(ReadSession(*q));
  }
}

Result<std::int64_t> SqliteSessionStore::DeleteExpired(UnixSeconds now) {
  Result<Query> q = db_.Prepare("DELETE FROM sessions WHERE refresh_expires_at <= ?");
  if (!q) return q.error();
  if (Status s = q->Bind(now).Run(); !s) return s.error();
  return static_cast<std::int64_t>(db_.Changes());
}

Result<std::int64_t> SqliteSessionStore::CountExpiredBy(UnixSeconds at) {
  Result<Query> q = db_.Prepare("SELECT count(*) FROM sessions WHERE refresh_expires_at <= ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(at).Step();
  if (!row) return row.error();
  return q->Int(0);
}

Result<std::map<std::string, std::int64_t>> SqliteSessionStore::CountLiveByPlatform(
    UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "SELECT platform, count(*) FROM sessions WHERE refresh_expires_at > ? GROUP BY platform");
  if (!q) return q.error();
  q->Bind(now);
  std::map<std::string, std::int64_t> counts;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return counts;
    counts[q->Text(0)] = q->Int(1);
  }
}

}  // namespace itemctl::core
