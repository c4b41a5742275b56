// The first run's generated admin password: shown on a terminal only, else
// written to <db>.admin-password (mode 0600) with only its path printed; on
// PostgreSQL to itemctl.admin-password in the working directory.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

unsigned Mode(const std::string& path) {
  struct stat info {};
  REQUIRE(lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// `itemctl --db db args...` without ITEMCTL_ADMIN_PASSWORD, under umask 022.
test::ProcessSpec FirstRun(const std::string& db, const std::vector<std::string>& args) {
  test::ProcessSpec spec;
  spec.prefix = {"sh", "-c", "umask 022; exec \"$0\" \"$@\""};
  spec.args = {"--db", db};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.env = {std::string("ITEMCTL_SECRET_KEY=") + Cli::kSecretKey};
  return spec;
}

const std::regex kPasswordLine("[A-Za-z0-9]{16}\n");

}  // namespace

TEST_CASE("migrate off a terminal writes the generated admin password to a 0600 file",
          "[sqlite][cmd][admin-password]") {
  test::TempDir dir;
  std::string db = dir.File("fresh.db");
  std::string file = db + ".admin-password";
  ProcessResult first = test::RunProcess(FirstRun(db, {"migrate"}));
  CHECK(first.exit_code == 0);
  CHECK(first.out == "Applied 8 migrations; the schema is at version 8.\n"
                     "Created user 'admin'; its generated password is in '" + file +
                         "' (mode 0600): read it, then delete the file.\n");
  CHECK(first.err.empty());
  std::string contents = ReadFile(file);
  CHECK(std::regex_match(contents, kPasswordLine));
  CHECK(Mode(file) == 0600);
  std::string password = contents.substr(0, contents.size() - 1);
  CHECK(first.out.find(password) == std::string::npos);

  // Later runs create no admin and leave the file alone.
  ProcessResult again = test::RunProcess(FirstRun(db, {"migrate"}));
  CHECK(again.exit_code == 0);
  CHECK(again.out == "The schema is up to date at version 8.\n");
  CHECK(ReadFile(file) == contents);
}

TEST_CASE("migrate --json off a terminal names the password file, not the password",
          "[sqlite][cmd][admin-password]") {
  test::TempDir dir;
  std::string db = dir.File("fresh.db");
  ProcessResult first = test::RunProcess(FirstRun(db, {"migrate", "--json"}));
  CHECK(first.exit_code == 0);
  CHECK(first.out == "{\n  \"admin_created\": true,\n  \"admin_password_file\": \"" + db +
                         ".admin-password\",\n  \"applied\": 8,\n  \"schema_version\": 8\n}\n");
  CHECK(std::regex_match(ReadFile(db + ".admin-password"), kPasswordLine));
}

TEST_CASE("an existing password file stops a first run before anything is created",
          "[sqlite][cmd][admin-password]") {
  test::TempDir dir;
  std::string db = dir.File("fresh.db");
  std::string file = db + ".admin-password";
  { std::ofstream(file) << "left from an earlier database\n"; }
  ProcessResult refused = test::RunProcess(FirstRun(db, {"migrate"}));
  CHECK(refused.exit_code == 4);
  CHECK(refused.out.empty());
  CHECK(refused.err == "itemctl: error: '" + file +
                           "' already exists, and a new generated admin password would be "
                           "written there: read it if it is still needed, delete it, then run "
                           "again\n");
  CHECK_FALSE(std::filesystem::exists(db));
  CHECK(ReadFile(file) == "left from an earlier database\n");

  // With ITEMCTL_ADMIN_PASSWORD nothing would be written: the file is no obstacle.
  test::ProcessSpec with_env = FirstRun(db, {"migrate"});
  with_env.env.push_back(std::string("ITEMCTL_ADMIN_PASSWORD=") + Cli::kAdminPassword);
  CHECK(test::RunProcess(with_env).exit_code == 0);
}

TEST_CASE("on a terminal the generated admin password is shown and no file is written",
          "[sqlite][cmd][admin-password]") {
  test::TempDir dir;
  std::string db = dir.File("fresh.db");
  // script(1) runs itemctl with a pseudo-terminal as its stdout.
  test::ProcessSpec spec = FirstRun(db, {"migrate"});
  spec.prefix = {"sh", "-c", "umask 022; exec script -qec \"$*\" /dev/null", "sh"};
  ProcessResult shown = test::RunProcess(spec);
  CHECK(shown.exit_code == 0);
  CHECK(std::regex_match(shown.out,
                         std::regex("Applied 8 migrations; the schema is at version 8\\.\r\n"
                                    "Created user 'admin' with password: [A-Za-z0-9]{16}\r\n"
                                    "Store it now: it is not shown again\\.\r\n")));
  CHECK_FALSE(std::filesystem::exists(db + ".admin-password"));
}

TEST_CASE("on PostgreSQL the generated password goes to the working directory's file",
          "[postgres][cmd][admin-password]") {
  test::TempDir dir;
  test::ScratchDatabase db(dir);
  std::string file = dir.File("itemctl.admin-password");
  test::ProcessSpec spec = FirstRun(db.url(), {"migrate"});
  spec.prefix = {"sh", "-c", "cd \"$1\" && umask 022 && shift && exec \"$@\"", "sh", dir.path()};
  ProcessResult first = test::RunProcess(spec);
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(first.out == "Applied 8 migrations; the schema is at version 8.\n"
                     "Created user 'admin'; its generated password is in '" + file +
                         "' (mode 0600): read it, then delete the file.\n");
  CHECK(std::regex_match(ReadFile(file), kPasswordLine));
  CHECK(Mode(file) == 0600);
  // No file named after the URL, which holds the database's password.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);

  // A second instance finds the admin: nothing written, the file kept.
  ProcessResult again = test::RunProcess(spec);
  CHECK(again.exit_code == 0);
  CHECK(again.out == "The schema is up to date at version 8.\n");
}
