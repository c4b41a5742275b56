#include "core/services/users.hpp"

#include <string>

#include "core/digest.hpp"
#include "core/domain/paging.hpp"
#include "core/domain/validation.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/last_admin.hpp"
#include "core/services/user_reference.hpp"

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
Result<User> LoadEditable(Store& store, const Actor& actor, Id id, const UserPatch& patch) {
  Result<User> user = store.users().LoadById(id);
  if (!user) return user.error();
  if (Status allowed = CanEditUser(actor, *user, patch); !allowed) return allowed.error();
  return user;
}

Status EndSessions(Store& store, Id user_id, std::optional<Id> keep = std::nullopt) {
  Result<std::int64_t> ended = store.sessions().DeleteForUser(user_id, keep);
  if (!ended) return ended.error();
  return Ok();
}

// SPEC §8: a new password ends the user's sessions, except the one the user
// changed it from (self-service through the API); the CLI has no session.
std::optional<Id> SessionKeptOnPasswordChange(const Actor& actor, Id target) {
  if (actor.IsSystem() || actor.user_id != target || actor.session_id == 0) return std::nullopt;
  return actor.session_id;
}

// The audit record of an edit: every field it sets, a new password only as
// "(changed)". A change of nothing but the password is `user.passwd`.
AuditEntry UpdateEntry(const User& user, const UserPatch& patch, bool password) {
  bool password_only = password && !patch.username && !patch.role_id && !patch.activated;
  AuditEntry entry{password_only ? audit_action::kUserPasswd : audit_action::kUserUpdate,
                   UserTarget(user)};
  if (patch.username) entry.changes.push_back({"username", *patch.username});
  if (patch.role_id) entry.changes.push_back({"role_id", *patch.role_id});
  if (patch.activated) entry.changes.push_back({"activated", *patch.activated});
  if (password) entry.changes.push_back({"password", std::string("(changed)")});
  return entry;
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
  Status done = store_.Transact([&]() -> Status {
    Result<Id> id = store_.users().Insert(input.username, *hash, input.role_id, now);
    if (!id) return WriteError(id.error(), input.username, input.role_id);
    created.user = User{*id, input.username, input.role_id, true, now, std::nullopt};
    return RecordAudit(store_, actor, now,
                       {audit_action::kUserAdd, UserTarget(created.user),
                        {{"username", input.username}, {"role_id", input.role_id}}});
  });
  if (!done) return done.error();
  return created;
}

Result<Page<User>> Users::List(const UserFilter& filter, const PageRequest& page) {
  if (Status valid = CheckPageRequest(page); !valid) return valid.error();
  Page<User> result{page.page, page.limit, 0, {}};
  Result<std::int64_t> total = store_.users().Count(filter);
  if (!total) return total.error();
  result.total = *total;
  std::optional<std::int64_t> offset = PageOffset(page, result.total);
  if (!offset) return result;
  Result<std::vector<User>> rows = store_.users().List(filter, page.limit, *offset);
  if (!rows) return rows.error();
  result.rows = std::move(*rows);
  return result;
}

Result<User> Users::Get(Id id) { return store_.users().LoadById(id); }

Result<bool> Users::AnyExist() { return store_.users().AnyExists(); }

Result<User> Users::GetByUsername(std::string_view username) {
  return store_.users().LoadByUsername(username);
}

Result<User> Users::Find(std::string_view reference) {
  return FindUser(store_.users(), reference);
}

Result<User> Users::Update(const Actor& actor, Id id, const UserPatch& patch) {
  if (Status valid = ValidatePatch(patch); !valid) return valid.error();
  std::optional<std::string> hash;
  if (patch.password) {
    // Check first so a refused edit costs no hash, and hash outside the
    // transaction so the write lock is not held for it.
    if (Result<User> allowed = LoadEditable(store_, actor, id, patch); !allowed) {
      return allowed.error();
    }
    Result<std::string> hashed = hasher_.Hash(*patch.password);
    if (!hashed) return hashed.error();
    hash = std::move(*hashed);
  }
  return InTransaction(store_, [&]() -> Result<User> {
    // Checked again inside: the target may have changed (e.g. become admin).
    Result<User> user = LoadEditable(store_, actor, id, patch);
    if (!user) return user.error();
    if (!patch.username && !hash && !patch.role_id && !patch.activated) return user;
    if (Status s = KeepAnActiveAdmin(store_.users(), *user, patch.role_id, patch.activated); !s) {
      return s.error();
    }
    if (Status s = store_.users().Update(id, patch, hash, clock_.Now()); !s) {
      return WriteError(s.error(), patch.username.value_or(user->username), patch.role_id);
    }
    if (patch.activated == false) {
      if (Status s = EndSessions(store_, id); !s) return s.error();
    } else if (hash) {
      Status s = EndSessions(store_, id, SessionKeptOnPasswordChange(actor, id));
      if (!s) return s.error();
    }
    Result<User> updated = store_.users().LoadById(id);
    if (!updated) return updated;
    Status audited = RecordAudit(store_, actor, clock_.Now(),
                                 UpdateEntry(*updated, patch, hash.has_value()));
    if (!audited) return audited.error();
    return updated;
  });
}

Result<User> Users::Disable(const Actor& actor, Id id) {
  return InTransaction(store_, [&]() -> Result<User> {
    Result<User> user = store_.users().LoadById(id);
    if (!user) return user.error();
    if (Status allowed = CanDisableUser(actor, *user); !allowed) return allowed.error();
    if (Status s = KeepAnActiveAdmin(store_.users(), *user, std::nullopt, false); !s) {
      return s.error();
    }
    if (Status s = store_.users().SetActivated(id, false, clock_.Now()); !s) return s.error();
    // Sessions go even when the account was already disabled.
    if (Status s = EndSessions(store_, id); !s) return s.error();
    Status audited = RecordAudit(store_, actor, clock_.Now(),
                                 {audit_action::kUserDisable, UserTarget(*user),
                                  {{"activated", false}}});
    if (!audited) return audited.error();
    return store_.users().LoadById(id);
  });
}

Result<User> Users::Enable(const Actor& actor, Id id) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  return InTransaction(store_, [&]() -> Result<User> {
    Result<User> user = store_.users().LoadById(id);
    if (!user) return user.error();
    if (Status s = store_.users().SetActivated(id, true, clock_.Now()); !s) return s.error();
    Status audited = RecordAudit(store_, actor, clock_.Now(),
                                 {audit_action::kUserEnable, UserTarget(*user),
                                  {{"activated", true}}});
    if (!audited) return audited.error();
    return store_.users().LoadById(id);
  });
}

}  // namespace itemctl::core
