#pragma once
// The substring filters of the listings, for both engines' LIKE.

#include <optional>
#include <string>

namespace itemctl::core {

// "%needle%" with '%', '_' and '\' escaped, for `LIKE ? ESCAPE '\'`. nullopt
// for an absent or empty needle, which the static SQL reads as "no filter".
std::optional<std::string> ContainsPattern(const std::optional<std::string>& needle);

}  // namespace itemctl::core
