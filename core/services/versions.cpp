#include "core/services/versions.hpp"

#include <string>

#include "core/domain/validation.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/rows.hpp"

namespace itemctl::core {

namespace {

std::string SelectVersions(std::string_view where) {
  return std::string("SELECT ") + kVersionColumns + " FROM versions " + std::string(where);
}

}  // namespace

Result<std::vector<ApiVersion>> Versions::List() {
  static const std::string sql = SelectVersions("ORDER BY versions.id");
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

Result<ApiVersion> Versions::Add(const Actor& actor, std::string_view version, bool supported) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  if (Status valid = ValidateVersionLabel(version); !valid) return valid.error();
  Result<Query> q = db_.Prepare("INSERT INTO versions (version, supported) VALUES (?, ?)");
  if (!q) return q.error();
  if (Status s = q->Bind(version).Bind(supported).Run(); !s) {
    if (s.error().code == Errc::kAlreadyExists) {
      return MakeError(Errc::kAlreadyExists,
                       "version '" + ShownValue(version) + "' already exists");
    }
    return s.error();
  }
  return ApiVersion{db_.LastInsertId(), std::string(version), supported};
}

Result<ApiVersion> Versions::SetSupported(const Actor& actor, std::string_view version,
                                          bool supported) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  // One statement, so the flag and the row handed back cannot disagree.
  Result<Query> q = db_.Prepare(
      "UPDATE versions SET supported = ? WHERE version = ? RETURNING id, version, supported");
  if (!q) return q.error();
  Result<bool> row = q->Bind(supported).Bind(version).Step();
  if (!row) return row.error();
  if (!*row) {
    return MakeError(Errc::kNotFound, "version '" + ShownValue(version) + "' not found");
  }
  ApiVersion updated = ReadVersion(*q);
  if (Status s = q->Run(); !s) return s.error();
  return updated;
}

Status Versions::Check(std::string_view version) {
  Result<Query> q = db_.Prepare("SELECT supported FROM versions WHERE version = ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(version).Step();
  if (!row) return row.error();
  if (!*row) {
    return MakeError(Errc::kUnsupportedVersion, "version '" + ShownValue(version) + "' is unknown",
                     kVersionNotSupported);
  }
  if (!q->Bool(0)) {
    return MakeError(Errc::kUnsupportedVersion,
                     "version '" + ShownValue(version) + "' is not supported anymore",
                     kVersionNotSupported);
  }
  return Ok();
}

}  // namespace itemctl::core
