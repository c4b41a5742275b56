#pragma once
// A SQLite connection with the pragmas itemctl relies on (foreign keys, WAL,
// busy timeout) and a cache of prepared statements. One Database is used by
// one thread at a time; share the file, not the object (see ConnectionPool).
// This header and its .cpp are the only places that see <sqlite3.h>.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/domain/error.hpp"
#include "core/storage/open_mode.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace itemctl::core {

class Database;

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

  // Turns the connection's last error into an Error (unique → kAlreadyExists,
  // foreign key → kBadReference, busy/locked/read-only/IO → kStorage).
  Error LastError(std::string_view context) const;
  // SQLite's own words for the last error when it was damage to the file
  // (SQLITE_CORRUPT, SQLITE_NOTADB); nullopt for any other outcome.
  std::optional<std::string> LastCorruption() const;

 private:
  Database(sqlite3* handle, std::string path) : handle_(handle), path_(std::move(path)) {}
  friend class Query;

  sqlite3* handle_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
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
  Database* db_;
};

}  // namespace itemctl::core
