// SPEC §8 over HTTP: password changes end sessions, refresh-token reuse ends
// the session (logged and counted), the absolute session lifetime, and the
// admin-safety rules of /users.

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

namespace {

struct Pair {
  std::string access;
  std::string refresh;
};

nlohmann::json Detail(const std::string& message) { return {{"detail", message}}; }

Pair LoginPair(const TestServer& server, const std::string& username, const std::string& password,
               const std::string& platform = "web") {
  HttpReply reply = server.Post(
      "/auth/token", {{"username", username}, {"password", password}, {"platform", platform}});
  REQUIRE(reply.status == 200);
  return Pair{reply.json["access_token"], reply.json["refresh_token"]};
}

HttpReply Refresh(const TestServer& server, const std::string& refresh_token) {
  return server.Post("/auth/refresh", {{"refresh_token", refresh_token}});
}

void CheckInvalidCredentials(const HttpReply& reply) {
  CHECK(reply.status == 401);
  CHECK(reply.json == Detail("Invalid credentials"));
}

}  // namespace

TEST_CASE("a self-service password change keeps the caller's session and ends the others",
          "[db][web][sessions]") {
  TestServer server;
  core::User bob = server.AddUser("bob", "bob-password-1");
  server.AddUser("carol", "carol-password-1");
  Pair web = LoginPair(server, "bob", "bob-password-1", "web");
  Pair ios = LoginPair(server, "bob", "bob-password-1", "ios");
  Pair carol = LoginPair(server, "carol", "carol-password-1");

  HttpReply changed =
      server.Patch("/users/" + std::to_string(bob.id), {{"password", "bob-password-2"}}, web.access);
  REQUIRE(changed.status == 200);
  CHECK(changed.json["username"] == "bob");

  CHECK(server.Get("/auth/me", web.access).status == 200);
  CheckInvalidCredentials(server.Get("/auth/me", ios.access));
  CheckInvalidCredentials(Refresh(server, ios.refresh));
  CHECK(Refresh(server, web.refresh).status == 200);
  CHECK(server.Get("/auth/me", carol.access).status == 200);
  server.Login("bob", "bob-password-2");
}

TEST_CASE("an admin changing a user's password ends all of that user's sessions",
          "[db][web][sessions]") {
  TestServer server;
  core::User bob = server.AddUser("bob", "bob-password-1");
  Pair web = LoginPair(server, "bob", "bob-password-1", "web");
  Pair ios = LoginPair(server, "bob", "bob-password-1", "ios");
  std::string admin = server.AdminToken();

  HttpReply changed =
      server.Patch("/users/" + std::to_string(bob.id), {{"password", "bob-password-2"}}, admin);
  REQUIRE(changed.status == 200);
  for (const Pair& pair : {web, ios}) {
    CheckInvalidCredentials(server.Get("/auth/me", pair.access));
    CheckInvalidCredentials(Refresh(server, pair.refresh));
  }
  CHECK(server.Get("/auth/me", admin).status == 200);
}

TEST_CASE("a replayed refresh token ends its session, is logged without the token and counted",
          "[db][web][sessions]") {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("reuse-test", sink));
  spdlog::set_level(spdlog::level::info);
  std::string metrics;
  Pair first;
  {
    TestServer server;
    server.AddUser("bob", "bob-password-1");
    first = LoginPair(server, "bob", "bob-password-1", "web");
    Pair other = LoginPair(server, "bob", "bob-password-1", "ios");
    HttpReply rotated = Refresh(server, first.refresh);
    REQUIRE(rotated.status == 200);
    std::string newest_access = rotated.json["access_token"];
    std::string newest_refresh = rotated.json["refresh_token"];
    REQUIRE(server.Get("/auth/me", newest_access).status == 200);

    HttpReply replayed = Refresh(server, first.refresh);
    CheckInvalidCredentials(replayed);
    CHECK(replayed.Header("WWW-Authenticate") == "Bearer");
    CheckInvalidCredentials(server.Get("/auth/me", newest_access));
    CheckInvalidCredentials(Refresh(server, newest_refresh));
    CHECK(server.Get("/auth/me", other.access).status == 200);
    CHECK(Refresh(server, other.refresh).status == 200);
    metrics = server.Get("/metrics").body;
  }
  spdlog::set_default_logger(previous);
  CHECK(metrics.find("\nitemctl_refresh_token_reuse_total 1\n") != std::string::npos);
  std::vector<std::string> lines = sink->last_formatted();
  int warnings = 0;
  for (const std::string& line : lines) {
    if (line.find("Refresh token reuse") == std::string::npos) continue;
    ++warnings;
    CHECK(line.find("[warning]") != std::string::npos);
    CHECK(line.find("session 1 (user 2, platform web)") != std::string::npos);
    CHECK(line.find(first.refresh) == std::string::npos);
  }
  CHECK(warnings == 1);
  for (const std::string& line : lines) CHECK(line.find(first.refresh) == std::string::npos);
}

