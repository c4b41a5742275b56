#pragma once
// DatabaseBackup over one SQLite connection: VACUUM INTO the backup file.

#include "core/storage/database_backup.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

class SqliteDatabaseBackup final : public DatabaseBackup {
 public:
  explicit SqliteDatabaseBackup(Database& db) : db_(db) {}

  // VACUUM INTO `path`; always true when it succeeds.
  Result<bool> WriteSnapshot(const std::string& path) override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
