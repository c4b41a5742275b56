#pragma once
// User use cases. `itemctl user ...` (as Actor::System()) and /users (as the
// caller) run exactly these. Not thread-safe: one Users per connection/thread.

#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

struct NewUser {
  std::string username;
  Id role_id = kRoleUser;
  std::optional<std::string> password;  // nullopt: generate one (16 chars)
};

struct CreatedUser {
  User user;
  std::optional<std::string> generated_password;  // shown once, never stored
};

class Users {
 public:
  Users(Store& store, const Clock& clock, const PasswordHasher& hasher)
      : store_(store), clock_(clock), hasher_(hasher) {}

  // Admin only. kInvalidArgument (username/password rules), kAlreadyExists
  // "user 'bob' already exists" (detail "Username already taken"),
  // kBadReference "role 9 does not exist" (detail "Role not found").
  Result<CreatedUser> Add(const Actor& actor, const NewUser& input);
  // Sorted by id.
  Result<Page<User>> List(const UserFilter& filter, const PageRequest& page);
  // kNotFound "user 7 not found" (detail "User not found").
  Result<User> Get(Id id);
  // Whether any user exists yet (first-run bootstrap).
  Result<bool> AnyExist();
  // kNotFound "user 'bob' not found" (detail "User not found").
  Result<User> GetByUsername(std::string_view username);
  // A user by name or id, as an admin names one: FindUser's rule.
  Result<User> Find(std::string_view reference);
  // Checks CanEditUser, then validates and applies every field in one
  // transaction. Deactivating ends all the user's sessions; a new password
  // is hashed and ends every session of the user except, when users change
  // their own password through the API, `actor.session_id`. Errors as Add
  // plus kNotFound, kPermissionDenied, and kFailedPrecondition (detail
  // "Cannot remove the last admin") when it would demote or disable the last
  // active admin.
  Result<User> Update(const Actor& actor, Id id, const UserPatch& patch);
  // DELETE /users/{id}: CanDisableUser, then deactivates and ends every
  // session. kFailedPrecondition for the last active admin.
  Result<User> Disable(const Actor& actor, Id id);
  // Admin only; reactivates.
  Result<User> Enable(const Actor& actor, Id id);

 private:
  Store& store_;
  const Clock& clock_;
  const PasswordHasher& hasher_;
};

}  // namespace itemctl::core
