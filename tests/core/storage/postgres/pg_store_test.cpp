// PgStore's transactions (commit, rollback, the serialization-failure retry),
// PgBackend and OpenBackend on PostgreSQL, and PgMigrationLedger: the
// migrations applied once by instances starting together, checksum drift.

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/storage/migration_runner.hpp"
#include "core/storage/open_backend.hpp"
#include "core/storage/postgres/pg_migration_ledger.hpp"
#include "core/storage/postgres/pg_store.hpp"
#include "core/storage/postgres/pg_transaction.hpp"
#include "core/storage/postgres/pg_url.hpp"
#include "tests/core/storage/postgres/pg_migrated_database.hpp"

using namespace itemctl;
using core::Errc;

namespace {

bool HasVersion(core::Store& store, const std::string& label) {
  auto found = store.versions().Find(label);
  REQUIRE(found);
  return found->has_value();
}

std::int64_t Count(core::PgConnection& conn, const std::string& sql) {
  auto r = conn.Execute(sql);
  if (!r) FAIL(r.error().message);
  return r->Int(0, 0);
}

}  // namespace

TEST_CASE("pg a transaction commits work that succeeds", "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::Store& store = db.store();
  core::Status done = store.Transact([&]() -> core::Status {
    auto added = store.versions().Insert("9.9", true);
    if (!added) return added.error();
    return core::Ok();
  });
  REQUIRE(done);
  CHECK(HasVersion(store, "9.9"));
  CHECK_FALSE(db.connection().InTransaction());
}

TEST_CASE("pg a transaction rolls back work that fails returning its error",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::Store& store = db.store();
  int attempts = 0;
  core::Status done = store.Transact([&]() -> core::Status {
    ++attempts;
    REQUIRE(store.versions().Insert("9.9", true));
    return core::MakeError(Errc::kInvalidArgument, "changed my mind");
  });
  REQUIRE_FALSE(done);
  CHECK(attempts == 1);
  CHECK(done.error().code == Errc::kInvalidArgument);
  CHECK(done.error().message == "changed my mind");
  CHECK_FALSE(HasVersion(store, "9.9"));
  CHECK_FALSE(db.connection().InTransaction());

  // A failing statement aborts the block; its error comes back as is.
  core::Status clash = store.Transact([&]() -> core::Status {
    auto added = store.versions().Insert("1.0", true);
    if (!added) return added.error();
    return core::Ok();
  });
  REQUIRE_FALSE(clash);
  CHECK(clash.error().code == Errc::kAlreadyExists);
  CHECK(store.Ping());
}

TEST_CASE("pg InTransaction hands back the work's value once committed",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::Store& store = db.store();
  core::Result<core::ApiVersion> added =
      core::InTransaction(store, [&] { return store.versions().Insert("9.9", false); });
  REQUIRE(added);
  CHECK(added->version == "9.9");
  CHECK(added->id == 10);
  CHECK(HasVersion(store, "9.9"));
  CHECK(store.Ping());

  auto nested = store.Transact([&]() -> core::Status {
    return store.Transact([]() -> core::Status { return core::Ok(); });
  });
  REQUIRE_FALSE(nested);
  CHECK(nested.error().code == Errc::kInternal);
}

TEST_CASE("pg a write skew fails the first attempt with 40001 and the second commits",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::Store& store = db.store();
  auto other = db.database().Connect();
  int attempts = 0;
  core::Status done = store.Transact([&]() -> core::Status {
    ++attempts;
    // Both transactions read every version, then each adds one: as if run
    // one after the other, the second would have seen the first's row.
    auto seen = store.versions().List();
    if (!seen) return seen.error();
    if (attempts == 1) {
      auto tx = core::PgTransaction::Begin(*other, core::PgIsolation::kSerializable);
      REQUIRE(tx);
      REQUIRE(other->Execute("SELECT count(*) FROM versions WHERE supported"));
      REQUIRE(other->Execute("INSERT INTO versions (version, supported) VALUES ('8.8', true)"));
      REQUIRE(tx->Commit());
    }
    auto added = store.versions().Insert("9." + std::to_string(seen->size()), true);
    if (!added) return added.error();
    return core::Ok();
  });
  REQUIRE(done);
  CHECK(attempts == 2);
  // The second attempt saw 8.8 (10 rows), so it added 9.10.
  CHECK(HasVersion(store, "8.8"));
  CHECK(HasVersion(store, "9.10"));
  CHECK_FALSE(HasVersion(store, "9.9"));
}

