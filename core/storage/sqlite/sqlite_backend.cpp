#include "core/storage/sqlite/sqlite_backend.hpp"

#include <utility>

#include "core/storage/sqlite/sqlite_store.hpp"

namespace itemctl::core {

Result<std::unique_ptr<SqliteBackend>> SqliteBackend::Open(const std::string& path,
                                                           OpenMode mode,
                                                           FileStateObserver observer) {
  Result<std::unique_ptr<Database>> first = Database::Open(path, mode);
  if (!first) return first.error();
  std::unique_ptr<SqliteBackend> backend(new SqliteBackend(path, std::move(observer)));
  // The connection just verified is the pool's first.
  backend->pool_.Adopt(std::move(*first));
  return backend;
}

Result<StoreLease> SqliteBackend::Acquire(LeaseUse use) {
  Result<ConnectionPool::Lease> lease = pool_.Acquire(use);
  if (!lease) return lease.error();
  // Destroying the store destroys its lease, which returns the connection.
  return StoreLease(std::make_unique<SqliteStore>(std::move(*lease)),
                    [](std::unique_ptr<Store> store) { store.reset(); });
}

}  // namespace itemctl::core
