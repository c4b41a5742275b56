#pragma once
// Hands out one Database per concurrent user of a file (the server's worker
// threads). Connections are opened on demand, up to kMaxConnections at once,
// and kept for reuse, so each keeps its prepared-statement cache warm; an
// Acquire while all are out waits for one to come back. Thread-safe.
//
// Every Acquire() first checks the file with one stat(2) of the path, because
// SQLite keeps using the file it opened whatever happens at the path: a
// removed file would swallow acknowledged writes with its unlinked inode.
//   kMissing   nothing (or nothing reachable) at the path: kStorage, no lease.
//   kReplaced  another file (device, inode) is at the path: kStorage, no
//              lease; the open connections hold the old file, so only a
//              restart may switch to the new one.
//   kReadOnly  no write bit in the file's mode, or not writable for this
//              process (faccessat, only when mode or owner changed): write
//              leases fail with kStorage; read leases run with
//              PRAGMA query_only, so a stray write fails instead of landing.
// The pool recovers by itself when the file is back (moved back, chmod u+w).
// These errors name the file in `message`, carry a client-facing `detail`,
// and are `reported`: the observer hears of each change of state once.
//
// The pool's connections share one WriteGate, so its writers queue in the
// process instead of in SQLite's sleeping busy handler.

#include <sys/stat.h>
#include <sys/types.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/domain/error.hpp"
#include "core/storage/connection_counts.hpp"
#include "core/storage/file_state.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

class ConnectionPool {
 public:
  // A borrowed connection, returned to the pool when the Lease dies.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Database> db, bool query_only = false)
        : pool_(pool), db_(std::move(db)), query_only_(query_only) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Database> db_;
    bool query_only_;  // PRAGMA query_only as last set on db_
  };

  // Called once per change of the file's state (the first check counts as a
  // change only when the file is not writable), with a sentence naming the
  // file and the consequence. It runs under the pool's lock, so reports keep
  // the order of the changes; it must not call the pool.
  using FileStateObserver = core::FileStateObserver;

  // Connections open at once, leased and idle. A bound independent of the
  // worker threads: each connection holds its own page cache, schema and
  // statements (about 150 KB), so 256 connections served by 256 threads
  // held 256 of them (67-77 MB of RSS in all). A request holds its lease
  // for its whole run; with more requests than this at once, the rest wait
  // in Acquire. 16 made c64 reads wait (57 % of the bare server, not 87).
  static constexpr std::size_t kMaxConnections = 64;

  // The file at `path` now is the one the pool's connections will use.
  explicit ConnectionPool(std::string path, FileStateObserver observer = {});

  // An idle connection, or a newly opened one (kStorage when that fails, or
  // when the file check above refuses).
  Result<Lease> Acquire(LeaseUse use = LeaseUse::kWrite);
  // Takes a connection opened elsewhere (SqliteBackend::Open's first) as an
  // idle one; like those Acquire opens, it joins the pool's write gate.
  void Adopt(std::unique_ptr<Database> db);
  const std::string& path() const { return path_; }
  // Connections open right now (leased and idle), the idle ones, and the
  // callers waiting in Acquire for one to come back.
  ConnectionCounts counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return ConnectionCounts{open_, idle_.size(), waiting_};
  }
  std::size_t open_connections() const { return counts().open; }
  std::size_t idle_connections() const { return counts().idle; }
  std::size_t waiting_for_connection() const { return counts().waiting; }
  // Writers of this pool queued for the write gate right now.
  std::size_t writers_waiting() { return write_gate_->waiting(); }

 private:
  struct Idle {
    std::unique_ptr<Database> db;
    bool query_only = false;  // PRAGMA query_only as last set on it
  };
  // Classifies one stat(2) of the path (stat_error: its errno, 0 when it
  // succeeded); needs mutex_.
  DatabaseFileState Check(int stat_error, const struct stat& info);
  // Learns the identity of the file just opened, when not known yet.
  void LearnIdentity();
  Error Refusal(DatabaseFileState state) const;
  std::string Describe(DatabaseFileState state) const;
  void Release(std::unique_ptr<Database> db, bool query_only);
  void Forget();  // one open connection fewer (it failed or was closed); wakes a waiter

  std::string path_;
  bool watched_;  // false for ":memory:"
  FileStateObserver observer_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;  // a connection came back or was closed
  std::vector<Idle> idle_;
  std::size_t open_ = 0;
  std::size_t waiting_ = 0;
  // Shared by every connection of the pool: one writer at a time.
  std::shared_ptr<WriteGate> write_gate_ = std::make_shared<WriteGate>();
  // The file the connections use, once known (at construction, or at the
  // first open when the file did not exist yet).
  bool known_ = false;
  dev_t device_ = 0;
  ino_t inode_ = 0;
  // The last mode and owner seen, and whether they made the file writable.
  mode_t mode_ = 0;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  bool writable_ = true;
  DatabaseFileState state_ = DatabaseFileState::kWritable;
};

}  // namespace itemctl::core
