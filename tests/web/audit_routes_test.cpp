// GET /audit: the audit trail for admins; API changes recorded with the
// caller and its address; the itemctl_audit_events metric.

#include <catch2/catch.hpp>

#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

TEST_CASE("API changes are recorded with the caller and its address and listed by GET /audit",
          "[db][web][audit]") {
  TestServer server;
  std::string admin = server.AdminToken();
  HttpReply created = server.Post(
      "/users", {{"username", "bob"}, {"role_id", 2}, {"password", "bob-password-1"}}, admin);
  REQUIRE(created.status == 201);
  REQUIRE(server.Patch("/users/2", {{"password", "bob-password-2"}}, admin).status == 200);
  REQUIRE(server.Delete("/users/2", admin).status == 200);

  HttpReply listed = server.Get("/audit", admin);
  REQUIRE(listed.status == 200);
  CHECK(listed.json["page"] == 1);
  CHECK(listed.json["limit"] == 20);
  CHECK(listed.json["total"] == 4);  // the start-up's admin, then the three above
  const nlohmann::json& events = listed.json["events"];
  REQUIRE(events.size() == 4);
  CHECK(events[0] == nlohmann::json{{"id", 4},
                                    {"at", "2023-10-15T20:40:10Z"},
                                    {"actor", "admin"},
                                    {"actor_id", 1},
                                    {"source", "api"},
                                    {"address", "127.0.0.1"},
                                    {"action", "user.disable"},
                                    {"target", {{"type", "user"}, {"id", 2}, {"name", "bob"}}},
                                    {"changes", {{"activated", false}}}});
  CHECK(events[1]["action"] == "user.passwd");
  CHECK(events[1]["changes"] == nlohmann::json{{"password", "(changed)"}});
  CHECK(events[2]["action"] == "user.add");
  CHECK(events[2]["changes"] == nlohmann::json{{"username", "bob"}, {"role_id", 2}});
  CHECK(events[3]["source"] == "cli");
  CHECK(events[3]["address"] == nullptr);
  CHECK(listed.body.find("bob-password") == std::string::npos);

  HttpReply filtered = server.Get("/audit?action=user.passwd&actor=admin", admin);
  REQUIRE(filtered.status == 200);
  CHECK(filtered.json["total"] == 1);
  CHECK(filtered.json["events"][0]["id"] == 3);

  CHECK(server.Get("/audit?since=2023-10-15", admin).json["total"] == 4);
  CHECK(server.Get("/audit?since=2023-10-15T20:40:11Z", admin).json["total"] == 0);
  HttpReply bad_since = server.Get("/audit?since=yesterday", admin);
  CHECK(bad_since.status == 422);
  CHECK(bad_since.json == nlohmann::json{{"detail", "since 'yesterday' is invalid: use 2027-01-31 "
                                                    "(midnight UTC) or 2027-01-31T12:00:00Z"}});
}

TEST_CASE("GET /audit is for admins only and checks its query", "[db][web][audit]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  std::string bob = server.Login("bob", "bob-password-1");
  HttpReply denied = server.Get("/audit", bob);
  CHECK(denied.status == 403);
  CHECK(denied.json ==
        nlohmann::json{{"detail", "Forbidden access: User cannot access this resource"}});
  CHECK(server.Get("/audit").status == 401);

  std::string admin = server.AdminToken();
  HttpReply unknown = server.Get("/audit?action=user.explode", admin);
  CHECK(unknown.status == 422);
  CHECK(unknown.json["detail"].get<std::string>().rfind("action 'user.explode' is not one of", 0) ==
        0);
  CHECK(server.Get("/audit?page=0", admin).status == 422);
}

TEST_CASE("reads and a user's own changes through the API record nothing", "[db][web][audit]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  std::string bob = server.Login("bob", "bob-password-1");
  std::string admin = server.AdminToken();
  auto count = [&] { return server.Get("/audit", admin).json["total"].get<int>(); };
  int before = count();
  CHECK(server.Get("/users", bob).status == 200);
  CHECK(server.Get("/items", bob).status == 200);
  HttpReply item = server.Post("/items", {{"name", "lamp"}}, bob);
  REQUIRE(item.status == 201);
  CHECK(server.Patch("/items/1", {{"name", "lamp 2"}}, bob).status == 200);
  CHECK(server.Delete("/items/1", bob).status == 200);
  CHECK(count() == before);

  HttpReply other = server.Post("/items", {{"name", "desk"}}, bob);
  REQUIRE(other.status == 201);
  CHECK(server.Delete("/items/2", admin).status == 200);
  HttpReply newest = server.Get("/audit?limit=1", admin);
  CHECK(newest.json["events"][0]["action"] == "item.delete");
  CHECK(newest.json["events"][0]["target"]["name"] == "desk");
  CHECK(count() == before + 1);
}

TEST_CASE("the audit metric counts the kept events by action", "[db][web][audit]") {
  TestServer server;
  std::string admin = server.AdminToken();
  REQUIRE(server.Post("/users", {{"username", "bob"}, {"role_id", 2}}, admin).status == 201);
  REQUIRE(server.Post("/users", {{"username", "eve"}, {"role_id", 2}}, admin).status == 201);
  REQUIRE(server.Delete("/users/3", admin).status == 200);
  HttpReply metrics = server.Get("/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.body.find("itemctl_audit_events{action=\"user.add\"} 3") != std::string::npos);
  CHECK(metrics.body.find("itemctl_audit_events{action=\"user.disable\"} 1") !=
        std::string::npos);
}
