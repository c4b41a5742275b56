// `itemctl db copy SOURCE TARGET`.

#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;
using test::RequireOk;

TEST_CASE("db copy moves every row to a new file and the copy serves the same data", "[cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  RequireOk(cli.Run({"item", "add", "widget", "--description", "A small thing"}));
  RequireOk(cli.Run({"item", "add", "gadget"}));
  RequireOk(cli.Run({"item", "delete", "1"}));
  RequireOk(cli.Run({"version", "add", "2.0"}));
  RequireOk(cli.Run({"version", "sunset", "1.0", "--at", "2099-01-31"}));
  const std::string target = cli.dir().File("copy.db");

  ProcessResult copied = cli.RunWithoutDb({"db", "copy", cli.db(), target});
  RequireOk(copied);
  // The audit events: migrate's admin, bob, the item's deletion, 2.0, the sunset.
  CHECK(copied.out == "Copied 20 rows from '" + cli.db() + "' to '" + target +
                          "': roles 2, versions 10, users 2, items 1, sessions 0, "
                          "rotated_refresh_tokens 0, login_failures 0, audit_events 5.\n"
                          "Passwords work on the target when it uses the same pepper "
                          "(ITEMCTL_SECRET_KEY, --secret-key-file or the source's key file).\n");
  CHECK(copied.err.empty());

  // Same ids, same rows, and the next id follows the copied ones.
  ProcessResult items = cli.RunWithoutDb({"--db", target, "--json", "item", "show", "2"});
  RequireOk(items);
  CHECK(items.out.find("\"name\": \"gadget\"") != std::string::npos);
  ProcessResult added = cli.RunWithoutDb({"--db", target, "--json", "item", "add", "third"});
  RequireOk(added);
  CHECK(added.out.find("\"id\": 3") != std::string::npos);
  ProcessResult versions = cli.RunWithoutDb({"--db", target, "version", "list"});
  RequireOk(versions);
  CHECK(versions.out.find("2.0") != std::string::npos);
  CHECK(versions.out.find("1.0      yes        2099-01-31T00:00:00Z\n") != std::string::npos);
  // The password hashes came along: with the same pepper bob's account and
  // admin's are the same accounts (user list shows both, enabled).
  ProcessResult users = cli.RunWithoutDb({"--db", target, "--json", "user", "list"});
  RequireOk(users);
  CHECK(users.out.find("\"username\": \"bob\"") != std::string::npos);
  CHECK(users.out.find("\"total\": 2") != std::string::npos);
}

TEST_CASE("db copy --json reports the rows per table", "[cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult copied =
      cli.RunWithoutDb({"--json", "db", "copy", cli.db(), cli.dir().File("copy.db")});
  RequireOk(copied);
  CHECK(copied.out ==
        "{\n  \"rows\": 13,\n  \"tables\": {\n    \"audit_events\": 1,\n    \"items\": 0,\n"
        "    \"login_failures\": 0,\n"
        "    \"roles\": 2,\n    \"rotated_refresh_tokens\": 0,\n    \"sessions\": 0,\n"
        "    \"users\": 1,\n    \"versions\": 9\n  }\n}\n");
}

TEST_CASE("db copy refuses a target that has users and changes nothing", "[cmd]") {
  Cli source;
  source.Migrate();
  RequireOk(source.Run({"item", "add", "widget"}));
  Cli target;
  target.Migrate();

  ProcessResult refused = source.RunWithoutDb({"db", "copy", source.db(), target.db()});
  CHECK(refused.exit_code == 6);
  CHECK(refused.out.empty());
  CHECK(refused.err == "itemctl: error: target '" + target.db() +
                           "' already has users: db copy needs an empty or freshly migrated "
                           "target\n");
  ProcessResult items = target.Run({"--json", "item", "list"});
  RequireOk(items);
  CHECK(items.out.find("\"total\": 0") != std::string::npos);
}

TEST_CASE("db copy refuses to copy a database onto itself", "[cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult refused = cli.RunWithoutDb({"db", "copy", cli.db(), cli.db()});
  CHECK(refused.exit_code == 5);
  CHECK(refused.err ==
        "itemctl: error: source and target are the same database: give two databases\n");
}

TEST_CASE("db copy from a missing source creates nothing", "[cmd]") {
  Cli cli;
  const std::string target = cli.dir().File("copy.db");
  ProcessResult refused = cli.RunWithoutDb({"db", "copy", cli.dir().File("none.db"), target});
  CHECK(refused.exit_code == 7);
  CHECK_FALSE(std::filesystem::exists(target));
}
