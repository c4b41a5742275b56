// /auth/*: login (JSON and form), refresh rotation, me, logout, sessions.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>

#include "core/domain/actor.hpp"
#include "core/services/sessions.hpp"
#include "core/services/users.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::Call;
using test::HttpReply;
using test::TestServer;

namespace {

bool IsToken(const nlohmann::json& value) {
  if (!value.is_string()) return false;
  std::string text = value.get<std::string>();
  return text.size() >= 128 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0;
         });
}

void CheckUnauthorized(const HttpReply& reply, const std::string& detail) {
  CHECK(reply.status == 401);
  CHECK(reply.json == nlohmann::json{{"detail", detail}});
  CHECK(reply.Header("WWW-Authenticate") == "Bearer");
}

HttpReply FormLogin(const TestServer& server, const std::string& form) {
  return server.Send({.method = "POST",
                      .path = "/auth/token",
                      .body = form,
                      .content_type = "application/x-www-form-urlencoded"});
}

}  // namespace

TEST_CASE("POST /auth/token with JSON returns the token pair", "[db][web][auth]") {
  TestServer server;
  HttpReply reply =
      server.Post("/auth/token", {{"username", "admin"}, {"password", "admin-password-1"}});
  REQUIRE(reply.status == 200);
  CHECK(reply.json.size() == 5);
  CHECK(reply.json["id"] == 1);
  CHECK(IsToken(reply.json["access_token"]));
  CHECK(IsToken(reply.json["refresh_token"]));
  CHECK(reply.json["access_token"] != reply.json["refresh_token"]);
  CHECK(reply.json["expires"] == 7200);
  CHECK(reply.json["token_type"] == "bearer");
  CHECK(reply.Header("Cache-Control") == "no-store");
  CHECK(reply.Header("Content-Type") == "application/json");
}

TEST_CASE("POST /auth/token accepts the RFC 6749 password grant form", "[db][web][auth]") {
  TestServer server;
  HttpReply reply =
      FormLogin(server, "grant_type=password&username=admin&password=admin-password-1&scope=");
  REQUIRE(reply.status == 200);
  CHECK(IsToken(reply.json["access_token"]));
  CHECK(FormLogin(server, "username=admin&password=admin-password-1").status == 200);

  HttpReply other = FormLogin(server, "grant_type=client_credentials&username=admin&password=x");
  CHECK(other.status == 422);
  CHECK(other.json == nlohmann::json{{"detail", "grant_type must be 'password'"}});
  HttpReply missing = FormLogin(server, "grant_type=password&username=admin");
  CHECK(missing.status == 422);
  CHECK(missing.json == nlohmann::json{{"detail", "field 'password' is required"}});
}

TEST_CASE("a wrong password, unknown user or disabled account cannot log in", "[db][web][auth]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  core::User carol = server.AddUser("carol", "carol-password-1");
  REQUIRE(server.services().users()
              .Disable(core::Actor::System(), carol.id));
  for (auto [user, password] :
       {std::pair{"bob", "wrong-password"}, std::pair{"nobody", "bob-password-1"},
        std::pair{"carol", "carol-password-1"}}) {
    CheckUnauthorized(server.Post("/auth/token", {{"username", user}, {"password", password}}),
                      "Invalid credentials or inactive account");
  }
}

TEST_CASE("POST /auth/token names the missing or mistyped field", "[db][web][auth]") {
  TestServer server;
  HttpReply missing = server.Post("/auth/token", {{"username", "admin"}});
  CHECK(missing.status == 422);
  CHECK(missing.json == nlohmann::json{{"detail", "field 'password' is required"}});
  HttpReply typed = server.Post("/auth/token", {{"username", 7}, {"password", "x"}});
  CHECK(typed.status == 422);
  CHECK(typed.json == nlohmann::json{{"detail", "field 'username' must be a string"}});
}

