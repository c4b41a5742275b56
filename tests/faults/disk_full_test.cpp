// Fault: the disk holding the database fills up under a running server.

#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>
#include <map>

#include "tests/faults/fault_support.hpp"

using namespace itemctl;
using test::Answer;

TEST_CASE(
    "a full disk turns writes into 503 with a detail and they succeed again once space is freed",
    "[faults][disk]") {
  // Room for the schema and a WAL that grows by a few pages per write.
  test::PrivateTmpfs disk(16 << 20);
  if (!disk.mounted()) {
    WARN("SKIPPED: no private tmpfs for the disk-full test: " << disk.why());
    return;
  }
  std::string db = disk.File("itemctl.db");
  test::ProcessResult migrated = test::RunOn(db, {"migrate"});
  INFO(migrated.err);
  REQUIRE(migrated.exit_code == 0);

  test::ItemctlProcess server(test::ServeSpec(db));
  int port = server.WaitForServingPort();
  test::ApiClient client(port, test::AdminToken(port));
  std::map<std::int64_t, std::string> acknowledged;
  for (int i = 0; i < 5; ++i) {
    std::string name = "before-" + std::to_string(i);
    Answer created = client.Post("/items", test::ItemJson(name));
    INFO(created.error << created.body);
    REQUIRE(created.status == 201);
    REQUIRE(test::IdIn(created.body));
    acknowledged.emplace(*test::IdIn(created.body), name);
  }

  std::string ballast = disk.File("ballast");
  CHECK(test::FillWithBallast(ballast) > 0);
  const std::string full = test::DetailJson("Database unavailable: the disk is full");
  constexpr int kRefusedWrites = 20;
  for (int i = 0; i < kRefusedWrites; ++i) {
    Answer refused = client.Post("/items", test::ItemJson("during-" + std::to_string(i)));
    INFO(i << ": " << refused.error);
    CHECK(refused.status == 503);
    CHECK(refused.body == full);
  }
  // A login writes a session: refused the same way, not a 500.
  test::ApiClient anonymous(port);
  Answer login = anonymous.Post(
      "/auth/token",
      std::string(R"({"username":"admin","password":")") + test::Cli::kAdminPassword + R"("})");
  CHECK(login.status == 503);
  CHECK(login.body == full);
  // Reads need no space.
  Answer read = client.Get("/items/" + std::to_string(acknowledged.begin()->first));
  CHECK(read.status == 200);
  CHECK(read.body.find(R"("name":"before-0")") != std::string::npos);

  REQUIRE(std::filesystem::remove(ballast));
  Answer after = client.Post("/items", test::ItemJson("after"));
  INFO(after.error << after.body);
  CHECK(after.status == 201);
  CHECK(after.body.find(R"("name":"after")") != std::string::npos);
  if (test::IdIn(after.body)) acknowledged.emplace(*test::IdIn(after.body), "after");
  Answer during = client.Get("/items?name=during");
  CHECK(during.status == 200);
  CHECK(during.body.find(R"("total":0)") != std::string::npos);

  REQUIRE(kill(server.pid(), SIGTERM) == 0);
  test::ProcessResult stopped = server.Finish();
  CHECK(stopped.exit_code == 0);
  // One line per refused request, naming the cause, and nothing else wrong.
  CHECK(test::CountLines(stopped.err, "database or disk is full") == kRefusedWrites + 1);
  CHECK(test::CountLines(stopped.err, "[ERROR]") == kRefusedWrites + 1);
  CHECK(test::CountLines(stopped.err, "[CRITICAL]") == 0);

  test::DatabaseFacts facts = test::ReadFacts(db);
  CHECK(facts.integrity == "ok");
  CHECK(test::ItemNames(db) == acknowledged);
}
