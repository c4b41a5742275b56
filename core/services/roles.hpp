#pragma once
// Roles: read-only listing, and granting a role to a user.

#include <string_view>
#include <vector>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

class Roles {
 public:
  Roles(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<std::vector<Role>> List();
  // kNotFound "role 9 not found" (detail "Role not found").
  Result<Role> Get(Id id);
  // kNotFound "role 'boss' not found" (detail "Role not found").
  Result<Role> GetByName(std::string_view name);
  // Admin only. Sets the role (by name or numeric id) of the user `user`
  // names (username or id: FindUser's rule); returns the user.
  // kNotFound for an unknown user or role; kFailedPrecondition (detail
  // "Cannot remove the last admin") when it would demote the last active
  // admin.
  Result<User> Grant(const Actor& actor, std::string_view username, std::string_view role);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace itemctl::core
