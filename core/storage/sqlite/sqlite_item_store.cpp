#include "core/storage/sqlite/sqlite_item_store.hpp"

#include <optional>
#include <string>

#include "core/storage/like_pattern.hpp"
#include "core/storage/sqlite/rows.hpp"

namespace itemctl::core {

namespace {

// Static filter SQL (a NULL parameter means no filter), so each listing
// statement is prepared once per connection whatever the filters are.
constexpr const char* kWhereFilter =
    "WHERE (?1 IS NULL OR items.name LIKE ?1 ESCAPE '\\')"
    " AND (?2 IS NULL OR items.description LIKE ?2 ESCAPE '\\')";

std::string SelectItems(std::string_view tail) {
  return std::string("SELECT ") + kItemColumns + " FROM items " + std::string(tail);
}

Query& BindFilter(Query& q, const ItemFilter& filter) {
  return q.Bind(ContainsPattern(filter.name)).Bind(ContainsPattern(filter.description));
}

Status ReadAll(Query& q, const std::function<void(const Item&)>& visit) {
  for (;;) {
    Result<bool> row = q.Step();
    if (!row) return row.error();
    if (!*row) return Ok();
    visit(ReadItem(q));
  }
}

}  // namespace

Result<Id> SqliteItemStore::Insert(const NewItem& item, Id owner_id, UnixSeconds now) {
  Result<Query> q =
      db_.Prepare("INSERT INTO items (name, description, user_id, created_at) VALUES (?, ?, ?, ?)");
  if (!q) return q.error();
  Status s = q->Bind(item.name).Bind(item.description).Bind(owner_id).Bind(now).Run();
  if (!s) return s.error();
  return db_.LastInsertId();
}

Result<Item> SqliteItemStore::LoadById(Id id) {
  static const std::string sql = SelectItems("WHERE items.id = ?");
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  Result<bool> row = q->Bind(id).Step();
  if (!row) return row.error();
  if (!*row) {
    return MakeError(Errc::kNotFound, "item " + std::to_string(id) + " not found",
                     kItemNotFoundDetail);
  }
  return ReadItem(*q);
}

Result<std::int64_t> SqliteItemStore::Count(const ItemFilter& filter) {
  static const std::string sql = std::string("SELECT count(*) FROM items ") + kWhereFilter;
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  Result<bool> row = BindFilter(*q, filter).Step();
  if (!row) return row.error();
  return q->Int(0);
}

Result<std::vector<Item>> SqliteItemStore::List(const ItemFilter& filter, std::int64_t limit,
                                                std::int64_t offset) {
  static const std::string sql =
      SelectItems(std::string(kWhereFilter) + " ORDER BY items.id LIMIT ?3 OFFSET ?4");
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  BindFilter(*q, filter).Bind(limit).Bind(offset);
  std::vector<Item> items;
  if (Status s = ReadAll(*q, [&items](const Item& item) { items.push_back(item); }); !s) {
    return s.error();
  }
  return items;
}

Status SqliteItemStore::ForEach(const ItemFilter& filter,
                                const std::function<void(const Item&)>& visit) {
  static const std::string sql = SelectItems(std::string(kWhereFilter) + " ORDER BY items.id");
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  BindFilter(*q, filter);
  return ReadAll(*q, visit);
}

Status SqliteItemStore::Update(Id id, const ItemPatch& patch, UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "UPDATE items SET name = coalesce(?, name), description = coalesce(?, description),"
      " updated_at = ? WHERE id = ?");
  if (!q) return q.error();
  return q->Bind(patch.name).Bind(patch.description).Bind(now).Bind(id).Run();
}

Status SqliteItemStore::Delete(Id id) {
  Result<Query> q = db_.Prepare("DELETE FROM items WHERE id = ?");
  if (!q) return q.error();
  return q->Bind(id).Run();
}

}  // namespace itemctl::core
