#pragma once
// Numbered schema migrations, one set per engine (migrations/sqlite/,
// migrations/postgres/, embedded in the binary), applied in order, each in
// its own transaction, recording version, apply time and SHA-256 checksum
// in schema_migrations. Only `itemctl migrate` (and the first run of
// `serve`) applies; everything else calls RequireCurrent().

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/domain/embedded_file.hpp"
#include "core/domain/error.hpp"

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

// Turns embedded files into migrations sorted by version; kInternal on a
// badly named file or a repeated version.
Result<std::vector<Migration>> MigrationsFromFiles(std::span<const EmbeddedFile> files);

class SchemaMigrator {
 public:
  virtual ~SchemaMigrator() = default;
  // Every known migration with its apply time. kSchemaOutOfDate when an
  // applied file's checksum changed or the database is newer than us.
  virtual Result<std::vector<MigrationStatus>> Status() = 0;
  // Applies the pending migrations; returns how many. Refuses (and applies
  // nothing) on checksum drift or an unknown applied version. Instances
  // started together apply each migration once.
  virtual Result<int> ApplyPending(UnixSeconds now) = 0;
  // kSchemaOutOfDate "schema is at 3, this binary needs 4: run itemctl migrate".
  virtual core::Status RequireCurrent() = 0;
  virtual int LatestVersion() const = 0;
};

}  // namespace itemctl::core
