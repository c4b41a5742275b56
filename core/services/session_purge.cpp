#include "core/services/session_purge.hpp"

#include <utility>

#include "core/services/login_throttle.hpp"
#include "core/services/sessions.hpp"

namespace itemctl::core {

std::string PurgeSummary(std::int64_t deleted) {
  return "Tokens: expired tokens deleted: " + std::to_string(deleted);
}

Scheduler::Job MakeSessionPurgeJob(ServiceHub& hub,
                                   std::function<void(std::int64_t)> on_deleted) {
  return [&hub, on_deleted = std::move(on_deleted)]() -> Result<std::string> {
    Result<ServiceLease> services = hub.Acquire();
    if (!services) return services.error();
    std::int64_t deleted = 0;
    Result<bool> ran = (*services)->RunAlone(kSessionPurgeJobKey, [&]() -> Status {
      Result<std::int64_t> purged = (*services)->sessions().PurgeExpired();
      if (!purged) return purged.error();
      deleted = *purged;
      // Login-throttle failures that left their window (SPEC §8); their
      // expiry is stored, so the window setting does not matter here.
      Result<std::int64_t> pruned = (*services)->login_throttle().PruneExpired();
      if (!pruned) return pruned.error();
      return Ok();
    });
    if (!ran) return ran.error();
    if (!*ran) return std::string(kPurgeLeftToAnother);
    if (on_deleted) on_deleted(deleted);
    return PurgeSummary(deleted);
  };
}

}  // namespace itemctl::core
