#include "core/storage/postgres/pg_table_copy.hpp"

#include <optional>
#include <string>

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

Status PgTableCopy::InsertRow(const Table& table, const Row& row) {
  std::string placeholders;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    placeholders += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
  }
  PgParams params;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (row[i] && table.columns[i].kind == ColumnKind::kBool) {
      params.Add(*row[i] != "0");
    } else {
      params.Add(row[i]);
    }
  }
  Result<PgResult> r = conn_.Execute(std::string("INSERT INTO ") + table.name + " (" +
                                         ColumnList(table) + ") VALUES (" + placeholders + ")",
                                     params);
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
