#include "core/storage/postgres/pg_session_store.hpp"

#include <string>

#include "core/storage/postgres/pg_rows.hpp"

namespace itemctl::core {
namespace {

std::string SelectSessions(std::string_view tail) {
  return std::string("SELECT ") + kPgSessionColumns + " FROM sessions " + std::string(tail);
}

// The first session row of a statement's result, if any.
Result<std::optional<Session>> OneSession(Result<PgResult> r) {
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<Session>();
  return std::optional<Session>(ReadSession(*r, 0));
}

Result<std::int64_t> Affected(const Result<PgResult>& r) {
  if (!r) return r.error();
  return r->AffectedRows();
}

}  // namespace

Result<std::optional<Id>> PgSessionStore::Insert(Id user_id, std::string_view platform,
                                                 const TokenHashes& tokens, UnixSeconds now) {
  // The SELECT inserts nothing for a missing or disabled user.
  Result<PgResult> r = conn_.Execute(
      "INSERT INTO sessions (user_id, platform, access_token_hash, access_expires_at,"
      " refresh_token_hash, refresh_expires_at, created_at)"
      " SELECT id, $1::text, $2::text, $3::bigint, $4::text, $5::bigint, $6::bigint"
      " FROM users WHERE id = $7 AND activated RETURNING id",
      PgParams()
          .Add(platform)
          .Add(tokens.access_hash)
          .Add(tokens.access_expires_at)
          .Add(tokens.refresh_hash)
          .Add(tokens.refresh_expires_at)
          .Add(now)
          .Add(user_id));
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<Id>();
  return std::optional<Id>(r->Int(0, 0));
}

Result<std::int64_t> PgSessionStore::Trim(Id user_id, int keep, UnixSeconds now) {
  return Affected(conn_.Execute(
      "DELETE FROM sessions WHERE user_id = $1 AND id NOT IN ("
      " SELECT id FROM sessions WHERE user_id = $1 AND refresh_expires_at > $2"
      " ORDER BY created_at DESC, id DESC LIMIT $3)",
      PgParams().Add(user_id).Add(now).Add(keep)));
}

Result<std::optional<SessionAndUser>> PgSessionStore::FindByAccessHash(
    std::string_view access_hash) {
  static const std::string sql = std::string("SELECT ") + kPgSessionColumns + ", " +
                                 kPgUserColumns +
                                 " FROM sessions JOIN users ON users.id = sessions.user_id"
                                 " WHERE sessions.access_token_hash = $1";
  Result<PgResult> r = conn_.Execute(sql, PgParams().Add(access_hash));
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<SessionAndUser>();
  return std::optional<SessionAndUser>(
      SessionAndUser{ReadSession(*r, 0), ReadUser(*r, 0, kPgSessionColumnCount)});
}

Result<std::optional<Session>> PgSessionStore::RotateTokens(std::string_view refresh_hash,
                                                            const TokenHashes& next,
                                                            UnixSeconds now,
                                                            std::int64_t max_age) {
  // One statement: of two concurrent refreshes with the same token, exactly
  // one matches the old hash (the other waits for the row, then finds the
  // hash changed). least() keeps rotation from extending the session's
  // absolute lifetime.
  static const std::string sql =
      std::string(
          "UPDATE sessions SET access_token_hash = $1,"
          " access_expires_at = least($2::bigint, sessions.created_at + $7::bigint),"
          " refresh_token_hash = $3,"
          " refresh_expires_at = least($4::bigint, sessions.created_at + $7::bigint),"
          " last_used_at = $5::bigint FROM users"
          " WHERE sessions.refresh_token_hash = $6 AND sessions.refresh_expires_at > $5::bigint"
          " AND sessions.created_at + $7::bigint > $5::bigint"
          " AND users.id = sessions.user_id AND users.activated RETURNING ") +
      kPgSessionColumns;
  return OneSession(conn_.Execute(sql, PgParams()
                                           .Add(next.access_hash)
                                           .Add(next.access_expires_at)
                                           .Add(next.refresh_hash)
                                           .Add(next.refresh_expires_at)
                                           .Add(now)
                                           .Add(refresh_hash)
                                           .Add(max_age)));
}

Status PgSessionStore::RememberRotatedToken(Id session_id, std::string_view refresh_hash,
                                            UnixSeconds now) {
  Result<PgResult> r = conn_.Execute(
      "INSERT INTO rotated_refresh_tokens (refresh_token_hash, session_id, rotated_at)"
      " VALUES ($1, $2, $3)",
      PgParams().Add(refresh_hash).Add(session_id).Add(now));
  if (!r) return r.error();
  return Ok();
}

Result<std::optional<Session>> PgSessionStore::EndByRotatedToken(std::string_view refresh_hash) {
  static const std::string sql =
      std::string(
          "DELETE FROM sessions WHERE id = (SELECT session_id FROM rotated_refresh_tokens"
          " WHERE refresh_token_hash = $1) RETURNING ") +
      kPgSessionColumns;
  return OneSession(conn_.Execute(sql, PgParams().Add(refresh_hash)));
}

Result<std::int64_t> PgSessionStore::DeleteForUser(Id user_id, std::optional<Id> keep) {
  return Affected(conn_.Execute(
      "DELETE FROM sessions WHERE user_id = $1 AND ($2::bigint IS NULL OR id <> $2)",
      PgParams().Add(user_id).Add(keep)));
}

Status PgSessionStore::Touch(Id session_id, UnixSeconds now) {
  Result<PgResult> r = conn_.Execute("UPDATE sessions SET last_used_at = $1 WHERE id = $2",
                                     PgParams().Add(now).Add(session_id));
  if (!r) return r.error();
  return Ok();
}

Result<std::optional<Session>> PgSessionStore::Find(Id session_id) {
  static const std::string sql = SelectSessions("WHERE sessions.id = $1");
  return OneSession(conn_.Execute(sql, PgParams().Add(session_id)));
}

Result<bool> PgSessionStore::Delete(Id session_id) {
  Result<std::int64_t> deleted =
      Affected(conn_.Execute("DELETE FROM sessions WHERE id = $1", PgParams().Add(session_id)));
  if (!deleted) return deleted.error();
  return *deleted > 0;
}

Result<std::vector<Session>> PgSessionStore::List(std::optional<Id> user_id,
                                                  std::optional<UnixSeconds> live_at) {
  // NULL parameters switch a filter off, so one statement serves every call.
  static const std::string sql = SelectSessions(
      "WHERE ($1::bigint IS NULL OR sessions.user_id = $1)"
      " AND ($2::bigint IS NULL OR sessions.refresh_expires_at > $2)"
      " ORDER BY sessions.created_at DESC, sessions.id DESC");
  Result<PgResult> r = conn_.Execute(sql, PgParams().Add(user_id).Add(live_at));
  if (!r) return r.error();
  std::vector<Session> sessions;
  sessions.reserve(static_cast<std::size_t>(r->rows()));
  for (int row = 0; row < r->rows(); ++row) sessions.push_back(ReadSession(*r, row));
  return sessions;
}

Result<std::int64_t> PgSessionStore::DeleteExpired(UnixSeconds now) {
  return Affected(
      conn_.Execute("DELETE FROM sessions WHERE refresh_expires_at <= $1", PgParams().Add(now)));
}

Result<std::int64_t> PgSessionStore::CountExpiredBy(UnixSeconds at) {
  Result<PgResult> r = conn_.Execute(
      "SELECT count(*) FROM sessions WHERE refresh_expires_at <= $1", PgParams().Add(at));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<std::map<std::string, std::int64_t>> PgSessionStore::CountLiveByPlatform(
    UnixSeconds now) {
  Result<PgResult> r = conn_.Execute(
      "SELECT platform, count(*) FROM sessions WHERE refresh_expires_at > $1 GROUP BY platform",
      PgParams().Add(now));
  if (!r) return r.error();
  std::map<std::string, std::int64_t> counts;
  for (int row = 0; row < r->rows(); ++row) counts[r->Text(row, 0)] = r->Int(row, 1);
  return counts;
}

}  // namespace itemctl::core
