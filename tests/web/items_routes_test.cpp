// /items: create, list with filters, show, update and delete by owner or admin.

#include <catch2/catch.hpp>

#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

namespace {

const nlohmann::json kForbidden = {
    {"detail", "Forbidden access: User cannot access this resource"}};

nlohmann::json Detail(const std::string& message) { return {{"detail", message}}; }

// Two users with one item each: bob owns item 1, carol item 2.
struct TwoOwners {
  TestServer server;
  std::string admin, bob, carol;
  TwoOwners() {
    server.AddUser("bob", "bob-password-1");
    server.AddUser("carol", "carol-password-1");
    admin = server.AdminToken();
    bob = server.Login("bob", "bob-password-1");
    carol = server.Login("carol", "carol-password-1");
    REQUIRE(
        server.Post("/items", {{"name", "Hammer"}, {"description", "Steel claw"}}, bob).status ==
        201);
    REQUIRE(server.Post("/items", {{"name", "Saw"}}, carol).status == 201);
  }
};

}  // namespace

TEST_CASE("POST /items creates an item owned by the caller", "[db][web][items]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  std::string bob = server.Login("bob", "bob-password-1");
  HttpReply created = server.Post("/items", {{"name", "Hammer"}, {"description", "Steel"}}, bob);
  REQUIRE(created.status == 201);
  CHECK(created.json == nlohmann::json{{"id", 1},
                                       {"name", "Hammer"},
                                       {"description", "Steel"},
                                       {"user_id", 2},
                                       {"created_at", "2023-10-15T20:40:10Z"},
                                       {"updated_at", nullptr}});
  HttpReply bare = server.Post("/items", {{"name", "Saw"}, {"description", nullptr}}, bob);
  REQUIRE(bare.status == 201);
  CHECK(bare.json["description"] == nullptr);
}

TEST_CASE("POST /items refuses duplicates and malformed bodies", "[db][web][items]") {
  TwoOwners f;
  HttpReply duplicate = f.server.Post("/items", {{"name", "Hammer"}}, f.carol);
  CHECK(duplicate.status == 409);
  CHECK(duplicate.json == Detail("Item with the same name already exists"));

  auto check = [&](const test::Call& call, const std::string& detail) {
    HttpReply reply = f.server.Send(call);
    CHECK(reply.status == 422);
    CHECK(reply.json == Detail(detail));
  };
  check({.method = "POST", .path = "/items", .token = f.bob, .body = "{}"},
        "field 'name' is required");
  check({.method = "POST", .path = "/items", .token = f.bob}, "field 'name' is required");
  check({.method = "POST", .path = "/items", .token = f.bob, .body = "not json"},
        "request body is not valid JSON");
  check({.method = "POST", .path = "/items", .token = f.bob, .body = "[{\"name\":\"x\"}]"},
        "request body must be a JSON object");
  check({.method = "POST", .path = "/items", .token = f.bob, .body = R"({"name": 5})"},
        "field 'name' must be a string");
  check({.method = "POST",
         .path = "/items",
         .token = f.bob,
         .body = R"({"name": "x", "description": ["d"]})"},
        "field 'description' must be a string");
  // Deep nesting is refused by depth before any document is built (SPEC §8).
  check({.method = "POST",
         .path = "/items",
         .token = f.bob,
         .body = std::string(100000, '[') + std::string(100000, ']')},
        "request body nests deeper than 64 levels");
  CHECK(f.server.Post("/items", {{"name", "x"}}, "").status == 401);
}

TEST_CASE("GET /items filters case-insensitively and pages", "[db][web][items]") {
  TwoOwners f;
  for (int i = 0; i < 23; ++i) {
    REQUIRE(f.server.Post("/items", {{"name", "bolt-" + std::to_string(i)}}, f.bob).status == 201);
  }
  HttpReply all = f.server.Get("/items", f.carol);
  REQUIRE(all.status == 200);
  CHECK(all.json["page"] == 1);
  CHECK(all.json["limit"] == 20);
  CHECK(all.json["total"] == 25);
  CHECK(all.json["items"].size() == 20);
  CHECK(all.json["items"][0]["name"] == "Hammer");

  HttpReply last = f.server.Get("/items?page=3&limit=10", f.carol);
  CHECK(last.json["items"].size() == 5);
  HttpReply by_name = f.server.Get("/items?name=HAMM", f.carol);
  CHECK(by_name.json["total"] == 1);
  HttpReply by_description = f.server.Get("/items?description=claw", f.carol);
  REQUIRE(by_description.json["items"].size() == 1);
  CHECK(by_description.json["items"][0]["name"] == "Hammer");
  HttpReply clamped = f.server.Get("/items?limit=500", f.carol);
  CHECK(clamped.json["limit"] == 20);

  HttpReply zero = f.server.Get("/items?page=0", f.carol);
  CHECK(zero.status == 422);
  CHECK(zero.json == Detail("page must be an integer >= 1"));
  HttpReply text = f.server.Get("/items?limit=ten", f.carol);
  CHECK(text.status == 422);
  CHECK(text.json == Detail("limit must be an integer >= 1"));
}