TEST_CASE("pg a transaction that keeps failing to serialize gives up after ten attempts",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::Store& store = db.store();
  int attempts = 0;
  core::Status done = store.Transact([&]() -> core::Status {
    ++attempts;
    REQUIRE(store.versions().Insert("9.9", true));
    core::Error conflict = core::MakeError(Errc::kStorage, "could not serialize access");
    conflict.retryable = true;
    return conflict;
  });
  REQUIRE_FALSE(done);
  CHECK(attempts == core::kPgTransactAttempts);
  CHECK(attempts == 10);
  CHECK(done.error().code == Errc::kStorage);
  CHECK(done.error().message == "could not serialize access");
  CHECK(done.error().detail == "Database busy, retry");
  CHECK_FALSE(HasVersion(store, "9.9"));
}

TEST_CASE("pg OpenBackend opens a PostgreSQL URL and lends migrated stores",
          "[core][storage][postgres]") {
  test::PgTestDatabase db;
  auto backend = core::OpenBackend({.url = db.url(), .max_connections = 2});
  if (!backend) FAIL(backend.error().message);
  CHECK((*backend)->engine() == core::Engine::kPostgres);
  CHECK((*backend)->display_name() == core::RedactedUrl(db.url()));
  CHECK((*backend)->display_name().find(test::PasswordOf(db.url())) == std::string::npos);
  {
    auto lease = (*backend)->Acquire(core::LeaseUse::kWrite);
    REQUIRE(lease);
    auto before = (*lease)->schema().RequireCurrent();
    REQUIRE_FALSE(before);
    CHECK(before.error().message == "schema is at 0, this binary needs 8: run itemctl migrate");
    auto applied = (*lease)->schema().ApplyPending(test::kEpoch);
    REQUIRE(applied);
    CHECK(*applied == 8);
  }
  auto first = (*backend)->Acquire(core::LeaseUse::kRead);
  auto second = (*backend)->Acquire(core::LeaseUse::kRead);
  REQUIRE(first);
  REQUIRE(second);
  CHECK((*first)->schema().RequireCurrent());
  CHECK(HasVersion(**second, "1.0"));
  CHECK((*first)->Ping());
}

TEST_CASE("pg a wrong password fails at open with the password masked",
          "[core][storage][postgres]") {
  test::PgTestDatabase db;
  std::string password = test::PasswordOf(db.url());
  std::string wrong = db.url();
  wrong.replace(wrong.find(password), password.size(), "Wr0ngPassw0rd");
  auto backend = core::OpenBackend({.url = wrong});
  REQUIRE_FALSE(backend);
  CHECK(backend.error().code == Errc::kStorage);
  CHECK(backend.error().detail == "Database unavailable");
  CHECK(backend.error().message.starts_with("cannot connect to " + core::RedactedUrl(wrong)));
  CHECK(backend.error().message.find("Wr0ngPassw0rd") == std::string::npos);
}

