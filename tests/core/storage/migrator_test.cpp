#include <catch2/catch.hpp>

#include <vector>

#include "core/storage/migration_runner.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/storage/sqlite/sqlite_migration_ledger.hpp"
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

// The runner of `itemctl migrate` over `db`: the built-in SQLite migrations.
struct BuiltInMigrator {
  explicit BuiltInMigrator(core::Database& db) : ledger(db), runner(ledger, migrations) {}
  std::vector<core::Migration> migrations = core::SqliteMigrations();
  core::SqliteMigrationLedger ledger;
  core::MigrationRunner runner;
};

}  // namespace

TEST_CASE("a fresh database gets every migration and the seeded rows", "[core][migrations]") {
  auto db = EmptyDatabase();
  BuiltInMigrator built_in(*db);
  core::SchemaMigrator& migrator = built_in.runner;
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
  BuiltInMigrator built_in(*db);
  core::SchemaMigrator& migrator = built_in.runner;
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
  BuiltInMigrator built_in(*db);
  core::SchemaMigrator& migrator = built_in.runner;
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
  core::SqliteMigrationLedger ledger(*db);
  REQUIRE(core::MigrationRunner(ledger, *first).ApplyPending(test::kEpoch));

  EmbeddedFile edited[] = {{"0001_first.sql", "CREATE TABLE a (x TEXT);"},
                           {"0002_second.sql", "CREATE TABLE b (y INTEGER);"}};
  auto second = core::MigrationsFromFiles(edited);
  REQUIRE(second);
  core::MigrationRunner migrator(ledger, *second);
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
  core::SqliteMigrationLedger ledger(*db);
  auto applied = core::MigrationRunner(ledger, *migrations).ApplyPending(test::kEpoch);
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
  BuiltInMigrator built_in(*db);
  const std::vector<core::Migration>& all = built_in.migrations;
  REQUIRE(all.size() >= 2);
  const std::vector<core::Migration> first = {all[0]};
  REQUIRE(core::MigrationRunner(built_in.ledger, first).ApplyPending(test::kEpoch));
  REQUIRE(db->Exec("INSERT INTO users (username, password_hash, role_id, created_at)"
                   " VALUES ('bob', 'x', 2, 0)"));
  core::MigrationRunner& migrator = built_in.runner;
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
  BuiltInMigrator built_in(*db);
  const std::vector<core::Migration>& all = built_in.migrations;
  REQUIRE(all.size() >= 2);
  const std::vector<core::Migration> first = {all.front()};
  REQUIRE(core::MigrationRunner(built_in.ledger, first).ApplyPending(test::kEpoch));
  REQUIRE(db->Exec(
      "INSERT INTO users (username, password_hash, role_id, created_at)"
      " VALUES ('alice', 'x', 2, 0);"
      "INSERT INTO sessions (user_id, platform, access_token_hash, access_expires_at,"
      " refresh_token_hash, refresh_expires_at, created_at) VALUES (1, 'web', 'a', 9, 'r', 9, 0);"));
  core::MigrationRunner& migrator = built_in.runner;
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

TEST_CASE("reading the status of a fresh database creates nothing", "[core][migrations]") {
  auto db = EmptyDatabase();
  BuiltInMigrator built_in(*db);
  auto status = built_in.runner.Status();
  REQUIRE(status);
  CHECK(status->size() == built_in.migrations.size());
  for (const auto& row : *status) CHECK_FALSE(row.applied_at);
  CHECK(Count(*db, "SELECT count(*) FROM sqlite_master") == 0);
}

TEST_CASE("a migration recorded by another instance in the meantime is skipped",
          "[core][migrations]") {
  auto db = EmptyDatabase();
  EmbeddedFile files[] = {{"0001_first.sql", "CREATE TABLE a (x INTEGER);"}};
  auto migrations = core::MigrationsFromFiles(files);
  REQUIRE(migrations);
  // Two ledgers on one file stand for two processes that both saw it pending.
  core::SqliteMigrationLedger winner(*db);
  core::SqliteMigrationLedger loser(*db);
  auto first = winner.Apply(migrations->front(), test::kEpoch);
  REQUIRE(first);
  CHECK(*first);
  // Running the SQL again would fail: table a already exists.
  auto second = loser.Apply(migrations->front(), test::kEpoch + 60);
  REQUIRE(second);
  CHECK_FALSE(*second);
  auto applied = loser.ReadApplied();
  REQUIRE(applied);
  REQUIRE(applied->size() == 1);
  CHECK(applied->front().name == "0001_first");
  CHECK(applied->front().applied_at == test::kEpoch);
}
