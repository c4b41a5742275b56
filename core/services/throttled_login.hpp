#pragma once
// The password-checking use cases behind the login throttle (SPEC §8):
// POST /auth/token, POST /auth/refresh and the HTTP Basic of the docs run
// these instead of calling Sessions directly. Each asks the throttle first,
// so a locked key costs no Argon2 and refuses the right password too
// (kThrottled, detail kTooManyAttempts, with retry_after_seconds); then
// verifies through Sessions; then settles the outcome: a wrong credential
// (kUnauthenticated) counts, a success clears the account's count, and
// anything else (bad input, overload, storage) does not count. Errors are
// otherwise those of the Sessions call. Not thread-safe: one per
// connection/thread; the hasher is shared.

#include <string_view>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/services/login_throttle.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/sessions.hpp"

namespace itemctl::core {

class ThrottledLogin {
 public:
  ThrottledLogin(Store& store, const Clock& clock, const PasswordHasher& hasher,
                 AuthConfig auth, ThrottleConfig throttle, ThrottleEvents events = {},
                 SessionEvents* session_events = nullptr)
      : sessions_(store, clock, hasher, auth, session_events),
        throttle_(store, clock, throttle, std::move(events)) {}

  // Sessions::Login, counted against the account name and the address.
  Result<IssuedTokens> Login(std::string_view username, std::string_view password,
                             std::string_view platform, std::string_view client_address);
  // Sessions::Refresh, counted against the address only: a refresh token
  // names no account, and an account locked by guessing must not end its
  // owner's existing sessions.
  Result<IssuedTokens> Refresh(std::string_view refresh_token, std::string_view client_address);
  // Sessions::CheckPassword (HTTP Basic on the docs), counted like Login.
  Result<User> CheckPassword(std::string_view username, std::string_view password,
                             std::string_view client_address);

 private:
  // Admit → verify() → settle, for a verify() returning Result<T>.
  template <typename T, typename Verify>
  Result<T> Guarded(const std::vector<ThrottleKey>& keys, Verify verify);

  Sessions sessions_;
  LoginThrottle throttle_;
};

}  // namespace itemctl::core