TEST_CASE("pg migrations record version name time and checksum and apply once",
          "[core][migrations][postgres]") {
  test::PgMigratedDatabase db(/*migrated=*/false);
  core::SchemaMigrator& migrator = db.store().schema();
  auto status = migrator.Status();
  REQUIRE(status);
  CHECK(status->size() == 8);
  // Reading the status of a fresh database creates nothing.
  CHECK(Count(db.connection(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0);

  auto applied = migrator.ApplyPending(test::kEpoch);
  REQUIRE(applied);
  CHECK(*applied == 8);
  CHECK(migrator.LatestVersion() == 8);
  CHECK(migrator.RequireCurrent());
  auto again = migrator.ApplyPending(test::kEpoch + 60);
  REQUIRE(again);
  CHECK(*again == 0);

  std::vector<core::Migration> built_in = core::PostgresMigrations();
  REQUIRE(built_in.size() == 8);
  CHECK(built_in[0].name == "0001_initial");
  core::PgMigrationLedger ledger(db.connection());
  auto rows = ledger.ReadApplied();
  REQUIRE(rows);
  REQUIRE(rows->size() == 8);
  for (std::size_t i = 0; i < rows->size(); ++i) {
    CHECK((*rows)[i].version == built_in[i].version);
    CHECK((*rows)[i].name == built_in[i].name);
    CHECK((*rows)[i].applied_at == test::kEpoch);
    CHECK((*rows)[i].checksum == built_in[i].checksum);
  }
}

TEST_CASE("pg two instances migrating at once apply each migration once",
          "[core][migrations][postgres]") {
  test::PgMigratedDatabase db(/*migrated=*/false);
  std::vector<core::Migration> migrations = core::PostgresMigrations();
  auto conn_a = db.database().Connect();
  auto conn_b = db.database().Connect();
  core::PgMigrationLedger ledger_a(*conn_a);
  core::PgMigrationLedger ledger_b(*conn_b);
  core::MigrationRunner runner_a(ledger_a, migrations);
  core::MigrationRunner runner_b(ledger_b, migrations);

  // Holding the migration lock makes both wait in their first Apply, so
  // they certainly overlap.
  REQUIRE(db.connection().Execute("SELECT pg_advisory_lock($1)",
                                  core::PgParams().Add(core::kMigrationLockKey)));
  std::optional<core::Result<int>> result_a;
  std::optional<core::Result<int>> result_b;
  std::thread a([&] { result_a.emplace(runner_a.ApplyPending(test::kEpoch)); });
  std::thread b([&] { result_b.emplace(runner_b.ApplyPending(test::kEpoch + 1)); });
  while (Count(db.connection(),
               "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
               " AND database = (SELECT oid FROM pg_database"
               " WHERE datname = current_database())") < 2) {
    std::this_thread::yield();
  }
  REQUIRE(db.connection().Execute("SELECT pg_advisory_unlock($1)",
                                  core::PgParams().Add(core::kMigrationLockKey)));
  a.join();
  b.join();

  REQUIRE(result_a);
  REQUIRE(result_b);
  if (!*result_a) FAIL(result_a->error().message);
  if (!*result_b) FAIL(result_b->error().message);
  CHECK(**result_a + **result_b == 8);
  CHECK(Count(db.connection(), "SELECT count(*) FROM schema_migrations") == 8);
  CHECK(Count(db.connection(), "SELECT count(*) FROM versions") == 9);
  CHECK(db.store().schema().RequireCurrent());
}

TEST_CASE("pg a migration changed after it was applied stops the runner",
          "[core][migrations][postgres]") {
  test::PgMigratedDatabase db(/*migrated=*/false);
  EmbeddedFile original[] = {{"0001_first.sql", "CREATE TABLE a (x BIGINT);"}};
  auto first = core::MigrationsFromFiles(original);
  REQUIRE(first);
  core::PgMigrationLedger ledger(db.connection());
  REQUIRE(core::MigrationRunner(ledger, *first).ApplyPending(test::kEpoch));

  EmbeddedFile edited[] = {{"0001_first.sql", "CREATE TABLE a (x TEXT);"},
                           {"0002_second.sql", "CREATE TABLE b (y BIGINT);"}};
  auto second = core::MigrationsFromFiles(edited);
  REQUIRE(second);
  core::MigrationRunner migrator(ledger, *second);
  auto applied = migrator.ApplyPending(test::kEpoch);
  REQUIRE_FALSE(applied);
  CHECK(applied.error().code == Errc::kSchemaOutOfDate);
  CHECK(applied.error().message == "migration 0001_first changed after it was applied to '" +
                                       core::RedactedUrl(db.database().url()) +
                                       "' (checksum differs): refusing to continue");
  CHECK(Count(db.connection(), "SELECT count(*) FROM pg_tables WHERE tablename = 'b'") == 0);
}

TEST_CASE("pg a failing migration is rolled back whole", "[core][migrations][postgres]") {
  test::PgMigratedDatabase db(/*migrated=*/false);
  EmbeddedFile files[] = {
      {"0001_bad.sql", "CREATE TABLE a (x BIGINT); INSERT INTO nope VALUES (1);"}};
  auto migrations = core::MigrationsFromFiles(files);
  REQUIRE(migrations);
  core::PgMigrationLedger ledger(db.connection());
  auto applied = core::MigrationRunner(ledger, *migrations).ApplyPending(test::kEpoch);
  REQUIRE_FALSE(applied);
  CHECK(applied.error().message.starts_with("migration 0001_bad failed: "));
  CHECK(Count(db.connection(), "SELECT count(*) FROM pg_tables WHERE tablename = 'a'") == 0);
  CHECK_FALSE(db.connection().InTransaction());
  auto rows = ledger.ReadApplied();
  REQUIRE(rows);
  CHECK(rows->empty());
}

TEST_CASE("pg a migration recorded by another instance in the meantime is skipped",
          "[core][migrations][postgres]") {
  test::PgMigratedDatabase db(/*migrated=*/false);
  EmbeddedFile files[] = {{"0001_first.sql", "CREATE TABLE a (x BIGINT);"}};
  auto migrations = core::MigrationsFromFiles(files);
  REQUIRE(migrations);
  auto other = db.database().Connect();
  core::PgMigrationLedger winner(db.connection());
  core::PgMigrationLedger loser(*other);
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

TEST_CASE("pg an unreachable server fails at open with the password masked", "[pg]") {
  // Port 1 on the loopback: refused at once, and the password stays hidden.
  auto backend = core::OpenBackend({.url = "postgresql://app:s3cret-pw@127.0.0.1:1/itemctl"});
  REQUIRE_FALSE(backend);
  CHECK(backend.error().code == core::Errc::kStorage);
  CHECK(backend.error().detail == "Database unavailable");
  CHECK(backend.error().message.starts_with(
      "cannot connect to postgresql://app:***@127.0.0.1:1/itemctl: "));
  CHECK(backend.error().message.find("s3cret-pw") == std::string::npos);
}
