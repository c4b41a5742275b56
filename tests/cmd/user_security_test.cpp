// SPEC §8 from the CLI: `user passwd` ends every session of the user, the
// last active admin cannot be demoted or disabled (exit 6, one line naming
// the user), the CLI may disable another admin, and `migrate` upgrades a
// database at schema 1 in place.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/services/password_hasher.hpp"
#include "core/services/secret_key.hpp"
#include "core/services/sessions.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/storage/sqlite/sqlite_migration_ledger.hpp"
#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;
using test::RequireOk;

namespace {

constexpr const char* kLastAdmin =
    "itemctl: error: cannot remove the last admin: 'admin' is the only active admin\n";

// The server's view of the CLI's database: logs users in through core and
// checks their access tokens, as `itemctl serve` would.
class Server {
 public:
  explicit Server(const Cli& cli) {
    auto pepper = core::LoadOrCreateSecretKey(cli.db(), std::string(Cli::kSecretKey));
    REQUIRE(pepper);
    hasher_ = std::make_unique<core::PasswordHasher>(*pepper);
    services_ = std::make_unique<test::ServicesOn>(cli.db(), clock_, hasher_.get());
  }
  std::string Login(const std::string& username, const std::string& password,
                    const std::string& platform) {
    auto issued = Sessions().Login(username, password, platform);
    INFO((issued ? "" : issued.error().message));
    REQUIRE(issued);
    return issued->access_token;
  }
  bool Works(const std::string& access_token) {
    return static_cast<bool>(Sessions().Authenticate(access_token));
  }

 private:
  core::Sessions Sessions() { return (*services_)->sessions(); }

  core::SystemClock clock_;
  std::unique_ptr<core::PasswordHasher> hasher_;
  std::unique_ptr<test::ServicesOn> services_;
};

}  // namespace

TEST_CASE("user passwd ends every session of the user and no one else's", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob", "--password-stdin"}, "bob-password-1\n"));
  Server server(cli);
  std::string bob_web = server.Login("bob", "bob-password-1", "web");
  std::string bob_ios = server.Login("bob", "bob-password-1", "ios");
  std::string admin = server.Login("admin", Cli::kAdminPassword, "web");

  ProcessResult changed = cli.Run({"user", "passwd", "2", "--password-stdin"}, "bob-password-2\n");
  CHECK(changed.exit_code == 0);
  CHECK(changed.out == "Changed the password of user 'bob'.\n");
  CHECK_FALSE(server.Works(bob_web));
  CHECK_FALSE(server.Works(bob_ios));
  CHECK(server.Works(admin));
  CHECK(server.Works(server.Login("bob", "bob-password-2", "web")));
}

TEST_CASE("the CLI cannot demote or disable the last active admin", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"role", "grant", "admin", "user"},
        {"role", "grant", "admin", "2"},
        {"user", "disable", "1"},
        {"user", "update", "1", "--activated", "false"},
        {"user", "update", "1", "--role", "user"}}) {
    ProcessResult refused = cli.Run(args);
    INFO(args[0] << " " << args[1]);
    CHECK(refused.exit_code == 6);
    CHECK(refused.out.empty());
    CHECK(refused.err == kLastAdmin);
  }
  ProcessResult shown = cli.Run({"user", "show", "1", "--json"});
  CHECK_THAT(shown.out, Catch::Contains("\"role_id\": 1"));
  CHECK_THAT(shown.out, Catch::Contains("\"activated\": true"));
}

TEST_CASE("with two active admins the CLI demotes or disables one, then not the other",
          "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "ops", "--role", "admin"}));
  // The CLI may disable another admin (the API may not).
  RequireOk(cli.Run({"user", "disable", "2"}));
  ProcessResult last = cli.Run({"role", "grant", "admin", "user"});
  CHECK(last.exit_code == 6);
  CHECK(last.err == kLastAdmin);

  RequireOk(cli.Run({"user", "enable", "2"}));
  ProcessResult demoted = cli.Run({"role", "grant", "admin", "user", "--json"});
  CHECK(demoted.exit_code == 0);
  CHECK_THAT(demoted.out, Catch::Contains("\"role_id\": 2"));
  ProcessResult ops = cli.Run({"user", "disable", "2"});
  CHECK(ops.exit_code == 6);
  CHECK(ops.err ==
        "itemctl: error: cannot remove the last admin: 'ops' is the only active admin\n");
}

TEST_CASE("migrate upgrades a database at schema 1 in place", "[sqlite][cmd]") {
  Cli cli;
  {
    auto db = core::Database::Open(cli.db(), core::OpenMode::kCreateIfMissing);
    REQUIRE(db);
    std::vector<core::Migration> all = core::SqliteMigrations();
    REQUIRE(all.size() == 8);
    core::SqliteMigrationLedger ledger(**db);
    const std::vector<core::Migration> first = {all.front()};
    REQUIRE(core::MigrationRunner(ledger, first).ApplyPending(test::kEpoch));
    REQUIRE((*db)->Exec(
        "INSERT INTO users (username, password_hash, role_id, created_at)"
        " VALUES ('admin', 'x', 1, 0)"));
  }
  ProcessResult stale = cli.Run({"user", "list"});
  CHECK(stale.exit_code == 7);
  CHECK(stale.err == "itemctl: error: schema is at 1, this binary needs 8: run itemctl migrate\n");

  ProcessResult migrated = cli.Run({"migrate"});
  CHECK(migrated.exit_code == 0);
  CHECK(migrated.out == "Applied 7 migrations; the schema is at version 8.\n");
  CHECK(migrated.err.empty());
  ProcessResult listed = cli.Run({"user", "list", "--json"});
  CHECK(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Contains("\"username\": \"admin\""));
}
