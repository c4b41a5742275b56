#pragma once
// Hands out one Database per concurrent user of a file (the server's worker
// threads). Connections are opened on demand and kept for reuse, so each
// keeps its prepared-statement cache warm. Thread-safe.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/domain/error.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

class ConnectionPool {
 public:
  // A borrowed connection, returned to the pool when the Lease dies.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Database> db_;
  };

  explicit ConnectionPool(std::string path) : path_(std::move(path)) {}

  // An idle connection, or a newly opened one (kStorage when that fails).
  Result<Lease> Acquire();
  const std::string& path() const { return path_; }

 private:
  void Release(std::unique_ptr<Database> db);

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace itemctl::core
