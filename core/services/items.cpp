#include "core/services/items.hpp"

#include <string>

#include "core/domain/validation.hpp"
#include "core/services/permissions.hpp"
#include "core/storage/listing_store.hpp"
#include "core/storage/rows.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

namespace {

constexpr const char* kItemNotFoundDetail = "Item not found";
constexpr const char* kItemExistsDetail = "Item with the same name already exists";
constexpr std::size_t kProgressEvery = 1000;

// Static filter SQL (a NULL parameter means no filter), so each listing
// statement is prepared once per connection whatever the filters are.
constexpr const char* kWhereFilter =
    "WHERE (?1 IS NULL OR items.name LIKE ?1 ESCAPE '\\')"
    " AND (?2 IS NULL OR items.description LIKE ?2 ESCAPE '\\')";

std::string SelectItems(std::string_view tail) {
  return std::string("SELECT ") + kItemColumns + " FROM items " + std::string(tail);
}

Error ItemExists(std::string_view name) {
  return MakeError(Errc::kAlreadyExists, "item '" + ShownValue(name) + "' already exists",
                   kItemExistsDetail);
}

Error ItemNotFound(Id id) {
  return MakeError(Errc::kNotFound, "item " + std::to_string(id) + " not found",
                   kItemNotFoundDetail);
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

Result<Id> InsertItem(Database& db, const NewItem& item, Id owner_id, UnixSeconds now) {
  Result<Query> q =
      db.Prepare("INSERT INTO items (name, description, user_id, created_at) VALUES (?, ?, ?, ?)");
  if (!q) return q.error();
  Status s = q->Bind(item.name).Bind(item.description).Bind(owner_id).Bind(now).Run();
  if (s) return db.LastInsertId();
  if (s.error().code == Errc::kAlreadyExists) return ItemExists(item.name);
  if (s.error().code == Errc::kBadReference) return OwnerMissing(owner_id);
  return s.error();
}

Result<Item> LoadItem(Database& db, Id id) {
  static const std::string sql = SelectItems("WHERE items.id = ?");
  Result<Query> q = db.Prepare(sql);
  if (!q) return q.error();
  Result<bool> row = q->Bind(id).Step();
  if (!row) return row.error();
  if (!*row) return ItemNotFound(id);
  return ReadItem(*q);
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
  return MakeError(error.code, prefix + error.message, error.detail);
}

}  // namespace

Result<Item> Items::Add(const Actor& actor, Id owner_id, const NewItem& input) {
  if (Status valid = ValidateNewItem(input); !valid) return valid.error();
  if (Status allowed = CanCreateFor(actor, owner_id); !allowed) return allowed.error();
  UnixSeconds now = clock_.Now();
  Result<Id> id = InsertItem(db_, input, owner_id, now);
  if (!id) return id.error();
  return Item{*id, input.name, input.description, owner_id, now, std::nullopt};
}

Result<Page<Item>> Items::List(const ItemFilter& filter, const PageRequest& page) {
  if (Status valid = CheckPageRequest(page); !valid) return valid.error();
  std::optional<std::string> name = ContainsPattern(filter.name);
  std::optional<std::string> description = ContainsPattern(filter.description);
  Page<Item> result{page.page, page.limit, 0, {}};
  {
    static const std::string sql = std::string("SELECT count(*) FROM items ") + kWhereFilter;
    Result<Query> q = db_.Prepare(sql);
    if (!q) return q.error();
    Result<bool> row = q->Bind(name).Bind(description).Step();
    if (!row) return row.error();
    result.total = q->Int(0);
  }
  std::optional<std::int64_t> offset = PageOffset(page, result.total);
  if (!offset) return result;
  static const std::string sql =
      SelectItems(std::string(kWhereFilter) + " ORDER BY items.id LIMIT ?3 OFFSET ?4");
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(name).Bind(description).Bind(page.limit).Bind(*offset);
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return result;
    result.rows.push_back(ReadItem(*q));
  }
}

Status Items::ForEach(const ItemFilter& filter, const std::function<void(const Item&)>& visit) {
  static const std::string sql = SelectItems(std::string(kWhereFilter) + " ORDER BY items.id");
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(ContainsPattern(filter.name)).Bind(ContainsPattern(filter.description));
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return Ok();
    visit(ReadItem(*q));
  }
}

Result<Item> Items::Get(Id id) { return LoadItem(db_, id); }

Result<Item> Items::Update(const Actor& actor, Id id, const ItemPatch& patch) {
  if (patch.name) {
    if (Status valid = ValidateItemName(*patch.name); !valid) return valid.error();
  }
  if (patch.description) {
    if (Status valid = ValidateDescription(*patch.description); !valid) return valid.error();
  }
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  Result<Item> item = LoadItem(db_, id);
  if (!item) return item.error();
  if (Status allowed = CanModifyItem(actor, *item); !allowed) return allowed.error();
  if (!patch.name && !patch.description) return item;
  {
    Result<Query> q = db_.Prepare(
        "UPDATE items SET name = coalesce(?, name), description = coalesce(?, description),"
        " updated_at = ? WHERE id = ?");
    if (!q) return q.error();
    // Keeping its own name is no conflict: UNIQUE ignores the row itself.
    Status s = q->Bind(patch.name).Bind(patch.description).Bind(clock_.Now()).Bind(id).Run();
    if (!s && s.error().code == Errc::kAlreadyExists) return ItemExists(*patch.name);
    if (!s) return s.error();
  }
  Result<Item> updated = LoadItem(db_, id);
  if (!updated) return updated.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return updated;
}

Status Items::Delete(const Actor& actor, Id id) {
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  Result<Item> item = LoadItem(db_, id);
  if (!item) return item.error();
  if (Status allowed = CanModifyItem(actor, *item); !allowed) return allowed.error();
  {
    Result<Query> q = db_.Prepare("DELETE FROM items WHERE id = ?");
    if (!q) return q.error();
    if (Status s = q->Bind(id).Run(); !s) return s.error();
  }
  return tx->Commit();
}

Result<std::size_t> Items::Import(const Actor& actor, Id owner_id,
                                  const std::vector<ImportRow>& rows,
                                  const ImportProgress& progress) {
  if (Status allowed = CanCreateFor(actor, owner_id); !allowed) return allowed.error();
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  // Checked once here, so a missing owner is not blamed on line 1.
  if (Result<User> owner = LoadUserById(db_, owner_id); !owner) {
    return owner.error().code == Errc::kNotFound ? OwnerMissing(owner_id) : owner.error();
  }
  UnixSeconds now = clock_.Now();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // The cached INSERT is reused for every row; a clash with an earlier
    // row of the file fails on UNIQUE just like a clash with the table.
    Status valid = ValidateNewItem(rows[i].item);
    if (!valid) return AtLine(rows, i, valid.error());
    Result<Id> id = InsertItem(db_, rows[i].item, owner_id, now);
    if (!id) return AtLine(rows, i, id.error());
    if (progress && ((i + 1) % kProgressEvery == 0 || i + 1 == rows.size())) {
      progress(i + 1, rows.size());
    }
  }
  if (Status s = tx->Commit(); !s) return s.error();
  return rows.size();
}

}  // namespace itemctl::core
