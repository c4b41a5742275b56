#include "core/services/doctor.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "core/file_facts.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/open_backend.hpp"

namespace itemctl::core {
namespace {


// The file at `path` with its facts, or the error that kept us from them.
Result<DatabaseFile> Examine(const std::string& path) {
  Result<std::optional<FileFacts>> facts = ReadFileFacts(path);
  if (!facts) return facts.error();
  return DatabaseFile{path, *facts};
}

}  // namespace

std::size_t CountFailed(const std::vector<HealthCheck>& checks) {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(), [](const HealthCheck& c) { return !c.ok; }));
}

Result<std::vector<HealthCheck>> Doctor::Run(const Actor& actor) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  // One reading of the clock, so the checks agree on what "now" is.
  const UnixSeconds now = clock_.Now();
  // A braced list runs its elements in order: the checks run as listed.
  return std::vector<HealthCheck>{Schema(),
                                  Integrity(),
                                  KeyFile(),
                                  DatabaseFiles(),
                                  Admins(),
                                  WalSize(),
                                  ExpiredSessions(now),
                                  LockedAccounts(now),
                                  DiskSpaceNearDatabase(),
                                  ClockSanity(now)};
}

bool Doctor::IsSqliteFile() const {
  return EngineOf(settings_.db) == Engine::kSqlite && settings_.db != ":memory:";
}

HealthCheck Doctor::NoFileCheck(const std::string& name, const std::string& on_postgres) const {
  if (EngineOf(settings_.db) == Engine::kSqlite) {
    return NotApplicable(name, "to an in-memory database");
  }
  return NotApplicable(name, "on PostgreSQL (" + on_postgres + ")");
}

HealthCheck Doctor::Schema() {
  SchemaMigrator& schema = store_.schema();
  Result<std::vector<MigrationStatus>> statuses = schema.Status();
  // Status() refuses checksum drift and migrations of a newer binary; its
  // message says which.
  if (!statuses) return {kCheckSchema, false, statuses.error().message};
  int applied = 0;
  for (const MigrationStatus& status : *statuses) {
    if (status.applied_at) applied = status.migration.version;
  }
  return SchemaVerdict(applied, schema.LatestVersion());
}

HealthCheck Doctor::Integrity() {
  Result<IntegrityReport> report = store_.health().CheckIntegrity();
  if (!report) return CouldNotCheck(kCheckIntegrity, report.error().message);
  return IntegrityVerdict(*report);
}

HealthCheck Doctor::KeyFile() {
  Result<std::string> source = CheckSecretKey(settings_.db, settings_.secret_key);
  return source ? KeyFileVerdict(true, *source) : KeyFileVerdict(false, source.error().message);
}

HealthCheck Doctor::DatabaseFiles() {
  if (!IsSqliteFile()) return NoFileCheck(kCheckDatabaseFiles, "the server keeps its own files");
  std::vector<DatabaseFile> files;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    Result<DatabaseFile> file = Examine(settings_.db + suffix);
    if (!file) return CouldNotCheck(kCheckDatabaseFiles, file.error().message);
    files.push_back(std::move(*file));
  }
  return DatabaseFilesVerdict(files);
}

HealthCheck Doctor::Admins() {
  // No user has id 0: every active admin counts.
  Result<std::int64_t> admins = store_.users().CountOtherActiveAdmins(0);
  if (!admins) return CouldNotCheck(kCheckAdmins, admins.error().message);
  return AdminsVerdict(*admins);
}

HealthCheck Doctor::WalSize() {
  if (!IsSqliteFile()) return NoFileCheck(kCheckWalSize, "the server manages its own WAL");
  Result<DatabaseFile> wal = Examine(settings_.db + "-wal");
  if (!wal) return CouldNotCheck(kCheckWalSize, wal.error().message);
  return WalVerdict(*wal);
}

HealthCheck Doctor::ExpiredSessions(UnixSeconds now) {
  SessionStore& sessions = store_.sessions();
  Result<std::int64_t> expired = sessions.CountExpiredBy(now);
  if (!expired) return CouldNotCheck(kCheckExpiredSessions, expired.error().message);
  Result<std::int64_t> stale = sessions.CountExpiredBy(now - kStaleExpiredSessionSeconds);
  if (!stale) return CouldNotCheck(kCheckExpiredSessions, stale.error().message);
  return ExpiredSessionsVerdict(*expired, *stale);
}

HealthCheck Doctor::LockedAccounts(UnixSeconds now) {
  LoginThrottleStore& failures = store_.login_failures();
  const std::int64_t limit = std::max<std::int64_t>(1, settings_.max_failures_per_account);
  Result<std::vector<std::string>> users = failures.LockedUsernames(limit, now);
  if (!users) return CouldNotCheck(kCheckLockedAccounts, users.error().message);
  Result<std::int64_t> names = failures.CountSubjectsAtLimit(ThrottleScope::kAccount, limit, now);
  if (!names) return CouldNotCheck(kCheckLockedAccounts, names.error().message);
  return LockedAccountsVerdict(*users, *names);
}

HealthCheck Doctor::DiskSpaceNearDatabase() {
  if (!IsSqliteFile()) {
    return NoFileCheck(kCheckDiskSpace, "check the database server's disk");
  }
  const std::filesystem::path parent = std::filesystem::path(settings_.db).parent_path();
  const std::string directory = parent.empty() ? std::string(".") : parent.string();
  Result<DiskSpace> space = ReadDiskSpace(directory);
  if (!space) return CouldNotCheck(kCheckDiskSpace, space.error().message);
  return DiskSpaceVerdict(directory, *space);
}

HealthCheck Doctor::ClockSanity(UnixSeconds now) {
  HealthStore& health = store_.health();
  Result<std::optional<StoredTime>> newest = health.NewestStoredTime();
  if (!newest) return CouldNotCheck(kCheckClock, newest.error().message);
  Result<std::optional<UnixSeconds>> server_now = health.ServerNow();
  if (!server_now) return CouldNotCheck(kCheckClock, server_now.error().message);
  return ClockVerdict(now, *newest, *server_now);
}

}  // namespace itemctl::core
