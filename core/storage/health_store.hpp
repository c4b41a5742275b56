#pragma once
// What `itemctl doctor` (core/services/doctor.hpp) asks of the database as a
// whole rather than of one aggregate: the engine's own integrity check, the
// newest time stored anywhere, and the server's clock. One implementation
// per engine; read-only.

#include <optional>
#include <string>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"

namespace itemctl::core {

// The outcome of the engine's integrity check.
struct IntegrityReport {
  // What was checked ("PRAGMA integrity_check"), or, when `checked` is
  // false, why there was nothing this engine could check.
  std::string method;
  bool checked = true;
  std::vector<std::string> problems;  // empty: no problem found
};

// A time stored in the database and where it was found.
struct StoredTime {
  UnixSeconds at = 0;
  std::string column;  // "table.column", e.g. "items.updated_at"
};

class HealthStore {
 public:
  virtual ~HealthStore() = default;

  // SQLite: PRAGMA integrity_check (at most 10 problems). PostgreSQL: the
  // data checksum failures the server counted for this database when data
  // checksums are on, else nothing checked. kStorage when the check itself
  // fails.
  virtual Result<IntegrityReport> CheckIntegrity() = 0;
  // The latest of the times the application writes (created, updated, used,
  // failed-login and migration times); nullopt when every table is empty.
  virtual Result<std::optional<StoredTime>> NewestStoredTime() = 0;
  // The database server's clock; nullopt for an engine without a server
  // (SQLite runs on this machine's clock).
  virtual Result<std::optional<UnixSeconds>> ServerNow() = 0;
};

}  // namespace itemctl::core
