// Behaviour common to every route: versioning, JSON errors for what no route
// handles, limits, the access log, option checks, start and stop.

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/services/bootstrap.hpp"
#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/services/sessions.hpp"
#include "core/services/users.hpp"
#include "core/services/versions.hpp"
#include "tests/web/raw_socket.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::Call;
using test::HttpReply;
using test::TestServer;

namespace {

// A log sink that opens once a line containing `needle` is logged, so a test
// waits for an event of another thread instead of sleeping.
class LineLatch final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit LineLatch(std::string needle) : needle_(std::move(needle)) {}
  // False only if the line never came (the bound keeps a broken server from
  // hanging the suite; it orders nothing).
  bool Wait(std::chrono::seconds bound) {
    std::unique_lock<std::mutex> lock(seen_mutex_);
    return seen_cv_.wait_for(lock, bound, [this] { return seen_; });
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (std::string_view(msg.payload.data(), msg.payload.size()).find(needle_) ==
        std::string_view::npos) {
      return;
    }
    {
      std::lock_guard<std::mutex> lock(seen_mutex_);
      seen_ = true;
    }
    seen_cv_.notify_all();
  }
  void flush_() override {}

 private:
  std::string needle_;
  std::mutex seen_mutex_;
  std::condition_variable seen_cv_;
  bool seen_ = false;
};

nlohmann::json Detail(const std::string& message) { return {{"detail", message}}; }

HttpReply WithVersion(const TestServer& server, const std::string& path, const std::string& version,
                      const std::string& token = "") {
  return server.Send({.path = path, .token = token, .headers = {{"X-Version", version}}});
}

}  // namespace

TEST_CASE("X-Version: absent or supported proceeds, unsupported or unknown is 426",
          "[db][web][versions]") {
  TestServer server;
  CHECK(server.Get("/roles").status == 200);
  CHECK(WithVersion(server, "/roles", "1.0").status == 200);
  for (const char* refused : {"0.1", "0.8", "9.9", "1.0; DROP TABLE"}) {
    HttpReply reply = WithVersion(server, "/roles", refused);
    CHECK(reply.status == 426);
    CHECK(reply.json == Detail("Version not supported anymore"));
  }
}

TEST_CASE("the version check runs before authentication", "[db][web][versions]") {
  TestServer server;
  HttpReply reply = WithVersion(server, "/auth/me", "0.3");
  CHECK(reply.status == 426);
  CHECK(reply.json == Detail("Version not supported anymore"));
  CHECK(WithVersion(server, "/auth/me", "1.0").status == 401);
  HttpReply login = server.Send({.method = "POST",
                                 .path = "/auth/token",
                                 .body = R"({"username":"admin","password":"wrong-password"})",
                                 .headers = {{"X-Version", "0.3"}}});
  CHECK(login.status == 426);
}

TEST_CASE("versions, health and the root redirect ignore X-Version", "[db][web][versions]") {
  TestServer server;
  CHECK(WithVersion(server, "/versions", "0.1").status == 200);
  CHECK(WithVersion(server, "/healthz", "0.1").status == 200);
  CHECK(WithVersion(server, "/readyz", "0.1").status == 200);
  CHECK(WithVersion(server, "/", "0.1").status == 307);
}

TEST_CASE("changes made by the CLI while serving apply to the next request", "[db][web][cli]") {
  TestServer server;
  core::User bob = server.AddUser("bob", "bob-password-1");
  core::User carol = server.AddUser("carol", "carol-password-1");
  std::string bob_token = server.Login("bob", "bob-password-1");
  std::string carol_token = server.Login("carol", "carol-password-1");
  REQUIRE(WithVersion(server, "/auth/me", "1.0", bob_token).status == 200);

  SECTION("deprecating a version") {
    REQUIRE(server.services().versions().SetSupported(core::Actor::System(), "1.0", false));
    HttpReply reply = WithVersion(server, "/auth/me", "1.0", bob_token);
    CHECK(reply.status == 426);
    CHECK(reply.json == Detail("Version not supported anymore"));
    REQUIRE(server.services().versions().SetSupported(core::Actor::System(), "1.0", true));
    CHECK(WithVersion(server, "/auth/me", "1.0", bob_token).status == 200);
  }
  SECTION("disabling a user") {
    REQUIRE(server.services().users()
                .Disable(core::Actor::System(), bob.id));
    HttpReply reply = server.Get("/auth/me", bob_token);
    CHECK(reply.status == 401);
    CHECK(reply.json == Detail("Invalid credentials"));
    CHECK(server.Get("/auth/me", carol_token).status == 200);
  }
  SECTION("revoking a session") {
    core::Sessions sessions = server.services().sessions();
    auto listed = sessions.ListForUser(carol.id);
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    REQUIRE(sessions.Revoke(core::Actor::System(), listed->front().id));
    CHECK(server.Get("/auth/me", carol_token).status == 401);
    CHECK(server.Get("/auth/me", bob_token).status == 200);
  }
}

