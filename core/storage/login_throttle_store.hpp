#pragma once
// SQL over the login_failures table for the login throttle (core/services/
// login_throttle.hpp). A failure is live at `now` while expires_at > now.
// Every function reports database failures as the Error of
// Database::LastError. Not thread-safe: one Database per thread.

#include <cstdint>
#include <optional>

#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/domain/throttle_key.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

// Deletes the failures of `key` that expired by `now`; returns how many.
Result<std::int64_t> DeleteExpiredFailuresOf(Database& db, const ThrottleKey& key,
                                             UnixSeconds now);
// How many failures of `key` are live at `now`.
Result<std::int64_t> CountLiveFailures(Database& db, const ThrottleKey& key, UnixSeconds now);
// When the `n`-th newest live failure of `key` expires (n >= 1), after which
// fewer than n are live; nullopt when fewer than n are live at `now`.
Result<std::optional<UnixSeconds>> NthNewestFailureExpiry(Database& db, const ThrottleKey& key,
                                                          std::int64_t n, UnixSeconds now);
// Records one failure; returns its row id.
Result<Id> InsertFailure(Database& db, const ThrottleKey& key, UnixSeconds failed_at,
                         UnixSeconds expires_at);
// Deletes one failure by id; true when it was there.
Result<bool> DeleteFailure(Database& db, Id id);
// Deletes every failure of `key`; returns how many.
Result<std::int64_t> DeleteFailuresOf(Database& db, const ThrottleKey& key);
// Deletes every failure that expired by `now`; returns how many.
Result<std::int64_t> DeleteExpiredFailures(Database& db, UnixSeconds now);
// How many subjects of `scope` have at least `limit` live failures at `now`.
Result<std::int64_t> CountSubjectsAtLimit(Database& db, ThrottleScope scope, std::int64_t limit,
                                          UnixSeconds now);

}  // namespace itemctl::core