TEST_CASE("POST /auth/refresh rotates both tokens and the old pair stops working",
          "[db][web][auth]") {
  TestServer server;
  HttpReply login =
      server.Post("/auth/token", {{"username", "admin"}, {"password", "admin-password-1"}});
  REQUIRE(login.status == 200);
  std::string old_access = login.json["access_token"];
  std::string old_refresh = login.json["refresh_token"];

  HttpReply refreshed = server.Post("/auth/refresh", {{"refresh_token", old_refresh}});
  REQUIRE(refreshed.status == 200);
  CHECK(refreshed.json["id"] == 1);
  CHECK(refreshed.json["expires"] == 7200);
  CHECK(refreshed.json["token_type"] == "bearer");
  CHECK(refreshed.json["access_token"] != old_access);
  CHECK(refreshed.json["refresh_token"] != old_refresh);

  CheckUnauthorized(server.Get("/auth/me", old_access), "Invalid credentials");
  CHECK(server.Get("/auth/me", refreshed.json["access_token"]).status == 200);
  // Replaying the rotated-out refresh token ends the session (see
  // session_security_test.cpp).
  CheckUnauthorized(server.Post("/auth/refresh", {{"refresh_token", old_refresh}}),
                    "Invalid credentials");
  CheckUnauthorized(server.Get("/auth/me", refreshed.json["access_token"]), "Invalid credentials");

  HttpReply missing = server.Post("/auth/refresh", nlohmann::json::object());
  CHECK(missing.status == 422);
  CHECK(missing.json == nlohmann::json{{"detail", "field 'refresh_token' is required"}});
}

TEST_CASE("GET /auth/me returns the caller's public user", "[db][web][auth]") {
  TestServer server;
  HttpReply reply = server.Get("/auth/me", server.AdminToken());
  REQUIRE(reply.status == 200);
  CHECK(reply.json == nlohmann::json{{"id", 1},
                                     {"username", "admin"},
                                     {"role_id", 1},
                                     {"activated", true},
                                     {"created_at", "2023-10-15T20:40:10Z"},
                                     {"updated_at", nullptr}});
}

TEST_CASE("protected routes answer 401 with WWW-Authenticate: Bearer", "[db][web][auth]") {
  TestServer server;
  std::string token = server.AdminToken();
  CheckUnauthorized(server.Get("/auth/me"), "Not authenticated");
  CheckUnauthorized(server.Get("/auth/me", "not-a-token"), "Invalid credentials");
  CheckUnauthorized(
      server.Send({.path = "/auth/me", .headers = {{"Authorization", "Basic YWRtaW46eA=="}}}),
      "Not authenticated");
  // The old application accepted the bare token too.
  HttpReply bare = server.Send({.path = "/auth/me", .headers = {{"Authorization", token}}});
  CHECK(bare.status == 200);
}

TEST_CASE("an access token expires after its lifetime", "[db][web][auth]") {
  TestServer server;
  std::string token = server.AdminToken();
  server.clock().Advance(7199);
  CHECK(server.Get("/auth/me", token).status == 200);
  server.clock().Advance(1);
  CheckUnauthorized(server.Get("/auth/me", token), "Invalid credentials");
}

TEST_CASE("POST /auth/logout ends only the current session", "[db][web][auth]") {
  TestServer server;
  std::string web_token = server.Login("admin", "admin-password-1", "web");
  std::string ios_token = server.Login("admin", "admin-password-1", "ios");
  HttpReply reply = server.Post("/auth/logout", nlohmann::json::object(), web_token);
  CHECK(reply.status == 200);
  CHECK(reply.json == nlohmann::json{{"detail", "User 1 successfully logged out"}});
  CheckUnauthorized(server.Get("/auth/me", web_token), "Invalid credentials");
  CHECK(server.Get("/auth/me", ios_token).status == 200);
  CheckUnauthorized(server.Post("/auth/logout", nlohmann::json::object()), "Not authenticated");
}

