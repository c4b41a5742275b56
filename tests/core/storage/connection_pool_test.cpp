// ConnectionPool's file watch: a missing, replaced or read-only database file
// is refused (kStorage with a client detail), reported once per change, and
// served again as soon as the file is back.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/storage/sqlite/connection_pool.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;
using core::ConnectionPool;
using core::DatabaseFileState;
using core::LeaseUse;

namespace {

// A database file holding a table t with one row.
std::string MakeDatabase(const test::TempDir& dir) {
  std::string path = dir.File("pool.db");
  auto db = core::Database::Open(path, core::OpenMode::kCreateIfMissing);
  REQUIRE(db);
  REQUIRE((*db)->Exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1);"));
  return path;
}

struct Reports {
  std::vector<std::pair<DatabaseFileState, std::string>> seen;
  ConnectionPool::FileStateObserver Observer() {
    return [this](DatabaseFileState state, const std::string& message) {
      seen.emplace_back(state, message);
    };
  }
};

core::Status Insert(core::Database& db) { return db.Exec("INSERT INTO t VALUES (2)"); }

long long Count(core::Database& db) {
  auto q = db.Prepare("SELECT count(*) FROM t");
  REQUIRE(q);
  REQUIRE(*q->Step());
  return q->Int(0);
}

}  // namespace

TEST_CASE(
    "a pool refuses every lease while its file is moved away and serves again once it is back",
    "[core][storage][pool]") {
  test::TempDir dir;
  std::string path = MakeDatabase(dir);
  Reports reports;
  ConnectionPool pool(path, reports.Observer());
  { REQUIRE(pool.Acquire()); }
  CHECK(reports.seen.empty());

  REQUIRE(std::rename(path.c_str(), (path + ".away").c_str()) == 0);
  for (LeaseUse use : {LeaseUse::kRead, LeaseUse::kWrite, LeaseUse::kRead}) {
    core::Result<ConnectionPool::Lease> refused = pool.Acquire(use);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == core::Errc::kStorage);
    CHECK(refused.error().message == "database file '" + path + "' is missing");
    CHECK(refused.error().detail == "Database unavailable: the database file is missing");
    CHECK(refused.error().reported);
  }
  REQUIRE(reports.seen.size() == 1);
  CHECK(reports.seen[0].first == DatabaseFileState::kMissing);
  CHECK(reports.seen[0].second == "database file '" + path +
                                      "' is missing (removed or moved away): refusing requests "
                                      "until it is back");

  REQUIRE(std::rename((path + ".away").c_str(), path.c_str()) == 0);
  core::Result<ConnectionPool::Lease> back = pool.Acquire();
  REQUIRE(back);
  CHECK(Insert(**back));
  CHECK(Count(**back) == 2);
  REQUIRE(reports.seen.size() == 2);
  CHECK(reports.seen[1].first == DatabaseFileState::kWritable);
  CHECK(reports.seen[1].second ==
        "database file '" + path + "' is back and writable: serving requests again");
}

TEST_CASE("a pool reads but refuses writes on a file without write bits until chmod u+w",
          "[core][storage][pool]") {
  test::TempDir dir;
  std::string path = MakeDatabase(dir);
  Reports reports;
  ConnectionPool pool(path, reports.Observer());
  { REQUIRE(pool.Acquire()); }  // one idle connection, writable

  REQUIRE(chmod(path.c_str(), 0444) == 0);
  core::Result<ConnectionPool::Lease> write = pool.Acquire(LeaseUse::kWrite);
  REQUIRE_FALSE(write);
  CHECK(write.error().code == core::Errc::kStorage);
  CHECK(write.error().message == "database file '" + path + "' is read-only");
  CHECK(write.error().detail == "Database unavailable: the database file is read-only");
  CHECK(write.error().reported);
  {
    // Root may write any file: the read lease itself must refuse writes.
    core::Result<ConnectionPool::Lease> read = pool.Acquire(LeaseUse::kRead);
    REQUIRE(read);
    CHECK(Count(**read) == 1);
    core::Status stray = Insert(**read);
    REQUIRE_FALSE(stray);
    CHECK(stray.error().code == core::Errc::kStorage);
    CHECK(stray.error().detail == "Database unavailable: the database file is read-only");
    CHECK(Count(**read) == 1);
  }
  REQUIRE(reports.seen.size() == 1);
  CHECK(reports.seen[0].first == DatabaseFileState::kReadOnly);
  CHECK(reports.seen[0].second == "database file '" + path +
                                      "' is read-only: refusing writes until it is writable again");

  REQUIRE(chmod(path.c_str(), 0644) == 0);
  // The same connection comes back, its query_only switched off again.
  core::Result<ConnectionPool::Lease> writable = pool.Acquire(LeaseUse::kWrite);
  REQUIRE(writable);
  CHECK(Insert(**writable));
  CHECK(Count(**writable) == 2);
  REQUIRE(reports.seen.size() == 2);
  CHECK(reports.seen[1].first == DatabaseFileState::kWritable);
}

