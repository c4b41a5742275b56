#include "core/services/versions.hpp"

#include <string>

#include "core/domain/validation.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/version_store.hpp"

namespace itemctl::core {

namespace {

Error NotFound(std::string_view version) {
  return MakeError(Errc::kNotFound, "version '" + ShownValue(version) + "' not found");
}

bool SunsetHasCome(const ApiVersion& version, UnixSeconds now) {
  return version.sunset && now >= version.sunset->at;
}

}  // namespace

ApiVersion Versions::AsServedNow(ApiVersion version) const {
  if (SunsetHasCome(version, clock_.Now())) version.supported = false;
  return version;
}

Result<std::vector<ApiVersion>> Versions::List() {
  Result<std::vector<ApiVersion>> versions = store_.versions().List();
  if (!versions) return versions.error();
  for (ApiVersion& version : *versions) version = AsServedNow(std::move(version));
  return versions;
}

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
  Result<ApiVersion> changed = InTransaction(store_, [&]() -> Result<ApiVersion> {
    Result<std::optional<ApiVersion>> updated = store_.versions().SetSupported(version, supported);
    if (!updated) return updated.error();
    if (!*updated) return NotFound(version);
    Status audited = RecordAudit(
        store_, actor, clock_.Now(),
        {supported ? audit_action::kVersionSupport : audit_action::kVersionDeprecate,
         VersionTarget(**updated), {{"supported", supported}}});
    if (!audited) return audited.error();
    return std::move(**updated);
  });
  if (!changed) return changed.error();
  return AsServedNow(std::move(*changed));
}

Result<ApiVersion> Versions::Sunset(const Actor& actor, std::string_view version,
                                    std::optional<UnixSeconds> at) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  const UnixSeconds now = clock_.Now();
  if (at && *at <= now) {
    return MakeError(Errc::kInvalidArgument, "sunset date '" + FormatIso8601(*at) +
                                                 "' is not in the future: deprecate the "
                                                 "version to retire it now");
  }
  // Read and write in one transaction, so the version cannot stop being
  // supported between the check and the announcement.
  Result<ApiVersion> changed = InTransaction(store_, [&]() -> Result<ApiVersion> {
    Result<std::optional<ApiVersion>> found = store_.versions().Find(version);
    if (!found) return found.error();
    if (!*found) return NotFound(version);
    // The stored flag: a version whose sunset has passed may get a new one.
    if (at && !(*found)->supported) {
      return MakeError(Errc::kFailedPrecondition, "version '" + ShownValue(version) +
                                                      "' is not supported: there is nothing to "
                                                      "sunset");
    }
    std::optional<VersionSunset> sunset;
    if (at) sunset = VersionSunset{*at, now};
    Result<std::optional<ApiVersion>> updated = store_.versions().SetSunset(version, sunset);
    if (!updated) return updated.error();
    if (!*updated) return NotFound(version);
    AuditValue recorded = nullptr;
    if (at) recorded = FormatIso8601(*at);
    Status audited = RecordAudit(store_, actor, now,
                                 {audit_action::kVersionSunset, VersionTarget(**updated),
                                  {{"sunset", std::move(recorded)}}});
    if (!audited) return audited.error();
    return std::move(**updated);
  });
  if (!changed) return changed.error();
  return AsServedNow(std::move(*changed));
}

Result<VersionStatus> Versions::Check(std::string_view version) {
  Result<std::optional<ApiVersion>> found = store_.versions().Find(version);
  if (!found) return found.error();
  if (!*found) {
    return MakeError(Errc::kUnsupportedVersion, "version '" + ShownValue(version) + "' is unknown",
                     kVersionNotSupported);
  }
  const ApiVersion& row = **found;
  if (!row.supported) {
    return MakeError(Errc::kUnsupportedVersion,
                     "version '" + ShownValue(version) + "' is not supported anymore",
                     kVersionNotSupported);
  }
  if (SunsetHasCome(row, clock_.Now())) {
    return MakeError(Errc::kUnsupportedVersion,
                     "version '" + ShownValue(version) + "' was retired at " +
                         FormatIso8601(row.sunset->at),
                     kVersionNotSupported);
  }
  return VersionStatus{row.sunset};
}

}  // namespace itemctl::core
