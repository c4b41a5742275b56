#include "core/storage/sqlite/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace itemctl::core {

namespace {

constexpr int kBusyTimeoutMs = 5000;

Errc CodeFor(int extended) {
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Errc::kAlreadyExists;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Errc::kBadReference;
    default:
      break;
  }
  switch (extended & 0xff) {
    case SQLITE_CONSTRAINT:
      return Errc::kInvalidArgument;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Errc::kStorage;
    default:
      return Errc::kInternal;
  }
}

// What API clients are told about a storage failure they can only wait out;
// empty where a reason phrase must do (messages name paths, details do not).
// ENOSPC can also surface as an I/O error (growing the -shm file, a
// checkpoint), not only as SQLITE_FULL.
std::string ClientDetail(sqlite3* handle, int extended) {
  int os_error = sqlite3_system_errno(handle);
  switch (extended & 0xff) {
    case SQLITE_FULL:
      return "Database unavailable: the disk is full";
    case SQLITE_IOERR:
      if (os_error == ENOSPC || os_error == EDQUOT) return "Database unavailable: the disk is full";
      return {};
    case SQLITE_READONLY:
      if (extended == SQLITE_READONLY_DBMOVED) {
        return "Database unavailable: the database file was moved or removed";
      }
      return "Database unavailable: the database file is read-only";
    default:
      return {};
  }
}

Error EngineError(sqlite3* handle, std::string message) {
  int extended = sqlite3_extended_errcode(handle);
  return MakeError(CodeFor(extended), std::move(message), ClientDetail(handle, extended));
}

// Open's files are private: a file kCreateIfMissing creates is mode 0600
// whatever the umask, and so are its -wal and -shm files (SQLite gives them
// the database's mode); an existing file keeps its mode.
//
// Creates `path` empty with mode 0600 unless it exists. SQLite would create it
// 0644 minus the umask and give the -wal and -shm files the same mode; an
// empty file is a valid empty database. fchmod because the umask may have
// cut the mode further (a umask of 0277 would leave it unwritable).
Status CreatePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  // EEXIST: there already, or a concurrent first run made it.
  int error = fd >= 0 || errno == EEXIST ? 0 : errno;
  if (fd >= 0) {
    if (::fchmod(fd, 0600) != 0) error = errno;
    ::close(fd);
  }
  if (error == 0) return Ok();
  return MakeError(Errc::kStorage,
                   "cannot create database '" + path + "': " + std::strerror(error));
}

}  // namespace

bool WriteGate::Enter(std::chrono::milliseconds patience) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!taken_) {
    taken_ = true;
    return true;
  }
  Waiter me;
  waiting_.push_back(&me);
  if (me.turn.wait_for(lock, patience, [&] { return me.admitted; })) return true;
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
  return false;
}

void WriteGate::Leave() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (waiting_.empty()) {
    taken_ = false;
    return;
  }
  // Handed over: the gate stays taken, by the first in line.
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->admitted = true;
  next->turn.notify_one();
}

std::size_t WriteGate::waiting() {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_.size();
}

Query::Query(Query&& other) noexcept
    : db_(other.db_),
      stmt_(other.stmt_),
      next_param_(other.next_param_),
      holds_gate_(other.holds_gate_) {
  other.stmt_ = nullptr;
  other.holds_gate_ = false;
}

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  // After the reset: an autocommit write left before its last row ends there.
  if (holds_gate_) db_->LeaveWrite();
}

Query& Query::Bind(std::int64_t value) {
  sqlite3_bind_int64(stmt_, next_param_++, value);
  return *this;
}

Query& Query::Bind(std::string_view value) {
  sqlite3_bind_text64(stmt_, next_param_++, value.data(), value.size(), SQLITE_TRANSIENT,
                      SQLITE_UTF8);
  return *this;
}

Query& Query::Bind(std::nullopt_t) {
  sqlite3_bind_null(stmt_, next_param_++);
  return *this;
}

Query& Query::Bind(const std::optional<std::string>& value) {
  return value ? Bind(std::string_view(*value)) : Bind(std::nullopt);
}

Query& Query::Bind(const std::optional<std::int64_t>& value) {
  return value ? Bind(*value) : Bind(std::nullopt);
}

