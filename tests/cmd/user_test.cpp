// `itemctl user add|list|show|update|passwd|disable|enable`.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::NoTimes;
using test::ProcessResult;
using test::RequireOk;

namespace {

const char* const kUserHeader = "ID  USERNAME  ROLE   ACTIVATED  CREATED_AT            UPDATED_AT\n";

}  // namespace

TEST_CASE("user add without a password generates one and prints it once", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult added = cli.Run({"user", "add", "bob"});
  CHECK(added.exit_code == 0);
  CHECK(std::regex_match(
      NoTimes(added.out),
      std::regex("ID  USERNAME  ROLE  ACTIVATED  CREATED_AT            UPDATED_AT\n"
                 "2   bob       user  yes        YYYY-MM-DDTHH:MM:SSZ  -\n"
                 "Generated password for 'bob': [A-Za-z0-9]{16}\n"
                 "Store it now: it is not shown again\\.\n")));
  CHECK(added.err.empty());

  ProcessResult shown = cli.Run({"user", "show", "2"});
  CHECK(shown.exit_code == 0);
  CHECK(NoTimes(shown.out) == "ID  USERNAME  ROLE  ACTIVATED  CREATED_AT            UPDATED_AT\n"
                              "2   bob       user  yes        YYYY-MM-DDTHH:MM:SSZ  -\n");
}

TEST_CASE("user add --json includes the password only when generated", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult generated = cli.Run({"user", "add", "bob", "--role", "admin", "--json"});
  CHECK(generated.exit_code == 0);
  CHECK(std::regex_match(NoTimes(generated.out),
                         std::regex("\\{\n"
                                    "  \"activated\": true,\n"
                                    "  \"created_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "  \"id\": 2,\n"
                                    "  \"password\": \"[A-Za-z0-9]{16}\",\n"
                                    "  \"role_id\": 1,\n"
                                    "  \"updated_at\": null,\n"
                                    "  \"username\": \"bob\"\n"
                                    "\\}\n")));

  ProcessResult given =
      cli.Run({"user", "add", "carol", "--password-stdin", "--json"}, "carol-password-1\n");
  CHECK(given.exit_code == 0);
  CHECK(NoTimes(given.out) == "{\n"
                              "  \"activated\": true,\n"
                              "  \"created_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                              "  \"id\": 3,\n"
                              "  \"role_id\": 2,\n"
                              "  \"updated_at\": null,\n"
                              "  \"username\": \"carol\"\n"
                              "}\n");
  CHECK(given.out.find("carol-password-1") == std::string::npos);
  CHECK(given.err.empty());
}

TEST_CASE("user add reports duplicates, bad input and unknown roles", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));

  ProcessResult twice = cli.Run({"user", "add", "bob"});
  CHECK(twice.exit_code == 4);
  CHECK(twice.out.empty());
  CHECK(twice.err == "itemctl: error: user 'bob' already exists\n");

  ProcessResult bad_name = cli.Run({"user", "add", "no spaces"});
  CHECK(bad_name.exit_code == 5);
  CHECK(bad_name.out.empty());
  CHECK(bad_name.err == "itemctl: error: username 'no spaces' is invalid: use 1-30 letters, "
                        "digits, '.', '_', '-' or '@'\n");

  ProcessResult role = cli.Run({"user", "add", "dave", "--role", "boss"});
  CHECK(role.exit_code == 3);
  CHECK(role.out.empty());
  CHECK(role.err == "itemctl: error: role 'boss' not found\n");

  ProcessResult short_pw = cli.Run({"user", "add", "erin", "--password-stdin"}, "short\n");
  CHECK(short_pw.exit_code == 5);
  CHECK(short_pw.err ==
        "itemctl: error: password is too short: use at least 8 characters (got 5)\n");

  ProcessResult no_pw = cli.Run({"user", "add", "erin", "--password-stdin"});
  CHECK(no_pw.exit_code == 5);
  CHECK(no_pw.err == "itemctl: error: --password-stdin was given but standard input is empty\n");

  ProcessResult listed = cli.Run({"user", "list"});
  CHECK_THAT(listed.out, Catch::EndsWith("page 1 of 1, 2 users in total\n"));
}

