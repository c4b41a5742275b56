#pragma once
// test::TestDatabase on PostgreSQL: a fresh database on the test cluster
// (PgTestDatabase), migrated with PostgresMigrations() through a PgStore's
// ledger and runner, so the cases written for SQLite's TestDatabase run on
// PostgreSQL too. Only for [postgres] cases (they get the cluster).

#include <memory>
#include <string>

#include "core/storage/postgres/pg_connection.hpp"
#include "core/storage/postgres/pg_store.hpp"
#include "tests/core/storage/postgres/pg_test_database.hpp"
#include "tests/test_support.hpp"

namespace itemctl::test {

class PgMigratedDatabase final : public TestDatabase {
 public:
  // `migrated` false: the empty database, with no migration applied.
  explicit PgMigratedDatabase(bool migrated = true);

  core::Store& store() override { return *store_; }
  core::PgStore& pg_store() { return *store_; }
  core::PgConnection& connection() { return *conn_; }
  const PgTestDatabase& database() const { return db_; }
  void Exec(const std::string& sql) override;
  std::int64_t Int(const std::string& sql) override;
  std::string Text(const std::string& sql) override;

 private:
  PgTestDatabase db_;
  std::unique_ptr<core::PgConnection> conn_;
  std::unique_ptr<core::PgStore> store_;
};

}  // namespace itemctl::test
