// `itemctl migrate`, the global options, and the schema checks every
// command makes.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"
#include "tests/test_support.hpp"
#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::NoTimes;
using test::ProcessResult;

TEST_CASE("migrate creates the database and the admin with ITEMCTL_ADMIN_PASSWORD", "[db][cmd]") {
  Cli cli;
  ProcessResult first = cli.Run({"migrate"});
  CHECK(first.exit_code == 0);
  CHECK(first.out ==
        "Applied 8 migrations; the schema is at version 8.\n"
        "Created user 'admin' with the password from ITEMCTL_ADMIN_PASSWORD.\n");
  CHECK(first.err.empty());
  if (test::EngineUnderTest() == core::Engine::kSqlite) CHECK(std::filesystem::exists(cli.db()));

  ProcessResult again = cli.Run({"migrate"});
  CHECK(again.exit_code == 0);
  CHECK(again.out == "The schema is up to date at version 8.\n");
  CHECK(again.err.empty());
}

TEST_CASE("migrate without ITEMCTL_SECRET_KEY creates a private key file", "[db][cmd]") {
  test::TempDir dir;
  std::string db = dir.File("keyed.db");
  ProcessResult migrated = test::RunItemctl(
      {"--db", db, "migrate"}, {std::string("ITEMCTL_ADMIN_PASSWORD=") + Cli::kAdminPassword});
  CHECK(migrated.exit_code == 0);
  CHECK(migrated.err.empty());
  std::filesystem::perms perms = std::filesystem::status(db + ".key").permissions();
  CHECK(perms == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("a secret key file supplies the pepper and no key file is created", "[db][cmd]") {
  test::TempDir dir;
  const std::string db = dir.File("filed.db");
  const std::string key = dir.File("pepper");
  const std::string admin = std::string("ITEMCTL_ADMIN_PASSWORD=") + Cli::kAdminPassword;
  {
    std::ofstream(key) << "a-pepper-of-enough-length\n";
  }
  std::filesystem::permissions(key, std::filesystem::perms::owner_read |
                                        std::filesystem::perms::owner_write);
  ProcessResult migrated = test::RunItemctl({"--db", db, "--secret-key-file", key, "migrate"}, {admin});
  CHECK(migrated.exit_code == 0);
  CHECK(migrated.err.empty());
  CHECK_FALSE(std::filesystem::exists(db + ".key"));
  // The admin's hash was peppered with the file's key: core logs in with it.
  core::SystemClock clock;
  core::PasswordHasher hasher("a-pepper-of-enough-length");
  test::ServicesOn services(db, clock, &hasher);
  CHECK(services->sessions().Login("admin", Cli::kAdminPassword, "web"));
  // The environment variable names the file as well.
  ProcessResult added =
      test::RunItemctl({"--db", db, "user", "add", "bob"}, {"ITEMCTL_SECRET_KEY_FILE=" + key});
  CHECK(added.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(db + ".key"));

  std::filesystem::permissions(key, std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  ProcessResult loose = test::RunItemctl({"--db", db, "--secret-key-file", key, "user", "list"});
  CHECK(loose.exit_code == 7);
  CHECK(loose.err == "itemctl: error: key file '" + key +
                         "' has mode 0640: it must be readable by its owner only (chmod 600 '" +
                         key + "')\n");

  ProcessResult missing =
      test::RunItemctl({"--db", db, "--secret-key-file", dir.File("nowhere"), "user", "list"});
  CHECK(missing.exit_code == 7);
  CHECK(missing.err == "itemctl: error: cannot open key file '" + dir.File("nowhere") +
                           "': No such file or directory\n");
}

TEST_CASE("migrate --json reports what it did", "[db][cmd]") {
  Cli cli;
  ProcessResult migrated = cli.Run({"migrate", "--json"});
  CHECK(migrated.exit_code == 0);
  CHECK(migrated.out ==
        "{\n  \"admin_created\": true,\n  \"applied\": 8,\n  \"schema_version\": 8\n}\n");
  CHECK(migrated.err.empty());
}

TEST_CASE("migrate --status lists the applied migrations", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult table = cli.Run({"migrate", "--status"});
  CHECK(table.exit_code == 0);
  CHECK(std::regex_match(NoTimes(table.out),
                         std::regex("VERSION  NAME                   APPLIED_AT            CHECKSUM\n"
                                    "1        0001_initial           YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n"
                                    "2        0002_login_throttle    YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n"
                                    "3        0003_session_security  YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n"
                                    "4        0004_audit_events      YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n"
                                    "5        0005_version_sunset    YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n"
                                    "6        0006_item_search       YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n"
                                    "7        0007_item_count        YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n"
                                    "8        0008_item_search_fold  YYYY-MM-DDTHH:MM:SSZ  "
                                    "[0-9a-f]{12}\n")));
  CHECK(table.err.empty());

  ProcessResult json = cli.Run({"migrate", "--status", "--json"});
  CHECK(json.exit_code == 0);
  CHECK(std::regex_match(NoTimes(json.out),
                         std::regex("\\[\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0001_initial\",\n"
                                    "    \"version\": 1\n  \\},\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0002_login_throttle\",\n"
                                    "    \"version\": 2\n  \\},\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0003_session_security\",\n"
                                    "    \"version\": 3\n  \\},\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0004_audit_events\",\n"
                                    "    \"version\": 4\n  \\},\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0005_version_sunset\",\n"
                                    "    \"version\": 5\n  \\},\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0006_item_search\",\n"
                                    "    \"version\": 6\n  \\},\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0007_item_count\",\n"
                                    "    \"version\": 7\n  \\},\n  \\{\n"
                                    "    \"applied_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
                                    "    \"checksum\": \"[0-9a-f]{64}\",\n"
                                    "    \"name\": \"0008_item_search_fold\",\n"
                                    "    \"version\": 8\n  \\}\n\\]\n")));
}

TEST_CASE("migrate --status on a missing database fails and creates nothing", "[sqlite][cmd]") {
  Cli cli;
  ProcessResult status = cli.Run({"migrate", "--status"});
  CHECK(status.exit_code == 7);
  CHECK(status.out.empty());
  CHECK(status.err == "itemctl: error: database '" + cli.db() +
                          "' does not exist: run 'itemctl migrate' to create it\n");
  CHECK_FALSE(std::filesystem::exists(cli.db()));
}

TEST_CASE("commands refuse a database whose schema is out of date", "[db][cmd]") {
  Cli cli;
  {
    // A database that no migration has touched yet (SQLite: a valid file).
    auto backend = core::OpenBackend({.url = cli.db(), .mode = core::OpenMode::kCreateIfMissing});
    REQUIRE(backend);
  }
  ProcessResult listed = cli.Run({"item", "list"});
  CHECK(listed.exit_code == 7);
  CHECK(listed.out.empty());
  CHECK(listed.err == "itemctl: error: schema is at 0, this binary needs 8: run itemctl migrate\n");

  cli.Migrate();
  CHECK(cli.Run({"item", "list"}).exit_code == 0);
}

TEST_CASE("a migration changed after it was applied stops every command", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  test::ExecOn(cli.db(), "UPDATE schema_migrations SET checksum = '0000'");
  std::string message = "itemctl: error: migration 0001_initial changed after it was applied to '" +
                        cli.db_display_name() + "' (checksum differs): refusing to continue\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"item", "list"}, {"migrate"}, {"migrate", "--status"}}) {
    ProcessResult refused = cli.Run(args);
    INFO(args[0]);
    CHECK(refused.exit_code == 7);
    CHECK(refused.out.empty());
    CHECK(refused.err == message);
  }
}

TEST_CASE("the --version flag prints the build identity and library versions", "[db][cmd]") {
  ProcessResult version = test::RunItemctl({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(std::regex_match(version.out, std::regex("itemctl \\d+\\.\\d+\\.\\d+ \\(.+\\)\n"
                                                 "build type: \\w*\n"
                                                 "SQLite 3\\.\\d+\\.\\d+\n"
                                                 "Botan 2\\.\\d+\\.\\d+\n")));
  CHECK(version.err.empty());
}

TEST_CASE("the --help flag works on every level and lists the command families", "[db][cmd]") {
  ProcessResult help = test::RunItemctl({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* family : {"migrate", "user", "item", "role", "version", "token", "serve"}) {
    CHECK_THAT(help.out, Catch::Contains(std::string("\n  ") + family + " "));
  }
  CHECK_THAT(help.out, Catch::Contains("Exit codes: 0 ok, 1 internal error, 2 usage error"));
  ProcessResult sub = test::RunItemctl({"item", "import", "--help"});
  CHECK(sub.exit_code == 0);
  CHECK_THAT(sub.out, Catch::Contains("Usage: itemctl item import [OPTIONS] file"));
}

TEST_CASE("usage errors exit 2 with one line on stderr", "[db][cmd]") {
  ProcessResult none = test::RunItemctl({});
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  CHECK(none.err == "itemctl: error: A subcommand is required (run with --help for usage)\n");

  ProcessResult level = test::RunItemctl({"--log-level", "loud", "item", "list"});
  CHECK(level.exit_code == 2);
  CHECK(level.err ==
        "itemctl: error: --log-level: loud not in {trace,debug,info,warn,error,critical,off}"
        " (run with --help for usage)\n");

  ProcessResult unknown = test::RunItemctl({"frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err ==
        "itemctl: error: unknown command 'frobnicate' (run with --help for usage)\n");
}

TEST_CASE("ITEMCTL_DB selects the database and --db overrides it", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  std::vector<std::string> env = cli.Env();
  env.push_back("ITEMCTL_DB=" + cli.db());
  ProcessResult by_env = test::RunItemctl({"role", "list"}, env);
  CHECK(by_env.exit_code == 0);
  CHECK(by_env.out == "ID  NAME\n1   admin\n2   user\n");

  std::string missing = cli.dir().File("other.db");
  ProcessResult by_flag = test::RunItemctl({"--db", missing, "role", "list"}, env);
  CHECK(by_flag.exit_code == 7);
  CHECK(by_flag.err == "itemctl: error: database '" + missing +
                           "' does not exist: run 'itemctl migrate' to create it\n");
}

TEST_CASE("global options may follow the subcommand", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult listed = cli.RunWithoutDb({"role", "list", "--json", "--db", cli.db()});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out ==
        "[\n  {\n    \"id\": 1,\n    \"name\": \"admin\"\n  },\n"
        "  {\n    \"id\": 2,\n    \"name\": \"user\"\n  }\n]\n");
  CHECK(listed.err.empty());
}
