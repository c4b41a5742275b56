#include "core/storage/sqlite/sqlite_store.hpp"

#include <utility>
#include <vector>

namespace itemctl::core {

namespace {

// Parsed once: the runner keeps a reference to it.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = SqliteMigrations();
  return migrations;
}

}  // namespace

SqliteStore::SqliteStore(ConnectionPool::Lease lease) : SqliteStore(std::move(lease), nullptr) {}

SqliteStore::SqliteStore(Database& db) : SqliteStore(std::nullopt, &db) {}

SqliteStore::SqliteStore(std::optional<ConnectionPool::Lease> lease, Database* borrowed)
    : lease_(std::move(lease)),
      db_(borrowed != nullptr ? *borrowed : **lease_),
      users_(db_),
      items_(db_),
      roles_(db_),
      versions_(db_),
      sessions_(db_),
      login_failures_(db_),
      audit_(db_),
      ledger_(db_),
      schema_(ledger_, Migrations()),
      table_copy_(db_),
      backup_(db_),
      health_(db_) {}

Status SqliteStore::Transact(const std::function<Status()>& work) {
  Result<Transaction> tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  // On failure the Transaction's destructor rolls back.
  if (Status done = work(); !done) return done;
  return tx->Commit();
}

Result<bool> SqliteStore::RunAlone(std::int64_t /*job_key*/, const std::function<Status()>& work) {
  if (Status done = work(); !done) return done.error();
  return true;
}

Status SqliteStore::Ping() {
  Result<Query> q = db_.Prepare("SELECT 1");
  if (!q) return q.error();
  Result<bool> row = q->Step();
  if (!row) return row.error();
  return Ok();
}

}  // namespace itemctl::core
