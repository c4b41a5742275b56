// /users: create (admin), list, show, update (admin or self), disable.

#include <catch2/catch.hpp>

#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

namespace {

const nlohmann::json kForbidden = {
    {"detail", "Forbidden access: User cannot access this resource"}};

nlohmann::json Detail(const std::string& message) { return {{"detail", message}}; }

}  // namespace

TEST_CASE("POST /users creates a user and returns a generated password once", "[db][web][users]") {
  TestServer server;
  std::string admin = server.AdminToken();
  HttpReply created = server.Post("/users", {{"username", "bob"}, {"role_id", 2}}, admin);
  REQUIRE(created.status == 201);
  CHECK(created.json["id"] == 2);
  CHECK(created.json["username"] == "bob");
  CHECK(created.json["role_id"] == 2);
  CHECK(created.json["activated"] == true);
  CHECK(created.json["created_at"] == "2023-10-15T20:40:10Z");
  CHECK(created.json["updated_at"] == nullptr);
  REQUIRE(created.json["password"].is_string());
  std::string password = created.json["password"];
  CHECK(password.size() >= 12);
  CHECK(server.Login("bob", password).size() >= 128);

  HttpReply given = server.Post(
      "/users", {{"username", "carol"}, {"role_id", 1}, {"password", "carol-pass-1"}}, admin);
  REQUIRE(given.status == 201);
  CHECK_FALSE(given.json.contains("password"));
  CHECK_FALSE(given.json.contains("password_hash"));
}

TEST_CASE("POST /users refuses duplicates, unknown roles, bad input and non-admins",
          "[db][web][users]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  std::string admin = server.AdminToken();
  std::string bob = server.Login("bob", "bob-password-1");

  HttpReply taken = server.Post("/users", {{"username", "bob"}, {"role_id", 2}}, admin);
  CHECK(taken.status == 409);
  CHECK(taken.json == Detail("Username already taken"));
  HttpReply role = server.Post("/users", {{"username", "dave"}, {"role_id", 9}}, admin);
  CHECK(role.status == 400);
  CHECK(role.json == Detail("Role not found"));
  HttpReply name = server.Post("/users", {{"username", "a b"}, {"role_id", 2}}, admin);
  CHECK(name.status == 422);
  CHECK(name.json ==
        Detail("username 'a b' is invalid: use 1-30 letters, digits, '.', '_', '-' or '@'"));
  HttpReply missing = server.Post("/users", {{"role_id", 2}}, admin);
  CHECK(missing.status == 422);
  CHECK(missing.json == Detail("field 'username' is required"));
  HttpReply typed = server.Post("/users", {{"username", "dave"}, {"role_id", "2"}}, admin);
  CHECK(typed.status == 422);
  CHECK(typed.json == Detail("field 'role_id' must be an integer"));

  HttpReply forbidden = server.Post("/users", {{"username", "eve"}, {"role_id", 1}}, bob);
  CHECK(forbidden.status == 403);
  CHECK(forbidden.json == kForbidden);
}

TEST_CASE("GET /users pages and filters the users", "[db][web][users]") {
  TestServer server;
  for (int i = 0; i < 25; ++i) server.AddUser("user" + std::to_string(i), "user-password-1");
  std::string admin = server.AdminToken();

  HttpReply first = server.Get("/users", admin);
  REQUIRE(first.status == 200);
  CHECK(first.json["page"] == 1);
  CHECK(first.json["limit"] == 20);
  CHECK(first.json["total"] == 26);
  CHECK(first.json["users"].size() == 20);
  CHECK(first.json["users"][0]["username"] == "admin");

  HttpReply second = server.Get("/users?page=2&limit=20", admin);
  CHECK(second.json["users"].size() == 6);
  HttpReply clamped = server.Get("/users?limit=1000", admin);
  CHECK(clamped.json["limit"] == 20);
  CHECK(clamped.json["users"].size() == 20);

  HttpReply filtered = server.Get("/users?username=USER1&activated=true", admin);
  REQUIRE(filtered.status == 200);
  CHECK(filtered.json["total"] == 11);  // user1, user10..user19

  for (const char* query : {"page=0", "page=-2", "page=abc"}) {
    HttpReply bad = server.Get(std::string("/users?") + query, admin);
    CHECK(bad.status == 422);
    CHECK(bad.json == Detail("page must be an integer >= 1"));
  }
  HttpReply limit = server.Get("/users?limit=0", admin);
  CHECK(limit.json == Detail("limit must be an integer >= 1"));
  HttpReply activated = server.Get("/users?activated=maybe", admin);
  CHECK(activated.status == 422);
  CHECK(activated.json == Detail("activated must be true or false"));
}

