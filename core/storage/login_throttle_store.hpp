#pragma once
// The login_failures table for the login throttle (core/services/
// login_throttle.hpp), one implementation per engine. A failure is live at
// `now` while expires_at > now.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/domain/throttle_key.hpp"

namespace itemctl::core {

class LoginThrottleStore {
 public:
  virtual ~LoginThrottleStore() = default;

  // Deletes the failures of `key` that expired by `now`; returns how many.
  virtual Result<std::int64_t> DeleteExpiredOf(const ThrottleKey& key, UnixSeconds now) = 0;
  // How many failures of `key` are live at `now`.
  virtual Result<std::int64_t> CountLive(const ThrottleKey& key, UnixSeconds now) = 0;
  // When the `n`-th newest live failure of `key` expires (n >= 1), after
  // which fewer than n are live; nullopt when fewer than n are live at `now`.
  virtual Result<std::optional<UnixSeconds>> NthNewestExpiry(const ThrottleKey& key,
                                                             std::int64_t n,
                                                             UnixSeconds now) = 0;
  // Records one failure; returns its row id.
  virtual Result<Id> Insert(const ThrottleKey& key, UnixSeconds failed_at,
                            UnixSeconds expires_at) = 0;
  // Deletes every failure of `key`; returns how many.
  virtual Result<std::int64_t> DeleteAllOf(const ThrottleKey& key) = 0;
  // Deletes every failure that expired by `now`; returns how many.
  virtual Result<std::int64_t> DeleteExpired(UnixSeconds now) = 0;
  // How many subjects of `scope` have at least `limit` live failures at `now`.
  virtual Result<std::int64_t> CountSubjectsAtLimit(ThrottleScope scope, std::int64_t limit,
                                                    UnixSeconds now) = 0;
  // The usernames of existing users whose account has at least `limit` live
  // failures at `now` (locked out), sorted.
  virtual Result<std::vector<std::string>> LockedUsernames(std::int64_t limit,
                                                           UnixSeconds now) = 0;
};

}  // namespace itemctl::core
