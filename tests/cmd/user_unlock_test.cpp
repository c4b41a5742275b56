// `itemctl user unlock USER`: clears the failed logins that lock an account
// (SPEC §8), by username or id; and `migrate` bringing a schema-1 database
// up to the login throttle's table.

#include <catch2/catch.hpp>

#include "core/domain/clock.hpp"
#include "core/services/login_throttle.hpp"
#include "core/storage/sqlite/sqlite_migration_ledger.hpp"
#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;

namespace {

// Records `n` failed logins for `username` the way the server does.
void FailLogins(const Cli& cli, const std::string& username, int n) {
  core::SystemClock clock;
  test::ServicesOn services(cli.db(), clock);
  core::LoginThrottle throttle = services->login_throttle();
  for (int i = 0; i < n; ++i) {
    auto ticket = throttle.Admit({core::AccountKey(username), core::AddressKey("192.0.2.1")});
    REQUIRE(ticket);
    REQUIRE(throttle.Failed(*ticket));
  }
}

std::int64_t Failures(const Cli& cli, const std::string& username) {
  core::SystemClock clock;
  test::ServicesOn services(cli.db(), clock);
  auto live = services->login_throttle().LiveFailures(core::AccountKey(username));
  REQUIRE(live);
  return *live;
}

}  // namespace

TEST_CASE("user unlock clears the failed logins of a user given by name", "[db][cmd][throttle]") {
  Cli cli;
  cli.Migrate();
  FailLogins(cli, "admin", 5);
  REQUIRE(Failures(cli, "admin") == 5);
  ProcessResult unlocked = cli.Run({"user", "unlock", "admin"});
  CHECK(unlocked.exit_code == 0);
  CHECK(unlocked.out == "Unlocked user 'admin' (5 failed logins cleared).\n");
  CHECK(unlocked.err.empty());
  CHECK(Failures(cli, "admin") == 0);

  ProcessResult again = cli.Run({"user", "unlock", "admin"});
  CHECK(again.exit_code == 0);
  CHECK(again.out == "Unlocked user 'admin' (0 failed logins cleared).\n");
}

TEST_CASE("user unlock takes an id and prints the API's detail with --json",
          "[db][cmd][throttle]") {
  Cli cli;
  cli.Migrate();
  FailLogins(cli, "admin", 1);
  ProcessResult unlocked = cli.Run({"user", "unlock", "1", "--json"});
  CHECK(unlocked.exit_code == 0);
  CHECK(unlocked.out == "{\n  \"detail\": \"Unlocked User 1\"\n}\n");
  CHECK(unlocked.err.empty());
  CHECK(Failures(cli, "admin") == 0);
}

TEST_CASE("user unlock of an unknown user exits 3 and changes nothing", "[db][cmd][throttle]") {
  Cli cli;
  cli.Migrate();
  FailLogins(cli, "nobody", 2);
  ProcessResult by_name = cli.Run({"user", "unlock", "nobody"});
  CHECK(by_name.exit_code == 3);
  CHECK(by_name.out.empty());
  CHECK(by_name.err == "itemctl: error: user 'nobody' not found\n");
  CHECK(Failures(cli, "nobody") == 2);

  ProcessResult by_id = cli.Run({"user", "unlock", "42"});
  CHECK(by_id.exit_code == 3);
  CHECK(by_id.err == "itemctl: error: user 42 not found\n");

  ProcessResult missing = cli.Run({"user", "unlock"});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("migrate upgrades a schema-1 database in place",
          "[sqlite][cmd][throttle][migrations]") {
  Cli cli;
  {
    auto db = core::Database::Open(cli.db(), core::OpenMode::kCreateIfMissing);
    REQUIRE(db);
    core::SqliteMigrationLedger ledger(**db);
    const std::vector<core::Migration> first = {core::SqliteMigrations().at(0)};
    REQUIRE(core::MigrationRunner(ledger, first).ApplyPending(test::kEpoch));
  }
  ProcessResult stale = cli.Run({"user", "unlock", "admin"});
  CHECK(stale.exit_code == 7);
  CHECK(stale.err == "itemctl: error: schema is at 1, this binary needs 8: run itemctl migrate\n");
  ProcessResult migrated = cli.Run({"migrate", "--json"});
  CHECK(migrated.exit_code == 0);
  CHECK(migrated.out ==
        "{\n  \"admin_created\": true,\n  \"applied\": 7,\n  \"schema_version\": 8\n}\n");
  FailLogins(cli, "admin", 5);
  CHECK(cli.Run({"user", "unlock", "admin"}).exit_code == 0);
}

TEST_CASE("token purge also deletes failed logins past their window", "[db][cmd][throttle]") {
  Cli cli;
  cli.Migrate();
  {
    // Two failures recorded a day ago (expired) and one now (live).
    core::ManualClock past(core::SystemClock().Now() - 86400);
    test::ServicesOn services(cli.db(), past);
    core::LoginThrottle old = services->login_throttle();
    for (int i = 0; i < 2; ++i) {
      auto ticket = old.Admit({core::AccountKey("bob")});
      REQUIRE(ticket);
      REQUIRE(old.Failed(*ticket));
    }
  }
  FailLogins(cli, "carol", 1);
  ProcessResult purged = cli.Run({"token", "purge"});
  CHECK(purged.exit_code == 0);
  CHECK(purged.out == "Deleted 0 expired sessions.\n");
  core::ManualClock past(core::SystemClock().Now() - 86400);
  test::ServicesOn services(cli.db(), past);
  // Seen from a day ago bob's rows would still be live: they are gone.
  auto bob = services->login_throttle().LiveFailures(core::AccountKey("bob"));
  REQUIRE(bob);
  CHECK(*bob == 0);
  CHECK(Failures(cli, "carol") == 1);
}
