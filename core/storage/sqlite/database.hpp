#pragma once
// A SQLite connection with the pragmas itemctl relies on (foreign keys, WAL,
// busy timeout) and a cache of prepared statements. One Database is used by
// one thread at a time; share the file, not the object (see ConnectionPool).
// This header and its .cpp are the only places that see <sqlite3.h>.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/domain/error.hpp"
#include "core/storage/open_mode.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace itemctl::core {

class Database;

// One writer at a time among the connections one process holds to one file
// (the ConnectionPool's). SQLite lets a second writer wait in its busy
// handler, which sleeps in steps of up to 100 ms and so made the write p99;
// a writer that waits here wakes as soon as the previous one is done, and
// writers enter in the order they came (a plain mutex let some wait out
// several turns). Writers of other processes still meet SQLite's handler.
class WriteGate {
 public:
  // Waits at most `patience` for this writer's turn; false when it did not
  // come (the writer then leaves the queue).
  bool Enter(std::chrono::milliseconds patience);
  void Leave();
  // Writers queued behind the current one.
  std::size_t waiting();

 private:
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };
  std::mutex mutex_;
  bool taken_ = false;
  // Writers waiting, first come first; Leave wakes only the first.
  std::deque<Waiter*> waiting_;
};

// A cached prepared statement, borrowed for one use: bind, step, read. Its
// destructor resets it and clears bindings so the cache can hand it out again.
class Query {
 public:
  Query(Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();

  // Parameters are bound in order, starting at 1.
  Query& Bind(std::int64_t value);
  Query& Bind(int value) { return Bind(static_cast<std::int64_t>(value)); }
  Query& Bind(bool value) { return Bind(static_cast<std::int64_t>(value ? 1 : 0)); }
  Query& Bind(std::string_view value);
  Query& Bind(const std::string& value) { return Bind(std::string_view(value)); }
  Query& Bind(const char* value) { return Bind(std::string_view(value)); }
  Query& Bind(std::nullopt_t);
  Query& Bind(const std::optional<std::string>& value);
  Query& Bind(const std::optional<std::int64_t>& value);

  // Advances to the next row: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps until done, for statements that return no rows.
  Status Run();

  std::int64_t Int(int column) const;
  bool Bool(int column) const { return Int(column) != 0; }
  std::string Text(int column) const;
  bool IsNull(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
  int next_param_ = 1;
  bool holds_gate_ = false;  // a write outside a transaction, until reset
};

class Database {
 public:
  // Opens `path` (":memory:" allowed) and applies the connection pragmas.
  // Errors: kStorage naming the path when the file or its directory is
  // missing, unreadable, or not a database.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, OpenMode mode);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without parameters (schema scripts).
  Status Exec(std::string_view sql);
  // Returns the cached prepared statement for `sql`, preparing it once.
  Result<Query> Prepare(std::string_view sql);

  std::int64_t LastInsertId() const;
  int Changes() const;
  const std::string& path() const { return path_; }

  // Makes this connection's writes pass `gate` (shared by the connections
  // of one pool): transactions hold it from BEGIN to their end, other
  // writing statements while they run. Without a gate, as in the CLI's
  // single connection, writers only meet SQLite's busy handler.
  void set_write_gate(std::shared_ptr<WriteGate> gate) { gate_ = std::move(gate); }

  // Turns the connection's last error into an Error (unique → kAlreadyExists,
  // foreign key → kBadReference, busy/locked/read-only/IO → kStorage).
  Error LastError(std::string_view context) const;
  // SQLite's own words for the last error when it was damage to the file
  // (SQLITE_CORRUPT, SQLITE_NOTADB); nullopt for any other outcome.
  std::optional<std::string> LastCorruption() const;

 private:
  Database(sqlite3* handle, std::string path) : handle_(handle), path_(std::move(path)) {}
  friend class Query;
  friend class Transaction;

  // Takes the write gate (Ok at once without one); kStorage when another
  // writer held it for the whole busy timeout.
  Status EnterWrite();
  void LeaveWrite();

  // Finds cached statements by the SQL text without copying it.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  sqlite3* handle_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements_;
  std::shared_ptr<WriteGate> gate_;
};

// The version of the SQLite library loaded at run time, e.g. "3.40.1".
std::string SqliteLibraryVersion();

// BEGIN IMMEDIATE ... COMMIT, rolled back unless Commit() succeeded. Writers
// take the write lock up front so two processes never deadlock on upgrade.
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  // Ends the transaction with `sql` (COMMIT or ROLLBACK) and opens the gate.
  Status End(const char* sql);
  Database* db_;
};

}  // namespace itemctl::core
