#pragma once
// Backend over one SQLite file: a ConnectionPool whose leases come wrapped
// in SqliteStores. Thread-safe; must outlive every StoreLease it hands out.

#include <memory>
#include <string>

#include "core/storage/file_state.hpp"
#include "core/storage/open_mode.hpp"
#include "core/storage/sqlite/connection_pool.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

class SqliteBackend final : public Backend {
 public:
  // Opens `path` once (so a missing or bad file gives Database::Open's
  // kStorage error now) and keeps that connection as the pool's first.
  // `observer` hears of changes of the file's state (see ConnectionPool).
  static Result<std::unique_ptr<SqliteBackend>> Open(const std::string& path, OpenMode mode,
                                                     FileStateObserver observer = {});

  Engine engine() const override { return Engine::kSqlite; }
  // The file's path.
  const std::string& display_name() const override { return pool_.path(); }
  // A SqliteStore on a pooled connection; the file check of
  // ConnectionPool::Acquire applies (kStorage when it refuses).
  Result<StoreLease> Acquire(LeaseUse use = LeaseUse::kWrite) override;
  ConnectionCounts connections() const override { return pool_.counts(); }

 private:
  SqliteBackend(const std::string& path, FileStateObserver observer)
      : pool_(path, std::move(observer)) {}

  ConnectionPool pool_;
};

}  // namespace itemctl::core
