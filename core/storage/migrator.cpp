#include "core/storage/migrator.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/services/digest.hpp"

namespace itemctl::embedded {
std::span<const EmbeddedFile> Migrations();
}

namespace itemctl::core {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL,"
    " checksum TEXT NOT NULL)";

}  // namespace

Result<std::vector<Migration>> MigrationsFromFiles(std::span<const EmbeddedFile> files) {
  std::vector<Migration> out;
  for (const EmbeddedFile& file : files) {
    std::string_view path = file.path;
    int version = 0;
    auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), version);
    bool well_named = ec == std::errc() && version > 0 && end != path.data() + path.size() &&
                      *end == '_' && path.ends_with(".sql");
    if (!well_named) {
      return MakeError(Errc::kInternal, "migration file '" + std::string(path) +
                                            "' is not named NNNN_name.sql");
    }
    path.remove_suffix(4);
    out.push_back({version, std::string(path), file.data, Sha256Hex(file.data)});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return MakeError(Errc::kInternal, "two migrations share version " +
                                            std::to_string(out[i].version));
    }
  }
  return out;
}

std::vector<Migration> BuiltInMigrations() {
  Result<std::vector<Migration>> parsed = MigrationsFromFiles(embedded::Migrations());
  // The embedded set is fixed at build time and covered by tests.
  return parsed ? *parsed : std::vector<Migration>{};
}

Result<std::vector<MigrationStatus>> Migrator::ReadApplied() {
  std::vector<MigrationStatus> rows;
  for (const Migration& m : migrations_) rows.push_back({m, std::nullopt});
  // Reading must not write: a fresh file has no bookkeeping table yet.
  Result<Query> exists = db_.Prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return exists.error();
  Result<bool> has_table = exists->Step();
  if (!has_table) return has_table.error();
  if (!*has_table) return rows;
  Result<Query> q = db_.Prepare(
      "SELECT version, name, applied_at, checksum FROM schema_migrations ORDER BY version");
  if (!q) return q.error();
  std::map<int, const Migration*> known;
  for (const Migration& m : migrations_) known[m.version] = &m;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) break;
    int version = static_cast<int>(q->Int(0));
    auto it = known.find(version);
    if (it == known.end()) {
      return MakeError(Errc::kSchemaOutOfDate,
                       "database '" + db_.path() + "' has migration " + q->Text(1) +
                           " which this binary does not know: it was written by a newer itemctl");
    }
    if (q->Text(3) != it->second->checksum) {
      return MakeError(Errc::kSchemaOutOfDate,
                       "migration " + it->second->name +
                           " changed after it was applied to '" + db_.path() +
                           "' (checksum differs): refusing to continue");
    }
    for (MigrationStatus& status : rows) {
      if (status.migration.version == version) status.applied_at = q->Int(2);
    }
  }
  return rows;
}

Result<std::vector<MigrationStatus>> Migrator::Status() { return ReadApplied(); }

Result<int> Migrator::ApplyPending(UnixSeconds now) {
  if (core::Status s = db_.Exec(kCreateTable); !s) return s.error();
  Result<std::vector<MigrationStatus>> state = ReadApplied();
  if (!state) return state.error();
  int applied = 0;
  for (const MigrationStatus& status : *state) {
    if (status.applied_at) continue;
    const Migration& m = status.migration;
    Result<Transaction> tx = Transaction::Begin(db_);
    if (!tx) return tx.error();
    if (core::Status s = db_.Exec(m.sql); !s) {
      return MakeError(s.error().code, "migration " + m.name + " failed: " + s.error().message);
    }
    Result<Query> record = db_.Prepare(
        "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)");
    if (!record) return record.error();
    if (core::Status s = record->Bind(m.version).Bind(m.name).Bind(now).Bind(m.checksum).Run(); !s) {
      return s.error();
    }
    if (core::Status s = tx->Commit(); !s) return s.error();
    ++applied;
  }
  return applied;
}

core::Status Migrator::RequireCurrent() {
  Result<std::vector<MigrationStatus>> state = ReadApplied();
  if (!state) return state.error();
  int current = 0;
  for (const MigrationStatus& status : *state) {
    if (status.applied_at) current = status.migration.version;
  }
  if (current < LatestVersion()) {
    return MakeError(Errc::kSchemaOutOfDate,
                     "schema is at " + std::to_string(current) + ", this binary needs " +
                         std::to_string(LatestVersion()) + ": run itemctl migrate");
  }
  return Ok();
}

}  // namespace itemctl::core
