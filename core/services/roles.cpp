#include "core/services/roles.hpp"

#include <charconv>
#include <string>

#include "core/services/last_admin.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

namespace {

constexpr const char* kRoleNotFoundDetail = "Role not found";

// A role given as digits is an id ("1"), anything else a name ("admin").
std::optional<Id> ParseId(std::string_view text) {
  Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1) return std::nullopt;
  return id;
}

}  // namespace

Result<std::vector<Role>> Roles::List() {
  Result<Query> q = db_.Prepare("SELECT id, name FROM roles ORDER BY id");
  if (!q) return q.error();
  std::vector<Role> roles;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return roles;
    roles.push_back(Role{q->Int(0), q->Text(1)});
  }
}

Result<Role> Roles::Get(Id id) {
  Result<Query> q = db_.Prepare("SELECT id, name FROM roles WHERE id = ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(id).Step();
  if (!row) return row.error();
  if (!*row) {
    return MakeError(Errc::kNotFound, "role " + std::to_string(id) + " not found",
                     kRoleNotFoundDetail);
  }
  return Role{q->Int(0), q->Text(1)};
}

Result<Role> Roles::GetByName(std::string_view name) {
  Result<Query> q = db_.Prepare("SELECT id, name FROM roles WHERE name = ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(name).Step();
  if (!row) return row.error();
  if (!*row) {
    return MakeError(Errc::kNotFound, "role '" + std::string(name) + "' not found",
                     kRoleNotFoundDetail);
  }
  return Role{q->Int(0), q->Text(1)};
}

Result<User> Roles::Grant(const Actor& actor, std::string_view username, std::string_view role) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  std::optional<Id> role_id = ParseId(role);
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
  {
    Result<Query> q = db_.Prepare("UPDATE users SET role_id = ?, updated_at = ? WHERE id = ?");
    if (!q) return q.error();
    if (Status s = q->Bind(found->id).Bind(clock_.Now()).Bind(user->id).Run(); !s) {
      return s.error();
    }
  }
  Result<User> updated = LoadUserById(db_, user->id);
  if (!updated) return updated.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return updated;
}

}  // namespace itemctl::core
