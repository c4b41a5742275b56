#include "core/services/roles.hpp"

#include <string>

#include "core/domain/validation.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/last_admin.hpp"
#include "core/services/permissions.hpp"
#include "core/services/user_reference.hpp"
#include "core/storage/role_store.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

Result<std::vector<Role>> Roles::List() { return store_.roles().List(); }

Result<Role> Roles::Get(Id id) { return store_.roles().LoadById(id); }

Result<Role> Roles::GetByName(std::string_view name) { return store_.roles().LoadByName(name); }

Result<User> Roles::Grant(const Actor& actor, std::string_view username, std::string_view role) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  std::optional<Id> role_id = ParsePositiveId(role);
  Result<Role> found = role_id ? Get(*role_id) : GetByName(role);
  if (!found) return found.error();

  UserStore& users = store_.users();
  return InTransaction(store_, [&]() -> Result<User> {
    Result<User> user = FindUser(users, username);
    if (!user) return user.error();
    // Granting is an edit of the user's role: an admin may not demote
    // another admin, exactly as with `PATCH /users/{id}`.
    UserPatch patch;
    patch.role_id = found->id;
    if (Status allowed = CanEditUser(actor, *user, patch); !allowed) return allowed.error();
    if (Status s = KeepAnActiveAdmin(users, *user, found->id, std::nullopt); !s) return s.error();
    if (Status s = users.Update(user->id, patch, std::nullopt, clock_.Now()); !s) {
      return s.error();
    }
    Status audited = RecordAudit(store_, actor, clock_.Now(),
                                 {audit_action::kRoleGrant, UserTarget(*user),
                                  {{"role_id", found->id}, {"role", found->name}}});
    if (!audited) return audited.error();
    return users.LoadById(user->id);
  });
}

}  // namespace itemctl::core
