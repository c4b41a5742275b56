#pragma once
// ItemStore over one SQLite connection (see core/storage/item_store.hpp for
// the contract). Borrows `db`, which must outlive it; one thread at a time.

#include "core/storage/item_store.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

class SqliteItemStore final : public ItemStore {
 public:
  explicit SqliteItemStore(Database& db) : db_(db) {}

  Result<Id> Insert(const NewItem& item, Id owner_id, UnixSeconds now) override;
  Result<std::size_t> InsertBatch(const std::vector<NewItem>& items, Id owner_id,
                                  UnixSeconds now) override;
  Result<Item> LoadById(Id id) override;
  Result<std::int64_t> Count(const ItemFilter& filter) override;
  Result<std::vector<Item>> List(const ItemFilter& filter, std::int64_t limit,
                                 std::int64_t offset) override;
  Result<std::vector<Item>> ListAfter(const ItemFilter& filter, Id after_id,
                                      std::int64_t limit) override;
  Result<Page<Item>> ListPage(const ItemFilter& filter, const PageRequest& page) override;
  Status ForEach(const ItemFilter& filter,
                 const std::function<void(const Item&)>& visit) override;
  Status Update(Id id, const ItemPatch& patch, UnixSeconds now) override;
  Status Delete(Id id) override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
