#include "core/storage/postgres/pg_item_store.hpp"

#include <optional>
#include <string>

#include "core/storage/like_pattern.hpp"
#include "core/storage/postgres/pg_rows.hpp"

namespace itemctl::core {

namespace {

// Static filter SQL (a NULL parameter means no filter), so each listing
// statement is prepared once per connection whatever the filters are.
const std::string& WhereFilter() {
  static const std::string sql =
      "WHERE ($1::text IS NULL OR " + AsciiLower("items.name") + " LIKE " +
      AsciiLower("$1::text") + " ESCAPE '\\') AND ($2::text IS NULL OR " +
      AsciiLower("items.description") + " LIKE " + AsciiLower("$2::text") + " ESCAPE '\\')";
  return sql;
}

std::string SelectItems(std::string_view tail) {
  return std::string("SELECT ") + kPgItemColumns + " FROM items " + std::string(tail);
}

PgParams FilterParams(const ItemFilter& filter) {
  return std::move(
      PgParams().Add(ContainsPattern(filter.name)).Add(ContainsPattern(filter.description)));
}

}  // namespace

Result<Id> PgItemStore::Insert(const NewItem& item, Id owner_id, UnixSeconds now) {
  Result<PgResult> r = conn_.Execute(
      "INSERT INTO items (name, description, user_id, created_at) VALUES ($1, $2, $3, $4)"
      " RETURNING id",
      PgParams().Add(item.name).Add(item.description).Add(owner_id).Add(now));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<Item> PgItemStore::LoadById(Id id) {
  static const std::string sql = SelectItems("WHERE items.id = $1");
  Result<PgResult> r = conn_.Execute(sql, PgParams().Add(id));
  if (!r) return r.error();
  if (r->rows() == 0) {
    return MakeError(Errc::kNotFound, "item " + std::to_string(id) + " not found",
                     kItemNotFoundDetail);
  }
  return ReadItem(*r, 0);
}

Result<std::int64_t> PgItemStore::Count(const ItemFilter& filter) {
  static const std::string sql = "SELECT count(*) FROM items " + WhereFilter();
  Result<PgResult> r = conn_.Execute(sql, FilterParams(filter));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<std::vector<Item>> PgItemStore::List(const ItemFilter& filter, std::int64_t limit,
                                            std::int64_t offset) {
  static const std::string sql =
      SelectItems(WhereFilter() + " ORDER BY items.id LIMIT $3 OFFSET $4");
  Result<PgResult> r = conn_.Execute(sql, FilterParams(filter).Add(limit).Add(offset));
  if (!r) return r.error();
  std::vector<Item> items;
  items.reserve(static_cast<std::size_t>(r->rows()));
  for (int row = 0; row < r->rows(); ++row) items.push_back(ReadItem(*r, row));
  return items;
}

Status PgItemStore::ForEach(const ItemFilter& filter,
                            const std::function<void(const Item&)>& visit) {
  static const std::string sql = SelectItems(WhereFilter() + " ORDER BY items.id");
  Result<PgResult> r = conn_.Execute(sql, FilterParams(filter));
  if (!r) return r.error();
  for (int row = 0; row < r->rows(); ++row) visit(ReadItem(*r, row));
  return Ok();
}

Status PgItemStore::Update(Id id, const ItemPatch& patch, UnixSeconds now) {
  Result<PgResult> r = conn_.Execute(
      "UPDATE items SET name = coalesce($1::text, name),"
      " description = coalesce($2::text, description), updated_at = $3 WHERE id = $4",
      PgParams().Add(patch.name).Add(patch.description).Add(now).Add(id));
  if (!r) return r.error();
  return Ok();
}

Status PgItemStore::Delete(Id id) {
  Result<PgResult> r = conn_.Execute("DELETE FROM items WHERE id = $1", PgParams().Add(id));
  if (!r) return r.error();
  return Ok();
}

}  // namespace itemctl::core
