#pragma once
// The sessions aggregate (sessions and the refresh tokens they rotated out)
// for the session service (core/services/sessions.hpp), one implementation
// per engine. Tokens arrive here already hashed; nothing behind this
// interface sees a plain token.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

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

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // Opens a session for `user_id` if that user exists and is activated; the
  // new id, or nullopt when the user is missing or disabled.
  virtual Result<std::optional<Id>> Insert(Id user_id, std::string_view platform,
                                           const TokenHashes& tokens, UnixSeconds now) = 0;
  // Deletes the user's sessions whose refresh token expired by `now`, then
  // all but the `keep` newest (by created_at, then id). Returns how many went.
  virtual Result<std::int64_t> Trim(Id user_id, int keep, UnixSeconds now) = 0;

  // The session holding this access-token hash, with its user.
  virtual Result<std::optional<SessionAndUser>> FindByAccessHash(
      std::string_view access_hash) = 0;
  // Swaps in `next` for the session whose refresh hash is `refresh_hash`,
  // whose refresh token is still valid at `now`, which is younger than
  // `max_age` seconds and whose user is activated, in one statement. Both
  // new expiries are capped at the session's created_at + `max_age`. Returns
  // the updated session, or nullopt when none qualified.
  virtual Result<std::optional<Session>> RotateTokens(std::string_view refresh_hash,
                                                      const TokenHashes& next, UnixSeconds now,
                                                      std::int64_t max_age) = 0;
  // Remembers that `session_id` rotated out the refresh token `refresh_hash`
  // (kept until the session ends), so a replay of it can be recognised.
  virtual Status RememberRotatedToken(Id session_id, std::string_view refresh_hash,
                                      UnixSeconds now) = 0;
  // Deletes, in one statement, the session that once rotated out
  // `refresh_hash`; returns it, or nullopt when no live session did.
  virtual Result<std::optional<Session>> EndByRotatedToken(std::string_view refresh_hash) = 0;
  // Deletes every session of `user_id` except `keep` (when set); returns count.
  virtual Result<std::int64_t> DeleteForUser(Id user_id, std::optional<Id> keep) = 0;
  virtual Status Touch(Id session_id, UnixSeconds now) = 0;

  virtual Result<std::optional<Session>> Find(Id session_id) = 0;
  // True when a row was deleted.
  virtual Result<bool> Delete(Id session_id) = 0;
  // Sessions newest first: of one user or of everyone; when `live_at` is
  // set, only those whose refresh token is valid at that time.
  virtual Result<std::vector<Session>> List(std::optional<Id> user_id,
                                            std::optional<UnixSeconds> live_at) = 0;
  // Deletes every session whose refresh token expired by `now`; returns count.
  virtual Result<std::int64_t> DeleteExpired(UnixSeconds now) = 0;
  // How many sessions' refresh tokens expired by `at` (what DeleteExpired(at)
  // would delete).
  virtual Result<std::int64_t> CountExpiredBy(UnixSeconds at) = 0;
  // Sessions whose refresh token is valid at `now`, counted by platform.
  virtual Result<std::map<std::string, std::int64_t>> CountLiveByPlatform(UnixSeconds now) = 0;
};

}  // namespace itemctl::core
