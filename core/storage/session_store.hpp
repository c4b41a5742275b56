#pragma once
// SQL over the sessions table for the session service (core/services/
// sessions.hpp). Tokens arrive here already hashed; nothing in this file sees
// a plain token. Every function reports database failures as the Error of
// Database::LastError. Not thread-safe: one Database per thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

// The SHA-256 hex digests of a token pair and when each expires.
struct TokenHashes {
  std::string access_hash;
  UnixSeconds access_expires_at = 0;
  std::string refresh_hash;
  UnixSeconds refresh_expires_at = 0;
};

struct SessionAndUser {
  Session session;
  User user;
};

// The user named `username` with their password hash; nullopt when unknown.
Result<std::optional<UserCredentials>> FindCredentials(Database& db, std::string_view username);
// Replaces the password hash of `user_id` if it is still `expected_hash`, so
// a rehash never overwrites a password changed in the meantime.
Status ReplacePasswordHash(Database& db, Id user_id, std::string_view expected_hash,
                           std::string_view new_hash);

// Opens a session for `user_id` if that user exists and is activated; the
// new id, or nullopt when the user is missing or disabled.
Result<std::optional<Id>> InsertSession(Database& db, Id user_id, std::string_view platform,
                                        const TokenHashes& tokens, UnixSeconds now);
// Deletes the user's sessions whose refresh token expired by `now`, then all
// but the `keep` newest (by created_at, then id). Returns how many went.
Result<std::int64_t> TrimSessions(Database& db, Id user_id, int keep, UnixSeconds now);

// The session holding this access-token hash, with its user.
Result<std::optional<SessionAndUser>> FindByAccessHash(Database& db, std::string_view access_hash);
// Swaps in `next` for the session whose refresh hash is `refresh_hash`, whose
// refresh token is still valid at `now`, which is younger than `max_age`
// seconds and whose user is activated, in one statement. Both new expiries
// are capped at the session's created_at + `max_age`. Returns the updated
// session, or nullopt when none qualified.
Result<std::optional<Session>> RotateTokens(Database& db, std::string_view refresh_hash,
                                            const TokenHashes& next, UnixSeconds now,
                                            std::int64_t max_age);
// Remembers that `session_id` rotated out the refresh token `refresh_hash`
// (kept until the session ends), so a replay of it can be recognised.
Status RememberRotatedToken(Database& db, Id session_id, std::string_view refresh_hash,
                            UnixSeconds now);
// Deletes, in one statement, the session that once rotated out
// `refresh_hash`; returns it, or nullopt when no live session did.
Result<std::optional<Session>> EndSessionByRotatedToken(Database& db,
                                                        std::string_view refresh_hash);
// Deletes every session of `user_id` except `keep` (when set); returns count.
Result<std::int64_t> DeleteUserSessions(Database& db, Id user_id, std::optional<Id> keep);
Status TouchSession(Database& db, Id session_id, UnixSeconds now);

Result<std::optional<Session>> FindSession(Database& db, Id session_id);
// True when a row was deleted.
Result<bool> DeleteSession(Database& db, Id session_id);
// Sessions newest first: of one user or of everyone; when `live_at` is set,
// only those whose refresh token is valid at that time.
Result<std::vector<Session>> ListSessions(Database& db, std::optional<Id> user_id,
                                          std::optional<UnixSeconds> live_at);
// Deletes every session whose refresh token expired by `now`; returns count.
Result<std::int64_t> DeleteExpiredSessions(Database& db, UnixSeconds now);
// Sessions whose refresh token is valid at `now`, counted by platform.
Result<std::map<std::string, std::int64_t>> CountLiveSessionsByPlatform(Database& db,
                                                                        UnixSeconds now);

}  // namespace itemctl::core
