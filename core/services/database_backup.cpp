#include "core/services/database_backup.hpp"

#include <filesystem>
#include <memory>

#include "core/services/audit_trail.hpp"
#include "core/services/staged_file.hpp"
#include "core/storage/open_backend.hpp"

namespace itemctl::core {

namespace {

namespace fs = std::filesystem;

Status CheckTarget(Backend& source, const BackupOptions& options) {
  const std::string& file = options.file;
  if (file.empty()) {
    return MakeError(Errc::kInvalidArgument, "backup file: give the path of a file to write");
  }
  // Not echoed: a URL may carry a password.
  if (EngineOf(file) == Engine::kPostgres) {
    return MakeError(Errc::kInvalidArgument,
                     "db backup writes a SQLite file, not a PostgreSQL database: to copy into "
                     "PostgreSQL use 'itemctl db copy'");
  }
  std::error_code ec;
  fs::file_status status = fs::status(file, ec);
  bool exists = fs::exists(status);
  if (exists && fs::is_directory(status)) {
    return MakeError(Errc::kInvalidArgument,
                     "'" + file + "' is a directory: give the path of the backup file");
  }
  if (exists && source.engine() == Engine::kSqlite &&
      fs::equivalent(file, source.display_name(), ec)) {
    return MakeError(Errc::kInvalidArgument,
                     "'" + file + "' is the database itself: give another file for the backup");
  }
  if (exists && !options.force) {
    return MakeError(Errc::kAlreadyExists,
                     "'" + file + "' already exists: pass --force to overwrite it");
  }
  // A -wal beside it belongs to a connection that has the file open, or
  // one that crashed: SQLite would replay it onto the new file.
  if (fs::exists(file + "-wal", ec)) {
    return MakeError(Errc::kFailedPrecondition,
                     "'" + file + "-wal' exists: '" + file +
                         "' is open in another process or was not closed cleanly; stop what "
                         "uses it, or open it once with itemctl, then retry");
  }
  return Ok();
}

// Into `path`, an empty SQLite file: the engine's own copy, or for an
// engine without one (PostgreSQL) every table in one snapshot.
Status WriteSnapshot(Store& source, const std::string& path, UnixSeconds now,
                     const CopyProgress& progress) {
  Result<bool> written = source.backup().WriteSnapshot(path);
  if (!written) return written.error();
  if (*written) return Ok();
  Result<std::unique_ptr<Backend>> target =
      OpenBackend({.url = path, .mode = OpenMode::kMustExist});
  if (!target) return target.error();
  Result<StoreLease> to = (*target)->Acquire(LeaseUse::kWrite);
  if (!to) return to.error();
  Result<CopyReport> copied = CopyDatabase(source, **to, now, path, progress);
  if (!copied) return copied.error();
  return Ok();
}

// The users and items in the backup at `path`, which must be at the
// current schema: read back through the store as `itemctl --db FILE` would.
Result<BackupReport> ReadBack(const std::string& path) {
  Result<std::unique_ptr<Backend>> backup =
      OpenBackend({.url = path, .mode = OpenMode::kMustExist});
  if (!backup) return backup.error();
  Result<StoreLease> store = (*backup)->Acquire(LeaseUse::kRead);
  if (!store) return store.error();
  if (Status current = (*store)->schema().RequireCurrent(); !current) return current.error();
  BackupReport report;
  Result<std::int64_t> users = (*store)->users().Count({});
  if (!users) return users.error();
  report.users = *users;
  Result<std::int64_t> items = (*store)->items().Count({});
  if (!items) return items.error();
  report.items = *items;
  return report;
}

// Names the backup, which the engine's message (naming the staged file or
// the source) may not.
Error ForBackup(const std::string& file, const Error& error) {
  Error named = error;
  named.message = "backup to '" + file + "' failed: " + error.message;
  return named;
}

}  // namespace

Result<BackupReport> BackupDatabase(Backend& source, const Actor& actor,
                                    const BackupOptions& options, UnixSeconds now,
                                    const CopyProgress& progress) {
  if (Status target = CheckTarget(source, options); !target) return target.error();
  Result<StoreLease> from = source.Acquire(LeaseUse::kRead);
  if (!from) return from.error();
  if (Status current = (*from)->schema().RequireCurrent(); !current) return current.error();

  // Destroyed, and so removed, on every return before Commit.
  Result<StagedFile> staged = StagedFile::Create(options.file);
  if (!staged) return staged.error();
  if (Status written = WriteSnapshot(**from, staged->path(), now, progress); !written) {
    return ForBackup(options.file, written.error());
  }
  if (Status sound = CheckSqliteIntegrity(staged->path()); !sound) {
    return ForBackup(options.file, sound.error());
  }
  Result<BackupReport> report = ReadBack(staged->path());
  if (!report) return ForBackup(options.file, report.error());
  if (Status committed = staged->Commit(); !committed) return committed.error();

  std::error_code ec;
  std::uintmax_t bytes = fs::file_size(options.file, ec);
  if (ec) {
    return MakeError(Errc::kStorage,
                     "wrote '" + options.file + "' but cannot read its size: " + ec.message());
  }
  report->bytes = static_cast<std::int64_t>(bytes);
  // Recorded in the database backed up, after the fact: the backup itself
  // does not hold its own event.
  Result<StoreLease> writer = source.Acquire(LeaseUse::kWrite);
  if (!writer) return writer.error();
  Status audited = (*writer)->Transact([&]() -> Status {
    return RecordAudit(**writer, actor, now,
                       {audit_action::kDbBackup, AuditTarget{"database", {}, source.display_name()},
                        {{"file", options.file}, {"bytes", report->bytes}}});
  });
  if (!audited) return audited.error();
  return report;
}

}  // namespace itemctl::core
