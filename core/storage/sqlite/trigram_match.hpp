#pragma once
// The FTS5 query that finds the candidates of the item filters through the
// trigram index (migrations/sqlite/0006_item_search.sql).

#include <optional>
#include <string>

#include "core/domain/models.hpp"

namespace itemctl::core {

// The index only helps a needle of three or more characters (shorter ones
// have no trigram); FTS5 would scan its whole table for them.
inline constexpr std::size_t kMinTrigramNeedle = 3;

// `name : "needle" AND description : "other"` for each needle of at least
// kMinTrigramNeedle characters (UTF-8 code points), '"' doubled as FTS5's
// strings want; nullopt when no needle is that long, and the filter is
// answered by a scan. A trigram phrase matches the needle as a substring,
// case folded at least as far as LIKE folds it: a superset of LIKE's
// matches, which the caller re-checks with LIKE.
std::optional<std::string> TrigramMatch(const ItemFilter& filter);

}  // namespace itemctl::core