TEST_CASE("a pool refuses a different file put at its path and says a restart is needed",
          "[core][storage][pool]") {
  test::TempDir dir;
  std::string path = MakeDatabase(dir);
  Reports reports;
  ConnectionPool pool(path, reports.Observer());
  { REQUIRE(pool.Acquire()); }
  REQUIRE(std::rename(path.c_str(), (path + ".old").c_str()) == 0);
  std::filesystem::copy_file(path + ".old", path);

  core::Result<ConnectionPool::Lease> refused = pool.Acquire(LeaseUse::kRead);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == core::Errc::kStorage);
  CHECK(refused.error().message == "database file '" + path + "' was replaced by another file");
  CHECK(refused.error().detail ==
        "Database unavailable: the database file was replaced; restart the server");
  REQUIRE(reports.seen.size() == 1);
  CHECK(reports.seen[0].first == DatabaseFileState::kReplaced);
  CHECK(reports.seen[0].second == "database file '" + path +
                                      "' was replaced by another file: refusing requests; "
                                      "restart to use the new file");
}

TEST_CASE("a pool without an observer leaves its refusals for the caller to log",
          "[core][storage][pool]") {
  test::TempDir dir;
  std::string path = MakeDatabase(dir);
  ConnectionPool pool(path);
  REQUIRE(std::filesystem::remove(path));
  core::Result<ConnectionPool::Lease> refused = pool.Acquire();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().detail == "Database unavailable: the database file is missing");
  CHECK_FALSE(refused.error().reported);
}

TEST_CASE("a pool made before its file exists never creates it and learns it at the first open",
          "[core][storage][pool]") {
  test::TempDir dir;
  std::string path = dir.File("pool.db");
  Reports reports;
  ConnectionPool pool(path, reports.Observer());
  core::Result<ConnectionPool::Lease> none = pool.Acquire();
  REQUIRE_FALSE(none);
  CHECK(none.error().code == core::Errc::kStorage);
  CHECK(none.error().message ==
        "database '" + path + "' does not exist: run 'itemctl migrate' to create it");
  CHECK_FALSE(std::filesystem::exists(path));

  MakeDatabase(dir);
  { REQUIRE(pool.Acquire()); }
  REQUIRE(std::filesystem::remove(path));
  core::Result<ConnectionPool::Lease> removed = pool.Acquire();
  REQUIRE_FALSE(removed);
  CHECK(removed.error().message == "database file '" + path + "' is missing");
  CHECK_FALSE(std::filesystem::exists(path));
  REQUIRE(reports.seen.size() == 1);
  CHECK(reports.seen[0].first == DatabaseFileState::kMissing);
}

TEST_CASE("the pool opens at most kMaxConnections and a further Acquire waits for a lease") {
  test::TempDir dir;
  std::string path = MakeDatabase(dir);
  ConnectionPool pool(path);
  std::vector<ConnectionPool::Lease> leases;
  for (std::size_t i = 0; i < ConnectionPool::kMaxConnections; ++i) {
    auto lease = pool.Acquire(LeaseUse::kRead);
    REQUIRE(lease);
    leases.push_back(std::move(*lease));
  }
  CHECK(pool.open_connections() == ConnectionPool::kMaxConnections);
  CHECK(pool.idle_connections() == 0);

  // One more caller waits; the lease given back is the one it gets.
  std::optional<core::Result<ConnectionPool::Lease>> late;
  std::thread waiter([&] { late.emplace(pool.Acquire(LeaseUse::kRead)); });
  while (pool.waiting_for_connection() != 1) std::this_thread::yield();
  core::Database* returned = &*leases.back();
  leases.pop_back();
  waiter.join();
  REQUIRE(late);
  REQUIRE(*late);
  CHECK(&***late == returned);
  CHECK(pool.open_connections() == ConnectionPool::kMaxConnections);
  auto q = (**late)->Prepare("SELECT count(*) FROM t");
  REQUIRE(q);
  REQUIRE(*q->Step());
  CHECK(q->Int(0) == 1);

  late.reset();
  leases.clear();
  CHECK(pool.idle_connections() == ConnectionPool::kMaxConnections);
  CHECK(pool.waiting_for_connection() == 0);
}

TEST_CASE("a refused Acquire takes no connection slot") {
  test::TempDir dir;
  std::string path = MakeDatabase(dir);
  ConnectionPool pool(path);
  { REQUIRE(pool.Acquire()); }
  CHECK(pool.open_connections() == 1);
  REQUIRE(std::filesystem::remove(path));
  auto missing = pool.Acquire();
  REQUIRE_FALSE(missing);
  CHECK(pool.open_connections() == 1);
  CHECK(pool.waiting_for_connection() == 0);
}
