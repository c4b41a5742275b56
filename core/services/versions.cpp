#include "core/services/versions.hpp"

#include <string>

#include "core/domain/validation.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/version_store.hpp"

namespace itemctl::core {

Result<std::vector<ApiVersion>> Versions::List() { return store_.versions().List(); }

Result<ApiVersion> Versions::Add(const Actor& actor, std::string_view version, bool supported) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  if (Status valid = ValidateVersionLabel(version); !valid) return valid.error();
  Result<ApiVersion> added = InTransaction(store_, [&]() -> Result<ApiVersion> {
    Result<ApiVersion> inserted = store_.versions().Insert(version, supported);
    if (!inserted) return inserted;
    Status audited = RecordAudit(store_, actor, clock_.Now(),
                                 {audit_action::kVersionAdd, VersionTarget(*inserted),
                                  {{"supported", supported}}});
    if (!audited) return audited.error();
    return inserted;
  });
  if (!added && added.error().code == Errc::kAlreadyExists) {
    return MakeError(Errc::kAlreadyExists, "version '" + ShownValue(version) + "' already exists");
  }
  return added;
}

Result<ApiVersion> Versions::SetSupported(const Actor& actor, std::string_view version,
                                          bool supported) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  return InTransaction(store_, [&]() -> Result<ApiVersion> {
    Result<std::optional<ApiVersion>> updated = store_.versions().SetSupported(version, supported);
    if (!updated) return updated.error();
    if (!*updated) {
      return MakeError(Errc::kNotFound, "version '" + ShownValue(version) + "' not found");
    }
    Status audited = RecordAudit(
        store_, actor, clock_.Now(),
        {supported ? audit_action::kVersionSupport : audit_action::kVersionDeprecate,
         VersionTarget(**updated), {{"supported", supported}}});
    if (!audited) return audited.error();
    return **updated;
  });
}

Status Versions::Check(std::string_view version) {
  Result<std::optional<bool>> supported = store_.versions().FindSupported(version);
  if (!supported) return supported.error();
  if (!*supported) {
    return MakeError(Errc::kUnsupportedVersion, "version '" + ShownValue(version) + "' is unknown",
                     kVersionNotSupported);
  }
  if (!**supported) {
    return MakeError(Errc::kUnsupportedVersion,
                     "version '" + ShownValue(version) + "' is not supported anymore",
                     kVersionNotSupported);
  }
  return Ok();
}

}  // namespace itemctl::core
