#pragma once
// The password-guessing throttle of SPEC §8. Failed logins are counted per
// account name (as typed, existing or not) and per client address over a
// sliding window kept in the database, so every instance sharing it sees
// the same counts. A key at its limit refuses every attempt, right password
// or not, until its oldest counting failure leaves the window. Core does not
// log: ThrottleEvents tell the front end what to log and count.
// Not thread-safe: one LoginThrottle per connection/thread.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/domain/throttle_key.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

inline constexpr const char* kTooManyAttempts = "Too many failed attempts, retry later";

// The subject `text` (an account name or an address) is counted under:
// itself when it is at most 64 plain characters (letters, digits and
// "._-@:[]%"), else "sha256:" and its digest. Keys stay bounded and safe to
// log whatever a client sends.
std::string ThrottleSubject(std::string_view text);
ThrottleKey AccountKey(std::string_view username);
ThrottleKey AddressKey(std::string_view address);

// What the throttle reports, for the front end to log and count. Either
// callback may be empty.
struct ThrottleEvents {
  // An attempt was refused because `key` is at its limit.
  std::function<void(const ThrottleKey& key, std::int64_t retry_after_seconds)> refused;
  // A failure brought `key` to its limit of `failures`: it is locked now.
  std::function<void(const ThrottleKey& key, std::int64_t failures)> locked;
};

// An admitted attempt: the failure recorded in advance for each key.
struct ThrottleTicket {
  struct Entry {
    ThrottleKey key;
  };
  std::vector<Entry> entries;
};

// The result of `itemctl user unlock`.
struct UnlockedUser {
  User user;
  std::int64_t cleared = 0;  // failures that were counting against the account
};

class LoginThrottle {
 public:
  LoginThrottle(Store& store, const Clock& clock, ThrottleConfig config,
                ThrottleEvents events = {})
      : store_(store), clock_(clock), config_(config), events_(std::move(events)) {}

  // Call before checking any credential. Refuses when a key is at its
  // limit: kThrottled naming the key, detail kTooManyAttempts,
  // retry_after_seconds until a slot frees (for the key that frees last).
  // Attempts in flight are not counted: counting them before their outcome
  // locked out a user whose devices log in at the same moment. Parallel
  // wrong guesses can therefore pass until the first of them is recorded;
  // the bounded hash concurrency (SPEC §8) keeps that window to a few
  // checks. Settle the ticket with exactly one of the three calls below.
  // Errors from the database are kStorage.
  Result<ThrottleTicket> Admit(const std::vector<ThrottleKey>& keys);
  // The credentials were wrong: records one failure per key still below its
  // limit, and reports the keys this failure locked.
  Status Failed(const ThrottleTicket& ticket);
  // The credentials were right: clears every failure of the account keys
  // (a success clears the account's count); addresses keep theirs.
  Status Succeeded(const ThrottleTicket& ticket);
  // Neither (bad input, overload, a storage error): nothing to record.
  Status Withdrawn(const ThrottleTicket& ticket);

  // Clears the failures of user `user`, given as an id ("7") or a username
  // (`itemctl user unlock`). Admin only; kNotFound "user 7 not found" or
  // "user 'bob' not found".
  Result<UnlockedUser> Unlock(const Actor& actor, std::string_view user);
  // Failures of `key` counting at this moment.
  Result<std::int64_t> LiveFailures(const ThrottleKey& key);
  // Account names at their limit at this moment (the locked-accounts gauge).
  Result<std::int64_t> CountLockedAccounts();
  // Deletes the failures that left their window; returns how many.
  Result<std::int64_t> PruneExpired();

 private:
  struct Refusal {
    ThrottleKey key;
    std::int64_t retry_after_seconds = 0;
  };
  std::int64_t LimitOf(ThrottleScope scope) const;
  // The locked key that frees last, if any key is locked at `now`.
  Result<std::optional<Refusal>> FindLocked(const std::vector<ThrottleKey>& keys,
                                            UnixSeconds now);
  Error Refuse(const Refusal& refusal);

  Store& store_;
  const Clock& clock_;
  ThrottleConfig config_;
  ThrottleEvents events_;
};

}  // namespace itemctl::core
