// `itemctl doctor` on a healthy database and on each broken condition it
// claims to detect (low disk space is judged by the unit tests of
// core/services/health_checks with injected numbers).

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cmd/itemctl_runner.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;

namespace {

const std::vector<std::string> kNames{"schema",      "integrity",        "key_file",
                                      "database_files", "admins",        "wal_size",
                                      "expired_sessions", "locked_accounts", "disk_space",
                                      "clock"};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The report's line of check `name` ("ok    name: ..." or "FAIL  name: ...").
std::string LineOf(const std::string& out, const std::string& name) {
  for (const std::string& line : Lines(out)) {
    if (line.size() > 6 && line.compare(6, name.size() + 2, name + ": ") == 0) return line;
  }
  FAIL("no line for " << name << " in:\n" << out);
  return {};
}

// Every check listed once in order, and only `failed` ones failed.
void CheckReport(const ProcessResult& run, const std::set<std::string>& failed) {
  INFO(run.out << run.err);
  std::vector<std::string> lines = Lines(run.out);
  REQUIRE(lines.size() == kNames.size());
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    std::string verdict = failed.count(kNames[i]) ? "FAIL  " : "ok    ";
    CHECK_THAT(lines[i], Catch::StartsWith(verdict + kNames[i] + ": "));
  }
  if (failed.empty()) {
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
  } else {
    CHECK(run.exit_code == 6);
    CHECK(run.err == "itemctl: error: " + std::to_string(failed.size()) + " of " +
                         std::to_string(kNames.size()) + " checks failed\n");
  }
}

// The schema version this binary needs.
int LatestVersion(const Cli& cli) {
  core::SystemClock clock;
  test::ServicesOn services(cli.db(), clock);
  return services->schema().LatestVersion();
}

std::string Now(std::int64_t offset = 0) { return std::to_string(std::time(nullptr) + offset); }

bool IsSqlite() { return test::EngineUnderTest() == core::Engine::kSqlite; }

}  // namespace

TEST_CASE("doctor passes every check on a freshly migrated database", "[db][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  ProcessResult run = cli.Run({"doctor"});
  CheckReport(run, {});
  CHECK(LineOf(run.out, "schema") ==
        "ok    schema: at version " + std::to_string(LatestVersion(cli)) + ", current");
  CHECK(LineOf(run.out, "key_file") == "ok    key_file: the key comes from ITEMCTL_SECRET_KEY");
  CHECK(LineOf(run.out, "admins") == "ok    admins: 1 active admin");
  CHECK(LineOf(run.out, "expired_sessions") == "ok    expired_sessions: no expired sessions");
  CHECK(LineOf(run.out, "locked_accounts") == "ok    locked_accounts: no user is locked out");
  if (IsSqlite()) {
    CHECK(LineOf(run.out, "integrity") == "ok    integrity: PRAGMA integrity_check: ok");
    CHECK(LineOf(run.out, "database_files") ==
          "ok    database_files: readable by their owner only: " + cli.db() + ", " + cli.db() +
              "-wal, " + cli.db() + "-shm");
    CHECK_THAT(LineOf(run.out, "wal_size"),
               Catch::StartsWith("ok    wal_size: '" + cli.db() + "-wal' holds "));
    CHECK_THAT(LineOf(run.out, "disk_space"),
               Catch::EndsWith(" in '" + cli.dir().path() + "'"));
  } else {
    CHECK(LineOf(run.out, "wal_size") ==
          "ok    wal_size: not applicable on PostgreSQL (the server manages its own WAL)");
    CHECK_THAT(LineOf(run.out, "clock"),
               Catch::EndsWith(", within 60 s of the database server's"));
  }
}

TEST_CASE("doctor --json gives every check as name ok and detail", "[db][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  ProcessResult run = cli.Run({"doctor", "--json"});
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK_THAT(run.out, Catch::StartsWith("{\n  \"checks\": [\n    {\n      \"name\": \"schema\",\n"
                                        "      \"ok\": true,\n      \"detail\": \"at version "));
  nlohmann::json body = nlohmann::json::parse(run.out);
  REQUIRE(body.is_object());
  CHECK(body.size() == 1);
  REQUIRE(body["checks"].is_array());
  REQUIRE(body["checks"].size() == kNames.size());
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    const nlohmann::json& check = body["checks"][i];
    INFO(check.dump());
    CHECK(check.size() == 3);
    CHECK(check["name"] == kNames[i]);
    CHECK(check["ok"] == true);
    CHECK(check["detail"].is_string());
  }

  // A failure keeps the shape; the error line goes to stderr.
  test::ExecOn(cli.db(), "UPDATE users SET activated = false");
  ProcessResult failed = cli.Run({"--json", "doctor"});
  CHECK(failed.exit_code == 6);
  CHECK(failed.err == "itemctl: error: 1 of 10 checks failed\n");
  nlohmann::json broken = nlohmann::json::parse(failed.out);
  CHECK(broken["checks"][4] == nlohmann::json{{"name", "admins"},
                                               {"ok", false},
                                               {"detail",
                                                "no active admin: itemctl user enable NAME (a "
                                                "disabled admin) or itemctl role grant NAME "
                                                "admin"}});
}

