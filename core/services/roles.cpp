#include "core/services/roles.hpp"

#include <string>

#include "core/domain/validation.hpp"
#include "core/services/last_admin.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/role_store.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

Result<std::vector<Role>> Roles::List() { return ListRoles(db_); }

Result<Role> Roles::Get(Id id) { return LoadRoleById(db_, id); }

Result<Role> Roles::GetByName(std::string_view name) { return LoadRoleByName(db_, name); }

Result<User> Roles::Grant(const Actor& actor, std::string_view username, std::string_view role) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  std::optional<Id> role_id = ParsePositiveId(role);
  Result<Role> found = role_id ? Get(*role_id) : GetByName(role);
  if (!found) return found.error();

  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  Result<User> user = LoadUserByUsername(db_, username);
  if (!user) return user.error();
  // Granting is an edit of the user's role: an admin may not demote another
  // admin, exactly as with `PATCH /users/{id}`.
  UserPatch patch;
  patch.role_id = found->id;
  if (Status allowed = CanEditUser(actor, *user, patch); !allowed) return allowed.error();
  if (Status s = KeepAnActiveAdmin(db_, *user, found->id, std::nullopt); !s) return s.error();
  if (Status s = UpdateUser(db_, user->id, patch, std::nullopt, clock_.Now()); !s) {
    return s.error();
  }
  Result<User> updated = LoadUserById(db_, user->id);
  if (!updated) return updated.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return updated;
}

}  // namespace itemctl::core
