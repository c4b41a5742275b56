#include "core/services/session_purge.hpp"

#include <utility>

#include "core/services/login_throttle.hpp"
#include "core/services/sessions.hpp"

namespace itemctl::core {

std::string PurgeSummary(std::int64_t deleted) {
  return "Tokens: expired tokens deleted: " + std::to_string(deleted);
}

Scheduler::Job MakeSessionPurgeJob(ConnectionPool& pool, const Clock& clock,
                                   const PasswordHasher& hasher, AuthConfig config,
                                   std::function<void(std::int64_t)> on_deleted) {
  return [&pool, &clock, &hasher, config,
          on_deleted = std::move(on_deleted)]() -> Result<std::string> {
    Result<ConnectionPool::Lease> lease = pool.Acquire();
    if (!lease) return lease.error();
    Sessions sessions(**lease, clock, hasher, config);
    Result<std::int64_t> deleted = sessions.PurgeExpired();
    if (!deleted) return deleted.error();
    // Login-throttle failures that left their window (SPEC §8); their
    // expiry is stored, so the window setting is not needed here.
    Result<std::int64_t> pruned = LoginThrottle(**lease, clock, ThrottleConfig{}).PruneExpired();
    if (!pruned) return pruned.error();
    if (on_deleted) on_deleted(*deleted);
    return PurgeSummary(*deleted);
  };
}

}  // namespace itemctl::core