TEST_CASE("GET /items?after_id pages on from the last id seen", "[db][web][items]") {
  TwoOwners f;
  for (int i = 0; i < 23; ++i) {
    REQUIRE(f.server.Post("/items", {{"name", "bolt-" + std::to_string(i)}}, f.bob).status == 201);
  }
  HttpReply first = f.server.Get("/items?limit=10", f.carol);
  REQUIRE(first.status == 200);
  std::int64_t last_seen = first.json["items"][9]["id"];
  HttpReply next = f.server.Get("/items?after_id=" + std::to_string(last_seen) + "&limit=10",
                                f.carol);
  REQUIRE(next.status == 200);
  CHECK(next.json["page"] == 1);
  CHECK(next.json["total"] == 25);
  REQUIRE(next.json["items"].size() == 10);
  CHECK(next.json["items"][0]["id"] == last_seen + 1);
  // The same rows as page 2.
  HttpReply page_two = f.server.Get("/items?page=2&limit=10", f.carol);
  CHECK(next.json["items"] == page_two.json["items"]);

  HttpReply filtered = f.server.Get("/items?name=BOLT-2&after_id=0", f.carol);
  REQUIRE(filtered.status == 200);
  CHECK(filtered.json["total"] == 4);  // bolt-2, bolt-20, bolt-21, bolt-22
  CHECK(filtered.json["items"].size() == 4);

  HttpReply both = f.server.Get("/items?page=2&after_id=10", f.carol);
  CHECK(both.status == 422);
  CHECK(both.json == Detail("page and after_id exclude each other: after_id pages on from the "
                            "last id seen, page counts from the first"));
  HttpReply negative = f.server.Get("/items?after_id=-1", f.carol);
  CHECK(negative.status == 422);
  CHECK(negative.json == Detail("after_id must be an integer >= 0"));
}

TEST_CASE("GET /items/{item_id} shows one item", "[db][web][items]") {
  TwoOwners f;
  HttpReply item = f.server.Get("/items/1", f.carol);
  REQUIRE(item.status == 200);
  CHECK(item.json["name"] == "Hammer");
  HttpReply missing = f.server.Get("/items/99", f.carol);
  CHECK(missing.status == 404);
  CHECK(missing.json == Detail("Item not found"));
  for (const char* bad : {"/items/abc", "/items/0", "/items/-1"}) {
    HttpReply reply = f.server.Get(bad, f.carol);
    CHECK(reply.status == 422);
    CHECK(reply.json == Detail("item_id must be an integer >= 1"));
  }
}

TEST_CASE("PATCH /items/{item_id} is for the owner and admins", "[db][web][items]") {
  TwoOwners f;
  f.server.clock().Advance(30);
  HttpReply renamed = f.server.Patch("/items/1", {{"name", "Claw hammer"}}, f.bob);
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json["name"] == "Claw hammer");
  CHECK(renamed.json["description"] == "Steel claw");
  CHECK(renamed.json["updated_at"] == "2023-10-15T20:40:40Z");
  CHECK(f.server.Patch("/items/1", {{"name", "Claw hammer"}}, f.bob).status == 200);
  CHECK(f.server.Patch("/items/2", {{"description", "Rip cut"}}, f.admin).status == 200);

  HttpReply taken = f.server.Patch("/items/1", {{"name", "Saw"}}, f.bob);
  CHECK(taken.status == 409);
  CHECK(taken.json == Detail("Item with the same name already exists"));
  HttpReply foreign = f.server.Patch("/items/2", {{"name", "Mine"}}, f.bob);
  CHECK(foreign.status == 403);
  CHECK(foreign.json == kForbidden);
  HttpReply missing = f.server.Patch("/items/99", {{"name", "x"}}, f.bob);
  CHECK(missing.status == 404);
  CHECK(missing.json == Detail("Item not found"));
  HttpReply typed = f.server.Patch("/items/1", {{"description", 3}}, f.bob);
  CHECK(typed.status == 422);
  CHECK(typed.json == Detail("field 'description' must be a string"));
}

TEST_CASE("DELETE /items/{item_id} is for the owner and admins", "[db][web][items]") {
  TwoOwners f;
  HttpReply foreign = f.server.Delete("/items/2", f.bob);
  CHECK(foreign.status == 403);
  CHECK(foreign.json == kForbidden);
  HttpReply own = f.server.Delete("/items/1", f.bob);
  CHECK(own.status == 200);
  CHECK(own.json == Detail("Deleted Item 1"));
  CHECK(f.server.Get("/items/1", f.bob).status == 404);
  CHECK(f.server.Delete("/items/2", f.admin).json == Detail("Deleted Item 2"));
  HttpReply missing = f.server.Delete("/items/2", f.admin);
  CHECK(missing.status == 404);
  CHECK(missing.json == Detail("Item not found"));
}
