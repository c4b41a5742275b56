#include "core/services/sessions.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "core/domain/validation.hpp"
#include "core/digest.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/permissions.hpp"

namespace itemctl::core {
namespace {

// last_used_at is written at most this often per session, so reads of a busy
// session do not each turn into a write.
constexpr UnixSeconds kTouchInterval = 60;

Error InvalidLogin() { return MakeError(Errc::kUnauthenticated, kInvalidLogin); }
Error InvalidCredentials() { return MakeError(Errc::kUnauthenticated, kInvalidCredentials); }

Error SessionNotFound(Id id) {
  return MakeError(Errc::kNotFound, "session " + std::to_string(id) + " not found",
                   "Session not found");
}

// A fresh token pair: the plain tokens go to the client, the hashes to the
// database.
struct NewTokens {
  std::string access_token;
  std::string refresh_token;
  TokenHashes hashes;
};

NewTokens MakeTokens(const AuthConfig& config, UnixSeconds now) {
  NewTokens t;
  t.access_token = RandomAlphanumeric(kTokenLength);
  t.refresh_token = RandomAlphanumeric(kTokenLength);
  t.hashes.access_hash = Sha256Hex(t.access_token);
  t.hashes.access_expires_at = now + config.access_ttl_seconds;
  t.hashes.refresh_hash = Sha256Hex(t.refresh_token);
  t.hashes.refresh_expires_at = now + config.refresh_ttl_seconds;
  return t;
}

// `expires` is what is left of the access token, which the session's
// absolute end may have shortened.
IssuedTokens Issue(Id user_id, Id session_id, NewTokens tokens, UnixSeconds access_expires_at,
                   UnixSeconds now) {
  return IssuedTokens{user_id, session_id, std::move(tokens.access_token),
                      std::move(tokens.refresh_token), access_expires_at - now};
}

}  // namespace

// A successful password check, with the new hash to store when the stored
// one used other parameters.
struct Sessions::VerifiedUser {
  UserCredentials credentials;
  std::optional<std::string> rehashed;
};

Result<Sessions::VerifiedUser> Sessions::VerifyPassword(std::string_view username,
                                                        std::string_view password) {
  Result<std::optional<UserCredentials>> found = store_.users().FindCredentials(username);
  if (!found) return found.error();
  if (!*found) {
    // Spend the time a real check takes so unknown names are not revealed.
    if (Status burnt = hasher_.Burn(password); !burnt) return burnt.error();
    return InvalidLogin();
  }
  UserCredentials& credentials = **found;
  Result<bool> matched = hasher_.Matches(password, credentials.password_hash);
  if (!matched) return matched.error();
  // A disabled account is checked after the hash so it costs the same time.
  if (!*matched || !credentials.user.activated) {
    return InvalidLogin();
  }
  VerifiedUser verified{std::move(credentials), std::nullopt};
  if (hasher_.NeedsRehash(verified.credentials.password_hash)) {
    Result<std::string> rehashed = hasher_.Hash(password);
    if (!rehashed) return rehashed.error();
    verified.rehashed = std::move(*rehashed);
  }
  return verified;
}

Result<IssuedTokens> Sessions::Login(std::string_view username, std::string_view password,
                                     std::string_view platform) {
  if (platform.empty()) platform = kDefaultPlatform;
  if (Status s = ValidatePlatform(platform); !s) return s.error();

  // The expensive Argon2 work happens before the write lock is taken.
  Result<VerifiedUser> verified = VerifyPassword(username, password);
  if (!verified) return verified.error();
  const User& user = verified->credentials.user;
  UnixSeconds now = clock_.Now();
  NewTokens tokens = MakeTokens(config_, now);
  // A new session ends SessionMaxAge() from now, whatever the token lifetimes.
  UnixSeconds session_end = now + config_.SessionMaxAge();
  tokens.hashes.access_expires_at = std::min(tokens.hashes.access_expires_at, session_end);
  tokens.hashes.refresh_expires_at = std::min(tokens.hashes.refresh_expires_at, session_end);

  // The insert and the trim commit together, so no user ever holds more
  // sessions than the cap, however many logins race.
  Result<Id> session_id = InTransaction(store_, [&]() -> Result<Id> {
    if (verified->rehashed) {
      Status s = store_.users().ReplacePasswordHash(
          user.id, verified->credentials.password_hash, *verified->rehashed);
      if (!s) return s.error();
    }
    Result<std::optional<Id>> inserted =
        store_.sessions().Insert(user.id, platform, tokens.hashes, now);
    if (!inserted) return inserted.error();
    // The account was disabled while its password was being checked.
    if (!*inserted) return InvalidLogin();
    int cap = std::max(1, config_.max_sessions_per_user);
    Result<std::int64_t> trimmed = store_.sessions().Trim(user.id, cap, now);
    if (!trimmed) return trimmed.error();
    return **inserted;
  });
  if (!session_id) return session_id.error();
  UnixSeconds access_expires_at = tokens.hashes.access_expires_at;
  return Issue(user.id, *session_id, std::move(tokens), access_expires_at, now);
}

Result<IssuedTokens> Sessions::Refresh(std::string_view refresh_token) {
  if (refresh_token.empty()) return InvalidCredentials();
  UnixSeconds now = clock_.Now();
  // Storage caps both expiries at the session's own created_at + max age.
  NewTokens tokens = MakeTokens(config_, now);
  std::string presented = Sha256Hex(refresh_token);

  // The rotation and the memory of the token it retires commit together, so
  // a replay is recognised however soon it comes.
  // Either the rotated session, or (a replay) the session it ended.
  struct Outcome {
    std::optional<Session> rotated;
    std::optional<Session> ended;
  };
  SessionStore& sessions = store_.sessions();
  Result<Outcome> outcome = InTransaction(store_, [&]() -> Result<Outcome> {
    Result<std::optional<Session>> rotated =
        sessions.RotateTokens(presented, tokens.hashes, now, config_.SessionMaxAge());
    if (!rotated) return rotated.error();
    if (!*rotated) {
      Result<std::optional<Session>> ended = sessions.EndByRotatedToken(presented);
      if (!ended) return ended.error();
      return Outcome{std::nullopt, std::move(*ended)};
    }
    if (Status s = sessions.RememberRotatedToken((*rotated)->id, presented, now); !s) {
      return s.error();
    }
    return Outcome{std::move(*rotated), std::nullopt};
  });
  if (!outcome) return outcome.error();
  if (!outcome->rotated) {
    if (outcome->ended && events_ != nullptr) events_->RefreshTokenReused(*outcome->ended);
    return InvalidCredentials();
  }
  const Session& session = *outcome->rotated;
  return Issue(session.user_id, session.id, std::move(tokens), session.access_expires_at, now);
}

Result<Principal> Sessions::Authenticate(std::string_view access_token) {
  if (access_token.empty()) return InvalidCredentials();
  // The lookup is by SHA-256 of the token, so its timing says nothing about
  // how much of a guessed token was right.
  Result<std::optional<SessionAndUser>> found = store_.sessions().FindByAccessHash(Sha256Hex(access_token));
  if (!found) return found.error();
  if (!*found) return InvalidCredentials();
  SessionAndUser& row = **found;
  UnixSeconds now = clock_.Now();
  if (row.session.access_expires_at <= now || !row.user.activated) return InvalidCredentials();
  if (!row.session.last_used_at || now - *row.session.last_used_at >= kTouchInterval) {
    // Best effort: last_used_at is bookkeeping, and a valid token must not
    // be refused because a long write (an import) holds the lock.
    if (store_.sessions().Touch(row.session.id, now)) row.session.last_used_at = now;
  }
  return Principal{std::move(row.user), std::move(row.session)};
}

Result<User> Sessions::CheckPassword(std::string_view username, std::string_view password) {
  Result<VerifiedUser> verified = VerifyPassword(username, password);
  if (!verified) return verified.error();
  if (verified->rehashed) {
    Status s = store_.users().ReplacePasswordHash(verified->credentials.user.id,
                                                  verified->credentials.password_hash,
                                                  *verified->rehashed);
    if (!s) return s.error();
  }
  return std::move(verified->credentials.user);
}

Status Sessions::Logout(const Principal& principal) {
  Result<bool> deleted = store_.sessions().Delete(principal.session.id);
  if (!deleted) return deleted.error();
  return Ok();
}

Result<std::vector<Session>> Sessions::ListForUser(Id user_id) {
  return store_.sessions().List(user_id, clock_.Now());
}

Result<std::vector<Session>> Sessions::ListAll(std::optional<Id> user_id) {
  return store_.sessions().List(user_id, std::nullopt);
}

Status Sessions::Revoke(const Actor& actor, Id session_id) {
  Result<std::optional<Session>> found = store_.sessions().Find(session_id);
  if (!found) return found.error();
  if (!*found) return SessionNotFound(session_id);
  if (Status allowed = CanRevokeSession(actor, **found); !allowed) return allowed;
  const Session& session = **found;
  return store_.Transact([&]() -> Status {
    Result<bool> deleted = store_.sessions().Delete(session_id);
    if (!deleted) return deleted.error();
    // Deleted concurrently (logout, purge) between the lookup and now.
    if (!*deleted) return SessionNotFound(session_id);
    // Ending one's own session is a logout, not an admin's change.
    if (actor.user_id == session.user_id) return Ok();
    return RecordAudit(store_, actor, clock_.Now(),
                       {audit_action::kTokenRevoke,
                        AuditTarget{"session", session.id, session.platform},
                        {{"user_id", session.user_id}}});
  });
}

Result<std::int64_t> Sessions::PurgeExpired() { return store_.sessions().DeleteExpired(clock_.Now()); }

Result<std::int64_t> Sessions::Purge(const Actor& actor) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  return InTransaction(store_, [&]() -> Result<std::int64_t> {
    Result<std::int64_t> deleted = store_.sessions().DeleteExpired(clock_.Now());
    if (!deleted) return deleted;
    Status audited = RecordAudit(store_, actor, clock_.Now(),
                                 {audit_action::kTokenPurge, AuditTarget{"session", {}, {}},
                                  {{"deleted", *deleted}}});
    if (!audited) return audited.error();
    return deleted;
  });
}

Result<std::map<std::string, std::int64_t>> Sessions::CountActiveByPlatform() {
  return store_.sessions().CountLiveByPlatform(clock_.Now());
}

}  // namespace itemctl::core
