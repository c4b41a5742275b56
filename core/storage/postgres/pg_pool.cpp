#include "core/storage/postgres/pg_pool.hpp"

#include <utility>

namespace itemctl::core {

PgPool::Lease::Lease(PgPool* pool, std::unique_ptr<PgConnection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

PgPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)) {}

PgPool::Lease::~Lease() {
  if (conn_) pool_->Release(std::move(conn_));
}

PgPool::PgPool(std::string url, std::size_t max, std::size_t max_idle)
    : url_(std::move(url)), max_(max < 1 ? 1 : max), max_idle_(max_idle) {}

Result<PgPool::Lease> PgPool::Acquire() {
  for (;;) {
    std::unique_ptr<PgConnection> conn;
    {
      std::unique_lock lock(mu_);
      ++waiting_;
      freed_.wait(lock, [this] { return !idle_.empty() || open_ < max_; });
      --waiting_;
      if (idle_.empty()) {
        ++open_;  // the slot is ours while we connect outside the lock
      } else {
        conn = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!conn) {
      Result<std::unique_ptr<PgConnection>> opened = PgConnection::Open(url_);
      if (!opened) {
        Forget();
        return opened.error();
      }
      return Lease(this, std::move(*opened));
    }
    // The server may have dropped it while it sat idle (a restart, an
    // administrator's pg_terminate_backend): try the next one.
    if (conn->CheckAlive()) return Lease(this, std::move(conn));
    conn.reset();
    Forget();
  }
}

void PgPool::Release(std::unique_ptr<PgConnection> conn) {
  // A connection still in a transaction would hand its state to the next
  // user; a broken one would fail them.
  if (conn->Healthy() && !conn->InTransaction()) {
    std::lock_guard lock(mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(std::move(conn));
      freed_.notify_one();
      return;
    }
  }
  conn.reset();  // closes outside the lock
  Forget();
}

void PgPool::Forget() {
  std::lock_guard lock(mu_);
  --open_;
  freed_.notify_one();
}

ConnectionCounts PgPool::counts() const {
  std::lock_guard lock(mu_);
  return ConnectionCounts{open_, idle_.size(), waiting_};
}

std::size_t PgPool::open() const { return counts().open; }

std::size_t PgPool::idle() const { return counts().idle; }

std::size_t PgPool::waiting() const { return counts().waiting; }

}  // namespace itemctl::core
