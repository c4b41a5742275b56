#pragma once
// A transaction block on one PgConnection, rolled back unless committed.

#include "core/domain/error.hpp"
#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::core {

enum class PgIsolation {
  kReadCommitted,  // PostgreSQL's default: each statement sees what was committed before it
  kSerializable,   // as if one at a time; a conflict fails with a retryable kStorage
};

class PgTransaction {
 public:
  // BEGIN ISOLATION LEVEL ... on `conn`, which must outlive the transaction.
  // kInternal if `conn` is already in one; else the errors of
  // PgConnection::Execute.
  static Result<PgTransaction> Begin(PgConnection& conn, PgIsolation isolation);

  PgTransaction(PgTransaction&& other) noexcept;
  PgTransaction& operator=(PgTransaction&&) = delete;
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  // Rolls back unless Commit() was called. A failing ROLLBACK is ignored: the
  // connection is then broken or idle, and a pool drops a broken one.
  ~PgTransaction();

  // COMMIT. Under kSerializable a conflict may surface here (kStorage,
  // retryable). If a statement inside failed, PostgreSQL has already
  // aborted the block: Commit then reports kStorage and nothing is kept.
  // Either way the transaction is over afterwards.
  Status Commit();

 private:
  explicit PgTransaction(PgConnection& conn) : conn_(&conn) {}

  PgConnection* conn_;  // null once committed or moved from
};

}  // namespace itemctl::core
