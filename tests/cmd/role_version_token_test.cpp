// `itemctl role ...`, `itemctl version ...` and `itemctl token ...`.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "core/services/password_hasher.hpp"
#include "core/services/secret_key.hpp"
#include "core/services/sessions.hpp"
#include "core/storage/sqlite/database.hpp"
#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::NoTimes;
using test::ProcessResult;

namespace {

// Logs `username` (default: admin) in through core, as the server would, at
// time `now`.
void Login(const Cli& cli, core::UnixSeconds now, const char* platform,
           const char* username = "admin", const char* password = Cli::kAdminPassword) {
  auto pepper = core::LoadOrCreateSecretKey(cli.db(), std::string(Cli::kSecretKey));
  REQUIRE(pepper);
  core::PasswordHasher hasher(*pepper);
  core::ManualClock clock(now);
  test::ServicesOn services(cli.db(), clock, &hasher);
  auto issued = services->sessions().Login(username, password, platform);
  INFO((issued ? "" : issued.error().message));
  REQUIRE(issued);
}

}  // namespace

TEST_CASE("role list prints the seeded roles", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult listed = cli.Run({"role", "list"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out == "ID  NAME\n1   admin\n2   user\n");
  CHECK(listed.err.empty());
}

TEST_CASE("role grant sets a user's role by name or id", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  REQUIRE(cli.Run({"user", "add", "bob"}).exit_code == 0);
  ProcessResult granted = cli.Run({"role", "grant", "bob", "admin"});
  CHECK(granted.exit_code == 0);
  CHECK(NoTimes(granted.out) ==
        "ID  USERNAME  ROLE   ACTIVATED  CREATED_AT            UPDATED_AT\n"
        "2   bob       admin  yes        YYYY-MM-DDTHH:MM:SSZ  YYYY-MM-DDTHH:MM:SSZ\n");

  ProcessResult json = cli.Run({"role", "grant", "bob", "2", "--json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains("\"role_id\": 2"));

  ProcessResult role = cli.Run({"role", "grant", "bob", "boss"});
  CHECK(role.exit_code == 3);
  CHECK(role.out.empty());
  CHECK(role.err == "itemctl: error: role 'boss' not found\n");

  ProcessResult user = cli.Run({"role", "grant", "ghost", "user"});
  CHECK(user.exit_code == 3);
  CHECK(user.err == "itemctl: error: user 'ghost' not found\n");
}

TEST_CASE("version list, add, deprecate and support", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult listed = cli.Run({"version", "list"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out ==
        "ID  VERSION  SUPPORTED  SUNSET\n"
        "1   0.1      no         -\n2   0.2      no         -\n3   0.3      no         -\n"
        "4   0.4      no         -\n5   0.5      no         -\n6   0.6      no         -\n"
        "7   0.7      no         -\n8   0.8      no         -\n9   1.0      yes        -\n");

  ProcessResult added = cli.Run({"version", "add", "1.1"});
  CHECK(added.exit_code == 0);
  CHECK(added.out == "ID  VERSION  SUPPORTED  SUNSET\n10  1.1      yes        -\n");

  ProcessResult hidden = cli.Run({"version", "add", "2.0", "--unsupported", "--json"});
  CHECK(hidden.exit_code == 0);
  CHECK(hidden.out == "{\n  \"id\": 11,\n  \"sunset\": null,\n  \"supported\": false,\n"
                      "  \"version\": \"2.0\"\n}\n");

  ProcessResult twice = cli.Run({"version", "add", "1.1"});
  CHECK(twice.exit_code == 4);
  CHECK(twice.out.empty());
  CHECK(twice.err == "itemctl: error: version '1.1' already exists\n");

  ProcessResult deprecated = cli.Run({"version", "deprecate", "1.0"});
  CHECK(deprecated.exit_code == 0);
  CHECK(deprecated.out == "ID  VERSION  SUPPORTED  SUNSET\n9   1.0      no         -\n");

  ProcessResult supported = cli.Run({"version", "support", "0.8", "--json"});
  CHECK(supported.out == "{\n  \"id\": 8,\n  \"sunset\": null,\n  \"supported\": true,\n"
                         "  \"version\": \"0.8\"\n}\n");

  ProcessResult missing = cli.Run({"version", "deprecate", "9.9"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err == "itemctl: error: version '9.9' not found\n");
}

TEST_CASE("version sunset announces a retirement that list shows", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  // Far enough ahead that the date stays in the future.
  ProcessResult announced = cli.Run({"version", "sunset", "1.0", "--at", "2099-01-31"});
  CHECK(announced.exit_code == 0);
  CHECK(announced.out ==
        "ID  VERSION  SUPPORTED  SUNSET\n9   1.0      yes        2099-01-31T00:00:00Z\n");
  CHECK(announced.err.empty());

  ProcessResult listed = cli.Run({"version", "list"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out ==
        "ID  VERSION  SUPPORTED  SUNSET\n"
        "1   0.1      no         -\n2   0.2      no         -\n3   0.3      no         -\n"
        "4   0.4      no         -\n5   0.5      no         -\n6   0.6      no         -\n"
        "7   0.7      no         -\n8   0.8      no         -\n"
        "9   1.0      yes        2099-01-31T00:00:00Z\n");

  // --json is the JSON of GET /versions.
  ProcessResult json = cli.Run({"version", "list", "--json"});
  CHECK(json.exit_code == 0);
  nlohmann::json versions = nlohmann::json::parse(json.out);
  REQUIRE(versions.size() == 9);
  CHECK(versions[0] ==
        nlohmann::json{{"id", 1}, {"version", "0.1"}, {"supported", false}, {"sunset", nullptr}});
  CHECK(versions[8] == nlohmann::json{{"id", 9},
                                      {"version", "1.0"},
                                      {"supported", true},
                                      {"sunset", "2099-01-31T00:00:00Z"}});

  // A date-time moves it; --clear withdraws it.
  ProcessResult moved =
      cli.Run({"version", "sunset", "1.0", "--at", "2099-06-30T12:30:00Z", "--json"});
  CHECK(moved.exit_code == 0);
  CHECK(moved.out == "{\n  \"id\": 9,\n  \"sunset\": \"2099-06-30T12:30:00Z\",\n"
                     "  \"supported\": true,\n  \"version\": \"1.0\"\n}\n");
  ProcessResult cleared = cli.Run({"version", "sunset", "1.0", "--clear"});
  CHECK(cleared.exit_code == 0);
  CHECK(cleared.out == "ID  VERSION  SUPPORTED  SUNSET\n9   1.0      yes        -\n");
  CHECK(cli.Run({"version", "list"}).out.find("2099") == std::string::npos);
}

TEST_CASE("version sunset refuses bad dates unknown versions and bad usage", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  for (const char* bad : {"31/01/2099", "2099-02-30", "tomorrow", "2099-01-31T12:00"}) {
    ProcessResult refused = cli.Run({"version", "sunset", "1.0", "--at", bad});
    INFO(bad);
    CHECK(refused.exit_code == 5);
    CHECK(refused.out.empty());
    CHECK(refused.err == std::string("itemctl: error: sunset date '") + bad +
                             "' is invalid: use 2027-01-31 (midnight UTC) or "
                             "2027-01-31T12:00:00Z\n");
  }
  ProcessResult past = cli.Run({"version", "sunset", "1.0", "--at", "2020-01-01"});
  CHECK(past.exit_code == 5);
  CHECK(past.err == "itemctl: error: sunset date '2020-01-01T00:00:00Z' is not in the future: "
                    "deprecate the version to retire it now\n");

  ProcessResult unknown = cli.Run({"version", "sunset", "9.9", "--at", "2099-01-31"});
  CHECK(unknown.exit_code == 3);
  CHECK(unknown.out.empty());
  CHECK(unknown.err == "itemctl: error: version '9.9' not found\n");
  ProcessResult unknown_clear = cli.Run({"version", "sunset", "9.9", "--clear"});
  CHECK(unknown_clear.exit_code == 3);
  CHECK(unknown_clear.err == "itemctl: error: version '9.9' not found\n");

  ProcessResult unsupported = cli.Run({"version", "sunset", "0.3", "--at", "2099-01-31"});
  CHECK(unsupported.exit_code == 6);
  CHECK(unsupported.err ==
        "itemctl: error: version '0.3' is not supported: there is nothing to sunset\n");

  ProcessResult neither = cli.Run({"version", "sunset", "1.0"});
  CHECK(neither.exit_code == 2);
  CHECK_THAT(neither.err, Catch::Contains("give --at DATE or --clear"));
  ProcessResult both = cli.Run({"version", "sunset", "1.0", "--at", "2099-01-31", "--clear"});
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::Contains("excludes"));

  // Nothing was announced by any of them.
  CHECK(cli.Run({"version", "list"}).out.find("2099") == std::string::npos);
}

TEST_CASE("version add rejects a malformed label", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult bad = cli.Run({"version", "add", "one point one"});
  CHECK(bad.exit_code == 5);
  CHECK(bad.out.empty());
  CHECK_THAT(bad.err, Catch::StartsWith("itemctl: error: version 'one point one' is invalid"));
}

TEST_CASE("token list shows sessions without tokens and revoke ends one", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult empty = cli.Run({"token", "list"});
  CHECK(empty.exit_code == 0);
  CHECK(empty.out == "ID  USER_ID  USERNAME  PLATFORM  CREATED_AT  LAST_USED_AT  "
                     "ACCESS_EXPIRES_AT  REFRESH_EXPIRES_AT\n");

  Login(cli, test::kEpoch, "ios");
  ProcessResult listed = cli.Run({"token", "list", "--user", "admin"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out ==
        "ID  USER_ID  USERNAME  PLATFORM  CREATED_AT            LAST_USED_AT  "
        "ACCESS_EXPIRES_AT     REFRESH_EXPIRES_AT\n"
        "1   1        admin     ios       2023-10-15T20:40:10Z  -             "
        "2023-10-15T22:40:10Z  2024-05-02T20:40:10Z\n");

  ProcessResult json = cli.Run({"token", "list", "--json"});
  CHECK(json.out == "[\n  {\n"
                    "    \"access_expires_at\": \"2023-10-15T22:40:10Z\",\n"
                    "    \"created_at\": \"2023-10-15T20:40:10Z\",\n"
                    "    \"id\": 1,\n"
                    "    \"last_used_at\": null,\n"
                    "    \"platform\": \"ios\",\n"
                    "    \"refresh_expires_at\": \"2024-05-02T20:40:10Z\",\n"
                    "    \"user_id\": 1\n"
                    "  }\n]\n");

  ProcessResult revoked = cli.Run({"token", "revoke", "1"});
  CHECK(revoked.exit_code == 0);
  CHECK(revoked.out == "Revoked session 1.\n");
  ProcessResult again = cli.Run({"token", "revoke", "1"});
  CHECK(again.exit_code == 3);
  CHECK(again.err == "itemctl: error: session 1 not found\n");

  ProcessResult word = cli.Run({"token", "revoke", "all"});
  CHECK(word.exit_code == 2);
  CHECK(word.err == "itemctl: error: session_id: 'all' is not a positive whole number"
                    " (run with --help for usage)\n");

  ProcessResult ghost = cli.Run({"token", "list", "--user", "ghost"});
  CHECK(ghost.exit_code == 3);
  CHECK(ghost.err == "itemctl: error: user 'ghost' not found\n");
}

TEST_CASE("token list shows each session's username next to its user id", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  // A username of digits: the table must show the name, not mistake it for an id.
  REQUIRE(cli.Run({"user", "add", "2024", "--password-stdin"}, "password-of-2024\n").exit_code ==
          0);
  Login(cli, test::kEpoch, "ios");
  Login(cli, test::kEpoch, "web", "2024", "password-of-2024");
  Login(cli, test::kEpoch, "cli");
  ProcessResult listed = cli.Run({"token", "list"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.err.empty());
  CHECK(listed.out ==
        "ID  USER_ID  USERNAME  PLATFORM  CREATED_AT            LAST_USED_AT  "
        "ACCESS_EXPIRES_AT     REFRESH_EXPIRES_AT\n"
        "3   1        admin     cli       2023-10-15T20:40:10Z  -             "
        "2023-10-15T22:40:10Z  2024-05-02T20:40:10Z\n"
        "2   2        2024      web       2023-10-15T20:40:10Z  -             "
        "2023-10-15T22:40:10Z  2024-05-02T20:40:10Z\n"
        "1   1        admin     ios       2023-10-15T20:40:10Z  -             "
        "2023-10-15T22:40:10Z  2024-05-02T20:40:10Z\n");

  ProcessResult json = cli.Run({"token", "list", "--user", "2024", "--json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains("\"user_id\": 2"));
  CHECK(json.out.find("2024\"") == std::string::npos);  // the API's shape: ids only
  CHECK(json.out.find("username") == std::string::npos);
}

TEST_CASE("token purge deletes only expired sessions", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  Login(cli, core::SystemClock().Now(), "cli");
  Login(cli, test::kEpoch, "web");  // its refresh token expired long ago
  ProcessResult purged = cli.Run({"token", "purge"});
  CHECK(purged.exit_code == 0);
  CHECK(purged.out == "Deleted 1 expired session.\n");
  CHECK(purged.err.empty());

  ProcessResult again = cli.Run({"token", "purge", "--json"});
  CHECK(again.out == "{\n  \"deleted\": 0\n}\n");
  ProcessResult listed = cli.Run({"token", "list"});
  CHECK_THAT(listed.out, Catch::Contains("\n1   1        admin     cli "));
  CHECK(listed.out.find(" web ") == std::string::npos);
}
