#include "core/storage/sqlite/sqlite_item_store.hpp"

#include <optional>
#include <string>

#include "core/storage/like_pattern.hpp"
#include "core/storage/sqlite/rows.hpp"
#include "core/storage/sqlite/trigram_match.hpp"

namespace itemctl::core {

namespace {

// Static filter SQL (a NULL parameter means no filter), so each listing
// statement is prepared once per connection whatever the filters are.
constexpr const char* kWhereFilter =
    "WHERE (?1 IS NULL OR items.name LIKE ?1 ESCAPE '\\')"
    " AND (?2 IS NULL OR items.description LIKE ?2 ESCAPE '\\')";
// The same filter over the trigram index's candidates (?3: TrigramMatch):
// the index finds a superset of the LIKE matches, LIKE keeps exactly them.
constexpr const char* kWhereSearch =
    "WHERE items.id IN (SELECT rowid FROM items_search WHERE items_search MATCH ?3)"
    " AND (?1 IS NULL OR items.name LIKE ?1 ESCAPE '\\')"
    " AND (?2 IS NULL OR items.description LIKE ?2 ESCAPE '\\')";

// Every match of the filter, in id order (ForEach, ListPage).
const std::string kScannedInOrder =
    std::string("SELECT ") + kItemColumns + " FROM items " + kWhereFilter + " ORDER BY items.id";
const std::string kSearchedInOrder =
    std::string("SELECT ") + kItemColumns + " FROM items " + kWhereSearch + " ORDER BY items.id";

bool Unfiltered(const ItemFilter& filter) {
  return !ContainsPattern(filter.name) && !ContainsPattern(filter.description);
}

std::string SelectItems(std::string_view tail) {
  return std::string("SELECT ") + kItemColumns + " FROM items " + std::string(tail);
}

Query& BindFilter(Query& q, const ItemFilter& filter, const std::optional<std::string>& match) {
  q.Bind(ContainsPattern(filter.name)).Bind(ContainsPattern(filter.description));
  if (match) q.Bind(*match);
  return q;
}

Status ReadAll(Query& q, const std::function<void(const Item&)>& visit) {
  for (;;) {
    Result<bool> row = q.Step();
    if (!row) return row.error();
    if (!*row) return Ok();
    visit(ReadItem(q));
  }
}

Result<std::vector<Item>> ReadItems(Query& q) {
  std::vector<Item> items;
  Status read = ReadAll(q, [&items](const Item& item) { items.push_back(item); });
  if (!read) return read.error();
  return items;
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

Result<std::size_t> SqliteItemStore::InsertBatch(const std::vector<NewItem>& items, Id owner_id,
                                                 UnixSeconds now) {
  // One connection writes at a time here: row by row through the one
  // prepared INSERT costs no more than a multi-row statement.
  for (std::size_t i = 0; i < items.size(); ++i) {
    Result<Id> id = Insert(items[i], owner_id, now);
    if (id) continue;
    if (id.error().code == Errc::kAlreadyExists) return i;
    return id.error();
  }
  return items.size();
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
  // Kept by triggers in step with every insert and delete: no scan.
  static const std::string total = "SELECT total FROM item_count WHERE id = 1";
  static const std::string scanned = std::string("SELECT count(*) FROM items ") + kWhereFilter;
  static const std::string searched = std::string("SELECT count(*) FROM items ") + kWhereSearch;
  const std::optional<std::string> match = TrigramMatch(filter);
  const bool all = Unfiltered(filter);
  Result<Query> q = db_.Prepare(all ? total : match ? searched : scanned);
  if (!q) return q.error();
  Result<bool> row = all ? q->Step() : BindFilter(*q, filter, match).Step();
  if (!row) return row.error();
  if (!*row) return MakeError(Errc::kStorage, "the item_count row is missing: the database was changed outside itemctl");
  return q->Int(0);
}

Result<std::vector<Item>> SqliteItemStore::List(const ItemFilter& filter, std::int64_t limit,
                                                std::int64_t offset) {
  // Parameters bind in order: the limit and offset follow ?3 only when it is used.
  static const std::string scanned =
      SelectItems(std::string(kWhereFilter) + " ORDER BY items.id LIMIT ?3 OFFSET ?4");
  static const std::string searched =
      SelectItems(std::string(kWhereSearch) + " ORDER BY items.id LIMIT ?4 OFFSET ?5");
  const std::optional<std::string> match = TrigramMatch(filter);
  Result<Query> q = db_.Prepare(match ? searched : scanned);
  if (!q) return q.error();
  BindFilter(*q, filter, match).Bind(limit).Bind(offset);
  return ReadItems(*q);
}

Result<std::vector<Item>> SqliteItemStore::ListAfter(const ItemFilter& filter, Id after_id,
                                                     std::int64_t limit) {
  // items.id is the rowid: "id > ?" is a seek, not a skip.
  static const std::string scanned =
      SelectItems(std::string(kWhereFilter) + " AND items.id > ?3 ORDER BY items.id LIMIT ?4");
  static const std::string searched =
      SelectItems(std::string(kWhereSearch) + " AND items.id > ?4 ORDER BY items.id LIMIT ?5");
  const std::optional<std::string> match = TrigramMatch(filter);
  Result<Query> q = db_.Prepare(match ? searched : scanned);
  if (!q) return q.error();
  BindFilter(*q, filter, match).Bind(after_id).Bind(limit);
  return ReadItems(*q);
}

Result<Page<Item>> SqliteItemStore::ListPage(const ItemFilter& filter, const PageRequest& page) {
  if (Unfiltered(filter)) return ListThenCount(*this, filter, page);
  // Counting a filter's matches visits each of them (through the trigram
  // index, or a scan for a needle under three characters): one pass in id
  // order counts them and keeps the page's, where Count and List would each
  // find them. It is ForEach's statement.
  const std::optional<std::string> match = TrigramMatch(filter);
  Result<Query> q = db_.Prepare(match ? kSearchedInOrder : kScannedInOrder);
  if (!q) return q.error();
  BindFilter(*q, filter, match);
  Page<Item> result{page.after_id ? 1 : page.page, page.limit, 0, {}};
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return result;
    const std::int64_t index = result.total++;
    // Division, not (page - 1) * limit, which could overflow.
    const bool on_page =
        page.after_id ? static_cast<std::int64_t>(result.rows.size()) < page.limit &&
                            q->Int(0) > *page.after_id
                      : index / page.limit == page.page - 1;
    if (on_page) result.rows.push_back(ReadItem(*q));
  }
}

Status SqliteItemStore::ForEach(const ItemFilter& filter,
                                const std::function<void(const Item&)>& visit) {
  const std::optional<std::string> match = TrigramMatch(filter);
  Result<Query> q = db_.Prepare(match ? kSearchedInOrder : kScannedInOrder);
  if (!q) return q.error();
  BindFilter(*q, filter, match);
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
