#pragma once
// The SQL of the items aggregate. Writes hand back the database's own
// errors (kAlreadyExists for a taken name, kBadReference for a missing
// owner) for the Items service to word; a missing item is kNotFound
// "item 7 not found", detail "Item not found".

#include <cstdint>
#include <functional>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

inline constexpr const char* kItemNotFoundDetail = "Item not found";

Result<Id> InsertItem(Database& db, const NewItem& item, Id owner_id, UnixSeconds now);
Result<Item> LoadItemById(Database& db, Id id);
// Items matching `filter`, counted, paged (ordered by id) or visited one by one.
Result<std::int64_t> CountItems(Database& db, const ItemFilter& filter);
Result<std::vector<Item>> ListItems(Database& db, const ItemFilter& filter, std::int64_t limit,
                                    std::int64_t offset);
Status ForEachItem(Database& db, const ItemFilter& filter,
                   const std::function<void(const Item&)>& visit);
// Sets the patch's present fields and updated_at.
Status UpdateItem(Database& db, Id id, const ItemPatch& patch, UnixSeconds now);
Status DeleteItem(Database& db, Id id);

}  // namespace itemctl::core
