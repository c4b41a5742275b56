#pragma once
// Backend over one PostgreSQL database: a bounded PgPool whose leases come
// wrapped in PgStores. Thread-safe; must outlive every StoreLease it hands
// out.

#include <cstddef>
#include <memory>
#include <string>

#include "core/storage/postgres/pg_pool.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

// Connections a PgBackend opens at most when the caller names no limit.
inline constexpr std::size_t kPgDefaultMaxConnections = 16;

class PgBackend final : public Backend {
 public:
  // Connects once (so a wrong URL, password or unreachable server gives
  // PgConnection::Open's kStorage error now, password masked) and keeps that
  // connection in the pool. At most `max_connections` (0: the default) are
  // open at once; Acquire waits while all are out.
  static Result<std::unique_ptr<PgBackend>> Open(const std::string& url,
                                                 std::size_t max_connections);

  Engine engine() const override { return Engine::kPostgres; }
  // The URL, password masked.
  const std::string& display_name() const override { return display_name_; }
  // A PgStore on a pooled connection. `use` is not needed: a read-only
  // database or role refuses writes by itself.
  Result<StoreLease> Acquire(LeaseUse use = LeaseUse::kWrite) override;
  ConnectionCounts connections() const override { return pool_.counts(); }

 private:
  PgBackend(const std::string& url, std::size_t max_connections);

  std::string display_name_;
  PgPool pool_;
};

}  // namespace itemctl::core
