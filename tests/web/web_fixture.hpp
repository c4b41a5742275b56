#pragma once
// A real itemctl server for HTTP tests: a migrated temporary database with an
// `admin` (password kAdminPassword), a ManualClock the test moves, cheap
// Argon2 parameters, and web::Server on an ephemeral 127.0.0.1 port served
// on a background thread. Requests go through httplib::Client, one
// connection per call, so helpers are safe from several threads. A second
// way into the same database (services()) plays the CLI.

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/domain/clock.hpp"
#include "core/domain/models.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/service_set.hpp"
#include "tests/test_support.hpp"
#include "web/server.hpp"

namespace itemctl::test {

inline constexpr const char* kAdminPassword = "admin-password-1";

struct HttpReply {
  int status = 0;
  std::string body;
  nlohmann::json json;  // discarded when the body is not JSON
  httplib::Headers headers;

  std::string Header(const std::string& name) const;
  bool HasHeader(const std::string& name) const { return headers.count(name) > 0; }
};

struct Call {
  std::string method = "GET";
  std::string path{};
  std::string token{};                // sent as `Authorization: Bearer <token>`
  std::optional<std::string> body{};  // sent as application/json unless content_type says
  std::string content_type = "application/json";
  httplib::Headers headers{};  // extra headers (X-Version, a raw Authorization...)
};

class TestServer {
 public:
  // `options` apart from db_path, host and port, which the fixture sets.
  // `hashing` bounds the server's Argon2 work (by default 4 workers, no wait
  // limit); its hook also runs for the admin's hash made at start-up.
  explicit TestServer(web::ServerOptions options = {}, core::HashingLimits hashing = {4, {}, {}});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Status 0 and the error in `body` when the exchange itself failed. Safe
  // from any thread (it asserts nothing).
  HttpReply Send(const Call& call) const;
  HttpReply Get(const std::string& path, const std::string& token = "") const;
  HttpReply Post(const std::string& path, const nlohmann::json& body,
                 const std::string& token = "") const;
  HttpReply Patch(const std::string& path, const nlohmann::json& body,
                  const std::string& token) const;
  HttpReply Delete(const std::string& path, const std::string& token) const;

  // POST /auth/token; REQUIREs 200 and returns the access token.
  std::string Login(const std::string& username, const std::string& password,
                    const std::string& platform = "web") const;
  std::string AdminToken() const { return Login("admin", kAdminPassword); }
  // Creates a user through core as the system actor (like `itemctl user add`).
  core::User AddUser(const std::string& username, const std::string& password,
                     core::Id role_id = core::kRoleUser);

  // Stops the server and waits for Run() to return. Idempotent.
  void Stop();
  web::Server& server() { return *server_; }
  int port() const { return port_; }
  core::ManualClock& clock() { return clock_; }
  const core::PasswordHasher& hasher() const { return hasher_; }
  // The CLI's services on the server's database.
  const core::ServiceSet& services() { return **services_; }
  // The --db value of the server's database (engine under test).
  const std::string& db_path() const { return db_.url(); }

 private:
  TempDir dir_;
  ScratchDatabase db_{dir_};  // outlives the server and services below
  core::ManualClock clock_{kEpoch};
  core::PasswordHasher hasher_;
  std::unique_ptr<ServicesOn> services_;
  std::unique_ptr<web::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace itemctl::test
