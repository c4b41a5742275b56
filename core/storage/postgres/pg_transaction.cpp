#include "core/storage/postgres/pg_transaction.hpp"

#include <utility>

namespace itemctl::core {

Result<PgTransaction> PgTransaction::Begin(PgConnection& conn, PgIsolation isolation) {
  // PostgreSQL only warns about a nested BEGIN and carries on in the outer
  // transaction: this one's commit or rollback would end that one.
  if (conn.InTransaction()) {
    return MakeError(Errc::kInternal, "BEGIN inside a transaction: PostgreSQL does not nest them");
  }
  std::string_view begin = isolation == PgIsolation::kSerializable
                               ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                               : "BEGIN ISOLATION LEVEL READ COMMITTED";
  Result<PgResult> begun = conn.Execute(begin);
  if (!begun) return begun.error();
  return PgTransaction(conn);
}

PgTransaction::PgTransaction(PgTransaction&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)) {}

PgTransaction::~PgTransaction() {
  if (conn_ == nullptr || !conn_->InTransaction()) return;
  (void)conn_->Execute("ROLLBACK");
}

Status PgTransaction::Commit() {
  PgConnection* conn = std::exchange(conn_, nullptr);
  Result<PgResult> committed = conn->Execute("COMMIT");
  if (!committed) return committed.error();
  // PostgreSQL answers COMMIT of an aborted block with success and the tag
  // ROLLBACK.
  if (committed->CommandTag() == "ROLLBACK") {
    return MakeError(Errc::kStorage,
                     "PostgreSQL COMMIT rolled back: a statement in the transaction had failed");
  }
  return Ok();
}

}  // namespace itemctl::core