TEST_CASE("unknown paths are 404 and wrong methods 405, both in JSON", "[db][web][errors]") {
  TestServer server;
  for (const Call& call :
       {Call{.path = "/nope"}, Call{.method = "POST", .path = "/nope", .body = "{}"},
        Call{.path = "/items/1/extra"}, Call{.path = "/users//"}}) {
    HttpReply reply = server.Send(call);
    CHECK(reply.status == 404);
    CHECK(reply.json == Detail("Not Found"));
    CHECK(reply.Header("Content-Type") == "application/json");
  }
  HttpReply put = server.Send({.method = "PUT", .path = "/items", .body = "{}"});
  CHECK(put.status == 405);
  CHECK(put.json == Detail("Method Not Allowed"));
  CHECK(put.Header("Allow") == "POST, GET");
  HttpReply options = server.Send({.method = "OPTIONS", .path = "/roles/1"});
  CHECK(options.status == 405);
  CHECK(options.Header("Allow") == "GET");
}

TEST_CASE("a trailing slash redirects to the route without it", "[db][web][errors]") {
  TestServer server;
  HttpReply reply = server.Get("/items/?page=2");
  CHECK(reply.status == 307);
  CHECK(reply.Header("Location") == "/items?page=2");
}

TEST_CASE("oversized bodies get 413 and overlong paths 414, in JSON", "[db][web][errors]") {
  web::ServerOptions options;
  options.max_body_bytes = 1024;
  TestServer server(options);
  std::string admin = server.AdminToken();
  nlohmann::json big = {{"name", "big"}, {"description", std::string(4096, 'x')}};
  HttpReply large = server.Post("/items", big, admin);
  CHECK(large.status == 413);
  CHECK(large.json == Detail("request body exceeds 1024 bytes"));
  CHECK(server.Post("/items", {{"name", "small"}}, admin).status == 201);

  std::string long_path = "/items/" + std::string(3000, '1');
  for (const char* method : {"GET", "POST"}) {
    HttpReply reply =
        server.Send({.method = method, .path = long_path, .token = admin, .body = "{}"});
    CHECK(reply.status == 414);
    CHECK(reply.json == Detail("URI Too Long"));
  }
}

TEST_CASE("a malformed request gets a JSON 400", "[db][web][errors]") {
  TestServer server;
  std::string response = test::RawExchange(server.port(), "BREW /coffee HTTP/1.1\r\n\r\n");
  CHECK(response.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(response.find("{\"detail\":\"Bad Request\"}") != std::string::npos);
}

TEST_CASE("every request is access-logged without tokens or passwords", "[db][web][log]") {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("access-test", sink));
  spdlog::set_level(spdlog::level::info);
  {
    TestServer server;
    std::string token = server.AdminToken();
    server.Send({.path = "/items?page=1&password=hunter2",
                 .token = token,
                 .headers = {{"X-Version", "1.0"}, {"User-Agent", "itemctl-test/1"}}});
  }
  spdlog::set_default_logger(previous);
  std::vector<std::string> lines = sink->last_formatted();
  std::string all;
  for (const std::string& line : lines) all += line;
  CHECK(all.find("\"POST /auth/token HTTP/1.1\" 200") != std::string::npos);
  CHECK(all.find("\"GET /items?page=1&password=*** HTTP/1.1\" 200") != std::string::npos);
  CHECK(all.find("version=1.0 agent=\"itemctl-test/1\"") != std::string::npos);
  CHECK(all.find("hunter2") == std::string::npos);
  CHECK(all.find("admin-password-1") == std::string::npos);
  CHECK(all.find("Bearer") == std::string::npos);
}

TEST_CASE("bad server options and unusable databases are refused at Create",
          "[sqlite][web][server]") {
  test::TempDir dir;
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("web-test-pepper-0123456789", {8, 1, 1});
  auto create = [&](web::ServerOptions options) {
    auto server = web::Server::Create(options, clock, hasher);
    REQUIRE_FALSE(server);
    return server.error();
  };
  web::ServerOptions options;
  options.db_path = dir.File("missing.db");
  CHECK(create(options).code == core::Errc::kStorage);

  REQUIRE(core::Database::Open(dir.File("empty.db"), core::OpenMode::kCreateIfMissing));
  options.db_path = dir.File("empty.db");
  core::Error outdated = create(options);
  CHECK(outdated.code == core::Errc::kSchemaOutOfDate);
  CHECK(outdated.message.find("run itemctl migrate") != std::string::npos);

  options.threads = -1;
  CHECK(create(options).message == "threads must be between 1 and 4096, got -1");
  options.threads = 0;
  options.port = 70000;
  CHECK(create(options).message == "port 70000 is out of range (0-65535)");
  options.port = 0;
  options.db_path = ":memory:";
  CHECK(create(options).message == "database ':memory:' cannot be served: the server needs a file");
}

