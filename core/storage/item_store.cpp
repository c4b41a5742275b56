#include "core/storage/item_store.hpp"

#include <optional>
#include <utility>

#include "core/domain/paging.hpp"

namespace itemctl::core {

Result<Page<Item>> CountThenList(ItemStore& items, const ItemFilter& filter,
                                 const PageRequest& page) {
  Page<Item> result{page.page, page.limit, 0, {}};
  Result<std::int64_t> total = items.Count(filter);
  if (!total) return total.error();
  result.total = *total;
  if (page.after_id) {
    Result<std::vector<Item>> rows = items.ListAfter(filter, *page.after_id, page.limit);
    if (!rows) return rows.error();
    result.page = 1;
    result.rows = std::move(*rows);
    return result;
  }
  std::optional<std::int64_t> offset = PageOffset(page, result.total);
  if (!offset) return result;
  Result<std::vector<Item>> rows = items.List(filter, page.limit, *offset);
  if (!rows) return rows.error();
  result.rows = std::move(*rows);
  return result;
}

}  // namespace itemctl::core
