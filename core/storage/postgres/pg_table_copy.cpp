#include "core/storage/postgres/pg_table_copy.hpp"

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace itemctl::core {

namespace {

// Rows are read in pages so a large table never sits in memory whole (a
// PgResult holds every row it returned).
constexpr std::int64_t kPageRows = 10000;

}  // namespace

Status PgTableCopy::BeginSnapshot() {
  Result<PgResult> begun = conn_.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  if (!begun) return begun.error();
  // The snapshot is taken at the first statement after BEGIN.
  Result<PgResult> first = conn_.Execute("SELECT 1");
  if (!first) return first.error();
  return Ok();
}

Status PgTableCopy::EndSnapshot() {
  Result<PgResult> ended = conn_.Execute("COMMIT");
  if (!ended) return ended.error();
  return Ok();
}

Result<std::int64_t> PgTableCopy::CountRows(const Table& table) {
  Result<PgResult> r = conn_.Execute(std::string("SELECT count(*) FROM ") + table.name);
  if (!r) return r.error();
  return r->Int(0, 0);
}

Status PgTableCopy::ReadRows(const Table& table, const std::function<Status(const Row&)>& visit) {
  // Keyset pages (key > the last one seen) stay cheap however deep they go.
  const std::string key = table.columns.front().name;
  const std::string select = "SELECT " + ColumnList(table) + " FROM " + table.name;
  const std::string first = select + " ORDER BY " + key + " LIMIT $1";
  const std::string next = select + " WHERE " + key + " > $2 ORDER BY " + key + " LIMIT $1";
  Row row(table.columns.size());
  std::optional<std::string> last;
  for (;;) {
    Result<PgResult> r = last ? conn_.Execute(next, PgParams().Add(kPageRows).Add(*last))
                              : conn_.Execute(first, PgParams().Add(kPageRows));
    if (!r) return r.error();
    for (int i = 0; i < r->rows(); ++i) {
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        int column = static_cast<int>(c);
        if (r->IsNull(i, column)) {
          row[c].reset();
        } else if (table.columns[c].kind == ColumnKind::kBool) {
          row[c] = r->Bool(i, column) ? "1" : "0";
        } else {
          row[c] = r->Text(i, column);
        }
      }
      if (Status s = visit(row); !s) return s;
    }
    if (r->rows() < kPageRows) return Ok();
    last = r->Text(r->rows() - 1, 0);
  }
}

Status PgTableCopy::DeleteRows(const Table& table) {
  Result<PgResult> r = conn_.Execute(std::string("DELETE FROM ") + table.name);
  if (!r) return r.error();
  return Ok();
}

Status PgTableCopy::InsertRows(const Table& table, const std::vector<Row>& rows) {
  if (rows.empty()) return Ok();
  // One JSON array of objects, escaped by nlohmann; json_populate_recordset
  // converts each cell with its column's own input function ("1"/"0" are
  // booleans, decimal strings integers).
  nlohmann::json document = nlohmann::json::array();
  for (const Row& row : rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      object[table.columns[i].name] = row[i] ? nlohmann::json(*row[i]) : nlohmann::json(nullptr);
    }
    document.push_back(std::move(object));
  }
  std::string text;
  try {
    text = document.dump();
  } catch (const nlohmann::json::type_error& e) {
    return MakeError(Errc::kInvalidArgument,
                     std::string("table ") + table.name + ": a cell is not valid UTF-8: " + e.what());
  }
  const std::string columns = ColumnList(table);
  Result<PgResult> r = conn_.Execute(std::string("INSERT INTO ") + table.name + " (" + columns +
                                         ") SELECT " + columns + " FROM json_populate_recordset(NULL::" +
                                         table.name + ", $1::json)",
                                     PgParams().Add(text));
  if (!r) return r.error();
  return Ok();
}

Status PgTableCopy::AdvanceIds(const Table& table) {
  // setval(seq, max + 1, false): the next nextval() returns max + 1.
  Result<PgResult> r = conn_.Execute(
      std::string("SELECT setval(pg_get_serial_sequence('") + table.name +
      "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + table.name);
  if (!r) return r.error();
  return Ok();
}

}  // namespace itemctl::core
