#pragma once
// Applies the numbered SQL files of migrations/ (embedded in the binary) in
// order, each in its own transaction, recording version, apply time and
// SHA-256 checksum in schema_migrations. Only `itemctl migrate` (and the
// first run of `serve`) applies; everything else calls RequireCurrent().

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/domain/embedded_file.hpp"
#include "core/domain/error.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

struct Migration {
  int version = 0;          // from the file name "0003_add_x.sql" -> 3
  std::string name;         // "0003_add_x"
  std::string_view sql;
  std::string checksum;     // SHA-256 hex of sql
};

struct MigrationStatus {
  Migration migration;
  std::optional<UnixSeconds> applied_at;  // nullopt: pending
};

// The migrations compiled into this binary, sorted by version.
std::vector<Migration> BuiltInMigrations();
// Turns embedded files into migrations; kInternal on a badly named file.
Result<std::vector<Migration>> MigrationsFromFiles(std::span<const EmbeddedFile> files);

class Migrator {
 public:
  Migrator(Database& db, std::vector<Migration> migrations)
      : db_(db), migrations_(std::move(migrations)) {}
  explicit Migrator(Database& db) : Migrator(db, BuiltInMigrations()) {}

  // Every known migration with its apply time. kSchemaOutOfDate when an
  // applied file's checksum changed or the database is newer than us.
  Result<std::vector<MigrationStatus>> Status();
  // Applies the pending migrations; returns how many. Refuses (and applies
  // nothing) on checksum drift or an unknown applied version.
  Result<int> ApplyPending(UnixSeconds now);
  // kSchemaOutOfDate "schema is at 3, this binary needs 4: run itemctl migrate".
  core::Status RequireCurrent();
  int LatestVersion() const { return migrations_.empty() ? 0 : migrations_.back().version; }

 private:
  Result<std::vector<MigrationStatus>> ReadApplied();

  Database& db_;
  std::vector<Migration> migrations_;
};

}  // namespace itemctl::core
