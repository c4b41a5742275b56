#include "core/storage/connection_pool.hpp"

namespace itemctl::core {

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && db_ != nullptr) pool_->Release(std::move(db_));
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Database> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  Result<std::unique_ptr<Database>> opened = Database::Open(path_, OpenMode::kMustExist);
  if (!opened) return opened.error();
  return Lease(this, std::move(*opened));
}

void ConnectionPool::Release(std::unique_ptr<Database> db) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(db));
}

}  // namespace itemctl::core
