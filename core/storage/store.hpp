#pragma once
// The storage seam: what services may ask of a database, whatever the
// engine. A Store is one connection's view of every aggregate plus its
// transactions; a Backend hands out Stores to concurrent users (the
// server's workers, a CLI command). Implementations: core/storage/sqlite/
// and core/storage/postgres/; core/storage/open_backend.hpp picks one from
// the --db value. No SQL crosses this line.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/domain/error.hpp"
#include "core/storage/audit_store.hpp"
#include "core/storage/connection_counts.hpp"
#include "core/storage/database_backup.hpp"
#include "core/storage/health_store.hpp"
#include "core/storage/item_store.hpp"
#include "core/storage/login_throttle_store.hpp"
#include "core/storage/migrations.hpp"
#include "core/storage/role_store.hpp"
#include "core/storage/session_store.hpp"
#include "core/storage/table_copy.hpp"
#include "core/storage/user_store.hpp"
#include "core/storage/version_store.hpp"

namespace itemctl::core {

enum class Engine { kSqlite, kPostgres };

// What a lease is for: a read lease still works on a read-only SQLite file.
enum class LeaseUse { kRead, kWrite };

class Store {
 public:
  virtual ~Store() = default;

  virtual UserStore& users() = 0;
  virtual ItemStore& items() = 0;
  virtual RoleStore& roles() = 0;
  virtual VersionStore& versions() = 0;
  virtual SessionStore& sessions() = 0;
  virtual LoginThrottleStore& login_failures() = 0;
  virtual AuditStore& audit() = 0;
  virtual SchemaMigrator& schema() = 0;
  // Whole tables, for `itemctl db copy`.
  virtual TableCopy& table_copy() = 0;
  // The database copying itself to a file, for `itemctl db backup`.
  virtual DatabaseBackup& backup() = 0;
  // The database as a whole, for `itemctl doctor`.
  virtual HealthStore& health() = 0;

  // Runs `work` as one transaction: committed when it returns Ok, rolled
  // back when it fails (its error is returned). SQLite takes the write lock
  // up front; PostgreSQL runs SERIALIZABLE and runs `work` again after a
  // serialization failure, so `work` must only read and write through this
  // Store and its own locals, and report outside effects after the commit.
  virtual Status Transact(const std::function<Status()>& work) = 0;
  // One round trip to the database: whether this connection still works.
  // (/readyz asks the schema instead, which is a round trip too.)
  virtual Status Ping() = 0;
  // Runs `work` unless another connection is running the job `job_key`
  // right now; true when it ran, false when it was left to that other one.
  // PostgreSQL: a session advisory lock on the key, so of several `serve`
  // instances on one database one runs each scheduled job. SQLite: `work`
  // always runs (the jobs are idempotent, and one file has one writer).
  virtual Result<bool> RunAlone(std::int64_t job_key, const std::function<Status()>& work) = 0;
};

// Transact for work that returns a value: the value when committed, else
// the work's error or the commit's.
template <typename Work>
auto InTransaction(Store& store, Work&& work) -> decltype(work()) {
  using R = decltype(work());
  std::optional<R> out;
  Status done = store.Transact([&]() -> Status {
    out.emplace(work());
    if (!*out) return out->error();
    return Ok();
  });
  if (!done) return done.error();
  return std::move(*out);
}

// A Store borrowed from a Backend, given back when the lease dies.
class StoreLease {
 public:
  using Release = std::function<void(std::unique_ptr<Store>)>;
  StoreLease(std::unique_ptr<Store> store, Release release)
      : store_(std::move(store)), release_(std::move(release)) {}
  StoreLease(StoreLease&&) noexcept = default;
  StoreLease& operator=(StoreLease&&) = delete;
  StoreLease(const StoreLease&) = delete;
  ~StoreLease() {
    if (store_ && release_) release_(std::move(store_));
  }
  Store& operator*() const { return *store_; }
  Store* operator->() const { return store_.get(); }

 private:
  std::unique_ptr<Store> store_;
  Release release_;
};

// One database, shared by concurrent users. Thread-safe.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual Engine engine() const = 0;
  // The database for messages: a path, or a URL with its password masked.
  virtual const std::string& display_name() const = 0;
  // A Store for one user at a time. kStorage when the database cannot be
  // reached (or, on SQLite, its file check refuses: see ConnectionPool).
  virtual Result<StoreLease> Acquire(LeaseUse use = LeaseUse::kWrite) = 0;
  // The pool's connections now, read in one step.
  virtual ConnectionCounts connections() const = 0;
};

}  // namespace itemctl::core
