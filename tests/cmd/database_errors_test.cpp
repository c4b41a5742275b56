// How itemctl fails when the database cannot be used: one line on stderr,
// exit code 7, and nothing written.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/storage/sqlite/database.hpp"
#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;

namespace {

std::int64_t ItemCount(const Cli& cli) {
  ProcessResult listed = cli.Run({"item", "list", "--limit", "1"});
  REQUIRE(listed.exit_code == 0);
  std::size_t at = listed.out.rfind(", ");
  REQUIRE(at != std::string::npos);
  return std::stoll(listed.out.substr(at + 2));
}

}  // namespace

TEST_CASE("a database in a missing directory is reported and not created", "[cmd]") {
  Cli cli;
  std::string missing_dir = cli.dir().File("no/such/dir");
  std::string db = missing_dir + "/itemctl.db";
  std::string message = "itemctl: error: cannot open database '" + db + "': directory '" +
                        missing_dir + "' does not exist\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"migrate"}, {"item", "add", "x"}, {"user", "list"}}) {
    std::vector<std::string> full = {"--db", db};
    full.insert(full.end(), args.begin(), args.end());
    ProcessResult failed = cli.RunWithoutDb(full);
    INFO(args[0]);
    CHECK(failed.exit_code == 7);
    CHECK(failed.out.empty());
    CHECK(failed.err == message);
  }
  CHECK_FALSE(std::filesystem::exists(cli.dir().File("no")));
}

TEST_CASE("a missing database file is reported, not created, by ordinary commands", "[cmd]") {
  Cli cli;
  ProcessResult failed = cli.Run({"item", "add", "x"});
  CHECK(failed.exit_code == 7);
  CHECK(failed.out.empty());
  CHECK(failed.err == "itemctl: error: database '" + cli.db() +
                          "' does not exist: run 'itemctl migrate' to create it\n");
  CHECK_FALSE(std::filesystem::exists(cli.db()));
}

TEST_CASE("a file that is not a database is reported and left alone", "[cmd]") {
  Cli cli;
  {
    std::ofstream text(cli.db());
    text << "name,description\nnot,a database\n";
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"item", "list"}, {"migrate"}}) {
    ProcessResult failed = cli.Run(args);
    INFO(args[0]);
    CHECK(failed.exit_code == 7);
    CHECK(failed.out.empty());
    CHECK(failed.err == "itemctl: error: database '" + cli.db() + "': file is not a database\n");
  }
  std::ifstream text(cli.db());
  std::string first_line;
  std::getline(text, first_line);
  CHECK(first_line == "name,description");
}

// Root may write any file, so the read-only case runs itemctl as `nobody`
// through setpriv when the tests run as root; a plain chmod suffices otherwise.
TEST_CASE("a read-only database refuses writes with exit 7 and keeps its data", "[cmd]") {
  Cli cli;
  cli.Migrate();
  REQUIRE(cli.Run({"item", "add", "kept"}).exit_code == 0);
  // Fold the WAL into the main file so the read-only reader needs no -wal.
  {
    auto db = core::Database::Open(cli.db(), core::OpenMode::kMustExist);
    REQUIRE(db);
    REQUIRE((*db)->Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  std::vector<std::string> prefix;
  if (geteuid() == 0) {
    bool have_setpriv = std::filesystem::exists("/usr/bin/setpriv");
    if (!have_setpriv) {
      WARN("skipped: running as root without /usr/bin/setpriv to drop privileges");
      return;
    }
    prefix = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    // `nobody` must reach the directory; the file itself stays read-only.
    REQUIRE(chmod(cli.dir().path().c_str(), 0777) == 0);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::string path = cli.db() + suffix;
      if (std::filesystem::exists(path)) REQUIRE(chmod(path.c_str(), 0444) == 0);
    }
  } else {
    REQUIRE(chmod(cli.db().c_str(), 0444) == 0);
  }
  test::ProcessSpec spec;
  spec.args = {"--db", cli.db(), "item", "add", "rejected"};
  spec.env = cli.Env();
  spec.prefix = prefix;
  ProcessResult failed = test::RunProcess(spec);
  CHECK(failed.exit_code == 7);
  CHECK(failed.out.empty());
  CHECK_THAT(failed.err, Catch::StartsWith("itemctl: error: database '" + cli.db() + "': "));
  CHECK_THAT(failed.err, Catch::Contains("readonly database"));
  CHECK(std::count(failed.err.begin(), failed.err.end(), '\n') == 1);

  REQUIRE(chmod(cli.db().c_str(), 0644) == 0);
  CHECK(ItemCount(cli) == 1);
}

TEST_CASE("a database locked by another writer fails after the busy timeout", "[cmd]") {
  Cli cli;
  cli.Migrate();
  auto db = core::Database::Open(cli.db(), core::OpenMode::kMustExist);
  REQUIRE(db);
  {
    auto tx = core::Transaction::Begin(**db);
    REQUIRE(tx);
    ProcessResult failed = cli.Run({"item", "add", "blocked"});
    CHECK(failed.exit_code == 7);
    CHECK(failed.out.empty());
    CHECK_THAT(failed.err, Catch::StartsWith("itemctl: error: database '" + cli.db() + "': "));
    CHECK_THAT(failed.err, Catch::Contains("database is locked"));
  }
  CHECK(ItemCount(cli) == 0);
}
