#pragma once
// The items aggregate, as services see it: one implementation per engine.
// Writes hand back the engine's own errors (kAlreadyExists for a taken
// name, kBadReference for a missing owner) for the Items service to word; a
// missing item is kNotFound "item 7 not found", detail kItemNotFoundDetail.
// Name and description filters are case-insensitive substrings.

#include <cstdint>
#include <functional>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

inline constexpr const char* kItemNotFoundDetail = "Item not found";

class ItemStore {
 public:
  virtual ~ItemStore() = default;

  virtual Result<Id> Insert(const NewItem& item, Id owner_id, UnixSeconds now) = 0;
  // Inserts `items` in order, all owned by `owner_id`, in as few statements
  // as the engine allows (PostgreSQL: one; its count triggers then run once
  // per batch, not per row). The first item whose name is taken, by the
  // table or by an earlier one of `items`, stops the batch: returns its
  // index, or items.size() when all went in. Items of a stopped batch may
  // have been written: call it inside a transaction and roll back.
  virtual Result<std::size_t> InsertBatch(const std::vector<NewItem>& items, Id owner_id,
                                          UnixSeconds now) = 0;
  virtual Result<Item> LoadById(Id id) = 0;
  // Items matching `filter`, counted, paged (ordered by id) or visited one by one.
  virtual Result<std::int64_t> Count(const ItemFilter& filter) = 0;
  virtual Result<std::vector<Item>> List(const ItemFilter& filter, std::int64_t limit,
                                         std::int64_t offset) = 0;
  virtual Status ForEach(const ItemFilter& filter,
                         const std::function<void(const Item&)>& visit) = 0;
  // Up to `limit` items matching `filter` with an id above `after_id`, in
  // id order: a seek on the primary key, however deep.
  virtual Result<std::vector<Item>> ListAfter(const ItemFilter& filter, Id after_id,
                                              std::int64_t limit) = 0;
  // One page of a listing (with page.after_id, the `limit` rows after it,
  // as page 1) and the count of every match, as cheaply as the engine can:
  // a filter's matches are counted by finding them, so an engine may find
  // them once for both. A page past the end has no rows. `page` is valid
  // (CheckPageRequest).
  virtual Result<Page<Item>> ListPage(const ItemFilter& filter, const PageRequest& page) = 0;
  // Sets the patch's present fields and updated_at.
  virtual Status Update(Id id, const ItemPatch& patch, UnixSeconds now) = 0;
  virtual Status Delete(Id id) = 0;
};

// ListPage from List (or ListAfter), then Count unless the page told the
// total: a short page that is not past the end ends the matches. A filtered
// listing whose matches fit on its page (a narrow search) costs one
// statement, not two.
Result<Page<Item>> ListThenCount(ItemStore& items, const ItemFilter& filter,
                                 const PageRequest& page);

}  // namespace itemctl::core
