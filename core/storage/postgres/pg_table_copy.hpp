#pragma once
// TableCopy over one PostgreSQL connection. The snapshot is a REPEATABLE
// READ, READ ONLY transaction: one state of the database while others write.

#include "core/storage/postgres/pg_connection.hpp"
#include "core/storage/table_copy.hpp"

namespace itemctl::core {

class PgTableCopy final : public TableCopy {
 public:
  explicit PgTableCopy(PgConnection& conn) : conn_(conn) {}

  Status BeginSnapshot() override;
  Status EndSnapshot() override;
  Result<std::int64_t> CountRows(const Table& table) override;
  Status ReadRows(const Table& table, const std::function<Status(const Row&)>& visit) override;
  Status DeleteRows(const Table& table) override;
  Status InsertRows(const Table& table, const std::vector<Row>& rows) override;
  // Moves the identity sequence of `id` past the largest copied id.
  Status AdvanceIds(const Table& table) override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