TEST_CASE("refresh keeps a session only until --session-max-age after login",
          "[db][web][sessions]") {
  web::ServerOptions options;
  options.auth.access_ttl_seconds = 3600;
  options.auth.session_max_age_seconds = 3 * 3600 + 600;
  TestServer server(options);
  Pair pair = LoginPair(server, "admin", test::kAdminPassword);
  const core::UnixSeconds login = test::kEpoch;
  const core::UnixSeconds end = login + options.auth.session_max_age_seconds;

  for (core::UnixSeconds at = login + 3000; at < end; at += 3000) {
    server.clock().Set(at);
    INFO("refresh at +" << at - login << " s");
    HttpReply refreshed = Refresh(server, pair.refresh);
    REQUIRE(refreshed.status == 200);
    std::int64_t expires = refreshed.json["expires"];
    CHECK(at + expires <= end);
    CHECK(expires == std::min<std::int64_t>(3600, end - at));
    pair = Pair{refreshed.json["access_token"], refreshed.json["refresh_token"]};
  }
  server.clock().Set(end - 1);
  CHECK(server.Get("/auth/me", pair.access).status == 200);
  server.clock().Set(end);
  CheckInvalidCredentials(server.Get("/auth/me", pair.access));
  CheckInvalidCredentials(Refresh(server, pair.refresh));
}

TEST_CASE("the last admin cannot be demoted, disabled or deleted through the API",
          "[db][web][users]") {
  TestServer server;
  std::string admin = server.AdminToken();
  const nlohmann::json last_admin = Detail("Cannot remove the last admin");

  HttpReply demoted = server.Patch("/users/1", {{"role_id", 2}}, admin);
  CHECK(demoted.status == 409);
  CHECK(demoted.json == last_admin);
  HttpReply disabled = server.Patch("/users/1", {{"activated", false}}, admin);
  CHECK(disabled.status == 409);
  CHECK(disabled.json == last_admin);
  HttpReply deleted = server.Delete("/users/1", admin);
  CHECK(deleted.status == 409);
  CHECK(deleted.json == last_admin);

  HttpReply shown = server.Get("/users/1", admin);
  CHECK(shown.json["role_id"] == 1);
  CHECK(shown.json["activated"] == true);
  CHECK(shown.json["updated_at"] == nullptr);
}

TEST_CASE("with two active admins one may step down through the API", "[db][web][users]") {
  TestServer server;
  core::User root = server.AddUser("root", "root-password-1", core::kRoleAdmin);
  std::string root_token = server.Login("root", "root-password-1");
  std::string admin = server.AdminToken();

  HttpReply demoted = server.Patch("/users/" + std::to_string(root.id), {{"role_id", 2}}, root_token);
  CHECK(demoted.status == 200);
  CHECK(demoted.json["role_id"] == 2);
  HttpReply last = server.Delete("/users/1", admin);
  CHECK(last.status == 409);
  CHECK(last.json == Detail("Cannot remove the last admin"));
}

TEST_CASE("an admin cannot disable another admin through the API", "[db][web][users]") {
  TestServer server;
  core::User root = server.AddUser("root", "root-password-1", core::kRoleAdmin);
  std::string root_path = "/users/" + std::to_string(root.id);
  std::string admin = server.AdminToken();
  const nlohmann::json forbidden = Detail("Forbidden access: Cannot edit an admin user");

  HttpReply deleted = server.Delete(root_path, admin);
  CHECK(deleted.status == 403);
  CHECK(deleted.json == forbidden);
  HttpReply patched = server.Patch(root_path, {{"activated", false}}, admin);
  CHECK(patched.status == 403);
  CHECK(patched.json == forbidden);
  CHECK(server.Get(root_path, admin).json["activated"] == true);
  CHECK(server.Login("root", "root-password-1").size() >= 128);

  // An admin may still step down itself while another admin remains.
  std::string root_token = server.Login("root", "root-password-1");
  HttpReply self = server.Delete(root_path, root_token);
  CHECK(self.status == 200);
  CHECK(self.json == Detail("Disabled User " + std::to_string(root.id)));
}
