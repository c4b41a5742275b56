#include "core/storage/migrator.hpp"

#include <catch2/catch.hpp>

#include <vector>

#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

std::unique_ptr<core::Database> EmptyDatabase() {
  auto db = core::Database::Open(":memory:", core::OpenMode::kCreateIfMissing);
  REQUIRE(db);
  return std::move(*db);
}

std::int64_t Count(core::Database& db, const std::string& sql) {
  auto q = db.Prepare(sql);
  REQUIRE(q);
  auto row = q->Step();
  REQUIRE(row);
  REQUIRE(*row);
  return q->Int(0);
}

}  // namespace

TEST_CASE("a fresh database gets every migration and the seeded rows", "[core][migrations]") {
  auto db = EmptyDatabase();
  core::Migrator migrator(*db);
  auto applied = migrator.ApplyPending(test::kEpoch);
  REQUIRE(applied);
  CHECK(*applied == migrator.LatestVersion());
  CHECK(Count(*db, "SELECT count(*) FROM roles") == 2);
  CHECK(Count(*db, "SELECT count(*) FROM versions WHERE supported = 0") == 8);
  CHECK(Count(*db, "SELECT count(*) FROM versions WHERE version = '1.0' AND supported = 1") == 1);
  CHECK(migrator.RequireCurrent());
}

TEST_CASE("applying migrations twice applies nothing the second time", "[core][migrations]") {
  auto db = EmptyDatabase();
  core::Migrator migrator(*db);
  REQUIRE(migrator.ApplyPending(test::kEpoch));
  auto again = migrator.ApplyPending(test::kEpoch + 60);
  REQUIRE(again);
  CHECK(*again == 0);
  auto status = migrator.Status();
  REQUIRE(status);
  for (const auto& row : *status) {
    REQUIRE(row.applied_at);
    CHECK(*row.applied_at == test::kEpoch);
  }
}

TEST_CASE("an unmigrated database is reported as out of date", "[core][migrations]") {
  auto db = EmptyDatabase();
  core::Migrator migrator(*db);
  auto status = migrator.RequireCurrent();
  REQUIRE_FALSE(status);
  CHECK(status.error().code == core::Errc::kSchemaOutOfDate);
  CHECK(status.error().message == "schema is at 0, this binary needs " +
                                      std::to_string(migrator.LatestVersion()) +
                                      ": run itemctl migrate");
}

TEST_CASE("a migration changed after it was applied stops the runner", "[core][migrations]") {
  auto db = EmptyDatabase();
  EmbeddedFile original[] = {{"0001_first.sql", "CREATE TABLE a (x INTEGER);"}};
  auto first = core::MigrationsFromFiles(original);
  REQUIRE(first);
  REQUIRE(core::Migrator(*db, *first).ApplyPending(test::kEpoch));

  EmbeddedFile edited[] = {{"0001_first.sql", "CREATE TABLE a (x TEXT);"},
                           {"0002_second.sql", "CREATE TABLE b (y INTEGER);"}};
  auto second = core::MigrationsFromFiles(edited);
  REQUIRE(second);
  core::Migrator migrator(*db, *second);
  auto applied = migrator.ApplyPending(test::kEpoch);
  REQUIRE_FALSE(applied);
  CHECK(applied.error().code == core::Errc::kSchemaOutOfDate);
  CHECK(applied.error().message ==
        "migration 0001_first changed after it was applied to ':memory:' (checksum differs): "
        "refusing to continue");
  CHECK(Count(*db, "SELECT count(*) FROM sqlite_master WHERE name = 'b'") == 0);
}

TEST_CASE("a failing migration is rolled back whole", "[core][migrations]") {
  auto db = EmptyDatabase();
  EmbeddedFile files[] = {{"0001_bad.sql", "CREATE TABLE a (x INTEGER); INSERT INTO nope VALUES (1);"}};
  auto migrations = core::MigrationsFromFiles(files);
  REQUIRE(migrations);
  auto applied = core::Migrator(*db, *migrations).ApplyPending(test::kEpoch);
  REQUIRE_FALSE(applied);
  CHECK(applied.error().message.starts_with("migration 0001_bad failed: "));
  CHECK(Count(*db, "SELECT count(*) FROM sqlite_master WHERE name = 'a'") == 0);
}

TEST_CASE("badly named migration files are rejected", "[core][migrations]") {
  EmbeddedFile files[] = {{"first.sql", "SELECT 1;"}};
  auto migrations = core::MigrationsFromFiles(files);
  REQUIRE_FALSE(migrations);
  CHECK(migrations.error().message == "migration file 'first.sql' is not named NNNN_name.sql");
}

TEST_CASE("a database at schema 1 gains the login throttle table in place, keeping its rows",
          "[core][migrations][throttle]") {
  auto db = EmptyDatabase();
  std::vector<core::Migration> all = core::BuiltInMigrations();
  REQUIRE(all.size() >= 2);
  REQUIRE(core::Migrator(*db, {all[0]}).ApplyPending(test::kEpoch));
  REQUIRE(db->Exec("INSERT INTO users (username, password_hash, role_id, created_at)"
                   " VALUES ('bob', 'x', 2, 0)"));
  core::Migrator migrator(*db);
  CHECK_FALSE(migrator.RequireCurrent());
  auto applied = migrator.ApplyPending(test::kEpoch + 60);
  REQUIRE(applied);
  CHECK(*applied == migrator.LatestVersion() - 1);
  CHECK(migrator.RequireCurrent());
  CHECK(Count(*db, "SELECT count(*) FROM users WHERE username = 'bob'") == 1);
  CHECK(Count(*db, "SELECT count(*) FROM login_failures") == 0);
}

TEST_CASE("a database at schema 1 with live sessions upgrades in place", "[core][migrations]") {
  auto db = EmptyDatabase();
  std::vector<core::Migration> all = core::BuiltInMigrations();
  REQUIRE(all.size() >= 2);
  REQUIRE(core::Migrator(*db, {all.front()}).ApplyPending(test::kEpoch));
  REQUIRE(db->Exec(
      "INSERT INTO users (username, password_hash, role_id, created_at)"
      " VALUES ('alice', 'x', 2, 0);"
      "INSERT INTO sessions (user_id, platform, access_token_hash, access_expires_at,"
      " refresh_token_hash, refresh_expires_at, created_at) VALUES (1, 'web', 'a', 9, 'r', 9, 0);"));
  core::Migrator migrator(*db);
  CHECK_FALSE(migrator.RequireCurrent());

  auto applied = migrator.ApplyPending(test::kEpoch + 60);
  REQUIRE(applied);
  CHECK(*applied == static_cast<int>(all.size()) - 1);
  CHECK(migrator.RequireCurrent());
  CHECK(Count(*db, "SELECT count(*) FROM sessions WHERE refresh_token_hash = 'r'") == 1);
  // The session security table is there, tied to the sessions it remembers.
  REQUIRE(db->Exec("INSERT INTO rotated_refresh_tokens VALUES ('old', 1, 5)"));
  REQUIRE(db->Exec("DELETE FROM sessions"));
  CHECK(Count(*db, "SELECT count(*) FROM rotated_refresh_tokens") == 0);
}
