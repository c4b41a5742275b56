#include "core/services/audit_purge.hpp"

#include <string>

namespace itemctl::core {

Scheduler::Job MakeAuditPurgeJob(ServiceHub& hub, std::int64_t retention_seconds) {
  return [&hub, retention_seconds]() -> Result<std::string> {
    Result<ServiceLease> services = hub.Acquire();
    if (!services) return services.error();
    std::int64_t deleted = 0;
    Result<bool> ran = (*services)->RunAlone(kAuditPurgeJobKey, [&]() -> Status {
      Result<std::int64_t> purged = (*services)->audit().Purge(retention_seconds);
      if (!purged) return purged.error();
      deleted = *purged;
      return Ok();
    });
    if (!ran) return ran.error();
    if (!*ran) return std::string("Audit: another instance is purging old events now; skipped");
    return "Audit: events past the retention deleted: " + std::to_string(deleted);
  };
}

}  // namespace itemctl::core
