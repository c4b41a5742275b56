#include "core/storage/migration_runner.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/digest.hpp"

namespace itemctl::core {

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

Result<std::vector<MigrationStatus>> MigrationRunner::Status() {
  std::vector<MigrationStatus> rows;
  for (const Migration& m : migrations_) rows.push_back({m, std::nullopt});
  Result<std::vector<AppliedMigration>> applied = ledger_.ReadApplied();
  if (!applied) return applied.error();
  std::map<int, std::size_t> known;
  for (std::size_t i = 0; i < migrations_.size(); ++i) known[migrations_[i].version] = i;
  for (const AppliedMigration& row : *applied) {
    auto it = known.find(row.version);
    if (it == known.end()) {
      return MakeError(Errc::kSchemaOutOfDate,
                       "database '" + ledger_.display_name() + "' has migration " + row.name +
                           " which this binary does not know: it was written by a newer itemctl");
    }
    const Migration& m = migrations_[it->second];
    if (row.checksum != m.checksum) {
      return MakeError(Errc::kSchemaOutOfDate,
                       "migration " + m.name + " changed after it was applied to '" +
                           ledger_.display_name() + "' (checksum differs): refusing to continue");
    }
    rows[it->second].applied_at = row.applied_at;
  }
  return rows;
}

Result<int> MigrationRunner::ApplyPending(UnixSeconds now) {
  Result<std::vector<MigrationStatus>> state = Status();
  if (!state) return state.error();
  int applied = 0;
  for (const MigrationStatus& status : *state) {
    if (status.applied_at) continue;
    const Migration& m = status.migration;
    Result<bool> done = ledger_.Apply(m, now);
    if (!done) {
      return MakeError(done.error().code, "migration " + m.name + " failed: " + done.error().message,
                       done.error().detail);
    }
    if (*done) ++applied;
  }
  return applied;
}

core::Status MigrationRunner::RequireCurrent() {
  Result<std::vector<MigrationStatus>> state = Status();
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
