#pragma once
// Store over one PostgreSQL connection: every aggregate's PostgreSQL store,
// its migrations and its SERIALIZABLE transactions. One thread at a time,
// like the connection.

#include <functional>
#include <optional>

#include "core/storage/migration_runner.hpp"
#include "core/storage/postgres/pg_connection.hpp"
#include "core/storage/postgres/pg_audit_store.hpp"
#include "core/storage/postgres/pg_database_backup.hpp"
#include "core/storage/postgres/pg_health_store.hpp"
#include "core/storage/postgres/pg_item_store.hpp"
#include "core/storage/postgres/pg_login_throttle_store.hpp"
#include "core/storage/postgres/pg_migration_ledger.hpp"
#include "core/storage/postgres/pg_pool.hpp"
#include "core/storage/postgres/pg_role_store.hpp"
#include "core/storage/postgres/pg_session_store.hpp"
#include "core/storage/postgres/pg_table_copy.hpp"
#include "core/storage/postgres/pg_user_store.hpp"
#include "core/storage/postgres/pg_version_store.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

// How often Transact runs work that keeps failing with a serialization
// failure or deadlock before giving up.
inline constexpr int kPgTransactAttempts = 10;

class PgStore final : public Store {
 public:
  // Owns a pooled connection; destroying the store gives it back.
  explicit PgStore(PgPool::Lease lease);
  // Borrows `conn`, which must outlive the store (tests).
  explicit PgStore(PgConnection& conn);
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  UserStore& users() override { return users_; }
  ItemStore& items() override { return items_; }
  RoleStore& roles() override { return roles_; }
  VersionStore& versions() override { return versions_; }
  SessionStore& sessions() override { return sessions_; }
  LoginThrottleStore& login_failures() override { return login_failures_; }
  AuditStore& audit() override { return audit_; }
  // Runs the migrations of PostgresMigrations().
  SchemaMigrator& schema() override { return schema_; }
  TableCopy& table_copy() override { return table_copy_; }
  DatabaseBackup& backup() override { return backup_; }
  HealthStore& health() override { return health_; }

  // BEGIN ISOLATION LEVEL SERIALIZABLE, `work`, COMMIT. When a statement or
  // the COMMIT fails with a retryable error (40001, 40P01) the transaction is
  // rolled back and `work` runs again, after a short randomized pause, up to
  // kPgTransactAttempts times in all; the last such error comes back with
  // detail "Database busy, retry". Any other error rolls back and is
  // returned as is. Not reentrant: `work` must not call Transact again
  // (kInternal).
  Status Transact(const std::function<Status()>& work) override;
  // SELECT 1.
  Status Ping() override;
  Result<bool> RunAlone(std::int64_t job_key, const std::function<Status()>& work) override;

 private:
  // Uses `borrowed` when set, else the lease's connection.
  PgStore(std::optional<PgPool::Lease> lease, PgConnection* borrowed);
  // One attempt: BEGIN, work, COMMIT (rolled back unless committed).
  Status TransactOnce(const std::function<Status()>& work);

  std::optional<PgPool::Lease> lease_;  // empty when conn_ is borrowed
  PgConnection& conn_;
  PgUserStore users_;
  PgItemStore items_;
  PgRoleStore roles_;
  PgVersionStore versions_;
  PgSessionStore sessions_;
  PgLoginThrottleStore login_failures_;
  PgAuditStore audit_;
  PgMigrationLedger ledger_;
  MigrationRunner schema_;
  PgTableCopy table_copy_;
  PgDatabaseBackup backup_;
  PgHealthStore health_;
};

}  // namespace itemctl::core
