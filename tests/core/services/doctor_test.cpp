#include "core/services/doctor.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/test_support.hpp"

using namespace itemctl;
using core::HealthCheck;

namespace {

const std::vector<std::string> kNames{"schema",      "integrity",        "key_file",
                                      "database_files", "admins",        "wal_size",
                                      "expired_sessions", "locked_accounts", "disk_space",
                                      "clock"};

// A migrated database with one admin, and a doctor over it whose clock
// reads the real time (a PostgreSQL server compares it with its own) and
// whose pepper comes from ITEMCTL_SECRET_KEY.
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{core::SystemClock().Now()};
  core::Id admin = db->AddUser("root", core::kRoleAdmin);
  std::int64_t max_failures = 5;

  std::vector<HealthCheck> Run() {
    const bool sqlite = test::EngineUnderTest() == core::Engine::kSqlite;
    core::Doctor doctor(db->store(), clock,
                        {.db = sqlite ? ":memory:" : "postgresql://test/itemctl",
                         .secret_key = {std::string("doctor-test-key-0123456789"), std::nullopt},
                         .max_failures_per_account = max_failures});
    core::Result<std::vector<HealthCheck>> checks = doctor.Run(core::Actor::System());
    REQUIRE(checks);
    std::vector<std::string> names;
    for (const HealthCheck& check : *checks) names.push_back(check.name);
    REQUIRE(names == kNames);
    return *checks;
  }
  // The check named `name` of a run.
  HealthCheck Check(const std::string& name) {
    for (const HealthCheck& check : Run()) {
      if (check.name == name) return check;
    }
    FAIL("no check " << name);
    return {};
  }
  int Latest() { return db->store().schema().LatestVersion(); }
  // A session of `admin` whose refresh token expired `ago` seconds ago.
  void AddSessionExpired(std::int64_t ago, const std::string& tag) {
    core::UnixSeconds expired = clock.Now() - ago;
    db->Exec("INSERT INTO sessions (user_id, platform, access_token_hash, access_expires_at,"
             " refresh_token_hash, refresh_expires_at, created_at) VALUES (" +
             std::to_string(admin) + ", 'web', 'a-" + tag + "', " + std::to_string(expired) +
             ", 'r-" + tag + "', " + std::to_string(expired) + ", " +
             std::to_string(test::kEpoch) + ")");
  }
  // `n` live failed logins of the account name `name`.
  void AddFailures(const std::string& name, int n) {
    for (int i = 0; i < n; ++i) {
      db->Exec("INSERT INTO login_failures (scope, subject, failed_at, expires_at) VALUES"
               " ('account', '" + name + "', " + std::to_string(clock.Now()) + ", " +
               std::to_string(clock.Now() + 900) + ")");
    }
  }
};

}  // namespace

TEST_CASE("a healthy database passes every check", "[core][doctor][db]") {
  Fixture f;
  std::vector<HealthCheck> checks = f.Run();
  for (const HealthCheck& check : checks) {
    INFO(check.name << ": " << check.detail);
    CHECK(check.ok);
  }
  CHECK(core::CountFailed(checks) == 0);
  CHECK(checks[0].detail == "at version " + std::to_string(f.Latest()) + ", current");
  CHECK(checks[2].detail == "the key comes from ITEMCTL_SECRET_KEY");
  CHECK(checks[4].detail == "1 active admin");
  CHECK(checks[6].detail == "no expired sessions");
  CHECK(checks[7].detail == "no user is locked out");
  if (test::EngineUnderTest() == core::Engine::kSqlite) {
    CHECK(checks[1].detail == "PRAGMA integrity_check: ok");
    CHECK(checks[3].detail == "not applicable to an in-memory database");
  } else {
    CHECK(checks[3].detail == "not applicable on PostgreSQL (the server keeps its own files)");
    CHECK(checks[5].detail == "not applicable on PostgreSQL (the server manages its own WAL)");
    CHECK(checks[8].detail == "not applicable on PostgreSQL (check the database server's disk)");
    CHECK_THAT(checks[9].detail, Catch::EndsWith(", within 60 s of the database server's"));
  }
}

