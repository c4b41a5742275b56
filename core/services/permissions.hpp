#pragma once
// The permission rules of SPEC §2 as pure functions of the acting user and the
// target. Every front end goes through these (via the services); none
// re-implements them. Each returns kPermissionDenied whose message is the
// SPEC wording, e.g. "Forbidden access: User cannot access this resource".

#include <optional>
#include <string>

#include "core/domain/actor.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

inline constexpr const char* kForbiddenResource =
    "Forbidden access: User cannot access this resource";
inline constexpr const char* kCannotEditAdmin = "Forbidden access: Cannot edit an admin user";

// Admin only ("Forbidden access: User cannot access this resource").
Status RequireAdmin(const Actor& actor);
// In order: a non-admin editing someone else ("... Cannot edit a different
// User without being an admin"); an admin user editing another admin
// ("... Cannot edit an admin user"; the system actor may); a non-admin
// setting role admin ("... Cannot elevate your own permissions to Admin");
// a non-admin touching `activated` ("... Cannot enable/disable a user as a
// non-admin user").
Status CanEditUser(const Actor& actor, const User& target, const UserPatch& patch);
// DELETE /users/{id}, `itemctl user disable`: admin or the user themself
// (kForbiddenResource), but an admin user may not disable another admin
// (kCannotEditAdmin, as for an edit; the system actor may).
Status CanDisableUser(const Actor& actor, const User& target);
// Admin or the item's owner.
Status CanModifyItem(const Actor& actor, const Item& item);
// Admin or the session's owner.
Status CanRevokeSession(const Actor& actor, const Session& session);

}  // namespace itemctl::core
