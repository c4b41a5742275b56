// Operations routes: liveness, readiness, and the root redirect to the docs.

#include "core/services/service_set.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

namespace {

// Live means the process answers requests.
core::Result<Reply> Live() { return Reply::Json(200, {{"status", "ok"}}); }

// Ready means the database answers and its schema is the one we need.
core::Result<Reply> Ready(RequestContext& ctx) {
  core::Status current = ctx.services().schema().RequireCurrent();
  if (!current) return current.error();
  return Reply::Json(200, {{"status", "ready"}});
}

}  // namespace

void AddHealthRoutes(Router& router, const AppContext& /*app*/) {
  router.Add({
      .method = "GET",
      .path = "/",
      .version_check = VersionCheck::kExempt,
      .uses_database = false,
      .handler = [](RequestContext&) -> core::Result<Reply> { return Reply::Redirect("/docs"); },
  });
  router.Add({
      .method = "GET",
      .path = "/healthz",
      .version_check = VersionCheck::kExempt,
      .uses_database = false,
      .handler = [](RequestContext&) { return Live(); },
  });
  router.Add({
      .method = "GET",
      .path = "/readyz",
      .version_check = VersionCheck::kExempt,
      .handler = [](RequestContext& ctx) { return Ready(ctx); },
  });
}

}  // namespace itemctl::web
