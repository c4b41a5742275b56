#pragma once
// TableCopy over one SQLite connection. The snapshot is a deferred read
// transaction: in WAL mode it sees one state of the file while writers go on.

#include "core/storage/sqlite/database.hpp"
#include "core/storage/table_copy.hpp"

namespace itemctl::core {

class SqliteTableCopy final : public TableCopy {
 public:
  explicit SqliteTableCopy(Database& db) : db_(db) {}

  Status BeginSnapshot() override;
  Status EndSnapshot() override;
  Result<std::int64_t> CountRows(const Table& table) override;
  Status ReadRows(const Table& table, const std::function<Status(const Row&)>& visit) override;
  Status DeleteRows(const Table& table) override;
  Status InsertRows(const Table& table, const std::vector<Row>& rows) override;
  // AUTOINCREMENT already keeps sqlite_sequence above every inserted id.
  Status AdvanceIds(const Table& /*table*/) override { return Ok(); }

 private:
  Database& db_;
};

}  // namespace itemctl::core
