#pragma once
// The SQL of the API versions table. Inserting a taken label hands back the
// database's kAlreadyExists for the Versions service to word.

#include <optional>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

Result<std::vector<ApiVersion>> ListVersions(Database& db);
Result<ApiVersion> InsertVersion(Database& db, std::string_view version, bool supported);
// The updated row; nullopt when the label is unknown.
Result<std::optional<ApiVersion>> SetVersionSupported(Database& db, std::string_view version,
                                                      bool supported);
// Whether the label is supported; nullopt when it is unknown.
Result<std::optional<bool>> FindVersionSupported(Database& db, std::string_view version);

}  // namespace itemctl::core
