#include "core/services/health_checks.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace itemctl;
using core::HealthCheck;

namespace {

constexpr std::uint64_t kMiB = 1ULL << 20;
constexpr std::uint64_t kGiB = 1ULL << 30;
constexpr core::UnixSeconds kNow = 1700000000;  // 2023-11-14T22:13:20Z

void CheckVerdict(const HealthCheck& check, const std::string& name, bool ok,
                  const std::string& detail) {
  CHECK(check.name == name);
  CHECK(check.ok == ok);
  CHECK(check.detail == detail);
}

}  // namespace

TEST_CASE("the schema verdict tells current behind and ahead apart", "[core][doctor]") {
  CheckVerdict(core::SchemaVerdict(3, 3), "schema", true, "at version 3, current");
  CheckVerdict(core::SchemaVerdict(2, 3), "schema", false,
               "at version 2, this binary needs 3: run itemctl migrate");
  CheckVerdict(core::SchemaVerdict(4, 3), "schema", false,
               "at version 4, newer than this binary's 3: use the itemctl that migrated it, or "
               "a newer one");
}

TEST_CASE("the integrity verdict names the damage found", "[core][doctor]") {
  CheckVerdict(core::IntegrityVerdict({"PRAGMA integrity_check", true, {}}), "integrity", true,
               "PRAGMA integrity_check: ok");
  CheckVerdict(core::IntegrityVerdict({"PRAGMA integrity_check", true,
                                       {"Tree 5 page 7: btreeInitPage() returns error code 11",
                                        "row 3 missing from index items_by_owner"}}),
               "integrity", false,
               "PRAGMA integrity_check found damage: Tree 5 page 7: btreeInitPage() returns "
               "error code 11; row 3 missing from index items_by_owner: restore the database "
               "from a backup");
  CheckVerdict(core::IntegrityVerdict({"nothing to check here", false, {}}), "integrity", true,
               "nothing to check here");
}

TEST_CASE("database files that others may read fail with the chmod that fixes them",
          "[core][doctor]") {
  std::vector<core::DatabaseFile> files{{"/srv/itemctl.db", core::FileFacts{0600, 4096}},
                                        {"/srv/itemctl.db-wal", core::FileFacts{0600, 0}},
                                        {"/srv/itemctl.db-shm", std::nullopt}};
  CheckVerdict(core::DatabaseFilesVerdict(files), "database_files", true,
               "readable by their owner only: /srv/itemctl.db, /srv/itemctl.db-wal");
  files[1].facts->mode = 0640;
  CheckVerdict(core::DatabaseFilesVerdict(files), "database_files", false,
               "'/srv/itemctl.db-wal' has mode 0640: others may read the data: chmod 600 "
               "/srv/itemctl.db-wal");
  files[0].facts->mode = 0644;
  CheckVerdict(core::DatabaseFilesVerdict(files), "database_files", false,
               "'/srv/itemctl.db' has mode 0644 (SQLite gives its -wal and -shm files the "
               "same): others may read the data: chmod 600 /srv/itemctl.db");
  // Group write alone is as bad, and a path that needs quoting is quoted.
  CheckVerdict(core::DatabaseFilesVerdict({{"/my data/it's.db", core::FileFacts{0620, 1}}}),
               "database_files", false,
               "'/my data/it's.db' has mode 0620 (SQLite gives its -wal and -shm files the "
               "same): others may read the data: chmod 600 '/my data/it'\\''s.db'");
}

TEST_CASE("the admins verdict fails without an active admin", "[core][doctor]") {
  CheckVerdict(core::AdminsVerdict(1), "admins", true, "1 active admin");
  CheckVerdict(core::AdminsVerdict(2), "admins", true, "2 active admins");
  CheckVerdict(core::AdminsVerdict(0), "admins", false,
               "no active admin: itemctl user enable NAME (a disabled admin) or itemctl role "
               "grant NAME admin");
}

TEST_CASE("a WAL over 64 MiB fails", "[core][doctor]") {
  CheckVerdict(core::WalVerdict({"/srv/itemctl.db-wal", std::nullopt}), "wal_size", true,
               "no '/srv/itemctl.db-wal' (fully checkpointed)");
  CheckVerdict(core::WalVerdict({"/srv/itemctl.db-wal", core::FileFacts{0600, core::kMaxWalBytes}}),
               "wal_size", true, "'/srv/itemctl.db-wal' holds 64.0 MiB");
  CheckVerdict(
      core::WalVerdict({"/srv/itemctl.db-wal", core::FileFacts{0600, core::kMaxWalBytes + 1}}),
      "wal_size", false,
      "'/srv/itemctl.db-wal' holds 64.0 MiB, over 64.0 MiB: a reader that never finishes keeps "
      "SQLite from checkpointing it: stop long-running readers of the database; SQLite then "
      "checkpoints by itself");
}

