#pragma once
// DatabaseBackup for PostgreSQL: it cannot write SQLite pages, so it leaves
// the copy to the caller (core/services/database_backup.cpp copies its
// tables in one snapshot with core::CopyDatabase).

#include "core/storage/database_backup.hpp"

namespace itemctl::core {

class PgDatabaseBackup final : public DatabaseBackup {
 public:
  Result<bool> WriteSnapshot(const std::string& /*path*/) override { return false; }
};

}  // namespace itemctl::core
