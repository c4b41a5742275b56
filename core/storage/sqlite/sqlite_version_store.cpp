#include "core/storage/sqlite/sqlite_version_store.hpp"

#include <string>

#include "core/storage/sqlite/rows.hpp"

namespace itemctl::core {

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
  return ApiVersion{db_.LastInsertId(), std::string(version), supported};
}

Result<std::optional<ApiVersion>> SqliteVersionStore::SetSupported(std::string_view version,
                                                                  bool supported) {
  // One statement, so the flag and the row handed back cannot disagree.
  Result<Query> q = db_.Prepare(
      "UPDATE versions SET supported = ? WHERE version = ? RETURNING id, version, supported");
  if (!q) return q.error();
  Result<bool> row = q->Bind(supported).Bind(version).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<ApiVersion>();
  ApiVersion updated = ReadVersion(*q);
  if (Status s = q->Run(); !s) return s.error();
  return std::optional<ApiVersion>(updated);
}

Result<std::optional<bool>> SqliteVersionStore::FindSupported(std::string_view version) {
  Result<Query> q = db_.Prepare("SELECT supported FROM versions WHERE version = ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(version).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<bool>();
  return std::optional<bool>(q->Bool(0));
}

}  // namespace itemctl::core