TEST_CASE("doctor on a missing database fails with exit 7 and creates nothing",
          "[sqlite][cmd][doctor]") {
  Cli cli;
  ProcessResult run = test::RunItemctl({"--db", cli.db(), "doctor"});
  CHECK(run.exit_code == 7);
  CHECK(run.out.empty());
  CHECK(run.err == "itemctl: error: database '" + cli.db() +
                       "' does not exist: run 'itemctl migrate' to create it\n");
  CHECK_FALSE(std::filesystem::exists(cli.db()));
  CHECK_FALSE(std::filesystem::exists(cli.db() + ".key"));
}

TEST_CASE("doctor names a schema behind the binary and the migrate that fixes it",
          "[db][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  int latest = LatestVersion(cli);
  test::ExecOn(cli.db(),
               "DELETE FROM schema_migrations WHERE version = " + std::to_string(latest));
  ProcessResult run = cli.Run({"doctor"});
  CheckReport(run, {"schema"});
  CHECK(LineOf(run.out, "schema") == "FAIL  schema: at version " + std::to_string(latest - 1) +
                                         ", this binary needs " + std::to_string(latest) +
                                         ": run itemctl migrate");
}

TEST_CASE("doctor reports a damaged database file", "[sqlite][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  // Enough rows for the items table to span many pages.
  test::ExecOn(cli.db(),
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
               " INSERT INTO items (name, description, user_id, created_at)"
               " SELECT 'item-' || i, 'a description long enough to fill pages', 1, " + Now() +
                   " FROM n");
  REQUIRE_FALSE(std::filesystem::exists(cli.db() + "-wal"));  // checkpointed on close
  const std::uintmax_t size = std::filesystem::file_size(cli.db());
  const std::uintmax_t page = 4096;
  REQUIRE(size > 40 * page);
  {
    // Garbage over a page in the middle of the file: a b-tree page of the
    // items, past the schema pages every open reads.
    std::fstream file(cli.db(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(size / page / 2 * page));
    file << std::string(page, '\xa5');
  }
  ProcessResult run = cli.Run({"doctor"});
  INFO(run.out);
  CHECK(run.exit_code == 6);
  CHECK_THAT(LineOf(run.out, "integrity"),
             Catch::StartsWith("FAIL  integrity: PRAGMA integrity_check found damage: "));
  CHECK_THAT(LineOf(run.out, "integrity"),
             Catch::EndsWith(": restore the database from a backup"));
  CHECK(LineOf(run.out, "schema") ==
        "ok    schema: at version " + std::to_string(LatestVersion(cli)) + ", current");
}

TEST_CASE("doctor checks the key file beside the database and never creates it",
          "[sqlite][cmd][doctor]") {
  test::TempDir dir;
  const std::string db = dir.File("keyed.db");
  const std::string key = db + ".key";
  ProcessResult migrated = test::RunItemctl(
      {"--db", db, "migrate"}, {std::string("ITEMCTL_ADMIN_PASSWORD=") + Cli::kAdminPassword});
  REQUIRE(migrated.exit_code == 0);

  ProcessResult healthy = test::RunItemctl({"--db", db, "doctor"});
  CheckReport(healthy, {});
  CHECK(LineOf(healthy.out, "key_file") ==
        "ok    key_file: key file '" + key + "' is readable by its owner only");

  REQUIRE(::chmod(key.c_str(), 0644) == 0);
  ProcessResult loose = test::RunItemctl({"--db", db, "doctor"});
  CheckReport(loose, {"key_file"});
  CHECK(LineOf(loose.out, "key_file") ==
        "FAIL  key_file: key file '" + key + "' has mode 0644: it must be readable by its "
        "owner only (chmod 600 '" + key + "')");

  std::filesystem::remove(key);
  ProcessResult missing = test::RunItemctl({"--db", db, "doctor"});
  CheckReport(missing, {"key_file"});
  CHECK(LineOf(missing.out, "key_file") ==
        "FAIL  key_file: key file '" + key + "' does not exist: restore it from a backup, or "
        "set ITEMCTL_SECRET_KEY or --secret-key-file to the key the passwords were hashed with");
  CHECK_FALSE(std::filesystem::exists(key));
}

TEST_CASE("doctor fails a database file that others may read", "[sqlite][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  REQUIRE(::chmod(cli.db().c_str(), 0644) == 0);
  ProcessResult run = cli.Run({"doctor"});
  CheckReport(run, {"database_files"});
  CHECK(LineOf(run.out, "database_files") ==
        "FAIL  database_files: '" + cli.db() + "' has mode 0644 (SQLite gives its -wal and -shm "
        "files the same): others may read the data: chmod 600 " + cli.db());

  REQUIRE(::chmod(cli.db().c_str(), 0600) == 0);
  CheckReport(cli.Run({"doctor"}), {});
}

TEST_CASE("doctor fails a WAL file over 64 MiB", "[sqlite][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  // A WAL left behind that SQLite could not checkpoint: its header is not
  // valid, so SQLite reads it as empty (and removes it when the last
  // connection closes), but its size is what the doctor measures.
  const std::string wal = cli.db() + "-wal";
  { std::ofstream create(wal); }
  REQUIRE(::chmod(wal.c_str(), 0600) == 0);
  std::filesystem::resize_file(wal, 65ULL << 20);
  ProcessResult run = cli.Run({"doctor"});
  CheckReport(run, {"wal_size"});
  CHECK(LineOf(run.out, "wal_size") ==
        "FAIL  wal_size: '" + wal + "' holds 65.0 MiB, over 64.0 MiB: a reader that never "
        "finishes keeps SQLite from checkpointing it: stop long-running readers of the "
        "database; SQLite then checkpoints by itself");
}

TEST_CASE("doctor fails when no admin is active", "[db][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  test::ExecOn(cli.db(), "UPDATE users SET activated = false WHERE username = 'admin'");
  ProcessResult run = cli.Run({"doctor"});
  CheckReport(run, {"admins"});
  CHECK(LineOf(run.out, "admins") ==
        "FAIL  admins: no active admin: itemctl user enable NAME (a disabled admin) or itemctl "
        "role grant NAME admin");
}

TEST_CASE("doctor fails on sessions the purge left behind and passes after a purge",
          "[db][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  const std::string expired = Now(-3 * 86400);
  test::ExecOn(cli.db(),
               "INSERT INTO sessions (user_id, platform, access_token_hash, access_expires_at,"
               " refresh_token_hash, refresh_expires_at, created_at) VALUES (1, 'web', 'a-1', " +
                   expired + ", 'r-1', " + expired + ", " + Now(-300 * 86400) + ")");
  ProcessResult run = cli.Run({"doctor"});
  CheckReport(run, {"expired_sessions"});
  CHECK(LineOf(run.out, "expired_sessions") ==
        "FAIL  expired_sessions: 1 session expired over 2 days ago and still stored: the purge "
        "is not running: itemctl token purge (serve purges every --purge-interval; without "
        "serve, schedule it in cron)");

  REQUIRE(cli.Run({"token", "purge"}).exit_code == 0);
  CheckReport(cli.Run({"doctor"}), {});
}

TEST_CASE("doctor names a locked-out user and the unlock that fixes it", "[db][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  for (int i = 0; i < 3; ++i) {
    test::ExecOn(cli.db(), "INSERT INTO login_failures (scope, subject, failed_at, expires_at)"
                           " VALUES ('account', 'admin', " + Now() + ", " + Now(900) + ")");
  }
  // Under the default limit of 5: not locked; at serve's limit of 3: locked.
  CheckReport(cli.Run({"doctor"}), {});
  ProcessResult run = cli.Run({"doctor", "--login-max-failures-per-account", "3"});
  CheckReport(run, {"locked_accounts"});
  CHECK(LineOf(run.out, "locked_accounts") ==
        "FAIL  locked_accounts: locked out by failed logins: admin: itemctl user unlock admin");
  // serve's environment variable sets the limit too.
  {
    test::ProcessSpec spec;
    spec.args = {"--db", cli.db(), "doctor"};
    spec.env = cli.Env();
    spec.env.push_back("ITEMCTL_LOGIN_MAX_FAILURES_PER_ACCOUNT=3");
    CheckReport(test::RunProcess(spec), {"locked_accounts"});
  }

  REQUIRE(cli.Run({"user", "unlock", "admin"}).exit_code == 0);
  CheckReport(cli.Run({"doctor", "--login-max-failures-per-account", "3"}), {});
}

