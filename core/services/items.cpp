#include "core/services/items.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "core/domain/paging.hpp"
#include "core/domain/validation.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/item_store.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

namespace {

constexpr const char* kItemExistsDetail = "Item with the same name already exists";
// Rows per InsertBatch during an import; progress is reported after each.
constexpr std::size_t kImportBatch = 1000;

Error ItemExists(std::string_view name) {
  return MakeError(Errc::kAlreadyExists, "item '" + ShownValue(name) + "' already exists",
                   kItemExistsDetail);
}

Error OwnerMissing(Id owner_id) {
  return MakeError(Errc::kBadReference, "user " + std::to_string(owner_id) + " does not exist",
                   kUserNotFoundDetail);
}

Status ValidateNewItem(const NewItem& item) {
  if (Status s = ValidateItemName(item.name); !s) return s;
  if (item.description) return ValidateDescription(*item.description);
  return Ok();
}

// The API creates items for the caller; only an admin (or the CLI) may pick
// another owner.
Status CanCreateFor(const Actor& actor, Id owner_id) {
  if (actor.admin || actor.user_id == owner_id) return Ok();
  return MakeError(Errc::kPermissionDenied, kForbiddenResource);
}

// The database's own errors, worded for the item at hand.
Error WriteError(const Error& error, std::string_view name, Id owner_id) {
  if (error.code == Errc::kAlreadyExists) return ItemExists(name);
  if (error.code == Errc::kBadReference) return OwnerMissing(owner_id);
  return error;
}

Result<Id> Insert(ItemStore& items, const NewItem& item, Id owner_id, UnixSeconds now) {
  Result<Id> id = items.Insert(item, owner_id, now);
  if (!id) return WriteError(id.error(), item.name, owner_id);
  return id;
}

// Reports a failed import row against its line; a name clash with an
// earlier row of the same file names that row too.
Error AtLine(const std::vector<ImportRow>& rows, std::size_t index, const Error& error) {
  const ImportRow& row = rows[index];
  std::string prefix = "line " + std::to_string(row.line) + ": ";
  if (error.code == Errc::kAlreadyExists) {
    for (std::size_t i = 0; i < index; ++i) {
      if (rows[i].item.name != row.item.name) continue;
      return MakeError(error.code,
                       prefix + "item '" + ShownValue(row.item.name) + "' is a duplicate of line " +
                           std::to_string(rows[i].line),
                       error.detail);
    }
  }
  Error at_line = MakeError(error.code, prefix + error.message, error.detail);
  // A serialization failure keeps saying so: PostgreSQL's Transact then runs
  // the import again.
  at_line.retryable = error.retryable;
  return at_line;
}

}  // namespace

Result<Item> Items::Add(const Actor& actor, Id owner_id, const NewItem& input) {
  if (Status valid = ValidateNewItem(input); !valid) return valid.error();
  if (Status allowed = CanCreateFor(actor, owner_id); !allowed) return allowed.error();
  UnixSeconds now = clock_.Now();
  Result<Id> id = Insert(store_.items(), input, owner_id, now);
  if (!id) return id.error();
  return Item{*id, input.name, input.description, owner_id, now, std::nullopt};
}

Result<Page<Item>> Items::List(const ItemFilter& filter, const PageRequest& page) {
  if (Status valid = CheckPageRequest(page); !valid) return valid.error();
  return store_.items().ListPage(filter, page);
}

Status Items::ForEach(const ItemFilter& filter, const std::function<void(const Item&)>& visit) {
  return store_.items().ForEach(filter, visit);
}

Result<Item> Items::Get(Id id) { return store_.items().LoadById(id); }

Result<Item> Items::Update(const Actor& actor, Id id, const ItemPatch& patch) {
  if (patch.name) {
    if (Status valid = ValidateItemName(*patch.name); !valid) return valid.error();
  }
  if (patch.description) {
    if (Status valid = ValidateDescription(*patch.description); !valid) return valid.error();
  }
  ItemStore& items = store_.items();
  return InTransaction(store_, [&]() -> Result<Item> {
    Result<Item> item = items.LoadById(id);
    if (!item) return item.error();
    if (Status allowed = CanModifyItem(actor, *item); !allowed) return allowed.error();
    if (!patch.name && !patch.description) return item;
    // Keeping its own name is no conflict: UNIQUE ignores the row itself.
    if (Status s = items.Update(id, patch, clock_.Now()); !s) {
      return WriteError(s.error(), patch.name.value_or(item->name), item->user_id);
    }
    if (actor.user_id != item->user_id) {
      AuditEntry entry{audit_action::kItemUpdate, ItemTarget(*item), {{"user_id", item->user_id}}};
      if (patch.name) entry.changes.push_back({"name", *patch.name});
      if (patch.description) entry.changes.push_back({"description", *patch.description});
      if (Status s = RecordAudit(store_, actor, clock_.Now(), std::move(entry)); !s) {
        return s.error();
      }
    }
    return items.LoadById(id);
  });
}

Status Items::Delete(const Actor& actor, Id id) {
  ItemStore& items = store_.items();
  return store_.Transact([&]() -> Status {
    Result<Item> item = items.LoadById(id);
    if (!item) return item.error();
    if (Status allowed = CanModifyItem(actor, *item); !allowed) return allowed.error();
    if (Status s = items.Delete(id); !s) return s;
    // Owners delete their own items freely; anyone else's deletion is an
    // admin's change.
    if (actor.user_id == item->user_id) return Ok();
    return RecordAudit(store_, actor, clock_.Now(),
                       {audit_action::kItemDelete, ItemTarget(*item), {{"user_id", item->user_id}}});
  });
}

Result<std::size_t> Items::Import(const Actor& actor, Id owner_id,
                                  const std::vector<ImportRow>& rows,
                                  const ImportProgress& progress) {
  if (Status allowed = CanCreateFor(actor, owner_id); !allowed) return allowed.error();
  UnixSeconds now = clock_.Now();
  return InTransaction(store_, [&]() -> Result<std::size_t> {
    // Checked once here, so a missing owner is not blamed on line 1.
    if (Result<User> owner = store_.users().LoadById(owner_id); !owner) {
      return owner.error().code == Errc::kNotFound ? OwnerMissing(owner_id) : owner.error();
    }
    std::vector<NewItem> batch;
    for (std::size_t start = 0; start < rows.size();) {
      // A batch runs up to the first invalid row: the rows before it go in
      // first, so a clash on an earlier line is still the error reported.
      std::size_t end = std::min(rows.size(), start + kImportBatch);
      std::optional<Error> invalid;
      batch.clear();
      for (std::size_t i = start; i < end; ++i) {
        if (Status valid = ValidateNewItem(rows[i].item); !valid) {
          invalid = valid.error();
          end = i;
          break;
        }
        batch.push_back(rows[i].item);
      }
      Result<std::size_t> inserted = store_.items().InsertBatch(batch, owner_id, now);
      if (!inserted) {
        return AtLine(rows, start, WriteError(inserted.error(), rows[start].item.name, owner_id));
      }
      if (*inserted < batch.size()) {
        std::size_t clash = start + *inserted;
        return AtLine(rows, clash, ItemExists(rows[clash].item.name));
      }
      if (invalid) return AtLine(rows, end, *invalid);
      start = end;
      if (progress) progress(start, rows.size());
    }
    return rows.size();
  });
}

}  // namespace itemctl::core
