// `itemctl user add|list|show|update|passwd|disable|enable|unlock`.

#include <charconv>
#include <memory>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "cmd/password_input.hpp"
#include "core/services/login_throttle.hpp"
#include "core/services/roles.hpp"
#include "core/services/users.hpp"
#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

struct UserOptions {
  std::string user;  // a user named by username or id (core::FindUser)
  std::string username;
  std::string role = "user";
  bool password_stdin = false;
  std::optional<std::string> username_filter;
  std::optional<std::string> new_username;
  std::optional<std::string> new_role;
  std::optional<bool> activated;
  ListOptions list;
};

// A role given as digits is an id ("2"), anything else a name ("user").
core::Result<core::Role> ResolveRole(core::Roles& roles, const std::string& text) {
  core::Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec == std::errc() && end == text.data() + text.size()) return roles.Get(id);
  return roles.GetByName(text);
}

core::Status PrintUsers(Context& ctx, const std::vector<core::User>& users) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<std::vector<core::Role>> roles = (*services)->roles().List();
  if (!roles) return roles.error();
  UserTable(users, *roles).Print(ctx.out());
  return core::Ok();
}

// Prints the user, and a generated password exactly once.
core::Status PrintCreated(Context& ctx, const core::CreatedUser& created) {
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJson(created));
    return core::Ok();
  }
  if (core::Status s = PrintUsers(ctx, {created.user}); !s) return s;
  if (created.generated_password) {
    ctx.out() << "Generated password for '" << created.user.username
              << "': " << *created.generated_password << "\n"
              << "Store it now: it is not shown again.\n";
  }
  return core::Ok();
}

core::Status PrintUser(Context& ctx, const core::User& user) {
  if (!ctx.json()) return PrintUsers(ctx, {user});
  PrintJson(ctx.out(), web::ToJson(user));
  return core::Ok();
}

core::Status RunAdd(Context& ctx, const UserOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Roles roles = (*services)->roles();
  core::Result<core::Role> role = ResolveRole(roles, o.role);
  if (!role) return role.error();
  core::Result<std::optional<std::string>> password = ReadPassword(o.password_stdin, o.username);
  if (!password) return password.error();
  services = ctx.Services(Context::Hashing::kNeeded);
  if (!services) return services.error();
  core::Users users = (*services)->users();
  core::Result<core::CreatedUser> created =
      users.Add(ctx.actor(), core::NewUser{o.username, role->id, std::move(*password)});
  if (!created) return created.error();
  return PrintCreated(ctx, *created);
}

core::Status RunList(Context& ctx, const UserOptions& o) {
  core::Result<core::PageRequest> request = ToPageRequest(o.list);
  if (!request) return request.error();
  core::Result<const core::ServiceSet*> services = ctx.Services(Context::Hashing::kNeeded);
  if (!services) return services.error();
  core::Result<core::Page<core::User>> page =
      (*services)->users()
          .List(core::UserFilter{o.username_filter, o.activated}, *request);
  if (!page) return page.error();
  AdjustAllPage(o.list, *page);
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJson(*page, "users"));
    return core::Ok();
  }
  if (core::Status s = PrintUsers(ctx, page->rows); !s) return s;
  ctx.out() << PageFooter(page->page, page->limit, page->total, "user") << "\n";
  return core::Ok();
}

// Runs `verb` on the Users service of the context's database.
template <typename Verb>
core::Status WithUsers(Context& ctx, Verb verb) {
  core::Result<const core::ServiceSet*> services = ctx.Services(Context::Hashing::kNeeded);
  if (!services) return services.error();
  core::Users users = (*services)->users();
  return verb(users, **services);
}

// Runs `verb` on the Users service and the user `o.user` names.
template <typename Verb>
core::Status WithUser(Context& ctx, const UserOptions& o, Verb verb) {
  return WithUsers(ctx, [&](core::Users& users, const core::ServiceSet& services) -> core::Status {
    core::Result<core::User> user = users.Find(o.user);
    if (!user) return user.error();
    return verb(users, services, *user);
  });
}

core::Status RunShow(Context& ctx, const UserOptions& o) {
  return WithUser(ctx, o, [&](core::Users&, const core::ServiceSet&, const core::User& user) {
    return PrintUser(ctx, user);
  });
}

core::Status RunUpdate(Context& ctx, const UserOptions& o) {
  return WithUser(ctx, o, [&](core::Users& users, const core::ServiceSet& services,
                              const core::User& target) -> core::Status {
    core::UserPatch patch;
    patch.username = o.new_username;
    patch.activated = o.activated;
    if (o.new_role) {
      core::Roles roles = services.roles();
      core::Result<core::Role> role = ResolveRole(roles, *o.new_role);
      if (!role) return role.error();
      patch.role_id = role->id;
    }
    core::Result<core::User> user = users.Update(ctx.actor(), target.id, patch);
    if (!user) return user.error();
    return PrintUser(ctx, *user);
  });
}

core::Status RunPasswd(Context& ctx, const UserOptions& o) {
  return WithUser(ctx, o, [&](core::Users& users, const core::ServiceSet&,
                              const core::User& user) -> core::Status {
    core::Result<std::optional<std::string>> given = ReadPassword(o.password_stdin, user.username);
    if (!given) return given.error();
    core::CreatedUser changed;
    if (!*given) changed.generated_password = GeneratePassword();
    core::UserPatch patch;
    patch.password = *given ? **given : *changed.generated_password;
    core::Result<core::User> updated = users.Update(ctx.actor(), user.id, patch);
    if (!updated) return updated.error();
    changed.user = *updated;
    if (ctx.json()) {
      PrintJson(ctx.out(), web::ToJson(changed));
      return core::Ok();
    }
    ctx.out() << "Changed the password of user '" << updated->username << "'.\n";
    if (changed.generated_password) {
      ctx.out() << "Generated password for '" << updated->username
                << "': " << *changed.generated_password << "\n"
                << "Store it now: it is not shown again.\n";
    }
    return core::Ok();
  });
}