TEST_CASE("a port already in use is refused by Listen", "[db][web][server]") {
  TestServer first;
  web::ServerOptions options;
  options.db_path = first.db_path();
  options.port = first.port();
  auto second = web::Server::Create(options, first.clock(), first.hasher());
  REQUIRE(second);
  core::Status listening = (*second)->Listen();
  REQUIRE_FALSE(listening);
  CHECK(listening.error().code == core::Errc::kInvalidArgument);
  CHECK(listening.error().message == "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                         ": address in use, unknown or not local");
}

TEST_CASE("Stop before Run makes Run return at once", "[db][web][server]") {
  TestServer fixture;
  web::ServerOptions options;
  options.db_path = fixture.db_path();
  options.port = 0;
  auto server = web::Server::Create(options, fixture.clock(), fixture.hasher());
  REQUIRE(server);
  REQUIRE((*server)->Listen());
  const int port = (*server)->port();
  (*server)->Stop();
  (*server)->Run();  // a Run that waited for requests would hang to ctest's timeout
  // Returning closed the listener: a connection now gets no answer.
  CHECK(test::RawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").empty());
}

TEST_CASE("Stop lets an in-flight request finish", "[db][web][server]") {
  TestServer server;
  std::string token = server.AdminToken();
  test::RawConnection connection(server.port());
  // A first request proves a worker holds this keep-alive connection.
  std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  connection.Send(get);
  CHECK(connection.ReadResponse().rfind("HTTP/1.1 200", 0) == 0);

  std::string body = R"({"name":"in flight"})";
  connection.Send("POST /items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                  "\r\nContent-Type: application/json\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5));
  // Stop() only asks: it returns at once, while this request is half sent.
  server.server().Stop();
  connection.Send(body.substr(5));
  std::string response = connection.ReadResponse();
  server.Stop();  // waits for Run() to return
  CHECK(response.rfind("HTTP/1.1 201", 0) == 0);
  CHECK(response.find("\"name\":\"in flight\"") != std::string::npos);
  CHECK(test::RawExchange(server.port(), get).empty());
}

TEST_CASE("a POST without Content-Length has an empty body and is answered at once",
          "[db][web][errors]") {
  TestServer server;
  std::string token = server.AdminToken();
  // A server waiting for a body would end this exchange with 408, not 200.
  std::string response = test::RawExchange(
      server.port(), "POST /auth/logout HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                         "\r\nConnection: close\r\n\r\n");
  CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(response.find(R"({"detail":"User 1 successfully logged out"})") != std::string::npos);
}

TEST_CASE("HEAD is served by the GET route without a body", "[db][web][errors]") {
  TestServer server;
  std::string response = test::RawExchange(
      server.port(), "HEAD /roles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(response.find("Content-Type: application/json") != std::string::npos);
  CHECK(response.substr(response.find("\r\n\r\n") + 4).empty());
}

TEST_CASE("serving purges expired sessions at start and logs the count", "[db][web][server]") {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  auto purge_logged = std::make_shared<LineLatch>("Tokens: expired tokens deleted: 1");
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "purge-test", spdlog::sinks_init_list{sink, purge_logged}));
  spdlog::set_level(spdlog::level::info);
  std::int64_t left = -1;
  {
    // The fixture's own server purges its own database; this test's server
    // gets a database of its own, so only its purge can delete the session.
    TestServer fixture;
    test::TempDir dir;
    test::ScratchDatabase purge_db(dir, "purge.db");
    auto backend =
        core::OpenBackend({.url = purge_db.url(), .mode = core::OpenMode::kCreateIfMissing});
    REQUIRE(backend);
    core::ServiceHub hub(std::move(*backend), core::ServiceDeps{fixture.clock(), &fixture.hasher()});
    {
      auto services = hub.Acquire();
      REQUIRE(services);
      REQUIRE(core::Bootstrap(**services, core::Actor::System(), std::string(test::kAdminPassword)));
      REQUIRE((*services)->sessions().Login("admin", test::kAdminPassword, "web"));
    }
    fixture.clock().Advance(core::AuthConfig{}.refresh_ttl_seconds + 1);

    web::ServerOptions options;
    options.db_path = purge_db.url();
    options.port = 0;
    auto server = web::Server::Create(options, fixture.clock(), fixture.hasher());
    REQUIRE(server);
    REQUIRE((*server)->Listen());
    std::thread runner([&] { (*server)->Run(); });
    // The purge logs its line once it has committed: wait for that line.
    bool logged = purge_logged->Wait(std::chrono::seconds(30));
    (*server)->Stop();
    runner.join();
    REQUIRE(logged);
    auto services = hub.Acquire();
    REQUIRE(services);
    auto all = (*services)->sessions().ListAll(std::nullopt);
    REQUIRE(all);
    left = static_cast<std::int64_t>(all->size());
  }
  spdlog::set_default_logger(previous);
  CHECK(left == 0);
  std::vector<std::string> lines = sink->last_formatted();
  CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find("Tokens: expired tokens deleted: 1") != std::string::npos;
  }));
}
