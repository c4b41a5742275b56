#include "core/services/permissions.hpp"

namespace itemctl::core {

namespace {

Error Denied(const char* message) { return MakeError(Errc::kPermissionDenied, message); }

}  // namespace

Status RequireAdmin(const Actor& actor) {
  if (actor.admin) return Ok();
  return Denied(kForbiddenResource);
}

Status CanEditUser(const Actor& actor, const User& target, const UserPatch& patch) {
  bool self = !actor.IsSystem() && actor.user_id == target.id;
  if (!actor.admin && !self) {
    return Denied("Forbidden access: Cannot edit a different User without being an admin");
  }
  // Admins must not lock each other out; only the database owner (the CLI)
  // may change another admin.
  if (actor.admin && !actor.IsSystem() && !self && target.IsAdmin()) {
    return Denied(kCannotEditAdmin);
  }
  if (!actor.admin && patch.role_id && *patch.role_id == kRoleAdmin) {
    return Denied("Forbidden access: Cannot elevate your own permissions to Admin");
  }
  if (!actor.admin && patch.activated) {
    return Denied("Forbidden access: Cannot enable/disable a user as a non-admin user");
  }
  return Ok();
}

Status CanDisableUser(const Actor& actor, const User& target) {
  bool self = !actor.IsSystem() && actor.user_id == target.id;
  if (!actor.admin && !self) return Denied(kForbiddenResource);
  // The same lock-out rule as an edit: only the CLI disables another admin.
  if (!actor.IsSystem() && !self && target.IsAdmin()) return Denied(kCannotEditAdmin);
  return Ok();
}

Status CanModifyItem(const Actor& actor, const Item& item) {
  if (actor.admin || actor.user_id == item.user_id) return Ok();
  return Denied(kForbiddenResource);
}

Status CanRevokeSession(const Actor& actor, const Session& session) {
  if (actor.admin || actor.user_id == session.user_id) return Ok();
  return Denied(kForbiddenResource);
}

}  // namespace itemctl::core