TEST_CASE("doctor fails when the system clock is behind a stored time", "[db][cmd][doctor]") {
  Cli cli;
  cli.Migrate();
  test::ExecOn(cli.db(), "INSERT INTO items (name, user_id, created_at) VALUES ('later', 1, " +
                             Now(3 * 86400 + 3600) + ")");
  ProcessResult run = cli.Run({"doctor"});
  CheckReport(run, {"clock"});
  std::string line = test::NoTimes(LineOf(run.out, "clock"));
  CHECK_THAT(line, Catch::Matches("FAIL  clock: the system clock \\(YYYY-MM-DDTHH:MM:SSZ\\) is "
                                  "3 days behind the newest stored time \\(items.created_at "
                                  "YYYY-MM-DDTHH:MM:SSZ\\): set the clock right \\(enable NTP: "
                                  "timedatectl set-ntp true\\)"));
}

TEST_CASE("doctor --help lists its checks and exit codes", "[cmd][doctor]") {
  ProcessResult help = test::RunItemctl({"doctor", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("Usage: itemctl doctor [OPTIONS]"));
  CHECK_THAT(help.out, Catch::Contains("Exit 0 when every check passes, 6 when any fails, 7 "
                                       "when the database cannot be opened."));
  CHECK_THAT(help.out, Catch::Contains("--login-max-failures-per-account"));
}
