// /versions: which X-Version values the API serves. Exempt from the version
// check so that an outdated client can still find out what to upgrade to.

#include "core/services/versions.hpp"
#include "web/json_mapping.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

namespace {

core::Result<Reply> ListVersions(RequestContext& ctx) {
  core::Result<std::vector<core::ApiVersion>> versions = ctx.services().versions().List();
  if (!versions) return versions.error();
  return Reply::Json(200, ToJsonArray(*versions));
}

}  // namespace

void AddVersionRoutes(Router& router, const AppContext& /*app*/) {
  router.Add({
      .method = "GET",
      .path = "/versions",
      .version_check = VersionCheck::kExempt,
      .handler = [](RequestContext& ctx) { return ListVersions(ctx); },
  });
}

}  // namespace itemctl::web