TEST_CASE("expired sessions fail only once the purge has missed two days", "[core][doctor]") {
  CheckVerdict(core::ExpiredSessionsVerdict(0, 0), "expired_sessions", true,
               "no expired sessions");
  CheckVerdict(core::ExpiredSessionsVerdict(1500, 0), "expired_sessions", true,
               "1500 expired sessions awaiting the next purge");
  CheckVerdict(core::ExpiredSessionsVerdict(4, 1), "expired_sessions", false,
               "1 session expired over 2 days ago and still stored: the purge is not "
               "running: itemctl token purge (serve purges every --purge-interval; without "
               "serve, schedule it in cron)");
}

TEST_CASE("locked users are named with the unlock command for each", "[core][doctor]") {
  CheckVerdict(core::LockedAccountsVerdict({}, 0), "locked_accounts", true,
               "no user is locked out");
  CheckVerdict(core::LockedAccountsVerdict({}, 2), "locked_accounts", true,
               "no user is locked out (2 names of no user locked; they unlock by themselves)");
  CheckVerdict(core::LockedAccountsVerdict({"alice", "bob"}, 3), "locked_accounts", false,
               "locked out by failed logins: alice, bob (1 name of no user locked; they unlock "
               "by themselves): itemctl user unlock alice; itemctl user unlock bob");
  CheckVerdict(core::LockedAccountsVerdict({"a", "b", "c", "d", "e", "f", "g"}, 7),
               "locked_accounts", false,
               "locked out by failed logins: a, b, c, d, e and 2 more: itemctl user unlock a; "
               "itemctl user unlock b; itemctl user unlock c; itemctl user unlock d; itemctl "
               "user unlock e; ...");
}

TEST_CASE("free disk space fails under 1 GiB or under 5 percent", "[core][doctor]") {
  CheckVerdict(core::DiskSpaceVerdict("/srv", {50 * kGiB, 200 * kGiB}), "disk_space", true,
               "50.0 GiB free of 200.0 GiB (25 %) in '/srv'");
  CheckVerdict(core::DiskSpaceVerdict("/srv", {512 * kMiB, 4 * kGiB}), "disk_space", false,
               "512.0 MiB free of 4.0 GiB (12 %) in '/srv', under 1.0 GiB or 5 %: free space "
               "there (a full disk stops every write)");
  CheckVerdict(core::DiskSpaceVerdict("/srv", {4 * kGiB, 100 * kGiB}), "disk_space", false,
               "4.0 GiB free of 100.0 GiB (4 %) in '/srv', under 1.0 GiB or 5 %: free space "
               "there (a full disk stops every write)");
  CHECK(core::DiskSpaceVerdict("/srv", {5 * kGiB, 100 * kGiB}).ok);
  CHECK_FALSE(core::DiskSpaceVerdict("/srv", {0, 0}).ok);
}

TEST_CASE("the clock verdict checks the stored times the year and the server", "[core][doctor]") {
  core::StoredTime newest{kNow + 60, "items.updated_at"};
  CheckVerdict(core::ClockVerdict(kNow, newest, std::nullopt), "clock", true,
               "the system clock reads 2023-11-14T22:13:20Z, not behind the newest stored time "
               "(items.updated_at)");
  newest.at = kNow + 61;
  CheckVerdict(core::ClockVerdict(kNow, newest, std::nullopt), "clock", false,
               "the system clock (2023-11-14T22:13:20Z) is 61 s behind the newest stored time "
               "(items.updated_at 2023-11-14T22:14:21Z): set the clock right (enable NTP: "
               "timedatectl set-ntp true)");
  CheckVerdict(core::ClockVerdict(kNow, std::nullopt, kNow - 60), "clock", true,
               "the system clock reads 2023-11-14T22:13:20Z, within 60 s of the database "
               "server's");
  CheckVerdict(core::ClockVerdict(kNow, std::nullopt, kNow + 3 * 3600), "clock", false,
               "the database server's clock (2023-11-15T01:13:20Z) and this machine's "
               "(2023-11-14T22:13:20Z) differ by 3 h: set the clock right (enable NTP: "
               "timedatectl set-ntp true)");
  CheckVerdict(core::ClockVerdict(86400, std::nullopt, std::nullopt), "clock", false,
               "the system clock reads 1970-01-02T00:00:00Z, before 2020-01-01T00:00:00Z: set "
               "the clock right (enable NTP: timedatectl set-ntp true)");
}

TEST_CASE("sizes and durations read as a person writes them", "[core][doctor]") {
  CHECK(core::FormatBytes(0) == "0 B");
  CHECK(core::FormatBytes(1023) == "1023 B");
  CHECK(core::FormatBytes(1536) == "1.5 KiB");
  CHECK(core::FormatBytes(3 * kGiB) == "3.0 GiB");
  CHECK(core::FormatSeconds(119) == "119 s");
  CHECK(core::FormatSeconds(120) == "2 min");
  CHECK(core::FormatSeconds(7200) == "2 h");
  CHECK(core::FormatSeconds(2 * 86400) == "2 days");
}
