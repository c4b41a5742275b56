#pragma once
// `itemctl db backup FILE` (SPEC §10): an online, consistent copy of the
// database in a SQLite file, taken while `serve` writes. A SQLite database
// copies itself (VACUUM INTO, see sqlite_database_backup.cpp); a PostgreSQL
// one is copied table by table in one snapshot (core::CopyDatabase) into a
// new SQLite file that `itemctl db copy` can restore. Either way the file
// is staged beside FILE, must pass PRAGMA integrity_check and be at the
// current schema, is synced, and only then renamed over FILE.

#include <cstdint>
#include <string>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/services/database_copy.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

struct BackupOptions {
  std::string file;    // the backup: a SQLite file path
  bool force = false;  // replace `file` when it exists
};

// What the backup holds, read back from the finished file.
struct BackupReport {
  std::int64_t bytes = 0;
  std::int64_t users = 0;
  std::int64_t items = 0;
};

// Backs up `source`, which must be at the current schema
// (kSchemaOutOfDate otherwise). Refused before anything is written:
//   kInvalidArgument  `file` is empty, a PostgreSQL URL, a directory, or
//                     (SQLite) the source's own file;
//   kAlreadyExists    "'<file>' already exists: pass --force to overwrite it";
//   kFailedPrecondition  "<file>-wal" exists, so a SQLite connection may
//                     have `file` open (or crashed with it open): replacing
//                     it under that connection would lose its writes.
// Any later failure (kStorage naming `file`: directory missing or not
// writable, disk full, integrity check) removes the staged file and
// leaves `file` untouched. The file is mode 0600. `now` dates the
// migrations a PostgreSQL backup's file records; `progress` hears of the
// rows copied from PostgreSQL (a SQLite copy is one statement). Once the
// file is in place, `actor`'s db.backup event is recorded in `source`.
Result<BackupReport> BackupDatabase(Backend& source, const Actor& actor,
                                    const BackupOptions& options, UnixSeconds now,
                                    const CopyProgress& progress = {});

}  // namespace itemctl::core
