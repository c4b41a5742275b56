#include "web/docs.hpp"

#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/services/users.hpp"
#include "core/services/service_set.hpp"
#include "tests/test_support.hpp"
#include "web/openapi.hpp"

namespace itemctl::web {
namespace {

constexpr core::Argon2Params kFast{8, 1, 1};
constexpr std::string_view kClient = "192.0.2.1";

// "Basic base64(user:password)".
std::string BasicHeader(const std::string& user_password) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < user_password.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(user_password[i]) << 16) |
                 (static_cast<unsigned char>(user_password[i + 1]) << 8) |
                 static_cast<unsigned char>(user_password[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == user_password.size()) {
    unsigned n = static_cast<unsigned char>(user_password[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == user_password.size()) {
    unsigned n = (static_cast<unsigned char>(user_password[i]) << 16) |
                 (static_cast<unsigned char>(user_password[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return "Basic " + out;
}

// A check knowing alice (active), carol (disabled); "broken" fails to run.
core::Result<core::User> FakeCheck(std::string_view username, std::string_view password,
                                   std::string_view /*client_address*/) {
  if (username == "broken") return core::MakeError(core::Errc::kStorage, "database is locked");
  if (password != "right-password") {
    return core::MakeError(core::Errc::kUnauthenticated, "wrong password");
  }
  core::User user;
  user.id = 2;
  user.username = std::string(username);
  user.activated = username != "carol";
  if (username != "alice" && username != "carol") {
    return core::MakeError(core::Errc::kUnauthenticated, "unknown user");
  }
  return user;
}

// An httplib server on an ephemeral port, stopped on destruction.
class TinyServer {
 public:
  explicit TinyServer(httplib::Server& server) : server_(server) {
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // An answer (any status) proves the accept loop runs, so stop() in the
    // destructor cannot come before it and be lost.
    httplib::Client probe("127.0.0.1", port_);
    probe.set_read_timeout(30);
    REQUIRE(probe.Get("/__tiny_server_ready"));
  }
  ~TinyServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Client Client() const { return httplib::Client("127.0.0.1", port_); }

 private:
  httplib::Server& server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace

TEST_CASE("Basic credentials parse only from a well-formed header", "[db][web][docs]") {
  std::optional<BasicCredentials> parsed = ParseBasicAuthorization(BasicHeader("alice:pw:with:colons"));
  REQUIRE(parsed);
  CHECK(parsed->username == "alice");
  CHECK(parsed->password == "pw:with:colons");
  CHECK(ParseBasicAuthorization("basic " + BasicHeader("bob:x").substr(6))->username == "bob");
  CHECK(ParseBasicAuthorization(BasicHeader("ab:c"))->password == "c");
  CHECK(ParseBasicAuthorization(BasicHeader("ab:"))->password.empty());
  CHECK_FALSE(ParseBasicAuthorization(""));
  CHECK_FALSE(ParseBasicAuthorization("Bearer abc"));
  CHECK_FALSE(ParseBasicAuthorization("Basic "));
  CHECK_FALSE(ParseBasicAuthorization("Basic !!!!"));
  CHECK_FALSE(ParseBasicAuthorization("Basic YWxpY2U="));   // "alice": no colon
  CHECK_FALSE(ParseBasicAuthorization("Basic OnB3"));       // ":pw": no username
  CHECK_FALSE(ParseBasicAuthorization("Basic YWxpY2U6cHc"));  // missing padding
}

TEST_CASE("the docs refuse missing or wrong credentials with a Basic challenge",
          "[db][web][docs]") {
  Docs docs(BuildOpenApi("1.0.0"), FakeCheck);
  struct Case {
    std::string authorization;
    std::string detail;
  };
  for (const Case& c : {Case{"", "Not authenticated"}, Case{"Bearer abc", "Not authenticated"},
                        Case{BasicHeader("alice:wrong"), "Invalid credentials or inactive account"},
                        Case{BasicHeader("mallory:right-password"),
                             "Invalid credentials or inactive account"},
                        Case{BasicHeader("carol:right-password"),
                             "Invalid credentials or inactive account"}}) {
    INFO(c.authorization);
    for (const core::Result<AssetResponse>& response :
         {docs.Page(c.authorization, kClient), docs.OpenApi(c.authorization, kClient)}) {
      REQUIRE(response);
      CHECK(response->status == 401);
      CHECK(response->Header("WWW-Authenticate") == "Basic realm=\"itemctl\", charset=\"UTF-8\"");
      CHECK(response->content_type == "application/json");
      CHECK(response->body == nlohmann::json({{"detail", c.detail}}).dump());
    }
  }
  core::Result<AssetResponse> broken = docs.Page(BasicHeader("broken:right-password"), kClient);
  REQUIRE_FALSE(broken);
  CHECK(broken.error().code == core::Errc::kStorage);
}

TEST_CASE("the docs page embeds the document and loads Redoc from this server", "[db][web][docs]") {
  const nlohmann::ordered_json document = BuildOpenApi("1.0.0");
  Docs docs(document, FakeCheck);
  core::Result<AssetResponse> page = docs.Page(BasicHeader("alice:right-password"), kClient);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->content_type == "text/html; charset=utf-8");
  CHECK(page->Header("Cache-Control") == "no-store");
  const std::string html(page->body);
  CHECK(html.find(R"(<script src="/docs/redoc.standalone.js"></script>)") != std::string::npos);
  CHECK(html.find("Redoc.init(") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  // Exactly the page's own three script elements close: none inside the JSON.
  std::size_t closes = 0;
  for (std::size_t at = html.find("</script>"); at != std::string::npos;
       at = html.find("</script>", at + 1)) {
    ++closes;
  }
  CHECK(closes == 3);
  const std::size_t open = html.find(R"(<script id="openapi-document" type="application/json">)");
  REQUIRE(open != std::string::npos);
  const std::size_t start = html.find('>', open) + 1;
  CHECK(nlohmann::ordered_json::parse(html.substr(start, html.find("</script>", start) - start)) ==
        document);

  core::Result<AssetResponse> json = docs.OpenApi(BasicHeader("alice:right-password"), kClient);
  REQUIRE(json);
  CHECK(json->status == 200);
  CHECK(json->content_type == "application/json");
  CHECK(nlohmann::ordered_json::parse(json->body) == document);
}

TEST_CASE("the Redoc bundle is embedded and served with validators", "[db][web][docs]") {
  Docs docs(BuildOpenApi("1.0.0"), FakeCheck);
  AssetResponse bundle = docs.Bundle({});
  REQUIRE(bundle.status == 200);
  CHECK(bundle.content_type == "text/javascript; charset=utf-8");
  CHECK(bundle.body.size() > 500'000);
  CHECK(bundle.body.find("Redoc") != std::string_view::npos);
  CHECK(docs.Bundle({.if_none_match = std::string(bundle.Header("ETag"))}).status == 304);
}

TEST_CASE("the password check runs core::Sessions on a pooled connection", "[db][web][docs]") {
  test::TempDir dir;
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  core::ServiceHub hub(test::MigratedBackend(dir), core::ServiceDeps{clock, &hasher});
  {
    auto services = hub.Acquire();
    REQUIRE(services);
    core::Users users = (*services)->users();
    REQUIRE(users.Add(core::Actor::System(), {"alice", core::kRoleUser, "alice-password-1"}));
    auto carol = users.Add(core::Actor::System(), {"carol", core::kRoleUser, "carol-password-1"});
    REQUIRE(carol);
    REQUIRE(users.Disable(core::Actor::System(), carol->user.id));
  }
  Docs docs(BuildOpenApi("1.0.0"), SessionsPasswordCheck(hub));
  CHECK(docs.Page(BasicHeader("alice:alice-password-1"), kClient)->status == 200);
  CHECK(docs.Page(BasicHeader("alice:carol-password-1"), kClient)->status == 401);
  CHECK(docs.Page(BasicHeader("carol:carol-password-1"), kClient)->status == 401);
  CHECK(docs.Page(BasicHeader("nobody:alice-password-1"), kClient)->status == 401);
}

TEST_CASE("over HTTP, the adapters serve docs and static files and refuse escapes",
          "[db][web][docs][static]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.File("public"));
  std::ofstream(dir.File("public/hello.txt")) << "hello";
  std::ofstream(dir.File("secret.txt")) << "top secret";
  core::Result<StaticFiles> files = StaticFiles::FromDirectory(dir.File("public"));
  REQUIRE(files);
  Docs docs(BuildOpenApi("1.0.0"), FakeCheck);

  httplib::Server server;
  server.Get(kDocsPath, [&docs](const httplib::Request& req, httplib::Response& res) {
    WriteResponse(*docs.Page(req.get_header_value("Authorization"), req.remote_addr), res);
  });
  server.Get(kRedocBundlePath, [&docs](const httplib::Request& req, httplib::Response& res) {
    WriteResponse(docs.Bundle(ConditionalHeadersOf(req)), res);
  });
  server.Get(R"(/.*)", [&files](const httplib::Request& req, httplib::Response& res) {
    WriteResponse(files->Lookup(req.path, ConditionalHeadersOf(req)), res);
  });
  TinyServer running(server);
  httplib::Client client = running.Client();

  auto hello = client.Get("/hello.txt");
  REQUIRE(hello);
  CHECK(hello->status == 200);
  CHECK(hello->body == "hello");
  CHECK(hello->get_header_value("Content-Type") == "text/plain; charset=utf-8");
  auto again = client.Get("/hello.txt", {{"If-None-Match", hello->get_header_value("ETag")}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  for (const char* attack : {"/%2e%2e/secret.txt", "/%252e%252e/secret.txt", "/..%2Fsecret.txt",
                             "/hello.txt%00.png", "/%2F%2Fetc/passwd"}) {
    INFO(attack);
    auto refused = client.Get(attack);
    REQUIRE(refused);
    CHECK(refused->status == 404);
    CHECK(refused->body.find("secret") == std::string::npos);
  }

  auto denied = client.Get(kDocsPath);
  REQUIRE(denied);
  CHECK(denied->status == 401);
  CHECK(denied->get_header_value("WWW-Authenticate") == "Basic realm=\"itemctl\", charset=\"UTF-8\"");
  client.set_basic_auth("alice", "right-password");
  auto page = client.Get(kDocsPath);
  REQUIRE(page);
  CHECK(page->status == 200);
  auto bundle = client.Get(kRedocBundlePath);
  REQUIRE(bundle);
  CHECK(bundle->status == 200);
  CHECK(bundle->body.size() > 500'000);
}

}  // namespace itemctl::web
