// /users: accounts. Creating one is for admins; anyone signed in may look;
// changing or disabling one is for admins and the user themself.

#include <httplib.h>

#include "core/domain/validation.hpp"
#include "core/services/permissions.hpp"
#include "core/services/users.hpp"
#include "web/json_mapping.hpp"
#include "web/request_parsing.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

namespace {


core::Result<Reply> CreateUser(RequestContext& ctx) {
  // The admin check comes before the body, as in the application replaced:
  // a non-admin learns nothing about what a valid body would be.
  core::Status admin = core::RequireAdmin(ctx.principal().actor());
  if (!admin) return admin.error();
  core::Result<nlohmann::json> body = ParseJsonObject(ctx.http().body);
  if (!body) return body.error();
  FieldReader reader(*body);
  core::NewUser input;
  input.username = reader.RequiredString("username");
  input.role_id = reader.RequiredInteger("role_id");
  input.password = reader.OptionalString("password");
  if (!reader.ok()) return reader.error();

  core::Result<core::CreatedUser> created = ctx.services().users().Add(ctx.actor(), input);
  if (!created) return created.error();
  return Reply::Json(201, ToJson(*created));
}

core::Result<Reply> ListUsers(RequestContext& ctx, const AppContext& app) {
  QueryReader query(ctx.http());
  core::UserFilter filter;
  filter.username = query.String("username");
  filter.activated = query.Bool("activated");
  std::optional<std::int64_t> page = query.Integer("page", 1);
  std::optional<std::int64_t> limit = query.Integer("limit", 1);
  if (!query.ok()) return query.error();
  core::Result<core::PageRequest> request = core::MakePageRequest(page, limit, app.listing);
  if (!request) return request.error();

  core::Result<core::Page<core::User>> users = ctx.services().users().List(filter, *request);
  if (!users) return users.error();
  return Reply::Json(200, ToJson(*users, "users"));
}

core::Result<Reply> GetUser(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("user_id");
  if (!id) return id.error();
  core::Result<core::User> user = ctx.services().users().Get(*id);
  if (!user) return user.error();
  return Reply::Json(200, ToJson(*user));
}

core::Result<Reply> UpdateUser(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("user_id");
  if (!id) return id.error();
  core::Result<nlohmann::json> body = ParseJsonObject(ctx.http().body);
  if (!body) return body.error();
  FieldReader reader(*body);
  core::UserPatch patch;
  patch.username = reader.OptionalString("username");
  patch.password = reader.OptionalString("password");
  patch.role_id = reader.OptionalInteger("role_id");
  patch.activated = reader.OptionalBool("activated");
  if (!reader.ok()) return reader.error();

  core::Result<core::User> user = ctx.services().users().Update(ctx.actor(), *id, patch);
  if (!user) return user.error();
  return Reply::Json(200, ToJson(*user));
}

core::Result<Reply> DisableUser(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("user_id");
  if (!id) return id.error();
  core::Result<core::User> user = ctx.services().users().Disable(ctx.actor(), *id);
  if (!user) return user.error();
  return Reply::Json(200, Detail("Disabled User " + std::to_string(user->id)));
}

}  // namespace

void AddUserRoutes(Router& router, const AppContext& app) {
  router.Add({
      .method = "POST",
      .path = "/users",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return CreateUser(ctx); },
  });
  router.Add({
      .method = "GET",
      .path = "/users",
      .access = Access::kBearer,
      .handler = [&app](RequestContext& ctx) { return ListUsers(ctx, app); },
  });
  router.Add({
      .method = "GET",
      .path = "/users/{user_id}",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return GetUser(ctx); },
  });
  router.Add({
      .method = "PATCH",
      .path = "/users/{user_id}",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return UpdateUser(ctx); },
  });
  router.Add({
      .method = "DELETE",
      .path = "/users/{user_id}",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return DisableUser(ctx); },
  });
}

}  // namespace itemctl::web
