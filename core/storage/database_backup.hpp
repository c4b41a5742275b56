#pragma once
// The engine's part of `itemctl db backup` (core/services/database_backup.hpp
// orchestrates): a database copying itself into a SQLite file while others
// write, and the check such a file must pass before it replaces anything.
// The backup is always a SQLite file, whatever engine it was taken from.

#include <string>

#include "core/domain/error.hpp"

namespace itemctl::core {

class DatabaseBackup {
 public:
  virtual ~DatabaseBackup() = default;
  // Writes the whole database, as one consistent snapshot, into `path`, an
  // existing empty SQLite file, without blocking writers for long; true
  // when written. False, writing nothing, when the engine has no such copy
  // of its own (PostgreSQL: the caller copies its tables into the file with
  // core::CopyDatabase). Engine errors as kStorage naming the database.
  virtual Result<bool> WriteSnapshot(const std::string& path) = 0;
};

// Opens the SQLite file at `path` and runs PRAGMA integrity_check: Ok when
// it answers "ok"; kStorage "database '<path>' fails PRAGMA integrity_check:
// <its first findings>" otherwise, or the error of opening it.
Status CheckSqliteIntegrity(const std::string& path);

}  // namespace itemctl::core
