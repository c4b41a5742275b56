// Fault: `itemctl serve` killed with SIGKILL while clients write.

#include <catch2/catch.hpp>

#include <signal.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/faults/fault_support.hpp"

using namespace itemctl;

namespace {

constexpr int kWriters = 4;
constexpr int kKillAfter = 200;  // acknowledgements before the kill

// What one writer thread saw; read only after it was joined.
struct WriterLog {
  std::map<std::int64_t, std::string> acknowledged;  // 201: id -> name
  std::vector<std::string> unexpected;               // any other answer
};

}  // namespace

TEST_CASE("kill -9 during concurrent API writes loses no acknowledged item", "[faults][kill]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  REQUIRE(test::RunOn(db, {"migrate"}).exit_code == 0);
  test::ItemctlProcess server(test::ServeSpec(db));
  int port = server.WaitForServingPort();
  std::string token = test::AdminToken(port);

  std::mutex mutex;
  std::condition_variable acked;
  int acks = 0;
  std::vector<WriterLog> logs(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      test::ApiClient client(port, token);
      for (int i = 0;; ++i) {
        std::string name = "w" + std::to_string(w) + "-" + std::to_string(i);
        test::Answer answer = client.Post("/items", test::ItemJson(name));
        // No answer: the server is gone, as the test intends.
        if (answer.status == 0) return;
        std::optional<std::int64_t> id = test::IdIn(answer.body);
        if (answer.status != 201 || !id) {
          logs[w].unexpected.push_back(std::to_string(answer.status) + " " + answer.body);
          return;
        }
        logs[w].acknowledged.emplace(*id, name);
        std::lock_guard<std::mutex> lock(mutex);
        ++acks;
        acked.notify_all();
      }
    });
  }
  bool enough = false;
  {
    std::unique_lock<std::mutex> lock(mutex);
    enough = acked.wait_for(lock, test::kEventTimeout, [&] { return acks >= kKillAfter; });
  }
  REQUIRE(kill(server.pid(), SIGKILL) == 0);
  test::ProcessResult killed = server.Finish();
  for (std::thread& writer : writers) writer.join();

  CHECK(enough);
  CHECK(killed.exit_code == 128 + SIGKILL);
  std::map<std::int64_t, std::string> acknowledged;
  for (const WriterLog& log : logs) {
    CHECK(log.unexpected == std::vector<std::string>{});
    acknowledged.insert(log.acknowledged.begin(), log.acknowledged.end());
  }
  CHECK(acknowledged.size() >= static_cast<std::size_t>(kKillAfter));

  test::DatabaseFacts facts = test::ReadFacts(db);
  CHECK(facts.integrity == "ok");
  std::map<std::int64_t, std::string> stored = test::ItemNames(db);
  // Every acknowledged item is there under its name; a write the server did
  // not get to acknowledge may be there too.
  std::size_t missing = 0;
  for (const auto& [id, name] : acknowledged) {
    auto found = stored.find(id);
    if (found == stored.end() || found->second != name) ++missing;
  }
  CHECK(missing == 0);
  CHECK(stored.size() >= acknowledged.size());
  CHECK(stored.size() <= acknowledged.size() + kWriters);
}