TEST_CASE("the doctor is for admins only", "[core][doctor][db]") {
  Fixture f;
  core::Doctor doctor(f.db->store(), f.clock, {.db = ":memory:"});
  auto refused = doctor.Run(core::Actor{7, false, 0});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == core::Errc::kPermissionDenied);
}

TEST_CASE("a schema behind the binary fails with the migrate fix", "[core][doctor][db]") {
  Fixture f;
  f.db->Exec("DELETE FROM schema_migrations WHERE version = " + std::to_string(f.Latest()));
  HealthCheck schema = f.Check("schema");
  CHECK_FALSE(schema.ok);
  CHECK(schema.detail == "at version " + std::to_string(f.Latest() - 1) + ", this binary needs " +
                             std::to_string(f.Latest()) + ": run itemctl migrate");
}

TEST_CASE("a migration changed after it was applied fails the schema check", "[core][doctor][db]") {
  Fixture f;
  f.db->Exec("UPDATE schema_migrations SET checksum = '0000' WHERE version = 1");
  HealthCheck schema = f.Check("schema");
  CHECK_FALSE(schema.ok);
  CHECK_THAT(schema.detail, Catch::StartsWith("migration 0001_initial changed after it was "
                                              "applied to '"));
}

TEST_CASE("no active admin fails the admins check", "[core][doctor][db]") {
  Fixture f;
  f.db->AddUser("bob");
  f.db->Exec("UPDATE users SET activated = false WHERE role_id = 1");
  std::vector<HealthCheck> checks = f.Run();
  CHECK(core::CountFailed(checks) == 1);
  CHECK_FALSE(checks[4].ok);
  CHECK(checks[4].detail ==
        "no active admin: itemctl user enable NAME (a disabled admin) or itemctl role grant "
        "NAME admin");
}

TEST_CASE("sessions expired over two days ago fail the expired sessions check",
          "[core][doctor][db]") {
  Fixture f;
  f.AddSessionExpired(3600, "recent");
  CHECK(f.Check("expired_sessions").detail == "1 expired session awaiting the next purge");
  CHECK(f.Check("expired_sessions").ok);

  f.AddSessionExpired(core::kStaleExpiredSessionSeconds + 1, "stale");
  HealthCheck stale = f.Check("expired_sessions");
  CHECK_FALSE(stale.ok);
  CHECK_THAT(stale.detail, Catch::StartsWith("1 session expired over 2 days ago and still "
                                             "stored: the purge is not running: itemctl token "
                                             "purge"));
}

TEST_CASE("users at the failed-login limit fail the locked accounts check", "[core][doctor][db]") {
  Fixture f;
  f.db->AddUser("alice");
  f.db->AddUser("bob");
  f.AddFailures("alice", 5);
  f.AddFailures("bob", 4);
  f.AddFailures("ghost", 5);
  HealthCheck locked = f.Check("locked_accounts");
  CHECK_FALSE(locked.ok);
  CHECK(locked.detail == "locked out by failed logins: alice (1 name of no user locked; they "
                         "unlock by themselves): itemctl user unlock alice");

  // With serve's limit at 4, bob is locked as well.
  f.max_failures = 4;
  CHECK(f.Check("locked_accounts").detail ==
        "locked out by failed logins: alice, bob (1 name of no user locked; they unlock by "
        "themselves): itemctl user unlock alice; itemctl user unlock bob");

  // Failures that left their window lock no one.
  f.max_failures = 5;
  f.clock.Advance(900);
  HealthCheck later = f.Check("locked_accounts");
  CHECK(later.ok);
  CHECK(later.detail == "no user is locked out");
}

TEST_CASE("a stored time ahead of the system clock fails the clock check", "[core][doctor][db]") {
  Fixture f;
  core::UnixSeconds ahead = f.clock.Now() + 3 * 86400;
  f.db->Exec("INSERT INTO items (name, user_id, created_at) VALUES ('from-the-future', " +
             std::to_string(f.admin) + ", " + std::to_string(ahead) + ")");
  HealthCheck clock = f.Check("clock");
  CHECK_FALSE(clock.ok);
  CHECK_THAT(clock.detail,
             Catch::Contains("is 3 days behind the newest stored time (items.created_at " +
                             core::FormatIso8601(ahead) + ")"));
}
