#include "core/storage/postgres/pg_store.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "core/storage/postgres/pg_advisory_lock.hpp"
#include "core/storage/postgres/pg_transaction.hpp"

namespace itemctl::core {

namespace {

// Parsed once: the runner keeps a reference to it.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = PostgresMigrations();
  return migrations;
}

// A pause before attempt `attempt` + 1: random within a window that doubles
// from 1 ms up to 32 ms, so transactions that collided once do not collide
// again in lockstep.
void Backoff(int attempt) {
  thread_local std::minstd_rand engine(std::random_device{}());
  int window_ms = 1 << std::min(attempt - 1, 5);
  std::uniform_int_distribution<int> pick(0, window_ms * 1000);
  std::this_thread::sleep_for(std::chrono::microseconds(pick(engine)));
}

}  // namespace

PgStore::PgStore(PgPool::Lease lease) : PgStore(std::move(lease), nullptr) {}

PgStore::PgStore(PgConnection& conn) : PgStore(std::nullopt, &conn) {}

PgStore::PgStore(std::optional<PgPool::Lease> lease, PgConnection* borrowed)
    : lease_(std::move(lease)),
      conn_(borrowed != nullptr ? *borrowed : **lease_),
      users_(conn_),
      items_(conn_),
      roles_(conn_),
      versions_(conn_),
      sessions_(conn_),
      login_failures_(conn_),
      audit_(conn_),
      ledger_(conn_),
      schema_(ledger_, Migrations()),
      table_copy_(conn_),
      health_(conn_) {}

Status PgStore::TransactOnce(const std::function<Status()>& work) {
  Result<PgTransaction> tx = PgTransaction::Begin(conn_, PgIsolation::kSerializable);
  if (!tx) return tx.error();
  // On failure the PgTransaction's destructor rolls back.
  if (Status done = work(); !done) return done;
  return tx->Commit();
}

Status PgStore::Transact(const std::function<Status()>& work) {
  for (int attempt = 1;; ++attempt) {
    Status done = TransactOnce(work);
    if (done || !done.error().retryable) return done;
    if (attempt == kPgTransactAttempts) {
      Error busy = done.error();
      busy.detail = "Database busy, retry";
      return busy;
    }
    Backoff(attempt);
  }
}

Result<bool> PgStore::RunAlone(std::int64_t job_key, const std::function<Status()>& work) {
  Result<bool> taken = TryAdvisoryLock(conn_, job_key);
  if (!taken) return taken.error();
  if (!*taken) return false;
  Status done = work();
  // Unlocking fails only with the connection, whose end released the lock.
  (void)AdvisoryUnlock(conn_, job_key);
  if (!done) return done.error();
  return true;
}

Status PgStore::Ping() {
  Result<PgResult> r = conn_.Execute("SELECT 1");
  if (!r) return r.error();
  return Ok();
}

}  // namespace itemctl::core
