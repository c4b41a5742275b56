// /audit: the audit trail (SPEC §10), for admins, paged like the other
// listings and filtered by actor, action and time.

#include <httplib.h>

#include "core/domain/validation.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/permissions.hpp"
#include "web/json_mapping.hpp"
#include "web/request_parsing.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

namespace {

core::Result<Reply> ListAudit(RequestContext& ctx, const AppContext& app) {
  // Admins only, before the query is looked at: as POST /users.
  core::Status admin = core::RequireAdmin(ctx.principal().actor());
  if (!admin) return admin.error();
  QueryReader query(ctx.http());
  core::AuditFilter filter;
  filter.actor = query.String("actor");
  filter.action = query.String("action");
  std::optional<std::string> since = query.String("since");
  std::optional<std::int64_t> page = query.Integer("page", 1);
  std::optional<std::int64_t> limit = query.Integer("limit", 1);
  if (!query.ok()) return query.error();
  if (since) {
    core::Result<core::UnixSeconds> parsed = core::ParseUtcTime("since", *since);
    if (!parsed) return parsed.error();
    filter.since = *parsed;
  }
  core::Result<core::PageRequest> request = core::MakePageRequest(page, limit, app.listing);
  if (!request) return request.error();

  core::Result<core::Page<core::AuditEvent>> events =
      ctx.services().audit().List(ctx.principal().actor(), filter, *request);
  if (!events) return events.error();
  return Reply::Json(200, ToJson(*events, "events"));
}

}  // namespace

void AddAuditRoutes(Router& router, const AppContext& app) {
  router.Add({
      .method = "GET",
      .path = "/audit",
      .access = Access::kBearer,
      .handler = [&app](RequestContext& ctx) { return ListAudit(ctx, app); },
  });
}

}  // namespace itemctl::web