TEST_CASE("GET /users/{user_id} shows one user", "[db][web][users]") {
  TestServer server;
  core::User bob = server.AddUser("bob", "bob-password-1");
  std::string token = server.Login("bob", "bob-password-1");
  HttpReply reply = server.Get("/users/1", token);
  REQUIRE(reply.status == 200);
  CHECK(reply.json["username"] == "admin");
  CHECK(server.Get("/users/" + std::to_string(bob.id), token).json["username"] == "bob");
  HttpReply missing = server.Get("/users/999", token);
  CHECK(missing.status == 404);
  CHECK(missing.json == Detail("User not found"));
  HttpReply bad = server.Get("/users/abc", token);
  CHECK(bad.status == 422);
  CHECK(bad.json == Detail("user_id must be an integer >= 1"));
}

TEST_CASE("PATCH /users/{user_id} lets users edit themselves and admins edit users",
          "[db][web][users]") {
  TestServer server;
  core::User bob = server.AddUser("bob", "bob-password-1");
  std::string bob_path = "/users/" + std::to_string(bob.id);
  std::string bob_token = server.Login("bob", "bob-password-1");
  server.clock().Advance(60);

  HttpReply renamed =
      server.Patch(bob_path, {{"username", "robert"}, {"password", "new-password-2"}}, bob_token);
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json["username"] == "robert");
  CHECK(renamed.json["updated_at"] == "2023-10-15T20:41:10Z");
  server.Login("robert", "new-password-2");

  std::string admin = server.AdminToken();
  HttpReply promoted = server.Patch(bob_path, {{"role_id", 1}, {"activated", true}}, admin);
  REQUIRE(promoted.status == 200);
  CHECK(promoted.json["role_id"] == 1);
}

TEST_CASE("PATCH /users/{user_id} refusals carry the SPEC messages", "[db][web][users]") {
  TestServer server;
  core::User bob = server.AddUser("bob", "bob-password-1");
  core::User root = server.AddUser("root", "root-password-1", core::kRoleAdmin);
  server.AddUser("carol", "carol-password-1");
  std::string bob_path = "/users/" + std::to_string(bob.id);
  std::string bob_token = server.Login("bob", "bob-password-1");
  std::string admin = server.AdminToken();

  auto check = [](const HttpReply& reply, int status, const std::string& detail) {
    CHECK(reply.status == status);
    CHECK(reply.json == Detail(detail));
  };
  check(server.Patch("/users/1", {{"username", "x"}}, bob_token), 403,
        "Forbidden access: Cannot edit a different User without being an admin");
  check(server.Patch("/users/" + std::to_string(root.id), {{"username", "x"}}, admin), 403,
        "Forbidden access: Cannot edit an admin user");
  check(server.Patch(bob_path, {{"role_id", 1}}, bob_token), 403,
        "Forbidden access: Cannot elevate your own permissions to Admin");
  check(server.Patch(bob_path, {{"activated", false}}, bob_token), 403,
        "Forbidden access: Cannot enable/disable a user as a non-admin user");
  check(server.Patch(bob_path, {{"username", "carol"}}, bob_token), 409, "Username already taken");
  check(server.Patch(bob_path, {{"role_id", 7}}, admin), 400, "Role not found");
  check(server.Patch("/users/999", {{"username", "x"}}, admin), 404, "User not found");
  check(server.Patch("/users/999", {{"username", "x"}}, bob_token), 404, "User not found");
  check(server.Patch(bob_path, {{"activated", "no"}}, admin), 422,
        "field 'activated' must be a boolean");
  check(server.Send({.method = "PATCH", .path = bob_path, .token = admin, .body = "{"}), 422,
        "request body is not valid JSON");
  check(server.Send({.method = "PATCH", .path = bob_path, .token = admin, .body = "[]"}), 422,
        "request body must be a JSON object");
}

TEST_CASE("DELETE /users/{user_id} disables the account and ends its sessions",
          "[db][web][users]") {
  TestServer server;
  core::User bob = server.AddUser("bob", "bob-password-1");
  server.AddUser("carol", "carol-password-1");
  std::string bob_path = "/users/" + std::to_string(bob.id);
  std::string bob_phone = server.Login("bob", "bob-password-1", "ios");
  std::string bob_web = server.Login("bob", "bob-password-1", "web");
  std::string carol = server.Login("carol", "carol-password-1");
  std::string admin = server.AdminToken();

  HttpReply foreign = server.Delete(bob_path, carol);
  CHECK(foreign.status == 403);
  CHECK(foreign.json == kForbidden);

  HttpReply disabled = server.Delete(bob_path, bob_web);
  CHECK(disabled.status == 200);
  CHECK(disabled.json == Detail("Disabled User " + std::to_string(bob.id)));
  CHECK(server.Get("/auth/me", bob_phone).status == 401);
  HttpReply shown = server.Get(bob_path, admin);
  CHECK(shown.json["activated"] == false);
  CHECK(server.Post("/auth/token", {{"username", "bob"}, {"password", "bob-password-1"}}).status ==
        401);

  HttpReply missing = server.Delete("/users/999", admin);
  CHECK(missing.status == 404);
  CHECK(missing.json == Detail("User not found"));
}
