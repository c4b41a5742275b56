#pragma once
// HealthStore over one PostgreSQL connection (see
// core/storage/health_store.hpp for the contract). Borrows `conn`, which
// must outlive it; one thread at a time.

#include "core/storage/health_store.hpp"
#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::core {

class PgHealthStore final : public HealthStore {
 public:
  explicit PgHealthStore(PgConnection& conn) : conn_(conn) {}

  Result<IntegrityReport> CheckIntegrity() override;
  Result<std::optional<StoredTime>> NewestStoredTime() override;
  // clock_timestamp(): the server's clock now, not the transaction's start.
  Result<std::optional<UnixSeconds>> ServerNow() override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
