// Version sunset over HTTP (SPEC §10): Deprecation and Sunset headers on
// every response to a request naming the version until its sunset, 426
// from then on, the date in GET /versions and the metric of such requests.

#include <catch2/catch.hpp>

#include <string>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

namespace {

// 2023-11-01T00:00:00Z, 16 days after the fixture clock's start (kEpoch).
constexpr core::UnixSeconds kSunset = 1698796800;

void AnnounceSunset(TestServer& server, const std::string& version) {
  REQUIRE(server.services().versions().Sunset(core::Actor::System(), version, kSunset));
}

HttpReply WithVersion(const TestServer& server, const std::string& path,
                      const std::string& version, const std::string& token = "") {
  return server.Send({.path = path, .token = token, .headers = {{"X-Version", version}}});
}

void CheckSunsetHeaders(const HttpReply& reply) {
  CHECK(reply.Header("Deprecation") == "@1697402410");
  CHECK(reply.Header("Sunset") == "Wed, 01 Nov 2023 00:00:00 GMT");
}

void CheckNoSunsetHeaders(const HttpReply& reply) {
  CHECK_FALSE(reply.HasHeader("Deprecation"));
  CHECK_FALSE(reply.HasHeader("Sunset"));
}

}  // namespace

TEST_CASE("a version announced for sunset is served with Deprecation and Sunset headers",
          "[db][web][versions][sunset]") {
  TestServer server;
  REQUIRE(server.services().versions().Add(core::Actor::System(), "1.1", true));
  AnnounceSunset(server, "1.0");
  const std::string token = server.AdminToken();

  HttpReply served = WithVersion(server, "/items", "1.0", token);
  CHECK(served.status == 200);
  CheckSunsetHeaders(served);
  // Errors past the version check carry them too.
  HttpReply unauthenticated = WithVersion(server, "/auth/me", "1.0");
  CHECK(unauthenticated.status == 401);
  CheckSunsetHeaders(unauthenticated);
  HttpReply missing = WithVersion(server, "/items/99", "1.0", token);
  CHECK(missing.status == 404);
  CheckSunsetHeaders(missing);

  // Not without X-Version, nor for another version, nor on exempt routes.
  HttpReply plain = server.Get("/items", token);
  CHECK(plain.status == 200);
  CheckNoSunsetHeaders(plain);
  HttpReply other = WithVersion(server, "/items", "1.1", token);
  CHECK(other.status == 200);
  CheckNoSunsetHeaders(other);
  HttpReply versions = WithVersion(server, "/versions", "1.0");
  CHECK(versions.status == 200);
  CheckNoSunsetHeaders(versions);

  // Up to the last second before the date (a public route: the token has
  // expired by then).
  server.clock().Set(kSunset - 1);
  HttpReply last = WithVersion(server, "/roles", "1.0");
  CHECK(last.status == 200);
  CheckSunsetHeaders(last);
}

TEST_CASE("from its sunset on the version answers 426", "[db][web][versions][sunset]") {
  TestServer server;
  AnnounceSunset(server, "1.0");
  REQUIRE(WithVersion(server, "/roles", "1.0").status == 200);

  server.clock().Advance(kSunset - test::kEpoch);
  HttpReply retired = WithVersion(server, "/roles", "1.0");
  CHECK(retired.status == 426);
  CHECK(retired.json == nlohmann::json{{"detail", "Version not supported anymore"}});
  CheckNoSunsetHeaders(retired);
  // Before authentication, like any unsupported version.
  HttpReply login = server.Send({.method = "POST",
                                 .path = "/auth/token",
                                 .body = R"({"username":"admin","password":"wrong-password"})",
                                 .headers = {{"X-Version", "1.0"}}});
  CHECK(login.status == 426);
  // Without X-Version the API still answers.
  CHECK(server.Get("/roles").status == 200);

  // Clearing the announcement serves the version again, without headers.
  REQUIRE(server.services().versions().Sunset(core::Actor::System(), "1.0", std::nullopt));
  HttpReply again = WithVersion(server, "/roles", "1.0");
  CHECK(again.status == 200);
  CheckNoSunsetHeaders(again);
}

TEST_CASE("GET /versions shows the sunset date", "[db][web][versions][sunset]") {
  TestServer server;
  AnnounceSunset(server, "1.0");
  HttpReply versions = server.Get("/versions");
  REQUIRE(versions.status == 200);
  REQUIRE(versions.json.size() == 9);
  CHECK(versions.json[0] ==
        nlohmann::json{{"id", 1}, {"version", "0.1"}, {"supported", false}, {"sunset", nullptr}});
  CHECK(versions.json[8] == nlohmann::json{{"id", 9},
                                           {"version", "1.0"},
                                           {"supported", true},
                                           {"sunset", "2023-11-01T00:00:00Z"}});
  // Once the date has passed the version is listed as unsupported.
  server.clock().Set(kSunset);
  HttpReply after = server.Get("/versions");
  REQUIRE(after.status == 200);
  CHECK(after.json[8] == nlohmann::json{{"id", 9},
                                        {"version", "1.0"},
                                        {"supported", false},
                                        {"sunset", "2023-11-01T00:00:00Z"}});
}

TEST_CASE("requests on a sunsetting version are counted by version in /metrics",
          "[db][web][versions][sunset][metrics]") {
  TestServer server;
  AnnounceSunset(server, "1.0");
  // One keep-alive connection: the server counts a request after sending
  // its response and before reading the next one on the same connection,
  // so the scrape at the end sees every request before it.
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  for (int i = 0; i < 3; ++i) {
    auto reply = client.Get("/roles", {{"X-Version", "1.0"}});
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->get_header_value("Sunset") == "Wed, 01 Nov 2023 00:00:00 GMT");
  }
  auto unversioned = client.Get("/roles");
  REQUIRE(unversioned);
  auto versions = client.Get("/versions", {{"X-Version", "1.0"}});  // exempt: no headers
  REQUIRE(versions);
  auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  REQUIRE(metrics->status == 200);
  CHECK(metrics->body.find("# TYPE itemctl_deprecated_version_requests_total counter\n") !=
        std::string::npos);
  CHECK(metrics->body.find("\nitemctl_deprecated_version_requests_total{version=\"1.0\"} 3\n") !=
        std::string::npos);
}
