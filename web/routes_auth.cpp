// /auth: OAuth2-style password login, token refresh and the caller's sessions.

#include <httplib.h>

#include "core/services/sessions.hpp"
#include "web/json_mapping.hpp"
#include "web/login_guard.hpp"
#include "web/request_parsing.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

namespace {


// RFC 6749 §5.1: responses carrying tokens must not be cached.
Reply TokenReply(const core::IssuedTokens& tokens) {
  Reply reply = Reply::Json(200, ToJson(tokens));
  reply.headers.emplace_back("Cache-Control", "no-store");
  reply.headers.emplace_back("Pragma", "no-cache");
  return reply;
}

core::Result<Reply> Login(RequestContext& ctx, const AppContext& app) {
  core::Result<nlohmann::json> fields = LoginFields(ctx.http());
  if (!fields) return fields.error();
  FieldReader reader(*fields);
  std::string username = reader.RequiredString("username");
  std::string password = reader.RequiredString("password");
  std::optional<std::string> platform = reader.OptionalString("platform");
  if (!reader.ok()) return reader.error();

  const std::string client = ClientAddressOf(app, ctx.http());
  core::Result<core::IssuedTokens> tokens =
      ThrottledLoginOf(ctx.services(), app, "POST /auth/token", client)
          .Login(username, password, platform.value_or(core::kDefaultPlatform), client);
  if (!tokens) return tokens.error();
  return TokenReply(*tokens);
}

core::Result<Reply> Refresh(RequestContext& ctx, const AppContext& app) {
  core::Result<nlohmann::json> body = ParseJsonObject(ctx.http().body);
  if (!body) return body.error();
  FieldReader reader(*body);
  std::string refresh_token = reader.RequiredString("refresh_token");
  if (!reader.ok()) return reader.error();

  const std::string client = ClientAddressOf(app, ctx.http());
  core::Result<core::IssuedTokens> tokens =
      ThrottledLoginOf(ctx.services(), app, "POST /auth/refresh", client).Refresh(refresh_token, client);
  if (!tokens) return tokens.error();
  return TokenReply(*tokens);
}

core::Result<Reply> Me(RequestContext& ctx) {
  return Reply::Json(200, ToJson(ctx.principal().user));
}

core::Result<Reply> Logout(RequestContext& ctx) {
  core::Status done = ctx.services().sessions().Logout(ctx.principal());
  if (!done) return done.error();
  return Reply::Json(
      200, Detail("User " + std::to_string(ctx.principal().user.id) + " successfully logged out"));
}

core::Result<Reply> ListSessions(RequestContext& ctx) {
  core::Result<std::vector<core::Session>> sessions =
      ctx.services().sessions().ListForUser(ctx.principal().user.id);
  if (!sessions) return sessions.error();
  return Reply::Json(200, ToJsonArray(*sessions));
}

core::Result<Reply> RevokeSession(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("session_id");
  if (!id) return id.error();
  core::Status done = ctx.services().sessions().Revoke(ctx.actor(), *id);
  if (!done) return done.error();
  return Reply::Json(200, Detail("Revoked Session " + std::to_string(*id)));
}

}  // namespace

void AddAuthRoutes(Router& router, const AppContext& app) {
  router.Add({
      .method = "POST",
      .path = "/auth/token",
      .handler = [&app](RequestContext& ctx) { return Login(ctx, app); },
  });
  router.Add({
      .method = "POST",
      .path = "/auth/refresh",
      .handler = [&app](RequestContext& ctx) { return Refresh(ctx, app); },
  });
  router.Add({
      .method = "GET",
      .path = "/auth/me",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return Me(ctx); },
  });
  router.Add({
      .method = "POST",
      .path = "/auth/logout",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return Logout(ctx); },
  });
  router.Add({
      .method = "GET",
      .path = "/auth/sessions",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return ListSessions(ctx); },
  });
  router.Add({
      .method = "DELETE",
      .path = "/auth/sessions/{session_id}",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return RevokeSession(ctx); },
  });
}

}  // namespace itemctl::web
