#pragma once
// Helpers shared by the filtered, paged listings (items, users): substring
// patterns for LIKE and the page arithmetic.

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

// "%needle%" with '%', '_' and '\' escaped, for `LIKE ? ESCAPE '\'` (which is
// case-insensitive for ASCII). nullopt for an absent or empty needle, which
// the static SQL reads as "no filter".
std::optional<std::string> ContainsPattern(const std::optional<std::string>& needle);

// kInvalidArgument "page must be an integer >= 1" / "limit must be an
// integer >= 1" for a request not built by MakePageRequest.
Status CheckPageRequest(const PageRequest& page);

// The OFFSET of `page` when it holds at least one of `total` rows; nullopt
// past the end. Never overflows, whatever page and limit are.
std::optional<std::int64_t> PageOffset(const PageRequest& page, std::int64_t total);

}  // namespace itemctl::core
