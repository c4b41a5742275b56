// `db backup` while the API writes (issue 11): the backup passes its
// integrity check and holds a state the database was in, with every item
// acknowledged before it began.

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "core/services/database_backup.hpp"
#include "core/storage/open_backend.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

namespace {

constexpr int kWriters = 4;
// Writers go on until the backup is done, but never past this many items
// each, so the test ends whatever happens.
constexpr int kMaxItemsPerWriter = 5000;
// Created items the backup waits for, so writes are under way when it starts.
constexpr std::size_t kItemsBeforeBackup = 40;

// Items the API acknowledged (201), in the order the acknowledgements came.
class Acknowledged {
 public:
  void Add(core::Id id, const std::string& name) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.emplace_back(id, name);
    }
    changed_.notify_all();
  }
  // Blocks until `count` items are acknowledged or `writers_done` is set.
  void WaitFor(std::size_t count, const std::atomic<int>& writers_done) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return items_.size() >= count || writers_done == kWriters; });
  }
  std::map<core::Id, std::string> Snapshot() {
    std::lock_guard<std::mutex> lock(mutex_);
    return {items_.begin(), items_.end()};
  }
  void WakeWaiters() { changed_.notify_all(); }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<core::Id, std::string>> items_;
};

// Every item in the SQLite file `path`, by id.
std::map<core::Id, std::string> ItemsIn(const std::string& path) {
  auto backend = core::OpenBackend({.url = path, .mode = core::OpenMode::kMustExist});
  REQUIRE(backend);
  auto store = (*backend)->Acquire(core::LeaseUse::kRead);
  REQUIRE(store);
  REQUIRE((*store)->schema().RequireCurrent());
  std::map<core::Id, std::string> items;
  REQUIRE((*store)->items().ForEach({}, [&](const core::Item& item) {
    items.emplace(item.id, item.name);
  }));
  return items;
}

}  // namespace

TEST_CASE("a backup taken while 4 threads create items is sound and consistent",
          "[db][web][backup]") {
  TestServer server;
  std::vector<std::string> tokens;
  for (int t = 0; t < kWriters; ++t) {
    server.AddUser("writer" + std::to_string(t), "writer-password-1");
    tokens.push_back(server.Login("writer" + std::to_string(t), "writer-password-1"));
  }
  Acknowledged acknowledged;
  std::atomic<bool> backup_done{false};
  std::atomic<int> writers_done{0};
  std::atomic<int> failures{0};  // counted on the workers, asserted after join

  std::vector<std::thread> writers;
  for (int t = 0; t < kWriters; ++t) {
    writers.emplace_back([&, t] {
      const std::string& token = tokens[static_cast<std::size_t>(t)];
      for (int i = 0; i < kMaxItemsPerWriter && !backup_done; ++i) {
        std::string name = "w" + std::to_string(t) + "-" + std::to_string(i);
        HttpReply made = server.Post("/items", {{"name", name}}, token);
        if (made.status != 201) {
          ++failures;
          break;
        }
        acknowledged.Add(made.json.value("id", core::Id{0}), name);
      }
      ++writers_done;
      acknowledged.WakeWaiters();
    });
  }

  acknowledged.WaitFor(kItemsBeforeBackup, writers_done);
  std::map<core::Id, std::string> before = acknowledged.Snapshot();
  test::TempDir dir;
  const std::string file = dir.File("backup.db");
  core::Result<core::BackupReport> report = [&] {
    auto source = core::OpenBackend({.url = server.db_path()});
    if (!source) return core::Result<core::BackupReport>(source.error());
    return core::BackupDatabase(**source, core::Actor::System("cli:test"), {.file = file, .force = false},
                                 test::kEpoch);
  }();
  std::map<core::Id, std::string> acknowledged_by_end = acknowledged.Snapshot();
  backup_done = true;
  for (std::thread& writer : writers) writer.join();

  INFO((report ? "" : report.error().message));
  REQUIRE(report);
  CHECK(failures == 0);
  std::map<core::Id, std::string> all = acknowledged.Snapshot();
  INFO(before.size() << " items acknowledged before the backup, "
                     << acknowledged_by_end.size() - before.size() << " during it, "
                     << all.size() << " in all");
  REQUIRE(before.size() >= kItemsBeforeBackup);

  CHECK(core::CheckSqliteIntegrity(file));
  std::map<core::Id, std::string> backed_up = ItemsIn(file);
  CHECK(report->items == static_cast<std::int64_t>(backed_up.size()));
  CHECK(report->users == kWriters + 1);
  // Everything acknowledged before the backup began is in it...
  for (const auto& [id, name] : before) {
    auto found = backed_up.find(id);
    INFO("item " << id << " " << name);
    CHECK((found != backed_up.end() && found->second == name));
  }
  // ...and nothing else but items the API created, as it created them.
  for (const auto& [id, name] : backed_up) {
    auto found = all.find(id);
    INFO("backed-up item " << id << " " << name);
    CHECK((found != all.end() && found->second == name));
  }
  // SQLite commits one writer at a time in id order, so a snapshot holds
  // the first ids created and no later one: a prefix, without holes.
  // (PostgreSQL's sequence hands out ids before commit, in any order.)
  if (test::EngineUnderTest() == core::Engine::kSqlite) {
    std::vector<core::Id> first;
    for (const auto& entry : all) {
      if (first.size() == backed_up.size()) break;
      first.push_back(entry.first);
    }
    std::vector<core::Id> ids;
    for (const auto& entry : backed_up) ids.push_back(entry.first);
    CHECK(ids == first);
  }
}
