#pragma once
// Item use cases, shared by `itemctl item ...` and /items. Not thread-safe:
// one Items per connection/thread.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

// One row of an import file; `line` is where it came from, for messages.
struct ImportRow {
  std::size_t line = 0;
  NewItem item;
};

// Called during Import with (rows done, rows total).
using ImportProgress = std::function<void(std::size_t done, std::size_t total)>;

class Items {
 public:
  Items(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Creates an item owned by `owner_id` (the caller for the API, --owner for
  // the CLI). kInvalidArgument, kAlreadyExists "item 'x' already exists"
  // (detail "Item with the same name already exists"), kBadReference when the
  // owner does not exist.
  Result<Item> Add(const Actor& actor, Id owner_id, const NewItem& input);
  // Sorted by id. With page.after_id, the rows after that id (page 1); the
  // total still counts every match.
  Result<Page<Item>> List(const ItemFilter& filter, const PageRequest& page);
  // Every matching item in id order, for export; stops at the first error.
  Status ForEach(const ItemFilter& filter, const std::function<void(const Item&)>& visit);
  // kNotFound "item 7 not found" (detail "Item not found").
  Result<Item> Get(Id id);
  // kNotFound before kPermissionDenied (SPEC §7). Renaming to its own name
  // is not a conflict.
  Result<Item> Update(const Actor& actor, Id id, const ItemPatch& patch);
  Status Delete(const Actor& actor, Id id);
  // All rows in one transaction, or none: the first invalid or duplicate row
  // (also a duplicate within the file) fails the whole import with its line
  // in the message ("line 17: item 'x' already exists"). Returns the count.
  Result<std::size_t> Import(const Actor& actor, Id owner_id, const std::vector<ImportRow>& rows,
                             const ImportProgress& progress = {});

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace itemctl::core
