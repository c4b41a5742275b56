// Several `itemctl serve` processes on one PostgreSQL database (SPEC §9),
// as behind a load balancer: what one instance or the CLI changes, the
// other sees on its next request; a unique name is claimed once across
// instances; killing one loses nothing it acknowledged and leaves the other
// serving; instances started together migrate the schema once.

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using nlohmann::json;
using test::Cli;
using test::ProcessResult;

namespace {

// One answer; status 0 when there was none (the instance is gone).
struct Answer {
  int status = 0;
  std::string body;
  json Json() const { return json::parse(body, nullptr, false); }
};

// One request on a new connection to 127.0.0.1:port. It asserts nothing,
// so worker threads may call it.
Answer Send(int port, const std::string& method, const std::string& path,
            const std::string& token = "", const std::string& body = "",
            httplib::Headers headers = {}) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(10);
  client.set_read_timeout(30);
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  httplib::Result result = method == "GET"
                               ? client.Get(path, headers)
                               : client.Post(path, headers, body, "application/json");
  if (!result) return {};
  return {result->status, result->body};
}

// `itemctl serve` on the cli's database, on an ephemeral port.
class Instance {
 public:
  explicit Instance(const Cli& cli) : process_(Spec(cli)) {}
  // Waits for the "serving on" line; REQUIREs it.
  int Port() {
    if (port_ == 0) port_ = process_.WaitForServingPort();
    return port_;
  }
  test::ItemctlProcess& process() { return process_; }

 private:
  static test::ProcessSpec Spec(const Cli& cli) {
    test::ProcessSpec spec;
    spec.args = {"--db", cli.db(), "serve", "--listen", "127.0.0.1:0"};
    spec.env = cli.Env();
    return spec;
  }
  test::ItemctlProcess process_;
  int port_ = 0;
};

// POST /auth/token; REQUIREs 200 and returns the access token.
std::string Login(int port, const std::string& username, const std::string& password) {
  Answer login = Send(port, "POST", "/auth/token", "",
                      json{{"username", username}, {"password", password}}.dump());
  INFO(login.body);
  REQUIRE(login.status == 200);
  return login.Json().at("access_token").get<std::string>();
}

// `itemctl --json args...` on the cli's database; REQUIREs exit 0.
json CliJson(const Cli& cli, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  ProcessResult run = cli.Run(args);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return json::parse(run.out);
}

}  // namespace

TEST_CASE("a token from one instance works on the other and a logout on one ends it on both",
          "[postgres][instances]") {
  Cli cli;
  Instance a(cli);
  Instance b(cli);
  std::string token = Login(a.Port(), "admin", Cli::kAdminPassword);

  Answer me = Send(b.Port(), "GET", "/auth/me", token);
  CHECK(me.status == 200);
  CHECK(me.Json().value("username", "") == "admin");

  Answer logout = Send(b.Port(), "POST", "/auth/logout", token);
  CHECK(logout.status == 200);
  Answer after = Send(a.Port(), "GET", "/auth/me", token);
  CHECK(after.status == 401);
  CHECK(after.Json() == json{{"detail", "Invalid credentials"}});
}

TEST_CASE("a CLI revoke disable and version deprecate are seen by both instances",
          "[postgres][instances]") {
  Cli cli;
  Instance a(cli);
  Instance b(cli);
  a.Port();  // the instances have migrated the database: the CLI may use it
  b.Port();
  ProcessResult added = cli.Run({"user", "add", "bob", "--password-stdin"}, "bob-password-1\n");
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  std::string revoked = Login(a.Port(), "admin", Cli::kAdminPassword);
  std::string kept = Login(b.Port(), "admin", Cli::kAdminPassword);
  std::string bob = Login(a.Port(), "bob", "bob-password-1");

  // token revoke: the admin's first session, the newest-first list's last.
  json sessions = CliJson(cli, {"token", "list", "--user", "admin"});
  REQUIRE(sessions.size() == 2);
  std::string first_session = std::to_string(sessions.back().at("id").get<std::int64_t>());
  REQUIRE(cli.Run({"token", "revoke", first_session}).exit_code == 0);
  for (int port : {a.Port(), b.Port()}) {
    CHECK(Send(port, "GET", "/auth/me", revoked).status == 401);
    CHECK(Send(port, "GET", "/auth/me", kept).status == 200);
  }

  // user disable ends bob's sessions everywhere.
  CHECK(Send(b.Port(), "GET", "/items", bob).status == 200);
  json bob_row = CliJson(cli, {"user", "list", "--username", "bob"}).at("users");
  REQUIRE(bob_row.size() == 1);
  std::string bob_id = std::to_string(bob_row[0].at("id").get<std::int64_t>());
  REQUIRE(cli.Run({"user", "disable", bob_id}).exit_code == 0);
  for (int port : {a.Port(), b.Port()}) {
    CHECK(Send(port, "GET", "/items", bob).status == 401);
  }

  // version deprecate: both answer 426 to that version at once.
  for (int port : {a.Port(), b.Port()}) {
    CHECK(Send(port, "GET", "/items", kept, "", {{"X-Version", "1.0"}}).status == 200);
  }
  REQUIRE(cli.Run({"version", "deprecate", "1.0"}).exit_code == 0);
  for (int port : {a.Port(), b.Port()}) {
    Answer refused = Send(port, "GET", "/items", kept, "", {{"X-Version", "1.0"}});
    CHECK(refused.status == 426);
    CHECK(refused.Json() == json{{"detail", "Version not supported anymore"}});
  }
}

