#pragma once
// The operations surface of `itemctl serve` in one piece, for the server to
// own next to its router: Prometheus metrics fed by a request observer and
// by the database, the docs (/docs, /openapi.json, the Redoc bundle) behind
// HTTP Basic, and the static files served where no route matches.
//
//   auto ops = OperationsSurface::Create(app, options.static_dir);
//   AddApiRoutes(router, app);            // every other route first
//   ops->Register(router);                // then these; checks the docs
//
// Register() adds GET /metrics, /docs, /openapi.json and
// /docs/redoc.standalone.js (all exempt from X-Version), the static-file
// fallback and the metrics observer, then fails with kInternal naming the
// first route that is served but not documented, or documented but not
// served. Thread-safe once registered; must outlive the router.

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/domain/error.hpp"
#include "web/app_context.hpp"
#include "web/docs.hpp"
#include "web/metrics.hpp"
#include "web/router.hpp"
#include "web/session_alerts.hpp"
#include "web/static_files.hpp"

namespace itemctl::web {

// Feeds every finished request to `metrics`: the request counters and
// latency by route template, logins (POST /auth/token: 200 success, 401
// failure), version rejections (426, by the X-Version sent) and requests on
// a version announced for retirement (a response with the Sunset header).
RequestObserver MetricsObserver(Metrics& metrics);

// Points the active-sessions gauge, the login-throttle metrics and the
// version-label bound at the database and tally of `app` (a pooled
// connection per read).
void ConnectMetricsToDatabase(Metrics& metrics, const AppContext& app);

class OperationsSurface {
 public:
  // `static_dir`: serve that directory instead of the embedded assets;
  // kInvalidArgument when it is not a readable directory.
  static core::Result<std::unique_ptr<OperationsSurface>> Create(
      const AppContext& app, const std::optional<std::string>& static_dir);

  core::Status Register(Router& router);

  Metrics& metrics() { return metrics_; }
  // Logs and counts refresh-token reuse; for AppContext::session_events.
  core::SessionEvents& session_events() { return session_alerts_; }
  const nlohmann::ordered_json& openapi() const { return openapi_; }

 private:
  OperationsSurface(const AppContext& app, StaticFiles files);

  const AppContext& app_;  // the client address of a docs request
  nlohmann::ordered_json openapi_;
  Metrics metrics_;
  SessionAlerts session_alerts_{metrics_};
  Docs docs_;
  StaticFiles files_;
};

}  // namespace itemctl::web
