#include "core/storage/postgres/pg_backend.hpp"

#include <utility>

#include "core/storage/postgres/pg_store.hpp"
#include "core/storage/postgres/pg_url.hpp"

namespace itemctl::core {

PgBackend::PgBackend(const std::string& url, std::size_t max_connections)
    : display_name_(RedactedUrl(url)),
      pool_(url, max_connections, /*max_idle=*/max_connections) {}

Result<std::unique_ptr<PgBackend>> PgBackend::Open(const std::string& url,
                                                   std::size_t max_connections) {
  if (max_connections == 0) max_connections = kPgDefaultMaxConnections;
  std::unique_ptr<PgBackend> backend(new PgBackend(url, max_connections));
  // The first connection proves the URL; its lease hands it to the pool.
  Result<PgPool::Lease> first = backend->pool_.Acquire();
  if (!first) return first.error();
  return backend;
}

Result<StoreLease> PgBackend::Acquire(LeaseUse /*use*/) {
  Result<PgPool::Lease> lease = pool_.Acquire();
  if (!lease) return lease.error();
  // Destroying the store destroys its lease, which returns the connection.
  return StoreLease(std::make_unique<PgStore>(std::move(*lease)),
                    [](std::unique_ptr<Store> store) { store.reset(); });
}

}  // namespace itemctl::core
