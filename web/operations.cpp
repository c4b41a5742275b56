#include "web/operations.hpp"

#include <httplib.h>

#include "core/build_info.hpp"
#include "core/services/service_set.hpp"
#include "web/asset_reply.hpp"
#include "web/login_guard.hpp"
#include "web/openapi.hpp"
#include "web/sunset_headers.hpp"

namespace itemctl::web {
namespace {

core::Result<Reply> Served(const core::Result<AssetResponse>& response) {
  if (!response) return response.error();
  return ToReply(*response);
}

// A GET route of the operations surface: no X-Version check, and no
// connection from the router (the components borrow one when they need it).
Route OperationsRoute(const char* path, RouteHandler handler) {
  return Route{.method = "GET",
               .path = path,
               .version_check = VersionCheck::kExempt,
               .access = Access::kPublic,
               .uses_database = false,
               .handler = std::move(handler)};
}

}  // namespace

RequestObserver MetricsObserver(Metrics& metrics) {
  return [&metrics](const RequestRecord& record) {
    const std::string& method = record.request.method;
    const int status = record.response.status;
    metrics.ObserveRequest(record.route, method, status, record.duration_seconds);
    if (record.route == "/auth/token" && method == "POST") {
      if (status == 200) metrics.CountLogin(LoginResult::kSuccess);
      if (status == 401) metrics.CountLogin(LoginResult::kFailure);
    }
    if (status == 426) metrics.CountVersionRejection(record.request.get_header_value("X-Version"));
    if (record.response.has_header(kSunsetHeader)) {
      metrics.CountDeprecatedVersionRequest(record.request.get_header_value("X-Version"));
    }
  };
}

void ConnectMetricsToDatabase(Metrics& metrics, const AppContext& app) {
  metrics.SetActiveSessionsSource(
      [&app]() -> std::optional<std::map<std::string, std::int64_t>> {
        core::Result<core::ServiceLease> services = app.services.Acquire(core::LeaseUse::kRead);
        if (!services) return std::nullopt;
        core::Result<std::map<std::string, std::int64_t>> counts =
            (*services)->sessions().CountActiveByPlatform();
        if (!counts) return std::nullopt;
        return std::move(*counts);
      });
  metrics.SetAuditEventsSource([&app]() -> std::optional<std::map<std::string, std::int64_t>> {
    core::Result<core::ServiceLease> services = app.services.Acquire(core::LeaseUse::kRead);
    if (!services) return std::nullopt;
    core::Result<std::map<std::string, std::int64_t>> counts =
        (*services)->audit().CountByAction();
    if (!counts) return std::nullopt;
    return std::move(*counts);
  });
  metrics.SetLoginThrottleSources(
      [&app] {
        std::map<std::string, std::int64_t> refused;
        for (core::ThrottleScope scope : {core::ThrottleScope::kAccount,
                                          core::ThrottleScope::kAddress}) {
          refused[core::ScopeName(scope)] =
              app.throttle_tally ? app.throttle_tally->Refused(scope) : 0;
        }
        return refused;
      },
      [&app]() -> std::optional<std::int64_t> {
        core::Result<core::ServiceLease> services = app.services.Acquire(core::LeaseUse::kRead);
        if (!services) return std::nullopt;
        core::Result<std::int64_t> locked = (*services)->login_throttle().CountLockedAccounts();
        if (!locked) return std::nullopt;
        return *locked;
      });
  metrics.SetConnectionsSource([&app] { return app.services.backend().connections(); });
  metrics.SetKnownVersionsSource([&app] {
    std::vector<std::string> known;
    core::Result<core::ServiceLease> services = app.services.Acquire(core::LeaseUse::kRead);
    if (!services) return known;
    core::Result<std::vector<core::ApiVersion>> versions = (*services)->versions().List();
    if (!versions) return known;
    for (const core::ApiVersion& version : *versions) known.push_back(version.version);
    return known;
  });
}

core::Result<std::unique_ptr<OperationsSurface>> OperationsSurface::Create(
    const AppContext& app, const std::optional<std::string>& static_dir) {
  StaticFiles files = StaticFiles::Embedded();
  if (static_dir) {
    core::Result<StaticFiles> directory = StaticFiles::FromDirectory(*static_dir);
    if (!directory) return directory.error();
    files = std::move(*directory);
  }
  return std::unique_ptr<OperationsSurface>(new OperationsSurface(app, std::move(files)));
}

OperationsSurface::OperationsSurface(const AppContext& app, StaticFiles files)
    : app_(app),
      openapi_(BuildOpenApi(core::GetBuildInfo().version)),
      metrics_(core::GetBuildInfo().version),
      docs_(openapi_, SessionsPasswordCheck(app.services, app.throttle_tally)),
      files_(std::move(files)) {
  ConnectMetricsToDatabase(metrics_, app);
}

core::Status OperationsSurface::Register(Router& router) {
  router.Add(OperationsRoute("/metrics", [this](RequestContext&) -> core::Result<Reply> {
    Reply reply;
    reply.content_type = kMetricsContentType;
    reply.body = metrics_.Render();
    return reply;
  }));
  router.Add(OperationsRoute(kDocsPath, [this](RequestContext& ctx) {
    return Served(docs_.Page(ctx.http().get_header_value("Authorization"),
                             ClientAddressOf(app_, ctx.http())));
  }));
  router.Add(OperationsRoute(kOpenApiPath, [this](RequestContext& ctx) {
    return Served(docs_.OpenApi(ctx.http().get_header_value("Authorization"),
                                ClientAddressOf(app_, ctx.http())));
  }));
  router.Add(OperationsRoute(kRedocBundlePath, [this](RequestContext& ctx) {
    return core::Result<Reply>(ToReply(docs_.Bundle(ConditionalHeadersOf(ctx.http()))));
  }));
  router.SetFallback([this](const httplib::Request& request) -> std::optional<Reply> {
    AssetResponse found = files_.Lookup(request.path, ConditionalHeadersOf(request));
    if (found.status == 404) return std::nullopt;
    return ToReply(found);
  });
  router.AddObserver(MetricsObserver(metrics_));

  std::vector<std::string> problems = RouteCoverageProblems(openapi_, RouteSpecsOf(router.routes()));
  if (!problems.empty()) {
    return core::MakeError(core::Errc::kInternal, "OpenAPI document out of step: " + problems[0]);
  }
  return core::Ok();
}

}  // namespace itemctl::web
