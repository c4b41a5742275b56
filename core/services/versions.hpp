#pragma once
// API versions clients announce with X-Version, and whether each is served.

#include <string_view>
#include <vector>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

inline constexpr const char* kVersionNotSupported = "Version not supported anymore";

class Versions {
 public:
  Versions(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Sorted by id.
  Result<std::vector<ApiVersion>> List();
  // Admin only. kInvalidArgument for a bad label, kAlreadyExists
  // "version '1.1' already exists".
  Result<ApiVersion> Add(const Actor& actor, std::string_view version, bool supported);
  // Admin only. kNotFound "version '9.9' not found".
  Result<ApiVersion> SetSupported(const Actor& actor, std::string_view version, bool supported);
  // Reads the database every call, so a CLI change applies to the next request.
  // kUnsupportedVersion (message names the version, detail kVersionNotSupported)
  // for an unknown or unsupported version.
  Status Check(std::string_view version);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace itemctl::core
