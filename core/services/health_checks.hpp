#pragma once
// The verdicts of `itemctl doctor` (SPEC §10) as pure functions of the facts
// the Doctor gathered (core/services/doctor.hpp), so each threshold is
// tested without a broken installation. Every verdict is one line; a failed
// one ends with the fix.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/file_facts.hpp"
#include "core/storage/health_store.hpp"

namespace itemctl::core {

struct HealthCheck {
  std::string name;    // stable, for scripts: "schema", "integrity", ...
  bool ok = false;
  std::string detail;  // what was found; for a failure, what to do
};

// The checks' names, in the order the Doctor runs them.
inline constexpr const char* kCheckSchema = "schema";
inline constexpr const char* kCheckIntegrity = "integrity";
inline constexpr const char* kCheckKeyFile = "key_file";
inline constexpr const char* kCheckDatabaseFiles = "database_files";
inline constexpr const char* kCheckAdmins = "admins";
inline constexpr const char* kCheckWalSize = "wal_size";
inline constexpr const char* kCheckExpiredSessions = "expired_sessions";
inline constexpr const char* kCheckLockedAccounts = "locked_accounts";
inline constexpr const char* kCheckDiskSpace = "disk_space";
inline constexpr const char* kCheckClock = "clock";

// A -wal file above this was not checkpointed for a long time: SQLite
// checkpoints at about 4 MiB unless a reader holds the WAL.
inline constexpr std::uint64_t kMaxWalBytes = 64ULL << 20;
// Less free space than either of these fails the disk check.
inline constexpr std::uint64_t kMinFreeDiskBytes = 1ULL << 30;
inline constexpr std::uint64_t kMinFreeDiskPercent = 5;
// Sessions expired longer ago than this mean the purge is not running: two
// runs of serve's default --purge-interval (24h) or of a nightly cron job.
inline constexpr std::int64_t kStaleExpiredSessionSeconds = 2 * 86400;
// Clocks further apart than this fail the clock check.
inline constexpr std::int64_t kMaxClockSkewSeconds = 60;
// A system clock before this (2020-01-01T00:00:00Z) was never set.
inline constexpr UnixSeconds kEarliestPlausibleTime = 1577836800;

// `applied`: the newest migration applied; `latest`: this binary's.
HealthCheck SchemaVerdict(int applied, int latest);
HealthCheck IntegrityVerdict(const IntegrityReport& report);
// `source`: CheckSecretKey's sentence or error message.
HealthCheck KeyFileVerdict(bool ok, const std::string& source);

// A database file (the file, its -wal, its -shm) and its facts; nullopt when
// it does not exist.
struct DatabaseFile {
  std::string path;
  std::optional<FileFacts> facts;
};
// Fails when group or others have any permission on an existing file;
// `files` starts with the database itself, whose mode SQLite gives the
// others: while it is loose, only it is named.
HealthCheck DatabaseFilesVerdict(const std::vector<DatabaseFile>& files);
HealthCheck AdminsVerdict(std::int64_t active_admins);
// `wal`: the database's -wal file; fails above kMaxWalBytes.
HealthCheck WalVerdict(const DatabaseFile& wal);
// `expired`: sessions whose refresh token has expired; `stale`: of those,
// the ones expired over kStaleExpiredSessionSeconds ago (fails when any).
HealthCheck ExpiredSessionsVerdict(std::int64_t expired, std::int64_t stale);
// `users`: existing users locked out now; `locked_names`: every account
// name at its limit, user or not (names of no user are not a failure: their
// failures expire by themselves).
HealthCheck LockedAccountsVerdict(const std::vector<std::string>& users,
                                  std::int64_t locked_names);
// `directory`: the database's; fails under kMinFreeDiskBytes or
// kMinFreeDiskPercent free.
HealthCheck DiskSpaceVerdict(const std::string& directory, const DiskSpace& space);
// `now`: this machine's clock; `newest`: the newest stored time;
// `server_now`: the database server's clock (PostgreSQL).
HealthCheck ClockVerdict(UnixSeconds now, const std::optional<StoredTime>& newest,
                         const std::optional<UnixSeconds>& server_now);

// A check of `name` that could not gather its facts: failed, naming why.
HealthCheck CouldNotCheck(const std::string& name, const std::string& why);
// A check that does not apply to this engine: passed, saying why.
HealthCheck NotApplicable(const std::string& name, const std::string& why);

// "512 B", "3.5 MiB", "12.0 GiB".
std::string FormatBytes(std::uint64_t bytes);
// "45 s", "12 min", "5 h", "3 days".
std::string FormatSeconds(std::int64_t seconds);

}  // namespace itemctl::core
