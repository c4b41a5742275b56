#include "core/services/users.hpp"

#include <string>

#include "core/domain/validation.hpp"
#include "core/services/digest.hpp"
#include "core/services/last_admin.hpp"
#include "core/storage/listing_store.hpp"
#include "core/storage/role_store.hpp"
#include "core/storage/session_store.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

namespace {

constexpr const char* kUsernameTakenDetail = "Username already taken";
constexpr std::size_t kGeneratedPasswordLength = 16;

// Uniqueness and the role reference are enforced by the schema; a failed
// write is translated here instead of racing a SELECT beforehand.
Error WriteError(const Error& error, std::string_view username, std::optional<Id> role_id) {
  if (error.code == Errc::kAlreadyExists) {
    return MakeError(Errc::kAlreadyExists, "user '" + ShownValue(username) + "' already exists",
                     kUsernameTakenDetail);
  }
  if (error.code == Errc::kBadReference && role_id) {
    return MakeError(Errc::kBadReference, "role " + std::to_string(*role_id) + " does not exist",
                     kRoleNotFoundDetail);
  }
  return error;
}

Status ValidatePatch(const UserPatch& patch) {
  if (patch.username) {
    if (Status s = ValidateUsername(*patch.username); !s) return s;
  }
  if (patch.password) return ValidatePassword(*patch.password);
  return Ok();
}

// The target of an edit, once the actor is known to be allowed to edit it.
Result<User> LoadEditable(Database& db, const Actor& actor, Id id, const UserPatch& patch) {
  Result<User> user = LoadUserById(db, id);
  if (!user) return user.error();
  if (Status allowed = CanEditUser(actor, *user, patch); !allowed) return allowed.error();
  return user;
}

Status EndSessions(Database& db, Id user_id, std::optional<Id> keep = std::nullopt) {
  Result<std::int64_t> ended = DeleteUserSessions(db, user_id, keep);
  if (!ended) return ended.error();
  return Ok();
}

// SPEC §8: a new password ends the user's sessions, except the one the user
// changed it from (self-service through the API); the CLI has no session.
std::optional<Id> SessionKeptOnPasswordChange(const Actor& actor, Id target) {
  if (actor.IsSystem() || actor.user_id != target || actor.session_id == 0) return std::nullopt;
  return actor.session_id;
}

}  // namespace

Result<CreatedUser> Users::Add(const Actor& actor, const NewUser& input) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  if (Status valid = ValidateUsername(input.username); !valid) return valid.error();
  if (input.password) {
    if (Status valid = ValidatePassword(*input.password); !valid) return valid.error();
  }
  CreatedUser created;
  if (!input.password) created.generated_password = RandomAlphanumeric(kGeneratedPasswordLength);
  // Hashed before any lock is taken: it costs tens of milliseconds.
  Result<std::string> hash =
      hasher_.Hash(input.password ? *input.password : *created.generated_password);
  if (!hash) return hash.error();
  UnixSeconds now = clock_.Now();
  Result<Id> id = InsertUser(db_, input.username, *hash, input.role_id, now);
  if (!id) return WriteError(id.error(), input.username, input.role_id);
  created.user = User{*id, input.username, input.role_id, true, now, std::nullopt};
  return created;
}

Result<Page<User>> Users::List(const UserFilter& filter, const PageRequest& page) {
  if (Status valid = CheckPageRequest(page); !valid) return valid.error();
  Page<User> result{page.page, page.limit, 0, {}};
  Result<std::int64_t> total = CountUsers(db_, filter);
  if (!total) return total.error();
  result.total = *total;
  std::optional<std::int64_t> offset = PageOffset(page, result.total);
  if (!offset) return result;
  Result<std::vector<User>> rows = ListUsers(db_, filter, page.limit, *offset);
  if (!rows) return rows.error();
  result.rows = std::move(*rows);
  return result;
}

Result<User> Users::Get(Id id) { return LoadUserById(db_, id); }

Result<User> Users::GetByUsername(std::string_view username) {
  return LoadUserByUsername(db_, username);
}

Result<User> Users::Update(const Actor& actor, Id id, const UserPatch& patch) {
  if (Status valid = ValidatePatch(patch); !valid) return valid.error();
  std::optional<std::string> hash;
  if (patch.password) {
    // Check first so a refused edit costs no hash, and hash outside the
    // transaction so the write lock is not held for it.
    if (Result<User> allowed = LoadEditable(db_, actor, id, patch); !allowed) {
      return allowed.error();
    }
    Result<std::string> hashed = hasher_.Hash(*patch.password);
    if (!hashed) return hashed.error();
    hash = std::move(*hashed);
  }
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  // Checked again inside: the target may have changed (e.g. become admin).
  Result<User> user = LoadEditable(db_, actor, id, patch);
  if (!user) return user.error();
  if (!patch.username && !hash && !patch.role_id && !patch.activated) return user;
  if (Status s = KeepAnActiveAdmin(db_, *user, patch.role_id, patch.activated); !s) {
    return s.error();
  }
  if (Status s = UpdateUser(db_, id, patch, hash, clock_.Now()); !s) {
    return WriteError(s.error(), patch.username.value_or(user->username), patch.role_id);
  }
  if (patch.activated == false) {
    if (Status s = EndSessions(db_, id); !s) return s.error();
  } else if (hash) {
    Status s = EndSessions(db_, id, SessionKeptOnPasswordChange(actor, id));
    if (!s) return s.error();
  }
  Result<User> updated = LoadUserById(db_, id);
  if (!updated) return updated.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return updated;
}

Result<User> Users::Disable(const Actor& actor, Id id) {
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  Result<User> user = LoadUserById(db_, id);
  if (!user) return user.error();
  if (Status allowed = CanDisableUser(actor, *user); !allowed) return allowed.error();
  if (Status s = KeepAnActiveAdmin(db_, *user, std::nullopt, false); !s) return s.error();
  if (Status s = SetUserActivated(db_, id, false, clock_.Now()); !s) return s.error();
  // Sessions go even when the account was already disabled.
  if (Status s = EndSessions(db_, id); !s) return s.error();
  Result<User> updated = LoadUserById(db_, id);
  if (!updated) return updated.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return updated;
}

Result<User> Users::Enable(const Actor& actor, Id id) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  Result<User> user = LoadUserById(db_, id);
  if (!user) return user.error();
  if (Status s = SetUserActivated(db_, id, true, clock_.Now()); !s) return s.error();
  Result<User> updated = LoadUserById(db_, id);
  if (!updated) return updated.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return updated;
}

}  // namespace itemctl::core
