// SPEC §8 "Argon2 work is bounded" over HTTP: with every hashing slot held, a
// login waits its deadline and gets 503 + Retry-After: 1, while requests
// that hash nothing answer as usual.

#include <httplib.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "tests/hash_gate.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using namespace std::chrono_literals;
using test::HttpReply;
using test::TestServer;

TEST_CASE("a login with every hashing slot busy gets 503 and Retry-After: 1",
          "[db][web][hashing]") {
  test::HashGate gate;
  // The wait bound only ends the login that finds the slot held (by the
  // gate, for as long as the test wants); it is long enough that a free
  // slot is always taken in time on a loaded machine or under a sanitizer.
  TestServer server({}, core::HashingLimits{1, 1s, gate.Hook()});
  std::string token = server.AdminToken();

  // A first login takes the only slot and stays on it. It runs on its own
  // thread with a bare client: no Catch2 assertion may run there.
  gate.Hold(1);
  int held_status = 0;
  std::thread held([&] {
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(30);
    const std::string body = R"({"username":"admin","password":"admin-password-1"})";
    httplib::Result result = client.Post("/auth/token", body, "application/json");
    if (result) held_status = result->status;
  });
  gate.WaitUntilHeld();

  HttpReply busy =
      server.Post("/auth/token", {{"username", "admin"}, {"password", test::kAdminPassword}});
  HttpReply health = server.Get("/healthz");
  HttpReply me = server.Get("/auth/me", token);
  gate.Release();
  held.join();

  CHECK(busy.status == 503);
  CHECK(busy.json ==
        nlohmann::json{{"detail", "Too many password checks in progress, retry shortly"}});
  CHECK(busy.Header("Retry-After") == "1");
  CHECK(health.status == 200);
  CHECK(health.json == nlohmann::json{{"status", "ok"}});
  CHECK(me.status == 200);
  CHECK(me.json.at("username") == "admin");
  CHECK(held_status == 200);
  // The slot is free again: a login succeeds.
  CHECK(server.Post("/auth/token", {{"username", "admin"}, {"password", test::kAdminPassword}})
            .status == 200);
}