Result<bool> Query::Step() {
  // A write outside a transaction is its own transaction: gated while it
  // runs. Decided at the first step only (not busy yet), not at every row.
  if (!holds_gate_ && db_->gate_ != nullptr && sqlite3_stmt_busy(stmt_) == 0 &&
      sqlite3_get_autocommit(db_->handle_) != 0 && sqlite3_stmt_readonly(stmt_) == 0) {
    if (Status entered = db_->EnterWrite(); !entered) return entered.error();
    holds_gate_ = true;
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  // Done or failed: an autocommit write has committed or rolled back.
  if (holds_gate_) {
    holds_gate_ = false;
    db_->LeaveWrite();
  }
  if (rc == SQLITE_DONE) return false;
  return db_->LastError("query");
}

Status Query::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row) return row.error();
    if (!*row) return Ok();
  }
}

std::int64_t Query::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Query::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Query::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Query::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Query::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenMode mode) {
  namespace fs = std::filesystem;
  if (path != ":memory:") {
    std::error_code ec;
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec)) {
      return MakeError(Errc::kStorage, "cannot open database '" + path + "': directory '" +
                                           parent.string() + "' does not exist");
    }
    if (mode == OpenMode::kMustExist && !fs::exists(path, ec)) {
      return MakeError(Errc::kStorage, "database '" + path +
                                           "' does not exist: run 'itemctl migrate' to create it");
    }
    if (mode == OpenMode::kCreateIfMissing && !path.empty() && !fs::exists(path, ec)) {
      if (Status s = CreatePrivateFile(path); !s) return s.error();
    }
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == OpenMode::kCreateIfMissing) flags |= SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close(handle);
    return MakeError(Errc::kStorage, "cannot open database '" + path + "': " + why);
  }
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  std::unique_ptr<Database> db(new Database(handle, path));
  // Reading the schema version fails early on a file that is not a database.
  if (Status s = db->Exec("PRAGMA foreign_keys=ON; PRAGMA schema_version;"); !s) return s.error();
  if (path != ":memory:" && sqlite3_db_readonly(handle, "main") == 0) {
    if (Status s = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !s) {
      return s.error();
    }
  }
  return db;
}

Database::~Database() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(handle_);
}

Status Database::Exec(std::string_view sql) {
  std::string owned(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(handle_, owned.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Ok();
  std::string why = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return EngineError(handle_, "database '" + path_ + "': " + why);
}

Result<Query> Database::Prepare(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return Query(this, found->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("prepare");
  statements_.emplace(std::string(sql), stmt);
  return Query(this, stmt);
}

Status Database::EnterWrite() {
  if (gate_ == nullptr || gate_->Enter(std::chrono::milliseconds(kBusyTimeoutMs))) return Ok();
  return MakeError(Errc::kStorage, "database '" + path_ + "': another writer of this process held "
                                       "it for " + std::to_string(kBusyTimeoutMs) + " ms");
}

void Database::LeaveWrite() {
  if (gate_ != nullptr) gate_->Leave();
}

std::int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(handle_); }

int Database::Changes() const { return sqlite3_changes(handle_); }

Error Database::LastError(std::string_view context) const {
  return EngineError(handle_, "database '" + path_ + "': " + std::string(context) +
                                 " failed: " + sqlite3_errmsg(handle_));
}

std::optional<std::string> Database::LastCorruption() const {
  int primary = sqlite3_errcode(handle_) & 0xff;
  if (primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) return std::nullopt;
  return std::string(sqlite3_errmsg(handle_));
}

std::string SqliteLibraryVersion() { return sqlite3_libversion(); }

Result<Transaction> Transaction::Begin(Database& db) {
  if (Status entered = db.EnterWrite(); !entered) return entered.error();
  if (Status s = db.Exec("BEGIN IMMEDIATE"); !s) {
    db.LeaveWrite();
    return s.error();
  }
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)End("ROLLBACK");
}

Status Transaction::Commit() { return End("COMMIT"); }

Status Transaction::End(const char* sql) {
  Database* db = db_;
  db_ = nullptr;
  Status ended = db->Exec(sql);
  if (!ended) (void)db->Exec("ROLLBACK");
  db->LeaveWrite();
  return ended;
}

}  // namespace itemctl::core
