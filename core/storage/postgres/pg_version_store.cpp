#include "core/storage/postgres/pg_version_store.hpp"

#include <string>

#include "core/storage/postgres/pg_rows.hpp"

namespace itemctl::core {

Result<std::vector<ApiVersion>> PgVersionStore::List() {
  static const std::string sql =
      std::string("SELECT ") + kPgVersionColumns + " FROM versions ORDER BY versions.id";
  Result<PgResult> r = conn_.Execute(sql);
  if (!r) return r.error();
  std::vector<ApiVersion> versions;
  for (int row = 0; row < r->rows(); ++row) versions.push_back(ReadVersion(*r, row));
  return versions;
}

Result<ApiVersion> PgVersionStore::Insert(std::string_view version, bool supported) {
  Result<PgResult> r =
      conn_.Execute("INSERT INTO versions (version, supported) VALUES ($1, $2) RETURNING id",
                    PgParams().Add(version).Add(supported));
  if (!r) return r.error();
  return ApiVersion{r->Int(0, 0), std::string(version), supported, std::nullopt};
}

Result<std::optional<ApiVersion>> PgVersionStore::SetSupported(std::string_view version,
                                                              bool supported) {
  // One statement, so the flag and the row handed back cannot disagree.
  static const std::string sql =
      std::string("UPDATE versions SET supported = $1 WHERE version = $2 RETURNING ") +
      kPgVersionColumns;
  Result<PgResult> r = conn_.Execute(sql, PgParams().Add(supported).Add(version));
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<ApiVersion>();
  return std::optional<ApiVersion>(ReadVersion(*r, 0));
}

Result<std::optional<ApiVersion>> PgVersionStore::SetSunset(
    std::string_view version, const std::optional<VersionSunset>& sunset) {
  static const std::string sql =
      std::string("UPDATE versions SET sunset_at = $1, sunset_announced_at = $2 "
                  "WHERE version = $3 RETURNING ") +
      kPgVersionColumns;
  PgParams params;
  if (sunset) {
    params.Add(sunset->at).Add(sunset->announced_at);
  } else {
    params.Add(std::nullopt).Add(std::nullopt);
  }
  Result<PgResult> r = conn_.Execute(sql, params.Add(version));
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<ApiVersion>();
  return std::optional<ApiVersion>(ReadVersion(*r, 0));
}

Result<std::optional<ApiVersion>> PgVersionStore::Find(std::string_view version) {
  static const std::string sql =
      std::string("SELECT ") + kPgVersionColumns + " FROM versions WHERE version = $1";
  Result<PgResult> r = conn_.Execute(sql, PgParams().Add(version));
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<ApiVersion>();
  return std::optional<ApiVersion>(ReadVersion(*r, 0));
}

}  // namespace itemctl::core
