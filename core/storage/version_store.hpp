#pragma once
// The API versions table, one implementation per engine. Inserting a taken
// label hands back the engine's kAlreadyExists for the Versions service to
// word. Rows come back as stored: `supported` is the flag, whatever the
// sunset date (the Versions service weighs the two).

#include <optional>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

class VersionStore {
 public:
  virtual ~VersionStore() = default;

  virtual Result<std::vector<ApiVersion>> List() = 0;
  virtual Result<ApiVersion> Insert(std::string_view version, bool supported) = 0;
  // The updated row; nullopt when the label is unknown.
  virtual Result<std::optional<ApiVersion>> SetSupported(std::string_view version,
                                                         bool supported) = 0;
  // Sets (or, with nullopt, clears) the version's sunset; the updated row,
  // nullopt when the label is unknown.
  virtual Result<std::optional<ApiVersion>> SetSunset(std::string_view version,
                                                      const std::optional<VersionSunset>& sunset) = 0;
  // The row of the label (one query: the X-Version check runs it on every
  // request); nullopt when it is unknown.
  virtual Result<std::optional<ApiVersion>> Find(std::string_view version) = 0;
};

}  // namespace itemctl::core
