// The SQLite side of the storage seam: transactions, pooled Stores, and the
// choice of engine from the --db value.

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "core/storage/open_backend.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/storage/sqlite/sqlite_store.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

std::unique_ptr<core::Database> MigratedMemoryDatabase() {
  auto db = core::Database::Open(":memory:", core::OpenMode::kCreateIfMissing);
  REQUIRE(db);
  core::SqliteStore store(**db);
  REQUIRE(store.schema().ApplyPending(test::kEpoch));
  return std::move(*db);
}

bool HasVersion(core::Store& store, const std::string& label) {
  auto found = store.versions().Find(label);
  REQUIRE(found);
  return found->has_value();
}

}  // namespace

TEST_CASE("a SQLite transaction commits work that succeeds", "[core][storage]") {
  auto db = MigratedMemoryDatabase();
  core::SqliteStore store(*db);
  core::Status done = store.Transact([&]() -> core::Status {
    auto added = store.versions().Insert("9.9", true);
    if (!added) return added.error();
    return core::Ok();
  });
  REQUIRE(done);
  CHECK(HasVersion(store, "9.9"));
}

TEST_CASE("a SQLite transaction rolls back work that fails, returning its error",
          "[core][storage]") {
  auto db = MigratedMemoryDatabase();
  core::SqliteStore store(*db);
  core::Status done = store.Transact([&]() -> core::Status {
    REQUIRE(store.versions().Insert("9.9", true));
    return core::MakeError(core::Errc::kInvalidArgument, "changed my mind");
  });
  REQUIRE_FALSE(done);
  CHECK(done.error().code == core::Errc::kInvalidArgument);
  CHECK(done.error().message == "changed my mind");
  CHECK_FALSE(HasVersion(store, "9.9"));
}

TEST_CASE("InTransaction hands back the work's value once committed", "[core][storage]") {
  auto db = MigratedMemoryDatabase();
  core::SqliteStore store(*db);
  core::Result<core::ApiVersion> added =
      core::InTransaction(store, [&] { return store.versions().Insert("9.9", false); });
  REQUIRE(added);
  CHECK(added->version == "9.9");
  CHECK(HasVersion(store, "9.9"));
  CHECK(store.Ping());
}

TEST_CASE("a SQLite backend hands out Stores on the one file", "[core][storage]") {
  test::TempDir dir;
  std::string path = dir.File("backend.db");
  auto backend = core::OpenBackend({.url = path, .mode = core::OpenMode::kCreateIfMissing});
  REQUIRE(backend);
  CHECK((*backend)->engine() == core::Engine::kSqlite);
  CHECK((*backend)->display_name() == path);
  {
    auto lease = (*backend)->Acquire(core::LeaseUse::kWrite);
    REQUIRE(lease);
    REQUIRE((*lease)->schema().ApplyPending(test::kEpoch));
  }
  auto lease = (*backend)->Acquire(core::LeaseUse::kRead);
  REQUIRE(lease);
  CHECK((*lease)->schema().RequireCurrent());
  CHECK(HasVersion(**lease, "1.0"));
}

TEST_CASE("opening a missing SQLite file says how to create it", "[core][storage]") {
  test::TempDir dir;
  std::string path = dir.File("missing.db");
  auto backend = core::OpenBackend({.url = path});
  REQUIRE_FALSE(backend);
  CHECK(backend.error().code == core::Errc::kStorage);
  CHECK(backend.error().message ==
        "database '" + path + "' does not exist: run 'itemctl migrate' to create it");
}

TEST_CASE("a PostgreSQL URL picks that engine", "[core][storage]") {
  CHECK(core::EngineOf("postgres://app@db/itemctl") == core::Engine::kPostgres);
  CHECK(core::EngineOf("postgresql://app@db/itemctl") == core::Engine::kPostgres);
  CHECK(core::EngineOf("./postgres.db") == core::Engine::kSqlite);
}
