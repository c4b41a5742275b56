// `itemctl db backup FILE`: the --db database, online, into a SQLite file
// that opens with `itemctl --db FILE`; FILE untouched on every refusal.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/storage/database_backup.hpp"
#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;
using test::RequireOk;

namespace {

std::string Contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The names in `dir` that a backup stages (".<name>.tmp-XXXXXX" and
// SQLite's files beside it): a finished or failed backup leaves none.
std::vector<std::string> StagedFiles(const std::string& dir) {
  std::vector<std::string> staged;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.find(".tmp-") != std::string::npos) staged.push_back(name);
  }
  return staged;
}

// A database with bob and two items (widget, gadget).
void Populate(const Cli& cli) {
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  RequireOk(cli.Run({"item", "add", "widget", "--description", "A small thing"}));
  RequireOk(cli.Run({"item", "add", "gadget"}));
}

}  // namespace

TEST_CASE("db backup writes a checked private copy that itemctl opens with --db", "[db][cmd]") {
  Cli cli;
  Populate(cli);
  const std::string file = cli.dir().File("backup.db");

  ProcessResult backed_up = cli.Run({"db", "backup", file});
  RequireOk(backed_up);
  // The names are literal text (a masked URL has "***"); the figures vary.
  const std::string names = "Backed up '" + cli.db_display_name() + "' to '" + file + "': ";
  REQUIRE_THAT(backed_up.out, Catch::StartsWith(names));
  CHECK_THAT(backed_up.out.substr(names.size()),
             Catch::Matches("[0-9]+ bytes, 2 users, 2 items in [0-9]+\\.[0-9]{2} s\\.\n"));
  CHECK(backed_up.err.empty());

  struct stat info {};
  REQUIRE(stat(file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(core::CheckSqliteIntegrity(file));
  CHECK(StagedFiles(cli.dir().path()).empty());

  // The copy is at the current schema (item list checks) with the same rows.
  ProcessResult items = cli.RunWithoutDb({"--db", file, "--json", "item", "list"});
  RequireOk(items);
  CHECK(items.out.find("\"name\": \"widget\"") != std::string::npos);
  CHECK(items.out.find("\"description\": \"A small thing\"") != std::string::npos);
  CHECK(items.out.find("\"name\": \"gadget\"") != std::string::npos);
  CHECK(items.out.find("\"total\": 2") != std::string::npos);
  ProcessResult users = cli.RunWithoutDb({"--db", file, "--json", "user", "list"});
  RequireOk(users);
  CHECK(users.out.find("\"username\": \"bob\"") != std::string::npos);
}

TEST_CASE("db backup --json reports the file its size and what it holds", "[db][cmd]") {
  Cli cli;
  Populate(cli);
  const std::string file = cli.dir().File("backup.db");
  ProcessResult backed_up = cli.Run({"--json", "db", "backup", file});
  RequireOk(backed_up);
  nlohmann::json report = nlohmann::json::parse(backed_up.out);
  CHECK(report["database"] == cli.db_display_name());
  CHECK(report["file"] == file);
  CHECK(report["bytes"] == static_cast<std::int64_t>(std::filesystem::file_size(file)));
  CHECK(report["users"] == 2);
  CHECK(report["items"] == 2);
  CHECK(report["seconds"].is_number());
}

TEST_CASE("db backup refuses an existing file unless --force and then replaces it", "[db][cmd]") {
  Cli cli;
  Populate(cli);
  const std::string file = cli.dir().File("backup.db");
  {
    std::ofstream(file) << "yesterday's backup\n";
  }

  ProcessResult refused = cli.Run({"db", "backup", file});
  CHECK(refused.exit_code == 4);
  CHECK(refused.out.empty());
  CHECK(refused.err ==
        "itemctl: error: '" + file + "' already exists: pass --force to overwrite it\n");
  CHECK(Contents(file) == "yesterday's backup\n");
  CHECK(StagedFiles(cli.dir().path()).empty());

  RequireOk(cli.Run({"db", "backup", "--force", file}));
  ProcessResult items = cli.RunWithoutDb({"--db", file, "--json", "item", "list"});
  RequireOk(items);
  CHECK(items.out.find("\"total\": 2") != std::string::npos);
  CHECK(StagedFiles(cli.dir().path()).empty());
}

TEST_CASE("db backup refuses to write over the database it backs up", "[cmd]") {
  Cli cli;
  Populate(cli);
  ProcessResult refused = cli.Run({"db", "backup", "--force", cli.db()});
  CHECK(refused.exit_code == 5);
  CHECK(refused.err == "itemctl: error: '" + cli.db() +
                           "' is the database itself: give another file for the backup\n");
  ProcessResult items = cli.Run({"--json", "item", "list"});
  RequireOk(items);
  CHECK(items.out.find("\"total\": 2") != std::string::npos);
}

TEST_CASE("db backup refuses a file another connection may have open", "[cmd]") {
  Cli cli;
  Populate(cli);
  const std::string file = cli.dir().File("backup.db");
  { std::ofstream(file) << "in use\n"; }
  { std::ofstream(file + "-wal") << ""; }
  ProcessResult refused = cli.Run({"db", "backup", "--force", file});
  CHECK(refused.exit_code == 6);
  CHECK(refused.err == "itemctl: error: '" + file + "-wal' exists: '" + file +
                           "' is open in another process or was not closed cleanly; stop what "
                           "uses it, or open it once with itemctl, then retry\n");
  CHECK(Contents(file) == "in use\n");
}

TEST_CASE("db backup writes a SQLite file and refuses a PostgreSQL URL as FILE", "[cmd]") {
  Cli cli;
  Populate(cli);
  ProcessResult refused = cli.Run({"db", "backup", "postgresql://u:secret@127.0.0.1/x"});
  CHECK(refused.exit_code == 5);
  CHECK(refused.err ==
        "itemctl: error: db backup writes a SQLite file, not a PostgreSQL database: to copy "
        "into PostgreSQL use 'itemctl db copy'\n");
}

TEST_CASE("db backup of a missing database fails with exit 7 and writes nothing", "[cmd]") {
  Cli cli;
  const std::string file = cli.dir().File("backup.db");
  ProcessResult failed = cli.Run({"db", "backup", file});
  CHECK(failed.exit_code == 7);
  CHECK(failed.out.empty());
  CHECK(failed.err == "itemctl: error: database '" + cli.db() +
                          "' does not exist: run 'itemctl migrate' to create it\n");
  CHECK_FALSE(std::filesystem::exists(file));
  CHECK_FALSE(std::filesystem::exists(cli.db()));
}

TEST_CASE("db backup into a missing directory names it and creates nothing", "[db][cmd]") {
  Cli cli;
  Populate(cli);
  const std::string dir = cli.dir().File("no-such-dir");
  const std::string file = dir + "/backup.db";
  ProcessResult failed = cli.Run({"db", "backup", file});
  CHECK(failed.exit_code == 7);
  CHECK(failed.out.empty());
  CHECK(failed.err == "itemctl: error: cannot write '" + file + "': directory '" + dir +
                          "' does not exist\n");
  CHECK_FALSE(std::filesystem::exists(dir));
}

// Root writes anywhere, so as root itemctl runs as `nobody` through setpriv.
TEST_CASE("db backup into a directory it may not write fails and leaves nothing", "[cmd]") {
  Cli cli;
  Populate(cli);
  const std::string locked = cli.dir().File("locked");
  REQUIRE(mkdir(locked.c_str(), 0555) == 0);
  REQUIRE(chmod(locked.c_str(), 0555) == 0);
  std::vector<std::string> prefix;
  if (geteuid() == 0) {
    if (!std::filesystem::exists("/usr/bin/setpriv")) {
      WARN("skipped: running as root without /usr/bin/setpriv to drop privileges");
      return;
    }
    prefix = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    // `nobody` must read and lock the database; only `locked` is closed to it.
    REQUIRE(chmod(cli.dir().path().c_str(), 0777) == 0);
    REQUIRE(chmod(cli.db().c_str(), 0666) == 0);
  }
  const std::string file = locked + "/backup.db";
  test::ProcessSpec spec;
  spec.args = {"--db", cli.db(), "db", "backup", file};
  spec.env = cli.Env();
  spec.prefix = prefix;
  ProcessResult failed = test::RunProcess(spec);
  CHECK(failed.exit_code == 7);
  CHECK(failed.out.empty());
  CHECK(failed.err == "itemctl: error: cannot write '" + file + "': cannot create a file in '" +
                          locked + "': Permission denied\n");
  CHECK(std::filesystem::is_empty(locked));
}