core::Status RunDisable(Context& ctx, const UserOptions& o) {
  return WithUser(ctx, o, [&](core::Users& users, const core::ServiceSet&,
                              const core::User& target) -> core::Status {
    core::Result<core::User> user = users.Disable(ctx.actor(), target.id);
    if (!user) return user.error();
    if (ctx.json()) {
      PrintJson(ctx.out(), web::Detail("Disabled User " + std::to_string(user->id)));
      return core::Ok();
    }
    ctx.out() << "Disabled user '" << user->username << "' and ended its sessions.\n";
    return core::Ok();
  });
}

core::Status RunEnable(Context& ctx, const UserOptions& o) {
  return WithUser(ctx, o, [&](core::Users& users, const core::ServiceSet&,
                              const core::User& target) -> core::Status {
    core::Result<core::User> user = users.Enable(ctx.actor(), target.id);
    if (!user) return user.error();
    return PrintUser(ctx, *user);
  });
}

// Clears the failed logins that lock the account (SPEC §8). The limits do
// not matter here, so the default ThrottleConfig serves.
core::Status RunUnlock(Context& ctx, const UserOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::LoginThrottle throttle = (*services)->login_throttle();
  core::Result<core::UnlockedUser> unlocked = throttle.Unlock(ctx.actor(), o.user);
  if (!unlocked) return unlocked.error();
  if (ctx.json()) {
    PrintJson(ctx.out(), web::Detail("Unlocked User " + std::to_string(unlocked->user.id)));
    return core::Ok();
  }
  ctx.out() << "Unlocked user '" << unlocked->user.username << "' (" << unlocked->cleared
            << (unlocked->cleared == 1 ? " failed login" : " failed logins") << " cleared).\n";
  return core::Ok();
}

// Makes `command` choose `run` with the shared options when parsed.
void Choose(CLI::App* command, Action& chosen, std::shared_ptr<UserOptions> o,
            core::Status (*run)(Context&, const UserOptions&)) {
  command->callback([&chosen, o, run] {
    chosen = [o, run](Context& ctx) { return run(ctx, *o); };
  });
}

// The USER positional: a username or an id (core::FindUser's rule).
void AddUserArgument(CLI::App* command, std::string& user) {
  command
      ->add_option("user", user, "Username or id (#ID: the id, even past a username of digits)")
      ->required();
}

}  // namespace

void AddUserCommands(CLI::App& root, Action& chosen) {
  CLI::App* user = root.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();
  const char* stdin_help = "Read the password from the first line of stdin";

  CLI::App* add = user->add_subcommand(
      "add", "Create a user (password prompted on a terminal, else generated and printed once)");
  add->add_option("username", o->username, "1-30 letters, digits, '.', '_', '-' or '@'")
      ->required();
  add->add_option("--role", o->role, "Role name or id")->capture_default_str();
  add->add_flag("--password-stdin", o->password_stdin, stdin_help);
  Choose(add, chosen, o, RunAdd);

  CLI::App* list = user->add_subcommand("list", "List users");
  list->add_option("--username", o->username_filter, "Case-insensitive substring of the username");
  AddBoolOption(list, "--activated", o->activated, "Only activated (true) or disabled (false)");
  AddListOptions(list, o->list);
  Choose(list, chosen, o, RunList);

  CLI::App* show = user->add_subcommand("show", "Show one user");
  AddUserArgument(show, o->user);
  Choose(show, chosen, o, RunShow);

  CLI::App* update = user->add_subcommand("update", "Change a user's name, role or activation");
  AddUserArgument(update, o->user);
  CLI::Option* name = update->add_option("--username", o->new_username, "New username");
  CLI::Option* role = update->add_option("--role", o->new_role, "New role name or id");
  CLI::Option* activated =
      AddBoolOption(update, "--activated", o->activated, "Enable (true) or disable (false)");
  update->callback([&chosen, o, name, role, activated] {
    if (name->count() + role->count() + activated->count() == 0) {
      throw CLI::ValidationError("nothing to update: give --username, --role or --activated");
    }
    chosen = [o](Context& ctx) { return RunUpdate(ctx, *o); };
  });

  CLI::App* passwd = user->add_subcommand(
      "passwd", "Set a user's password (prompted on a terminal, else generated and printed once)");
  AddUserArgument(passwd, o->user);
  passwd->add_flag("--password-stdin", o->password_stdin, stdin_help);
  Choose(passwd, chosen, o, RunPasswd);

  CLI::App* disable =
      user->add_subcommand("disable", "Deactivate a user and end its sessions (data is kept)");
  AddUserArgument(disable, o->user);
  Choose(disable, chosen, o, RunDisable);

  CLI::App* enable = user->add_subcommand("enable", "Reactivate a user");
  AddUserArgument(enable, o->user);
  Choose(enable, chosen, o, RunEnable);

  CLI::App* unlock = user->add_subcommand(
      "unlock", "Clear a user's failed logins, lifting a lock by the login throttle");
  AddUserArgument(unlock, o->user);
  Choose(unlock, chosen, o, RunUnlock);
}

}  // namespace itemctl::cmd
