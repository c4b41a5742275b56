#include "core/services/audit_trail.hpp"

#include <algorithm>
#include <utility>

#include "core/domain/paging.hpp"
#include "core/domain/validation.hpp"
#include "core/services/permissions.hpp"

namespace itemctl::core {

namespace {

Status CheckAction(const std::optional<std::string>& action) {
  if (!action) return Ok();
  const std::vector<std::string>& known = AuditActions();
  if (std::find(known.begin(), known.end(), *action) != known.end()) return Ok();
  std::string list;
  for (const std::string& name : known) list += (list.empty() ? "" : ", ") + name;
  return MakeError(Errc::kInvalidArgument,
                   "action '" + ShownValue(*action) + "' is not one of: " + list);
}

}  // namespace

Status RecordAudit(Store& store, const Actor& actor, UnixSeconds now, AuditEntry entry) {
  AuditEvent event;
  event.at = now;
  event.source = actor.IsSystem() ? kAuditSourceCli : kAuditSourceApi;
  event.actor = actor.name.empty() ? event.source : actor.name;
  if (!actor.IsSystem()) event.actor_id = actor.user_id;
  if (!actor.address.empty()) event.address = actor.address;
  event.action = std::move(entry.action);
  event.target = std::move(entry.target);
  event.changes = std::move(entry.changes);
  Result<Id> id = store.audit().Insert(event);
  if (!id) return id.error();
  return Ok();
}

AuditTarget UserTarget(const User& user) { return AuditTarget{"user", user.id, user.username}; }

AuditTarget ItemTarget(const Item& item) { return AuditTarget{"item", item.id, item.name}; }

AuditTarget VersionTarget(const ApiVersion& version) {
  return AuditTarget{"version", version.id, version.version};
}

Result<Page<AuditEvent>> AuditTrail::List(const Actor& actor, const AuditFilter& filter,
                                          const PageRequest& page) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  if (Status valid = CheckAction(filter.action); !valid) return valid.error();
  if (Status valid = CheckPageRequest(page); !valid) return valid.error();
  Page<AuditEvent> result{page.page, page.limit, 0, {}};
  Result<std::int64_t> total = store_.audit().Count(filter);
  if (!total) return total.error();
  result.total = *total;
  std::optional<std::int64_t> offset = PageOffset(page, result.total);
  if (!offset) return result;
  Result<std::vector<AuditEvent>> rows = store_.audit().List(filter, page.limit, *offset);
  if (!rows) return rows.error();
  result.rows = std::move(*rows);
  return result;
}

Result<std::int64_t> AuditTrail::Purge(std::int64_t retention_seconds) {
  return store_.audit().DeleteBefore(clock_.Now() - retention_seconds);
}

Result<std::map<std::string, std::int64_t>> AuditTrail::CountByAction() {
  return store_.audit().CountByAction();
}

}  // namespace itemctl::core
