// Fault: the database file is moved away, removed or made read-only under a
// running server. SQLite alone would keep writing through its open
// descriptor; the connection pool's file watch answers 503 instead.

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

#include "tests/faults/fault_support.hpp"

using namespace itemctl;
using test::Answer;

namespace {

const std::string kMissing =
    test::DetailJson("Database unavailable: the database file is missing");
const std::string kReadOnly =
    test::DetailJson("Database unavailable: the database file is read-only");

// A migrated database in `dir` served by itemctl, with an admin client.
struct Served {
  explicit Served(const test::TempDir& dir) : db(dir.File("itemctl.db")) {
    test::ProcessResult migrated = test::RunOn(db, {"migrate"});
    INFO(migrated.err);
    REQUIRE(migrated.exit_code == 0);
    server = std::make_unique<test::ItemctlProcess>(test::ServeSpec(db));
    port = server->WaitForServingPort();
    client = std::make_unique<test::ApiClient>(port, test::AdminToken(port));
  }
  // The id of a new item (REQUIREs 201).
  std::int64_t Create(const std::string& name) {
    Answer created = client->Post("/items", test::ItemJson(name));
    INFO(created.error << created.body);
    REQUIRE(created.status == 201);
    REQUIRE(test::IdIn(created.body));
    return *test::IdIn(created.body);
  }
  // SIGTERM, then the whole log (REQUIREs exit 0).
  std::string Stop() {
    REQUIRE(kill(server->pid(), SIGTERM) == 0);
    test::ProcessResult stopped = server->Finish();
    INFO(stopped.err);
    REQUIRE(stopped.exit_code == 0);
    return stopped.err;
  }

  std::string db;
  std::unique_ptr<test::ItemctlProcess> server;
  int port = 0;
  std::unique_ptr<test::ApiClient> client;
};

}  // namespace

TEST_CASE(
    "serve answers 503 while its database file is moved away and serves again once it is back",
    "[faults][file]") {
  test::TempDir dir;
  Served served(dir);
  std::int64_t before = served.Create("before");
  std::string away = dir.File("moved-away.db");
  REQUIRE(std::rename(served.db.c_str(), away.c_str()) == 0);

  for (int i = 0; i < 3; ++i) {
    Answer write = served.client->Post("/items", test::ItemJson("while-away"));
    CHECK(write.status == 503);
    CHECK(write.body == kMissing);
    Answer read = served.client->Get("/items/" + std::to_string(before));
    CHECK(read.status == 503);
    CHECK(read.body == kMissing);
  }
  Answer ready = served.client->Get("/readyz");
  CHECK(ready.status == 503);
  CHECK(ready.body == kMissing);
  CHECK_FALSE(std::filesystem::exists(served.db));

  REQUIRE(std::rename(away.c_str(), served.db.c_str()) == 0);
  std::int64_t after = served.Create("after");
  Answer read = served.client->Get("/items/" + std::to_string(before));
  CHECK(read.status == 200);
  CHECK(read.body.find(R"("name":"before")") != std::string::npos);

  std::string log = served.Stop();
  // One warning for the change, one line for the recovery, none per request.
  std::string file = "database file '" + served.db + "'";
  CHECK(test::CountLines(log, "[WARNING] " + file + " is missing (removed or moved away): "
                                                    "refusing requests until it is back") == 1);
  CHECK(test::CountLines(log, "[INFO] " + file + " is back and writable: serving requests again") ==
        1);
  CHECK(test::CountLines(log, "[ERROR]") == 0);
  CHECK(test::ReadFacts(served.db).integrity == "ok");
  CHECK(test::ItemNames(served.db) ==
        std::map<std::int64_t, std::string>{{before, "before"}, {after, "after"}});
}

TEST_CASE("serve answers 503 once its database file is removed and never recreates it",
          "[faults][file]") {
  test::TempDir dir;
  Served served(dir);
  std::int64_t before = served.Create("before");
  REQUIRE(std::filesystem::remove(served.db));

  Answer write = served.client->Post("/items", test::ItemJson("into-the-void"));
  CHECK(write.status == 503);
  CHECK(write.body == kMissing);
  Answer read = served.client->Get("/items/" + std::to_string(before));
  CHECK(read.status == 503);
  CHECK(read.body == kMissing);
  CHECK_FALSE(std::filesystem::exists(served.db));

  std::string log = served.Stop();
  CHECK(test::CountLines(log, "[WARNING] database file '" + served.db + "' is missing") == 1);
  CHECK(test::CountLines(log, "[ERROR]") == 0);
  CHECK_FALSE(std::filesystem::exists(served.db));
}

TEST_CASE("serve keeps reading but answers writes with 503 while its database file is read-only",
          "[faults][file]") {
  test::TempDir dir;
  Served served(dir);
  std::int64_t before = served.Create("before");
  // chmod a-w: root may still write it, so the mode itself must count.
  REQUIRE(chmod(served.db.c_str(), 0444) == 0);

  for (int i = 0; i < 3; ++i) {
    Answer write = served.client->Post("/items", test::ItemJson("read-only"));
    CHECK(write.status == 503);
    CHECK(write.body == kReadOnly);
    Answer read = served.client->Get("/items/" + std::to_string(before));
    CHECK(read.status == 200);
    CHECK(read.body.find(R"("name":"before")") != std::string::npos);
  }
  Answer list = served.client->Get("/items");
  CHECK(list.status == 200);
  CHECK(list.body.find(R"("total":1)") != std::string::npos);

  REQUIRE(chmod(served.db.c_str(), 0644) == 0);
  std::int64_t after = served.Create("after");

  std::string log = served.Stop();
  std::string file = "database file '" + served.db + "'";
  CHECK(test::CountLines(log, "[WARNING] " + file +
                                  " is read-only: refusing writes until it is writable again") ==
        1);
  CHECK(test::CountLines(log, "[INFO] " + file + " is back and writable: serving requests again") ==
        1);
  CHECK(test::CountLines(log, "[ERROR]") == 0);
  CHECK(test::ItemNames(served.db) ==
        std::map<std::int64_t, std::string>{{before, "before"}, {after, "after"}});
}
