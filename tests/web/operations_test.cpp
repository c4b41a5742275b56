#include "web/operations.hpp"

#include <catch2/catch.hpp>

#include <httplib.h>

#include <string>

#include "core/build_info.hpp"
#include "core/domain/clock.hpp"
#include "core/services/password_hasher.hpp"
#include "core/storage/sqlite/connection_pool.hpp"
#include "core/services/service_set.hpp"
#include "tests/test_support.hpp"
#include "web/routes.hpp"

namespace itemctl::web {
namespace {

// A migrated database file, an AppContext over it and a Router with every
// API route, as the server builds them.
struct Fixture {
  test::TempDir dir;
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"pepper-0123456789", core::Argon2Params{8, 1, 1}};
  core::ServiceHub services{test::MigratedBackend(dir), core::ServiceDeps{clock, &hasher}};
  std::unique_ptr<AppContext> app;
  std::unique_ptr<Router> router;

  Fixture() {
    app = std::make_unique<AppContext>(AppContext{services, clock, {}, {}});
    router = std::make_unique<Router>(*app);
    AddApiRoutes(*router, *app);
  }

  httplib::Response Get(const std::string& target, httplib::Headers headers = {}) {
    httplib::Request request;
    request.method = "GET";
    request.path = target;
    request.target = target;
    request.headers = std::move(headers);
    httplib::Response response;
    router->Dispatch(request, response);
    return response;
  }
};

}  // namespace

TEST_CASE("the server's route table with the operations routes is fully documented",
          "[db][web][operations]") {
  Fixture f;
  auto ops = OperationsSurface::Create(*f.app, std::nullopt);
  REQUIRE(ops);
  core::Status registered = (*ops)->Register(*f.router);
  INFO((registered ? std::string() : registered.error().message));
  CHECK(registered.ok());
}

TEST_CASE("an undocumented route stops the registration", "[db][web][operations]") {
  Fixture f;
  f.router->Add({.method = "GET",
                 .path = "/items/{item_id}/history",
                 .version_check = VersionCheck::kApplies,
                 .access = Access::kBearer,
                 .uses_database = true,
                 .handler = [](RequestContext&) -> core::Result<Reply> { return Reply{}; }});
  auto ops = OperationsSurface::Create(*f.app, std::nullopt);
  REQUIRE(ops);
  core::Status registered = (*ops)->Register(*f.router);
  REQUIRE_FALSE(registered);
  CHECK(registered.error().code == core::Errc::kInternal);
  CHECK(registered.error().message ==
        "OpenAPI document out of step: GET /items/{item_id}/history is served but not "
        "documented");
}

TEST_CASE("a missing static directory is refused", "[db][web][operations]") {
  Fixture f;
  auto ops = OperationsSurface::Create(*f.app, f.dir.File("no-such-dir"));
  REQUIRE_FALSE(ops);
  CHECK(ops.error().message ==
        "static directory '" + f.dir.File("no-such-dir") + "' is not a readable directory");
}

TEST_CASE("the router serves metrics, docs and static files once registered",
          "[db][web][operations]") {
  Fixture f;
  auto ops = OperationsSurface::Create(*f.app, std::nullopt);
  REQUIRE(ops);
  REQUIRE((*ops)->Register(*f.router));

  httplib::Response logo = f.Get("/logo.png");
  CHECK(logo.status == 200);
  CHECK(logo.get_header_value("Content-Type") == "image/png");
  httplib::Response cached = f.Get("/logo.png", {{"If-None-Match", logo.get_header_value("ETag")}});
  CHECK(cached.status == 304);
  CHECK(cached.body.empty());
  httplib::Response escape = f.Get("/../etc/passwd");
  CHECK(escape.status == 404);
  CHECK(escape.body == R"({"detail":"Not Found"})");

  httplib::Response docs = f.Get("/docs", {{"X-Version", "0.1"}});  // exempt from the check
  CHECK(docs.status == 401);
  CHECK(docs.get_header_value("WWW-Authenticate") == kBasicChallenge);
  CHECK(docs.body == R"({"detail":"Not authenticated"})");
  CHECK(f.Get("/openapi.json").status == 401);
  CHECK(f.Get("/docs/redoc.standalone.js").status == 200);

  httplib::Response metrics = f.Get("/metrics", {{"X-Version", "0.1"}});
  CHECK(metrics.status == 200);
  CHECK(metrics.get_header_value("Content-Type") == kMetricsContentType);
  CHECK(metrics.body.find("itemctl_build_info{version=\"" + core::GetBuildInfo().version +
                          "\"} 1\n") != std::string::npos);
  CHECK(metrics.body.find("itemctl_logins_total{result=\"success\"} 0\n") != std::string::npos);
  // Sessions are read from the database at scrape time: none yet.
  CHECK(metrics.body.find("# TYPE itemctl_active_sessions gauge") != std::string::npos);
  // The connection pool as it stands: nobody waits for a connection here.
  CHECK(metrics.body.find("itemctl_db_connections{state=\"idle\"} ") != std::string::npos);
  CHECK(metrics.body.find("itemctl_db_connections{state=\"in_use\"} ") != std::string::npos);
  CHECK(metrics.body.find("\nitemctl_db_connection_waiters 0\n") != std::string::npos);
}

TEST_CASE("the metrics observer counts requests, logins and version rejections and sunsets",
          "[db][web][operations]") {
  Fixture f;
  auto ops = OperationsSurface::Create(*f.app, std::nullopt);
  REQUIRE(ops);
  Metrics& metrics = (*ops)->metrics();
  RequestObserver observe = MetricsObserver(metrics);
  auto record = [&observe](const char* method, std::string_view route, int status,
                           const char* version = "", bool sunset = false) {
    httplib::Request request;
    request.method = method;
    if (*version != '\0') request.headers.emplace("X-Version", version);
    httplib::Response response;
    response.status = status;
    if (sunset) response.set_header("Sunset", "Sun, 31 Jan 2027 00:00:00 GMT");
    observe(RequestRecord{request, response, route, 0.02});
  };
  record("POST", "/auth/token", 200);
  record("POST", "/auth/token", 401);
  record("POST", "/auth/token", 401);
  record("POST", "/auth/token", 426, "0.3");
  record("GET", "/items/{item_id}", 426, "not-a-version");
  record("GET", "", 404);
  record("GET", "/items", 200, "0.9", true);
  record("GET", "/items/{item_id}", 404, "0.9", true);
  record("GET", "/items", 200, "1.0");  // a version without sunset: not counted

  const std::string text = metrics.Render();
  for (const char* line :
       {R"(itemctl_logins_total{result="success"} 1)", R"(itemctl_logins_total{result="failure"} 2)",
        R"(itemctl_version_rejections_total{version="0.3"} 1)",
        R"(itemctl_version_rejections_total{version="unknown"} 1)",
        R"(itemctl_deprecated_version_requests_total{version="0.9"} 2)",
        R"(http_requests_total{handler="/auth/token",method="POST",status="4xx"} 3)",
        R"(http_requests_total{handler="none",method="GET",status="4xx"} 1)"}) {
    INFO(line);
    CHECK(text.find(std::string("\n") + line + "\n") != std::string::npos);
  }
  CHECK(text.find(R"(itemctl_deprecated_version_requests_total{version="1.0"})") ==
        std::string::npos);
}

}  // namespace itemctl::web
