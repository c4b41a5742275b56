#pragma once
// Login sessions (SPEC §2 Authentication): one row per device, opaque random
// tokens (128 chars of [A-Za-z0-9]) stored only as SHA-256. Not thread-safe:
// one Sessions per connection/thread; the hasher is shared.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/session_events.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

inline constexpr std::size_t kTokenLength = 128;
inline constexpr const char* kDefaultPlatform = "web";
inline constexpr const char* kInvalidLogin = "Invalid credentials or inactive account";
inline constexpr const char* kInvalidCredentials = "Invalid credentials";

struct IssuedTokens {
  Id user_id = 0;
  Id session_id = 0;
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_in = 0;  // access token lifetime in seconds
};

// The authenticated caller of a request.
struct Principal {
  User user;
  Session session;
  // The user, acting through this session.
  Actor actor() const {
    Actor actor = Actor::Of(user);
    actor.session_id = session.id;
    return actor;
  }
};

class Sessions {
 public:
  // `events` (optional, not owned) hears of refresh-token reuse.
  Sessions(Store& store, const Clock& clock, const PasswordHasher& hasher, AuthConfig config,
           SessionEvents* events = nullptr)
      : store_(store), clock_(clock), hasher_(hasher), config_(config), events_(events) {}

  // Checks the password (rehashing it when parameters changed), opens a
  // session for `platform` (default "web") and evicts the user's oldest
  // sessions beyond the cap. No token of the session outlives
  // AuthConfig::SessionMaxAge() from now. kUnauthenticated kInvalidLogin for an unknown
  // user, a wrong password or a disabled account (same time for each);
  // kInvalidArgument for a bad platform.
  Result<IssuedTokens> Login(std::string_view username, std::string_view password,
                             std::string_view platform);
  // Rotates both tokens of the session holding `refresh_token`; the old pair
  // stops working at once. The new expiries never pass the session's
  // absolute end (created_at + SessionMaxAge()). kUnauthenticated
  // kInvalidCredentials when unknown, expired, past that end, or the user is
  // disabled. A refresh token this session already rotated out is a theft
  // signal: the whole session ends, SessionEvents::RefreshTokenReused is
  // told, and the answer is the same kInvalidCredentials.
  Result<IssuedTokens> Refresh(std::string_view refresh_token);
  // Resolves a bearer access token. kUnauthenticated kInvalidCredentials when
  // unknown, expired, revoked, or the user is disabled. Updates last_used_at
  // at most once a minute per session.
  Result<Principal> Authenticate(std::string_view access_token);
  // Checks username + password without opening a session (HTTP Basic on the
  // docs). kUnauthenticated kInvalidLogin on failure.
  Result<User> CheckPassword(std::string_view username, std::string_view password);
  // Ends the principal's own session.
  Status Logout(const Principal& principal);
  // Live sessions of one user, newest first.
  Result<std::vector<Session>> ListForUser(Id user_id);
  // Every session (CLI `token list`), optionally of one user; newest first.
  Result<std::vector<Session>> ListAll(std::optional<Id> user_id);
  // Own session, or anyone's for an admin. kNotFound "session 7 not found"
  // (detail "Session not found") before kPermissionDenied.
  Status Revoke(const Actor& actor, Id session_id);
  // Deletes sessions whose refresh token expired before now; returns count.
  // The scheduled purge: housekeeping, not audited.
  Result<std::int64_t> PurgeExpired();
  // PurgeExpired as an admin's command (`itemctl token purge`), recorded in
  // the audit trail with the count. kPermissionDenied for a non-admin.
  Result<std::int64_t> Purge(const Actor& actor);
  // Sessions whose refresh token is still valid, by platform (metrics).
  Result<std::map<std::string, std::int64_t>> CountActiveByPlatform();

 private:
  struct VerifiedUser;
  // The user behind `username` + `password` (Burn when unknown), with a new
  // hash when the stored one used other parameters. kInvalidLogin on failure.
  Result<VerifiedUser> VerifyPassword(std::string_view username, std::string_view password);

  Store& store_;
  const Clock& clock_;
  const PasswordHasher& hasher_;
  AuthConfig config_;
  SessionEvents* events_;
};

}  // namespace itemctl::core
