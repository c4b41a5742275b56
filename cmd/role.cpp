// `itemctl role list|grant USER ROLE`.

#include <memory>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "core/services/roles.hpp"
#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

struct RoleOptions {
  std::string username;
  std::string role;
};

core::Status RunList(Context& ctx) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<std::vector<core::Role>> roles = (*services)->roles().List();
  if (!roles) return roles.error();
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJsonArray(*roles));
  } else {
    RoleTable(*roles).Print(ctx.out());
  }
  return core::Ok();
}

core::Status RunGrant(Context& ctx, const RoleOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Roles roles = (*services)->roles();
  core::Result<core::User> user = roles.Grant(ctx.actor(), o.username, o.role);
  if (!user) return user.error();
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJson(*user));
    return core::Ok();
  }
  core::Result<std::vector<core::Role>> all = roles.List();
  if (!all) return all.error();
  UserTable({*user}, *all).Print(ctx.out());
  return core::Ok();
}

}  // namespace

void AddRoleCommands(CLI::App& root, Action& chosen) {
  CLI::App* role = root.add_subcommand("role", "List roles and grant them");
  role->require_subcommand(1);

  CLI::App* list = role->add_subcommand("list", "List the roles");
  list->callback([&chosen] { chosen = RunList; });

  auto o = std::make_shared<RoleOptions>();
  CLI::App* grant = role->add_subcommand("grant", "Give a user a role");
  grant
      ->add_option("user", o->username,
                   "Username or id (#ID: the id, even past a username of digits)")
      ->required();
  grant->add_option("role", o->role, "Role name (admin, user) or id")->required();
  grant->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return RunGrant(ctx, *o); };
  });
}

}  // namespace itemctl::cmd
