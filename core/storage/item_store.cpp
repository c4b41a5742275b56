#include "core/storage/item_store.hpp"

#include <limits>
#include <utility>

namespace itemctl::core {

Result<Page<Item>> ListThenCount(ItemStore& items, const ItemFilter& filter,
                                 const PageRequest& page) {
  Page<Item> result{page.after_id ? 1 : page.page, page.limit, 0, {}};
  if (page.after_id) {
    Result<std::vector<Item>> rows = items.ListAfter(filter, *page.after_id, page.limit);
    if (!rows) return rows.error();
    result.rows = std::move(*rows);
  } else if (page.page - 1 <= std::numeric_limits<std::int64_t>::max() / page.limit) {
    const std::int64_t offset = (page.page - 1) * page.limit;
    Result<std::vector<Item>> rows = items.List(filter, page.limit, offset);
    if (!rows) return rows.error();
    result.rows = std::move(*rows);
    // A short page that is not past the end tells the total by itself.
    const auto found = static_cast<std::int64_t>(result.rows.size());
    if (found < page.limit && (found > 0 || offset == 0)) {
      result.total = offset + found;
      return result;
    }
  }  // else an offset past any table: no rows
  Result<std::int64_t> total = items.Count(filter);
  if (!total) return total.error();
  result.total = *total;
  return result;
}

}  // namespace itemctl::core
