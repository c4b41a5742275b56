// The password-guessing throttle over HTTP (SPEC §8): 429 with Retry-After on
// POST /auth/token, POST /auth/refresh and the Basic auth of the docs, the
// client address behind a trusted proxy, and the metrics.

#include <catch2/catch.hpp>

#include <httplib.h>

#include <string>

#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::Call;
using test::HttpReply;
using test::TestServer;

namespace {

const nlohmann::json kThrottledBody = {{"detail", "Too many failed attempts, retry later"}};

void CheckThrottled(const HttpReply& reply, const std::string& retry_after) {
  CHECK(reply.status == 429);
  CHECK(reply.json == kThrottledBody);
  CHECK(reply.Header("Retry-After") == retry_after);
}

HttpReply JsonLogin(const TestServer& server, const std::string& username,
                    const std::string& password, const httplib::Headers& headers = {}) {
  nlohmann::json body = {{"username", username}, {"password", password}};
  return server.Send(
      {.method = "POST", .path = "/auth/token", .body = body.dump(), .headers = headers});
}

HttpReply FormLogin(const TestServer& server, const std::string& username,
                    const std::string& password) {
  return server.Send({.method = "POST",
                      .path = "/auth/token",
                      .body = "grant_type=password&username=" + username + "&password=" + password,
                      .content_type = "application/x-www-form-urlencoded"});
}

HttpReply Forwarded(const TestServer& server, const std::string& client,
                    const std::string& username, const std::string& password) {
  return JsonLogin(server, username, password, {{"X-Forwarded-For", client}});
}

HttpReply BasicGet(const TestServer& server, const std::string& path, const std::string& username,
                   const std::string& password) {
  auto [name, value] = httplib::make_basic_authentication_header(username, password);
  return server.Send({.path = path, .headers = {{name, value}}});
}

}  // namespace

TEST_CASE("five wrong passwords make POST /auth/token answer 429, right password included",
          "[db][web][throttle]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  for (int i = 0; i < 5; ++i) {
    HttpReply wrong = JsonLogin(server, "bob", "wrong-password");
    REQUIRE(wrong.status == 401);
    CHECK(wrong.json == nlohmann::json{{"detail", "Invalid credentials or inactive account"}});
  }
  CheckThrottled(JsonLogin(server, "bob", "bob-password-1"), "900");
  server.clock().Advance(100);
  CheckThrottled(JsonLogin(server, "bob", "bob-password-1"), "800");
  CheckThrottled(FormLogin(server, "bob", "bob-password-1"), "800");
  // Another account logs in from the same address meanwhile.
  CHECK(JsonLogin(server, "admin", test::kAdminPassword).status == 200);
  server.clock().Advance(800);
  CHECK(JsonLogin(server, "bob", "bob-password-1").status == 200);
}

TEST_CASE("form-encoded failures count against the same account", "[db][web][throttle]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  for (int i = 0; i < 3; ++i) CHECK(FormLogin(server, "bob", "wrong").status == 401);
  for (int i = 0; i < 2; ++i) CHECK(JsonLogin(server, "bob", "wrong").status == 401);
  CheckThrottled(FormLogin(server, "bob", "bob-password-1"), "900");
}

TEST_CASE("invalid refresh tokens lock POST /auth/refresh for the address", "[db][web][throttle]") {
  web::ServerOptions options;
  options.throttle.max_failures_per_address = 3;
  TestServer server(options);
  HttpReply login = JsonLogin(server, "admin", test::kAdminPassword);
  REQUIRE(login.status == 200);
  for (int i = 0; i < 3; ++i) {
    HttpReply bad = server.Post("/auth/refresh", {{"refresh_token", "stolen-or-guessed"}});
    CHECK(bad.status == 401);
    CHECK(bad.json == nlohmann::json{{"detail", "Invalid credentials"}});
  }
  CheckThrottled(server.Post("/auth/refresh", {{"refresh_token", login.json["refresh_token"]}}),
                 "900");
  CheckThrottled(JsonLogin(server, "admin", test::kAdminPassword), "900");
}

TEST_CASE("the Basic auth of /docs and /openapi.json is throttled", "[db][web][throttle][docs]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  for (int i = 0; i < 5; ++i) {
    HttpReply wrong = BasicGet(server, i % 2 == 0 ? "/docs" : "/openapi.json", "bob", "wrong");
    REQUIRE(wrong.status == 401);
    CHECK(wrong.Header("WWW-Authenticate").starts_with("Basic"));
  }
  CheckThrottled(BasicGet(server, "/docs", "bob", "bob-password-1"), "900");
  CheckThrottled(BasicGet(server, "/openapi.json", "bob", "bob-password-1"), "900");
  // The same account is locked for the API too; others are not.
  CheckThrottled(JsonLogin(server, "bob", "bob-password-1"), "900");
  CHECK(BasicGet(server, "/openapi.json", "admin", test::kAdminPassword).status == 200);
}

TEST_CASE("X-Forwarded-For is ignored unless the peer is a trusted proxy", "[db][web][throttle]") {
  web::ServerOptions options;
  options.throttle.max_failures_per_address = 3;
  SECTION("no trusted proxy: every guess counts against the peer") {
    TestServer server(options);
    for (int i = 0; i < 3; ++i) {
      CHECK(Forwarded(server, "203.0.113." + std::to_string(i), "guess" + std::to_string(i), "x")
                .status == 401);
    }
    CheckThrottled(Forwarded(server, "203.0.113.9", "admin", test::kAdminPassword), "900");
  }
  SECTION("behind a trusted proxy: the forwarded client is counted") {
    auto proxies = web::TrustedProxies::Parse({"127.0.0.1"});
    REQUIRE(proxies);
    options.trusted_proxies = *proxies;
    TestServer server(options);
    for (int i = 0; i < 3; ++i) {
      CHECK(Forwarded(server, "203.0.113.1", "guess" + std::to_string(i), "x").status == 401);
    }
    CheckThrottled(Forwarded(server, "203.0.113.1", "admin", test::kAdminPassword), "900");
    // A client the proxy names with a forged entry to the left is still itself.
    CheckThrottled(Forwarded(server, "198.51.100.7, 203.0.113.1", "admin", test::kAdminPassword),
                   "900");
    CHECK(Forwarded(server, "203.0.113.2", "admin", test::kAdminPassword).status == 200);
  }
}

TEST_CASE("throttled logins and locked accounts show in /metrics", "[db][web][throttle][metrics]") {
  TestServer server;
  for (int i = 0; i < 5; ++i) CHECK(JsonLogin(server, "ghost", "x").status == 401);
  CHECK(JsonLogin(server, "ghost", "x").status == 429);
  CHECK(JsonLogin(server, "ghost", "x").status == 429);
  HttpReply metrics = server.Get("/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.body.find("itemctl_login_throttled_total{scope=\"account\"} 2\n") !=
        std::string::npos);
  CHECK(metrics.body.find("itemctl_login_throttled_total{scope=\"address\"} 0\n") !=
        std::string::npos);
  CHECK(metrics.body.find("\nitemctl_locked_accounts 1\n") != std::string::npos);
  CHECK(metrics.body.find("# TYPE itemctl_login_throttled_total counter") != std::string::npos);
}
