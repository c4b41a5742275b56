#include "core/storage/sqlite/sqlite_table_copy.hpp"

#include <charconv>
#include <string>

namespace itemctl::core {

namespace {

std::optional<std::int64_t> ParseInt(const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Status SqliteTableCopy::BeginSnapshot() {
  if (Status begun = db_.Exec("BEGIN"); !begun) return begun;
  // A deferred transaction takes its snapshot at its first read.
  Result<Query> q = db_.Prepare("SELECT count(*) FROM sqlite_master");
  if (!q) return q.error();
  Result<bool> row = q->Step();
  if (!row) return row.error();
  return Ok();
}

Status SqliteTableCopy::EndSnapshot() { return db_.Exec("COMMIT"); }

Result<std::int64_t> SqliteTableCopy::CountRows(const Table& table) {
  Result<Query> q = db_.Prepare(std::string("SELECT count(*) FROM ") + table.name);
  if (!q) return q.error();
  Result<bool> row = q->Step();
  if (!row) return row.error();
  return q->Int(0);
}

Status SqliteTableCopy::ReadRows(const Table& table,
                                 const std::function<Status(const Row&)>& visit) {
  Result<Query> q = db_.Prepare("SELECT " + ColumnList(table) + " FROM " + table.name +
                                " ORDER BY " + table.columns.front().name);
  if (!q) return q.error();
  Row row(table.columns.size());
  for (;;) {
    Result<bool> more = q->Step();
    if (!more) return more.error();
    if (!*more) return Ok();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      int column = static_cast<int>(i);
      if (q->IsNull(column)) {
        row[i].reset();
      } else if (table.columns[i].kind == ColumnKind::kText) {
        row[i] = q->Text(column);
      } else if (table.columns[i].kind == ColumnKind::kBool) {
        row[i] = q->Int(column) != 0 ? "1" : "0";
      } else {
        row[i] = std::to_string(q->Int(column));
      }
    }
    if (Status s = visit(row); !s) return s;
  }
}

Status SqliteTableCopy::DeleteRows(const Table& table) {
  return db_.Exec(std::string("DELETE FROM ") + table.name);
}

Status SqliteTableCopy::InsertRows(const Table& table, const std::vector<Row>& rows) {
  std::string placeholders;
  for (std::size_t i = 0; i < table.columns.size(); ++i) placeholders += i == 0 ? "?" : ", ?";
  const std::string sql = std::string("INSERT INTO ") + table.name + " (" + ColumnList(table) +
                          ") VALUES (" + placeholders + ")";
  for (const Row& row : rows) {
    Result<Query> q = db_.Prepare(sql);
    if (!q) return q.error();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const std::optional<std::string>& cell = row[i];
      if (!cell) {
        q->Bind(std::nullopt);
      } else if (table.columns[i].kind == ColumnKind::kText) {
        q->Bind(*cell);
      } else if (std::optional<std::int64_t> number = ParseInt(*cell)) {
        q->Bind(*number);
      } else {
        return MakeError(Errc::kInternal, std::string("table ") + table.name + " column " +
                                              table.columns[i].name + ": '" + *cell +
                                              "' is not an integer");
      }
    }
    if (Status s = q->Run(); !s) return s;
  }
  return Ok();
}

}  // namespace itemctl::core
