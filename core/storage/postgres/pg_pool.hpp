#pragma once
// A bounded pool of PgConnection to one PostgreSQL URL, shared by threads.
// Connections open on demand, up to `max` at once; Acquire waits while all
// of them are out. A connection comes back through its Lease; if it is
// broken (the server restarted, the backend was terminated) or still inside
// a transaction it is closed instead of kept, so the next Acquire opens a
// fresh one.
//
// Thread-safe. The pool must outlive every Lease it handed out.

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/domain/error.hpp"
#include "core/storage/connection_counts.hpp"
#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::core {

class PgPool {
 public:
  // A connection on loan: returned to the pool when the lease dies.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    friend class PgPool;
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn);

    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  // `max` >= 1 connections at most, of which `max_idle` are kept open while
  // unused (more are closed on return).
  PgPool(std::string url, std::size_t max, std::size_t max_idle);
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // An idle connection that is still alive, else a new one; waits while
  // `max` are out. A failed open is kStorage "Database unavailable"
  // (PgConnection::Open).
  Result<Lease> Acquire();

  // Connections open now (leased and idle), of those the idle ones, and the
  // callers waiting in Acquire for one to come back.
  std::size_t open() const;
  std::size_t idle() const;
  std::size_t waiting() const;
  // The three, read in one step.
  ConnectionCounts counts() const;

 private:
  void Release(std::unique_ptr<PgConnection> conn);
  void Forget();  // one open connection fewer; wakes a waiter

  const std::string url_;
  const std::size_t max_;
  const std::size_t max_idle_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  std::size_t open_ = 0;                             // guarded by mu_
  std::size_t waiting_ = 0;                          // guarded by mu_
};

}  // namespace itemctl::core
