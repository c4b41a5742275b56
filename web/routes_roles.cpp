// /roles: the role catalogue, readable without signing in.

#include "core/services/roles.hpp"
#include "web/json_mapping.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

namespace {

core::Result<Reply> ListRoles(RequestContext& ctx) {
  core::Result<std::vector<core::Role>> roles = ctx.services().roles().List();
  if (!roles) return roles.error();
  return Reply::Json(200, ToJsonArray(*roles));
}

core::Result<Reply> GetRole(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("role_id");
  if (!id) return id.error();
  core::Result<core::Role> role = ctx.services().roles().Get(*id);
  if (!role) return role.error();
  return Reply::Json(200, ToJson(*role));
}

}  // namespace

void AddRoleRoutes(Router& router, const AppContext& /*app*/) {
  router.Add({
      .method = "GET",
      .path = "/roles",
      .handler = [](RequestContext& ctx) { return ListRoles(ctx); },
  });
  router.Add({
      .method = "GET",
      .path = "/roles/{role_id}",
      .handler = [](RequestContext& ctx) { return GetRole(ctx); },
  });
}

}  // namespace itemctl::web
