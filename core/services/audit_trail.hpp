#pragma once
// The audit trail (SPEC §10). Services call RecordAudit inside the
// transaction of the change it records, so an event exists exactly when its
// change does; AuditTrail lists events for admins and applies the retention.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/domain/actor.hpp"
#include "core/domain/audit.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

// What a service records; the actor, source, address and time come from
// RecordAudit's arguments.
struct AuditEntry {
  std::string action;  // one of audit_action
  AuditTarget target;
  std::vector<AuditChange> changes = {};
};

// Appends the event of `entry` done by `actor` at `now`: the API's user
// (source "api", its client address) or the CLI (source "cli").
Status RecordAudit(Store& store, const Actor& actor, UnixSeconds now, AuditEntry entry);

// The audit targets of a user, an item and a version.
AuditTarget UserTarget(const User& user);
AuditTarget ItemTarget(const Item& item);
AuditTarget VersionTarget(const ApiVersion& version);

class AuditTrail {
 public:
  AuditTrail(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Admin only (kPermissionDenied otherwise). Newest first. kInvalidArgument
  // for an action that is not one of AuditActions().
  Result<Page<AuditEvent>> List(const Actor& actor, const AuditFilter& filter,
                                const PageRequest& page);
  // Deletes the events older than `retention_seconds`; returns how many.
  Result<std::int64_t> Purge(std::int64_t retention_seconds);
  // Events kept, by action (the audit metric).
  Result<std::map<std::string, std::int64_t>> CountByAction();

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace itemctl::core
