#include "core/storage/sqlite/sqlite_database_backup.hpp"

#include <memory>
#include <string>

namespace itemctl::core {

namespace {

// PRAGMA integrity_check lists up to this many findings; the message
// quotes them, so keep it to a few.
constexpr int kFindingsQuoted = 3;

}  // namespace

// VACUUM INTO rather than the backup API: it copies in one read
// transaction, which in WAL mode takes no lock writers wait for, so the
// server keeps committing while it runs. The backup API copies in steps
// and restarts whenever another connection writes between two of them, so
// under steady writes it may never finish (and in one step it would do the
// same as VACUUM INTO, without leaving the copy compact).
Result<bool> SqliteDatabaseBackup::WriteSnapshot(const std::string& path) {
  Result<Query> vacuum = db_.Prepare("VACUUM INTO ?");
  if (!vacuum) return vacuum.error();
  vacuum->Bind(path);
  if (Status written = vacuum->Run(); !written) return written.error();
  return true;
}

Status CheckSqliteIntegrity(const std::string& path) {
  Result<std::unique_ptr<Database>> db = Database::Open(path, OpenMode::kMustExist);
  if (!db) return db.error();
  Result<Query> check = (*db)->Prepare("PRAGMA integrity_check(" +
                                       std::to_string(kFindingsQuoted) + ")");
  if (!check) return check.error();
  std::string findings;
  for (;;) {
    Result<bool> row = check->Step();
    if (!row) return row.error();
    if (!*row) break;
    findings += (findings.empty() ? "" : "; ") + check->Text(0);
  }
  if (findings == "ok") return Ok();
  return MakeError(Errc::kStorage,
                   "database '" + path + "' fails PRAGMA integrity_check: " + findings);
}

}  // namespace itemctl::core
