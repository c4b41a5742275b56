// Routes without a token: roles, versions, health, the root redirect.

#include <catch2/catch.hpp>

#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

TEST_CASE("GET /roles and /roles/{role_id} need no token", "[db][web][roles]") {
  TestServer server;
  HttpReply roles = server.Get("/roles");
  REQUIRE(roles.status == 200);
  CHECK(roles.json == nlohmann::json::parse(R"([{"id":1,"name":"admin"},{"id":2,"name":"user"}])"));
  HttpReply role = server.Get("/roles/2");
  CHECK(role.status == 200);
  CHECK(role.json == nlohmann::json{{"id", 2}, {"name", "user"}});
  HttpReply missing = server.Get("/roles/9");
  CHECK(missing.status == 404);
  CHECK(missing.json == nlohmann::json{{"detail", "Role not found"}});
  HttpReply bad = server.Get("/roles/x");
  CHECK(bad.status == 422);
  CHECK(bad.json == nlohmann::json{{"detail", "role_id must be an integer >= 1"}});
}

TEST_CASE("GET /versions lists every known version", "[db][web][versions]") {
  TestServer server;
  HttpReply versions = server.Get("/versions");
  REQUIRE(versions.status == 200);
  REQUIRE(versions.json.size() == 9);
  CHECK(versions.json[0] ==
        nlohmann::json{{"id", 1}, {"version", "0.1"}, {"supported", false}, {"sunset", nullptr}});
  CHECK(versions.json[8] ==
        nlohmann::json{{"id", 9}, {"version", "1.0"}, {"supported", true}, {"sunset", nullptr}});
}

TEST_CASE("health routes report liveness and database readiness", "[db][web][health]") {
  TestServer server;
  HttpReply live = server.Get("/healthz");
  CHECK(live.status == 200);
  CHECK(live.json == nlohmann::json{{"status", "ok"}});
  HttpReply ready = server.Get("/readyz");
  CHECK(ready.status == 200);
  CHECK(ready.json == nlohmann::json{{"status", "ready"}});
}

TEST_CASE("the root redirects to the docs", "[db][web][health]") {
  TestServer server;
  HttpReply root = server.Get("/");
  CHECK(root.status == 307);
  CHECK(root.Header("Location") == "/docs");
}
