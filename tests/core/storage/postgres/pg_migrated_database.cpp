#include "tests/core/storage/postgres/pg_migrated_database.hpp"

#include <catch2/catch.hpp>

namespace itemctl::test {

PgMigratedDatabase::PgMigratedDatabase(bool migrated)
    : conn_(db_.Connect()), store_(std::make_unique<core::PgStore>(*conn_)) {
  if (!migrated) return;
  auto applied = store_->schema().ApplyPending(kEpoch);
  if (!applied) FAIL(applied.error().message);
}

void PgMigratedDatabase::Exec(const std::string& sql) {
  auto done = conn_->ExecScript(sql);
  if (!done) FAIL(done.error().message);
}

std::int64_t PgMigratedDatabase::Int(const std::string& sql) {
  auto r = conn_->Execute(sql);
  if (!r) FAIL(r.error().message);
  REQUIRE(r->rows() > 0);
  return r->Int(0, 0);
}

std::string PgMigratedDatabase::Text(const std::string& sql) {
  auto r = conn_->Execute(sql);
  if (!r) FAIL(r.error().message);
  REQUIRE(r->rows() > 0);
  return r->Text(0, 0);
}

}  // namespace itemctl::test