TEST_CASE("40 concurrent creates of one name across two instances give exactly one 201",
          "[postgres][instances]") {
  Cli cli;
  Instance a(cli);
  Instance b(cli);
  const int ports[] = {a.Port(), b.Port()};
  std::string token = Login(ports[0], "admin", Cli::kAdminPassword);

  constexpr int kClients = 40;
  std::vector<int> statuses(kClients);
  std::vector<std::string> bodies(kClients);
  {
    // All clients send together: each waits for the last to be ready.
    std::mutex mutex;
    std::condition_variable all_ready;
    int ready = 0;
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
      clients.emplace_back([&, i] {
        {
          std::unique_lock<std::mutex> lock(mutex);
          if (++ready == kClients) all_ready.notify_all();
          all_ready.wait(lock, [&] { return ready == kClients; });
        }
        Answer answer = Send(ports[i % 2], "POST", "/items", token, R"({"name":"contested"})");
        statuses[i] = answer.status;
        bodies[i] = answer.body;
      });
    }
    for (std::thread& client : clients) client.join();
  }
  std::map<int, int> by_status;
  for (int status : statuses) ++by_status[status];
  CHECK(by_status == std::map<int, int>{{201, 1}, {409, kClients - 1}});
  for (int i = 0; i < kClients; ++i) {
    if (statuses[i] == 409) CHECK(json::parse(bodies[i]).contains("detail"));
  }
  json listed = CliJson(cli, {"item", "list", "--name", "contested"});
  CHECK(listed.at("total") == 1);
}

TEST_CASE("kill -9 of one instance during writes loses no acknowledged item and the other serves on",
          "[postgres][instances]") {
  Cli cli;
  auto a = std::make_unique<Instance>(cli);
  Instance b(cli);
  const int port_a = a->Port();
  const int port_b = b.Port();
  std::string token = Login(port_a, "admin", Cli::kAdminPassword);

  constexpr int kWriters = 4;
  constexpr int kKillAfter = 100;  // acknowledgements from A before the kill
  std::mutex mutex;
  std::condition_variable acked;
  int acks = 0;
  std::vector<std::map<std::int64_t, std::string>> acknowledged(kWriters);
  std::vector<std::vector<std::string>> unexpected(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0;; ++i) {
        std::string name = "w" + std::to_string(w) + "-" + std::to_string(i);
        Answer answer = Send(port_a, "POST", "/items", token, json{{"name", name}}.dump());
        if (answer.status == 0) return;  // A is gone, as the test intends
        json body = answer.Json();
        if (answer.status != 201 || !body.is_object() || !body.contains("id")) {
          unexpected[w].push_back(std::to_string(answer.status) + " " + answer.body);
          return;
        }
        acknowledged[w].emplace(body["id"].get<std::int64_t>(), name);
        std::lock_guard<std::mutex> lock(mutex);
        ++acks;
        acked.notify_all();
      }
    });
  }
  bool enough = false;
  {
    std::unique_lock<std::mutex> lock(mutex);
    enough = acked.wait_for(lock, std::chrono::seconds(60), [&] { return acks >= kKillAfter; });
  }
  REQUIRE(kill(a->process().pid(), SIGKILL) == 0);
  ProcessResult killed = a->process().Finish();
  for (std::thread& writer : writers) writer.join();
  CHECK(enough);
  CHECK(killed.exit_code == 128 + SIGKILL);

  std::map<std::int64_t, std::string> all;
  for (int w = 0; w < kWriters; ++w) {
    CHECK(unexpected[w] == std::vector<std::string>{});
    all.insert(acknowledged[w].begin(), acknowledged[w].end());
  }
  // B serves on, with the same token, and writes.
  Answer created = Send(port_b, "POST", "/items", token, R"({"name":"after the kill"})");
  CHECK(created.status == 201);
  json stored = CliJson(cli, {"item", "list", "--all"}).at("items");
  std::map<std::int64_t, std::string> by_id;
  for (const json& item : stored) {
    by_id.emplace(item.at("id").get<std::int64_t>(), item.at("name").get<std::string>());
  }
  std::size_t missing = 0;
  for (const auto& [id, name] : all) {
    auto found = by_id.find(id);
    if (found == by_id.end() || found->second != name) ++missing;
  }
  CHECK(missing == 0);
  // What A had not acknowledged yet is either there whole or absent.
  CHECK(by_id.size() <= all.size() + kWriters + 1);
  CHECK(Send(port_b, "GET", "/readyz").status == 200);
}

TEST_CASE("two instances started at once on an empty database migrate it once",
          "[postgres][instances]") {
  Cli cli;
  Instance a(cli);
  Instance b(cli);
  a.Port();
  b.Port();
  const std::string out = a.process().out() + b.process().out();
  auto count = [&out](const std::string& text) {
    std::size_t n = 0;
    for (std::size_t at = out.find(text); at != std::string::npos; at = out.find(text, at + 1)) ++n;
    return n;
  };
  INFO(out);
  // Both serve (neither failed on a table the other created) and one of
  // them created the admin.
  CHECK(count("itemctl serving on") == 2);
  CHECK(count("Created user 'admin'") == 1);

  json status = CliJson(cli, {"migrate", "--status"});
  REQUIRE(status.size() == 8);
  for (const json& migration : status) CHECK(migration.at("applied_at").is_string());
  json users = CliJson(cli, {"user", "list"});
  CHECK(users.at("total") == 1);
  for (int port : {a.Port(), b.Port()}) {
    CHECK(Send(port, "GET", "/readyz").status == 200);
    CHECK(Login(port, "admin", Cli::kAdminPassword).size() > 0);
  }
}
