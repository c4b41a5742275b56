#pragma once
// Store over one SQLite connection: every aggregate's SQLite store, its
// migrations and its transactions. One thread at a time, like the Database.

#include <functional>
#include <optional>

#include "core/storage/migration_runner.hpp"
#include "core/storage/sqlite/connection_pool.hpp"
#include "core/storage/sqlite/sqlite_database_backup.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/storage/sqlite/sqlite_audit_store.hpp"
#include "core/storage/sqlite/sqlite_health_store.hpp"
#include "core/storage/sqlite/sqlite_item_store.hpp"
#include "core/storage/sqlite/sqlite_login_throttle_store.hpp"
#include "core/storage/sqlite/sqlite_migration_ledger.hpp"
#include "core/storage/sqlite/sqlite_role_store.hpp"
#include "core/storage/sqlite/sqlite_session_store.hpp"
#include "core/storage/sqlite/sqlite_table_copy.hpp"
#include "core/storage/sqlite/sqlite_user_store.hpp"
#include "core/storage/sqlite/sqlite_version_store.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

class SqliteStore final : public Store {
 public:
  // Owns a pooled connection; destroying the store gives it back.
  explicit SqliteStore(ConnectionPool::Lease lease);
  // Borrows `db`, which must outlive the store (tests, in-memory databases).
  explicit SqliteStore(Database& db);
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  UserStore& users() override { return users_; }
  ItemStore& items() override { return items_; }
  RoleStore& roles() override { return roles_; }
  VersionStore& versions() override { return versions_; }
  SessionStore& sessions() override { return sessions_; }
  LoginThrottleStore& login_failures() override { return login_failures_; }
  AuditStore& audit() override { return audit_; }
  // Runs the migrations of SqliteMigrations().
  SchemaMigrator& schema() override { return schema_; }
  TableCopy& table_copy() override { return table_copy_; }
  DatabaseBackup& backup() override { return backup_; }
  HealthStore& health() override { return health_; }

  // BEGIN IMMEDIATE: the write lock is taken up front, so two processes
  // never deadlock upgrading a read lock, and `work` runs once. kStorage when
  // the lock is not granted within the busy timeout. Not reentrant: `work`
  // must not call Transact again.
  Status Transact(const std::function<Status()>& work) override;
  // SELECT 1.
  Status Ping() override;
  Result<bool> RunAlone(std::int64_t job_key, const std::function<Status()>& work) override;

 private:
  // Uses `borrowed` when set, else the lease's connection.
  SqliteStore(std::optional<ConnectionPool::Lease> lease, Database* borrowed);

  std::optional<ConnectionPool::Lease> lease_;  // empty when db_ is borrowed
  Database& db_;
  SqliteUserStore users_;
  SqliteItemStore items_;
  SqliteRoleStore roles_;
  SqliteVersionStore versions_;
  SqliteSessionStore sessions_;
  SqliteLoginThrottleStore login_failures_;
  SqliteAuditStore audit_;
  SqliteMigrationLedger ledger_;
  MigrationRunner schema_;
  SqliteTableCopy table_copy_;
  SqliteDatabaseBackup backup_;
  SqliteHealthStore health_;
};

}  // namespace itemctl::core
