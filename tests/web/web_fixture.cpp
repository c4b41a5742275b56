#include "tests/web/web_fixture.hpp"

#include <catch2/catch.hpp>
#include <spdlog/spdlog.h>

#include "core/domain/actor.hpp"
#include "core/services/bootstrap.hpp"
#include "core/services/users.hpp"
#include "core/storage/open_backend.hpp"

namespace itemctl::test {

namespace {

// 8 KiB, one pass: hashing stays real Argon2id but costs microseconds.
constexpr core::Argon2Params kFastArgon2{8, 1, 1};

}  // namespace

std::string HttpReply::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

TestServer::TestServer(web::ServerOptions options, core::HashingLimits hashing)
    : hasher_("web-test-pepper-0123456789", kFastArgon2, std::move(hashing)) {
  services_ = std::make_unique<ServicesOn>(db_path(), clock_, &hasher_,
                                           core::OpenMode::kCreateIfMissing);
  auto report = core::Bootstrap(**services_, core::Actor::System(), std::string(kAdminPassword));
  REQUIRE(report);
  REQUIRE(report->admin_created);

  // spdlog builds its registry on first use, inside Debian's uninstrumented
  // libspdlog, where ThreadSanitizer cannot see the static's guard. Built
  // here, before the server's threads, it is ordered before every log line;
  // built lazily by a worker's first line, it looked like a race with the
  // cron thread's first line (the tsan stage's one failure).
  spdlog::default_logger_raw();
  options.db_path = db_path();
  options.host = "127.0.0.1";
  options.port = 0;
  if (options.threads == 0) options.threads = 16;
  auto server = web::Server::Create(options, clock_, hasher_);
  REQUIRE(server);
  server_ = std::move(*server);
  REQUIRE(server_->Listen());
  port_ = server_->port();
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() { Stop(); }

void TestServer::Stop() {
  if (!thread_.joinable()) return;
  server_->Stop();
  thread_.join();
}

HttpReply TestServer::Send(const Call& call) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  httplib::Headers headers = call.headers;
  if (!call.token.empty()) headers.emplace("Authorization", "Bearer " + call.token);
  httplib::Result result = [&] {
    const std::string body = call.body.value_or("");
    const char* type = call.content_type.c_str();
    if (call.method == "GET") return client.Get(call.path.c_str(), headers);
    if (call.method == "POST") return client.Post(call.path.c_str(), headers, body, type);
    if (call.method == "PATCH") return client.Patch(call.path.c_str(), headers, body, type);
    if (call.method == "PUT") return client.Put(call.path.c_str(), headers, body, type);
    if (call.method == "DELETE") {
      return call.body ? client.Delete(call.path.c_str(), headers, body, type)
                       : client.Delete(call.path.c_str(), headers);
    }
    return client.Options(call.path.c_str(), headers);
  }();
  HttpReply reply;
  if (!result) {
    // No assertion here: helper threads call Send too, and Catch2's
    // assertions belong to the test's thread. Status 0 fails any check.
    reply.body = "transport error: " + httplib::to_string(result.error());
    return reply;
  }
  reply.status = result->status;
  reply.body = result->body;
  reply.headers = result->headers;
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  return reply;
}

HttpReply TestServer::Get(const std::string& path, const std::string& token) const {
  return Send({.method = "GET", .path = path, .token = token});
}

HttpReply TestServer::Post(const std::string& path, const nlohmann::json& body,
                           const std::string& token) const {
  return Send({.method = "POST", .path = path, .token = token, .body = body.dump()});
}

HttpReply TestServer::Patch(const std::string& path, const nlohmann::json& body,
                            const std::string& token) const {
  return Send({.method = "PATCH", .path = path, .token = token, .body = body.dump()});
}

HttpReply TestServer::Delete(const std::string& path, const std::string& token) const {
  return Send({.method = "DELETE", .path = path, .token = token});
}

std::string TestServer::Login(const std::string& username, const std::string& password,
                              const std::string& platform) const {
  HttpReply reply =
      Post("/auth/token", {{"username", username}, {"password", password}, {"platform", platform}});
  REQUIRE(reply.status == 200);
  return reply.json.at("access_token").get<std::string>();
}

core::User TestServer::AddUser(const std::string& username, const std::string& password,
                               core::Id role_id) {
  core::Users users = (**services_).users();
  auto created = users.Add(core::Actor::System(), core::NewUser{username, role_id, password});
  REQUIRE(created);
  return created->user;
}

}  // namespace itemctl::test
