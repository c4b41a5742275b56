#pragma once
// One PostgreSQL session through libpq (the only files that include
// <libpq-fe.h> are in this directory). Statements are prepared once per
// session and reused; failures come back as core::Error (pg_error.hpp) whose
// messages never contain the password.
//
// Not thread-safe: one thread uses a connection at a time (PgPool hands
// them out).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/domain/error.hpp"
#include "core/storage/postgres/pg_result.hpp"
#include "core/storage/postgres/pg_url.hpp"

struct pg_conn;  // libpq's PGconn

namespace itemctl::core {

class PgConnection {
 public:
  // Connects to a libpq URI (postgresql://user:pass@host:port/db?sslmode=...).
  // Settings in the URL win; otherwise application_name is "itemctl" and
  // connect_timeout 10 seconds. Failure: kStorage, detail "Database
  // unavailable", the message naming RedactedUrl(url) and libpq's reason.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);

  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with text parameters $1, $2, ... The first call with
  // a given SQL text prepares it (named s1, s2, ...); later calls only
  // execute. The cache grows with the number of distinct texts, so pass
  // fixed SQL, never SQL with values spliced in. A parameter holding a NUL
  // byte is kInvalidArgument (PostgreSQL text cannot hold one).
  Result<PgResult> Execute(std::string_view sql, const PgParams& params = {});

  // Runs a script of several statements separated by ';' (a migration) in
  // the simple protocol; no parameters, results discarded. Without its own
  // BEGIN/COMMIT the script runs as one transaction: all or nothing.
  Status ExecScript(std::string_view sql);

  // True when the session is up and not in an aborted transaction. Does not
  // touch the network: a server that went away shows only after the next
  // statement or CheckAlive().
  bool Healthy() const;

  // True inside a transaction block (open or aborted).
  bool InTransaction() const;

  // Reads whatever the server sent without blocking (a termination notice,
  // the socket closing) and returns Healthy(): how a pool notices a
  // connection the server dropped while it sat idle.
  bool CheckAlive();

  // Reconnects with the same settings (a new session: the prepared
  // statements are gone, so the cache is cleared). kStorage "Database
  // unavailable" if the server cannot be reached.
  Status Reset();

  // The URL this connection was opened with, password masked.
  const std::string& redacted_url() const { return redacted_url_; }

 private:
  PgConnection(pg_conn* conn, std::string url);

  // The Error for a failed call: `context`, libpq's primary message, and the
  // code its SQLSTATE implies. `result` may be null.
  Error Failure(std::string_view context, const pg_result* result) const;

  pg_conn* conn_;
  std::string url_;  // only to scrub its password from libpq's messages
  std::string redacted_url_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> name
  int statement_count_ = 0;
};

}  // namespace itemctl::core
