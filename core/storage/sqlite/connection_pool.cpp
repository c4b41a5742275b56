#include "core/storage/sqlite/connection_pool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace itemctl::core {

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && db_ != nullptr) pool_->Release(std::move(db_), query_only_);
}

ConnectionPool::ConnectionPool(std::string path, FileStateObserver observer)
    : path_(std::move(path)),
      watched_(!path_.empty() && path_ != ":memory:"),
      observer_(std::move(observer)) {
  if (watched_) LearnIdentity();
}

void ConnectionPool::LearnIdentity() {
  struct stat info {};
  if (known_ || ::stat(path_.c_str(), &info) != 0) return;
  (void)Check(0, info);
}

DatabaseFileState ConnectionPool::Check(int stat_error, const struct stat& info) {
  if (!known_) {
    // Nothing opened yet: Database::Open names what is wrong with the path.
    if (stat_error != 0) return DatabaseFileState::kWritable;
    known_ = true;
    device_ = info.st_dev;
    inode_ = info.st_ino;
    mode_ = static_cast<mode_t>(~info.st_mode);  // forces the access check below
  }
  if (stat_error != 0) return DatabaseFileState::kMissing;
  if (info.st_dev != device_ || info.st_ino != inode_) return DatabaseFileState::kReplaced;
  if (info.st_mode != mode_ || info.st_uid != uid_ || info.st_gid != gid_) {
    // The second syscall only when mode or owner changed: stat alone is
    // what the hot path pays. Root passes faccessat whatever the mode, so
    // a file nobody may write (chmod a-w) counts as read-only as well.
    mode_ = info.st_mode;
    uid_ = info.st_uid;
    gid_ = info.st_gid;
    writable_ = (info.st_mode & 0222) != 0 &&
                ::faccessat(AT_FDCWD, path_.c_str(), W_OK, AT_EACCESS) == 0;
  }
  return writable_ ? DatabaseFileState::kWritable : DatabaseFileState::kReadOnly;
}

std::string ConnectionPool::Describe(DatabaseFileState state) const {
  std::string file = "database file '" + path_ + "'";
  switch (state) {
    case DatabaseFileState::kWritable:
      return file + " is back and writable: serving requests again";
    case DatabaseFileState::kReadOnly:
      return file + " is read-only: refusing writes until it is writable again";
    case DatabaseFileState::kMissing:
      return file + " is missing (removed or moved away): refusing requests until it is back";
    case DatabaseFileState::kReplaced:
      return file + " was replaced by another file: refusing requests; restart to use the new file";
  }
  return file;
}

Error ConnectionPool::Refusal(DatabaseFileState state) const {
  std::string file = "database file '" + path_ + "'";
  Error error = MakeError(Errc::kStorage, file + " is missing",
                          "Database unavailable: the database file is missing");
  if (state == DatabaseFileState::kReadOnly) {
    error = MakeError(Errc::kStorage, file + " is read-only",
                      "Database unavailable: the database file is read-only");
  } else if (state == DatabaseFileState::kReplaced) {
    error = MakeError(Errc::kStorage, file + " was replaced by another file",
                      "Database unavailable: the database file was replaced; restart the server");
  }
  error.reported = static_cast<bool>(observer_);
  return error;
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire(LeaseUse use) {
  struct stat info {};
  int stat_error = 0;
  if (watched_ && ::stat(path_.c_str(), &info) != 0) stat_error = errno;

  DatabaseFileState state = DatabaseFileState::kWritable;
  std::unique_ptr<Database> db;
  bool query_only = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (watched_) {
      state = Check(stat_error, info);
      if (state != state_) {
        state_ = state;
        // Under the lock, so that the reports come in the order of the changes.
        if (observer_) observer_(state, Describe(state));
      }
    }
    bool refused = state == DatabaseFileState::kMissing || state == DatabaseFileState::kReplaced ||
                   (state == DatabaseFileState::kReadOnly && use == LeaseUse::kWrite);
    if (refused) return Refusal(state);
    ++waiting_;
    freed_.wait(lock, [this] { return !idle_.empty() || open_ < kMaxConnections; });
    --waiting_;
    if (idle_.empty()) {
      ++open_;  // the slot is ours while the connection opens outside the lock
    } else {
      db = std::move(idle_.back().db);
      query_only = idle_.back().query_only;
      idle_.pop_back();
    }
  }
  if (db == nullptr) {
    Result<std::unique_ptr<Database>> opened = Database::Open(path_, OpenMode::kMustExist);
    if (!opened) {
      Forget();
      return opened.error();
    }
    db = std::move(*opened);
    db->set_write_gate(write_gate_);
    if (watched_) {
      std::lock_guard<std::mutex> lock(mutex_);
      LearnIdentity();
    }
  }
  // Root writes through any mode: query_only makes a write on a read-only
  // file fail (SQLITE_READONLY, kStorage) instead of landing.
  bool want_query_only = state == DatabaseFileState::kReadOnly;
  if (want_query_only != query_only) {
    Status set = db->Exec(want_query_only ? "PRAGMA query_only=ON" : "PRAGMA query_only=OFF");
    if (!set) {
      db.reset();
      Forget();
      return set.error();
    }
    query_only = want_query_only;
  }
  return Lease(this, std::move(db), query_only);
}

void ConnectionPool::Adopt(std::unique_ptr<Database> db) {
  db->set_write_gate(write_gate_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++open_;
  }
  Release(std::move(db), false);
}

void ConnectionPool::Release(std::unique_ptr<Database> db, bool query_only) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(Idle{std::move(db), query_only});
  }
  freed_.notify_one();
}

void ConnectionPool::Forget() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --open_;
  }
  freed_.notify_one();
}

}  // namespace itemctl::core