TEST_CASE("user list filters by username and activation", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  RequireOk(cli.Run({"user", "add", "bobby"}));
  RequireOk(cli.Run({"user", "disable", "3"}));
  ProcessResult active = cli.Run({"user", "list", "--username", "BOB", "--activated", "true"});
  CHECK(active.exit_code == 0);
  CHECK(NoTimes(active.out) ==
        "ID  USERNAME  ROLE  ACTIVATED  CREATED_AT            UPDATED_AT\n"
        "2   bob       user  yes        YYYY-MM-DDTHH:MM:SSZ  -\n"
        "page 1 of 1, 1 user in total\n");

  ProcessResult json = cli.Run({"user", "list", "--activated", "false", "--json"});
  CHECK(json.exit_code == 0);
  CHECK(NoTimes(json.out) == "{\n"
                             "  \"limit\": 20,\n"
                             "  \"page\": 1,\n"
                             "  \"total\": 1,\n"
                             "  \"users\": [\n"
                             "    {\n"
                             "      \"activated\": false,\n"
                             "      \"created_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                             "      \"id\": 3,\n"
                             "      \"role_id\": 2,\n"
                             "      \"updated_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                             "      \"username\": \"bobby\"\n"
                             "    }\n"
                             "  ]\n"
                             "}\n");

  ProcessResult bad = cli.Run({"user", "list", "--activated", "maybe"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "itemctl: error: --activated: maybe not in {true,false,yes,no,1,0}"
                   " (run with --help for usage)\n");
}

TEST_CASE("user commands name a user by username or id and #ID is always the id",
          "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult by_id = cli.Run({"user", "show", "1", "--json"});
  CHECK(by_id.exit_code == 0);
  CHECK_THAT(by_id.out, Catch::Contains("\"username\": \"admin\""));
  CHECK(by_id.out.find("password") == std::string::npos);
  CHECK(cli.Run({"user", "show", "admin", "--json"}).out == by_id.out);
  CHECK(cli.Run({"user", "show", "#1", "--json"}).out == by_id.out);

  ProcessResult missing = cli.Run({"user", "show", "7"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.out.empty());
  CHECK(missing.err == "itemctl: error: user 7 not found\n");
  ProcessResult unknown = cli.Run({"user", "show", "bob"});
  CHECK(unknown.exit_code == 3);
  CHECK(unknown.err == "itemctl: error: user 'bob' not found\n");
  ProcessResult hash_only = cli.Run({"user", "show", "#bob"});
  CHECK(hash_only.exit_code == 5);
  CHECK(hash_only.err ==
        "itemctl: error: user '#bob': '#' must be followed by a user id (a positive whole "
        "number)\n");

  // A username of digits is found by name; #ID reaches the id past it.
  RequireOk(cli.Run({"user", "add", "2", "--password-stdin"}, "digits-password-1\n"));
  nlohmann::json by_name = nlohmann::json::parse(cli.Run({"user", "show", "2", "--json"}).out);
  CHECK(by_name["username"] == "2");
  CHECK(by_name["id"] == 2);
  RequireOk(cli.Run({"user", "add", "3", "--password-stdin"}, "digits-password-2\n"));
  CHECK(nlohmann::json::parse(cli.Run({"user", "show", "2", "--json"}).out)["id"] == 2);
  CHECK(nlohmann::json::parse(cli.Run({"user", "show", "#3", "--json"}).out)["username"] == "3");
  CHECK(nlohmann::json::parse(cli.Run({"user", "show", "3", "--json"}).out)["id"] == 3);
  CHECK(cli.Run({"user", "show", "#4"}).err == "itemctl: error: user 4 not found\n");

  // Every command that names a user takes the same forms.
  ProcessResult disabled = cli.Run({"user", "disable", "3"});
  CHECK(disabled.exit_code == 0);
  CHECK(disabled.out == "Disabled user '3' and ended its sessions.\n");
  CHECK(cli.Run({"user", "enable", "#3"}).exit_code == 0);
  CHECK(cli.Run({"role", "grant", "#2", "admin"}).exit_code == 0);
  CHECK(nlohmann::json::parse(cli.Run({"user", "show", "2", "--json"}).out)["role_id"] == 1);
  CHECK(cli.Run({"token", "list", "--user", "#2"}).exit_code == 0);
  ProcessResult owned = cli.Run({"item", "add", "box", "--owner", "#3", "--json"});
  CHECK(owned.exit_code == 0);
  CHECK(nlohmann::json::parse(owned.out)["user_id"] == 3);
}

TEST_CASE("user update changes name, role and activation", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  RequireOk(cli.Run({"user", "add", "carol"}));
  ProcessResult updated =
      cli.Run({"user", "update", "2", "--username", "robert", "--role", "admin"});
  CHECK(updated.exit_code == 0);
  CHECK(NoTimes(updated.out) ==
        std::string(kUserHeader) +
            "2   robert    admin  yes        YYYY-MM-DDTHH:MM:SSZ  YYYY-MM-DDTHH:MM:SSZ\n");

  ProcessResult clash = cli.Run({"user", "update", "3", "--username", "robert"});
  CHECK(clash.exit_code == 4);
  CHECK(clash.err == "itemctl: error: user 'robert' already exists\n");

  ProcessResult role = cli.Run({"user", "update", "3", "--role", "9"});
  CHECK(role.exit_code == 3);
  CHECK(role.err == "itemctl: error: role 9 not found\n");

  ProcessResult off = cli.Run({"user", "update", "3", "--activated", "false", "--json"});
  CHECK(off.exit_code == 0);
  CHECK_THAT(off.out, Catch::Contains("\"activated\": false"));

  ProcessResult nothing = cli.Run({"user", "update", "3"});
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.err == "itemctl: error: nothing to update: give --username, --role or "
                       "--activated (run with --help for usage)\n");
}

TEST_CASE("user passwd reads stdin or generates and prints once", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  ProcessResult given = cli.Run({"user", "passwd", "2", "--password-stdin"}, "a-new-password\r\n");
  CHECK(given.exit_code == 0);
  CHECK(given.out == "Changed the password of user 'bob'.\n");
  CHECK(given.err.empty());

  ProcessResult generated = cli.Run({"user", "passwd", "2"});
  CHECK(generated.exit_code == 0);
  CHECK(std::regex_match(generated.out,
                         std::regex("Changed the password of user 'bob'\\.\n"
                                    "Generated password for 'bob': [A-Za-z0-9]{16}\n"
                                    "Store it now: it is not shown again\\.\n")));

  ProcessResult missing = cli.Run({"user", "passwd", "9", "--password-stdin"}, "whatever-pw\n");
  CHECK(missing.exit_code == 3);
  CHECK(missing.err == "itemctl: error: user 9 not found\n");
}

TEST_CASE("user disable and enable toggle activation", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  ProcessResult disabled = cli.Run({"user", "disable", "2"});
  CHECK(disabled.exit_code == 0);
  CHECK(disabled.out == "Disabled user 'bob' and ended its sessions.\n");
  CHECK(disabled.err.empty());

  ProcessResult json = cli.Run({"user", "disable", "2", "--json"});
  CHECK(json.exit_code == 0);
  CHECK(json.out == "{\n  \"detail\": \"Disabled User 2\"\n}\n");

  ProcessResult enabled = cli.Run({"user", "enable", "2"});
  CHECK(enabled.exit_code == 0);
  CHECK(NoTimes(enabled.out) ==
        "ID  USERNAME  ROLE  ACTIVATED  CREATED_AT            UPDATED_AT\n"
        "2   bob       user  yes        YYYY-MM-DDTHH:MM:SSZ  YYYY-MM-DDTHH:MM:SSZ\n");

  ProcessResult missing = cli.Run({"user", "enable", "5"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err == "itemctl: error: user 5 not found\n");
}