TEST_CASE("GET /auth/sessions lists the caller's sessions without tokens", "[db][web][auth]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  server.Login("bob", "bob-password-1", "android");
  std::string web_token = server.Login("admin", "admin-password-1", "web");
  server.clock().Advance(5);
  std::string ios_token = server.Login("admin", "admin-password-1", "ios");

  HttpReply reply = server.Get("/auth/sessions", ios_token);
  REQUIRE(reply.status == 200);
  REQUIRE(reply.json.size() == 2);
  CHECK(reply.json[0]["platform"] == "ios");
  CHECK(reply.json[1]["platform"] == "web");
  for (const nlohmann::json& session : reply.json) {
    CHECK(session["user_id"] == 1);
    for (const char* key :
         {"id", "created_at", "last_used_at", "access_expires_at", "refresh_expires_at"}) {
      CHECK(session.contains(key));
    }
    CHECK(session.dump().find("token\"") == std::string::npos);
  }
  CHECK(reply.json[1]["created_at"] == "2023-10-15T20:40:10Z");
  CHECK(reply.json[1]["access_expires_at"] == "2023-10-15T22:40:10Z");
  CheckUnauthorized(server.Get("/auth/sessions"), "Not authenticated");
}

TEST_CASE("the oldest session is evicted beyond the per-user cap", "[db][web][auth]") {
  web::ServerOptions options;
  options.auth.max_sessions_per_user = 3;
  TestServer server(options);
  std::vector<std::string> tokens;
  for (int i = 0; i < 4; ++i) {
    tokens.push_back(server.Login("admin", "admin-password-1", "device" + std::to_string(i)));
    server.clock().Advance(1);
  }
  CheckUnauthorized(server.Get("/auth/me", tokens[0]), "Invalid credentials");
  for (int i = 1; i < 4; ++i) CHECK(server.Get("/auth/me", tokens[i]).status == 200);
  HttpReply sessions = server.Get("/auth/sessions", tokens[3]);
  REQUIRE(sessions.json.size() == 3);
  CHECK(sessions.json[2]["platform"] == "device1");
}

TEST_CASE("DELETE /auth/sessions/{session_id} revokes own sessions, admins anyone's",
          "[db][web][auth]") {
  TestServer server;
  server.AddUser("bob", "bob-password-1");
  std::string admin = server.AdminToken();
  std::string bob_phone = server.Login("bob", "bob-password-1", "ios");
  server.clock().Advance(1);
  std::string bob_web = server.Login("bob", "bob-password-1", "web");
  HttpReply listed = server.Get("/auth/sessions", bob_web);
  REQUIRE(listed.json.size() == 2);
  std::int64_t web_id = listed.json[0]["id"];
  std::int64_t phone_id = listed.json[1]["id"];

  HttpReply foreign = server.Delete("/auth/sessions/1", bob_web);
  CHECK(foreign.status == 403);
  CHECK(foreign.json ==
        nlohmann::json{{"detail", "Forbidden access: User cannot access this resource"}});

  HttpReply own = server.Delete("/auth/sessions/" + std::to_string(phone_id), bob_web);
  CHECK(own.status == 200);
  CHECK(own.json == nlohmann::json{{"detail", "Revoked Session " + std::to_string(phone_id)}});
  CheckUnauthorized(server.Get("/auth/me", bob_phone), "Invalid credentials");

  CHECK(server.Delete("/auth/sessions/" + std::to_string(web_id), admin).status == 200);
  CheckUnauthorized(server.Get("/auth/me", bob_web), "Invalid credentials");

  HttpReply missing = server.Delete("/auth/sessions/999", admin);
  CHECK(missing.status == 404);
  CHECK(missing.json == nlohmann::json{{"detail", "Session not found"}});
  HttpReply bad = server.Delete("/auth/sessions/abc", admin);
  CHECK(bad.status == 422);
  CHECK(bad.json == nlohmann::json{{"detail", "session_id must be an integer >= 1"}});
  CheckUnauthorized(server.Delete("/auth/sessions/1", ""), "Not authenticated");
}
