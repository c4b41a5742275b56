#pragma once
// Whole-table copying for `itemctl db copy`: the tables of the schema as
// columns with a kind, rows as text cells, and per engine a TableCopy that
// reads them in one consistent snapshot and writes them with their ids.
// Cells are engine-neutral: integers in decimal, booleans "1"/"0", NULL as
// nullopt; each engine converts at its edge.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/error.hpp"

namespace itemctl::core {

enum class ColumnKind { kInt, kBool, kText };

struct Column {
  const char* name;
  ColumnKind kind;
};

struct Table {
  const char* name;
  std::vector<Column> columns;  // the first is the key rows are ordered by
  bool generated_ids = false;   // `id` comes from a sequence / AUTOINCREMENT
};

// Every table `db copy` moves, parents before children (schema_migrations
// is not among them: each database keeps its own).
const std::vector<Table>& CopiedTables();

// "id, name, ...": the table's columns for SELECT and INSERT (built from
// the fixed list above, never from input).
std::string ColumnList(const Table& table);

using Row = std::vector<std::optional<std::string>>;

class TableCopy {
 public:
  virtual ~TableCopy() = default;
  // Starts a read-only snapshot: every read until EndSnapshot sees the
  // database as it was at that moment, while other connections write on.
  virtual Status BeginSnapshot() = 0;
  virtual Status EndSnapshot() = 0;
  virtual Result<std::int64_t> CountRows(const Table& table) = 0;
  // Every row in key order; stops at the first error of `visit`.
  virtual Status ReadRows(const Table& table, const std::function<Status(const Row&)>& visit) = 0;
  // Writes, for use inside Store::Transact.
  virtual Status DeleteRows(const Table& table) = 0;
  // Inserts `rows` as given, ids included; PostgreSQL writes them in one
  // statement, so its count triggers run once per batch, not per row.
  virtual Status InsertRows(const Table& table, const std::vector<Row>& rows) = 0;
  // Makes the next generated id larger than every id in the table.
  virtual Status AdvanceIds(const Table& table) = 0;
};

}  // namespace itemctl::core
