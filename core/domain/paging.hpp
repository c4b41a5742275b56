#pragma once
// The page arithmetic of the paged listings (items, users), whatever the
// engine behind them.

#include <cstdint>
#include <optional>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

// kInvalidArgument "page must be an integer >= 1" / "limit must be an
// integer >= 1" for a request not built by MakePageRequest.
Status CheckPageRequest(const PageRequest& page);

// The OFFSET of `page` when it holds at least one of `total` rows; nullopt
// past the end. Never overflows, whatever page and limit are.
std::optional<std::int64_t> PageOffset(const PageRequest& page, std::int64_t total);

}  // namespace itemctl::core
