#include "core/storage/sqlite/sqlite_version_store.hpp"

#include <string>

#include "core/storage/sqlite/rows.hpp"

namespace itemctl::core {

namespace {

// kVersionColumns for RETURNING, which takes no table-qualified names.
constexpr const char* kReturnedVersion =
    " RETURNING id, version, supported, sunset_at, sunset_announced_at";

// Runs an UPDATE ... RETURNING of at most one version row.
Result<std::optional<ApiVersion>> UpdatedRow(Query& q) {
  Result<bool> row = q.Step();
  if (!row) return row.error();
  if (!*row) return std::optional<ApiVersion>();
  ApiVersion updated = ReadVersion(q);
  if (Status s = q.Run(); !s) return s.error();
  return std::optional<ApiVersion>(updated);
}

}  // namespace

Result<std::vector<ApiVersion>> SqliteVersionStore::List() {
  static const std::string sql =
      std::string("SELECT ") + kVersionColumns + " FROM versions ORDER BY versions.id";
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  std::vector<ApiVersion> versions;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return versions;
    versions.push_back(ReadVersion(*q));
  }
}

Result<ApiVersion> SqliteVersionStore::Insert(std::string_view version, bool supported) {
  Result<Query> q = db_.Prepare("INSERT INTO versions (version, supported) VALUES (?, ?)");
  if (!q) return q.error();
  if (Status s = q->Bind(version).Bind(supported).Run(); !s) return s.error();
  return ApiVersion{db_.LastInsertId(), std::string(version), supported, std::nullopt};
}

Result<std::optional<ApiVersion>> SqliteVersionStore::SetSupported(std::string_view version,
                                                                  bool supported) {
  // One statement, so the flag and the row handed back cannot disagree.
  static const std::string sql =
      std::string("UPDATE versions SET supported = ? WHERE version = ?") + kReturnedVersion;
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(supported).Bind(version);
  return UpdatedRow(*q);
}

Result<std::optional<ApiVersion>> SqliteVersionStore::SetSunset(
    std::string_view version, const std::optional<VersionSunset>& sunset) {
  static const std::string sql =
      std::string("UPDATE versions SET sunset_at = ?, sunset_announced_at = ? WHERE version = ?") +
      kReturnedVersion;
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  if (sunset) {
    q->Bind(sunset->at).Bind(sunset->announced_at);
  } else {
    q->Bind(std::nullopt).Bind(std::nullopt);
  }
  q->Bind(version);
  return UpdatedRow(*q);
}

Result<std::optional<ApiVersion>> SqliteVersionStore::Find(std::string_view version) {
  static const std::string sql =
      std::string("SELECT ") + kVersionColumns + " FROM versions WHERE version = ?";
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  Result<bool> row = q->Bind(version).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<ApiVersion>();
  return std::optional<ApiVersion>(ReadVersion(*q));
}

}  // namespace itemctl::core
