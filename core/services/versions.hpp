#pragma once
// API versions clients announce with X-Version, whether each is served, and
// the retirement an admin announced for one (SPEC §10, version sunset).

#include <optional>
#include <string_view>
#include <vector>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

inline constexpr const char* kVersionNotSupported = "Version not supported anymore";

// What the X-Version check found for a served version: its sunset, when
// one is announced, for the response's Deprecation and Sunset headers.
struct VersionStatus {
  std::optional<VersionSunset> sunset;
};

class Versions {
 public:
  Versions(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Sorted by id. Every ApiVersion handed out says in `supported` whether
  // the version is served now: false once its sunset has passed, whatever
  // the stored flag.
  Result<std::vector<ApiVersion>> List();
  // Admin only. kInvalidArgument for a bad label, kAlreadyExists
  // "version '1.1' already exists".
  Result<ApiVersion> Add(const Actor& actor, std::string_view version, bool supported);
  // Admin only. kNotFound "version '9.9' not found". A sunset that has
  // passed still retires the version: Sunset(..., nullopt) lifts it.
  Result<ApiVersion> SetSupported(const Actor& actor, std::string_view version, bool supported);
  // Admin only. Announces that `version` stops being served at `at`
  // (recording now as the announcement), or with nullopt withdraws the
  // announcement. kNotFound "version '9.9' not found"; announcing needs a
  // supported version, though one past an earlier sunset may get a new one
  // (kFailedPrecondition "version '0.3' is not supported: there is nothing
  // to sunset"), and a time after now (kInvalidArgument
  // "sunset date '2020-01-01T00:00:00Z' is not in the future: deprecate the
  // version to retire it now").
  Result<ApiVersion> Sunset(const Actor& actor, std::string_view version,
                            std::optional<UnixSeconds> at);
  // One query, reading the database every call, so a CLI change applies to
  // the next request. kUnsupportedVersion (message names the version, detail
  // kVersionNotSupported) for an unknown or unsupported version, and for one
  // whose sunset has come.
  Result<VersionStatus> Check(std::string_view version);

 private:
  ApiVersion AsServedNow(ApiVersion version) const;

  Store& store_;
  const Clock& clock_;
};

}  // namespace itemctl::core
