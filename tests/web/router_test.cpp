#include "web/router.hpp"

#include <httplib.h>
#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/services/password_hasher.hpp"
#include "core/storage/open_backend.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

// A router whose routes never touch the database.
struct Fixture {
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"router-test-pepper-0123456789", {8, 1, 1}};
  // An in-memory database no route here touches.
  core::ServiceHub services{
      std::move(*core::OpenBackend({.url = ":memory:", .mode = core::OpenMode::kCreateIfMissing})),
      core::ServiceDeps{clock, &hasher}};
  web::AppContext app{services, clock, {}, {}};
  web::Router router{app};

  void Add(const std::string& method, const std::string& path, web::RouteHandler handler) {
    router.Add({
        .method = method,
        .path = path,
        .version_check = web::VersionCheck::kExempt,
        .uses_database = false,
        .handler = std::move(handler),
    });
  }

  httplib::Response Serve(const std::string& method, const std::string& path) {
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.target = path;
    httplib::Response response;
    router.BeginRequest(request, response);
    router.EndRequest(request, response);
    return response;
  }
};

web::RouteHandler Echo(const std::string& name) {
  return [name](web::RequestContext& ctx) -> core::Result<web::Reply> {
    return web::Reply::Json(200, {{"route", name}, {"id", std::string(ctx.PathParam("item_id"))}});
  };
}

}  // namespace

TEST_CASE("the router matches templates and names their parameters", "[web][router]") {
  Fixture f;
  f.Add("GET", "/items", Echo("list"));
  f.Add("GET", "/items/{item_id}", Echo("one"));
  std::vector<std::string> seen;
  f.router.AddObserver([&seen](const web::RequestRecord& record) {
    seen.push_back(std::string(record.route) + " " + std::to_string(record.response.status));
  });

  CHECK(f.Serve("GET", "/items/42").body == R"({"id":"42","route":"one"})");
  CHECK(f.Serve("HEAD", "/items").body == R"({"id":"","route":"list"})");
  CHECK(f.Serve("GET", "/items/42/x").status == 404);
  CHECK(f.Serve("GET", "/").status == 404);
  CHECK(seen == std::vector<std::string>{"/items/{item_id} 200", "/items 200", " 404", " 404"});
  REQUIRE(f.router.routes().size() == 2);
  CHECK(f.router.routes()[1].path == "/items/{item_id}");
}

TEST_CASE("a path served only for other methods is 405 with Allow", "[web][router]") {
  Fixture f;
  f.Add("GET", "/items/{item_id}", Echo("get"));
  f.Add("PATCH", "/items/{item_id}", Echo("patch"));
  httplib::Response response = f.Serve("PUT", "/items/1");
  CHECK(response.status == 405);
  CHECK(response.body == R"({"detail":"Method Not Allowed"})");
  CHECK(response.get_header_value("Allow") == "GET, PATCH");
}

TEST_CASE("a failing observer does not stop the others", "[web][router]") {
  Fixture f;
  f.Add("GET", "/x", Echo("x"));
  int calls = 0;
  f.router.AddObserver([](const web::RequestRecord&) { throw std::runtime_error("boom"); });
  f.router.AddObserver([&calls](const web::RequestRecord&) { ++calls; });
  f.Serve("GET", "/x");
  CHECK(calls == 1);
}

TEST_CASE("a throwing handler propagates to the server's exception handler", "[web][router]") {
  Fixture f;
  f.Add("GET", "/boom",
        [](web::RequestContext&) -> core::Result<web::Reply> { throw std::runtime_error("bug"); });
  httplib::Request request;
  request.method = "GET";
  request.path = "/boom";
  httplib::Response response;
  CHECK_THROWS_AS(f.router.BeginRequest(request, response), std::runtime_error);
}

TEST_CASE("the fallback serves GET paths no route matches", "[web][router]") {
  Fixture f;
  f.router.SetFallback([](const httplib::Request& request) -> std::optional<web::Reply> {
    if (request.path != "/logo.png") return std::nullopt;
    web::Reply reply;
    reply.body = "PNG";
    reply.content_type = "image/png";
    return reply;
  });
  httplib::Response logo = f.Serve("GET", "/logo.png");
  CHECK(logo.status == 200);
  CHECK(logo.body == "PNG");
  CHECK(logo.get_header_value("Content-Type") == "image/png");
  CHECK(f.Serve("GET", "/other.png").status == 404);
  CHECK(f.Serve("POST", "/logo.png").status == 404);
}
