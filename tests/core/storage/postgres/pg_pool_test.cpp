// PgPool: the bound on open connections, reuse, and replacing a connection
// the server dropped. Other threads only wait in Acquire and record what
// they got; every assertion is on the test thread.

#include <catch2/catch.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include "core/storage/postgres/pg_pool.hpp"
#include "tests/core/storage/postgres/pg_test_database.hpp"

using namespace itemctl;
using core::Errc;
using core::PgParams;
using core::PgPool;

namespace {

std::int64_t BackendPid(core::PgConnection& conn) {
  auto pid = conn.Execute("SELECT pg_backend_pid()");
  if (!pid) FAIL(pid.error().message);
  return pid->Int(0, 0);
}

}  // namespace

TEST_CASE("pg the pool opens at most max connections and reuses them", "[core][postgres]") {
  test::PgTestDatabase db;
  PgPool pool(db.url(), 2, 2);
  std::optional<core::Result<PgPool::Lease>> first(pool.Acquire());
  auto second = pool.Acquire();
  REQUIRE(*first);
  REQUIRE(second);
  CHECK(pool.open() == 2);
  std::int64_t first_pid = BackendPid(***first);

  // A third caller waits until a connection comes back.
  std::atomic<bool> acquired{false};
  std::atomic<std::int64_t> waiter_pid{0};
  std::thread waiter([&] {
    auto lease = pool.Acquire();
    if (lease) {
      auto pid = (*lease)->Execute("SELECT pg_backend_pid()");
      if (pid) waiter_pid = pid->Int(0, 0);
    }
    acquired = true;
  });
  while (pool.waiting() == 0) std::this_thread::yield();
  CHECK_FALSE(acquired.load());
  CHECK(pool.open() == 2);

  first.reset();  // hands the connection to the waiter
  waiter.join();
  CHECK(acquired.load());
  CHECK(waiter_pid.load() == first_pid);
  CHECK(pool.open() == 2);
  CHECK(pool.idle() == 1);
}

TEST_CASE("pg the pool keeps at most max_idle connections open while unused",
          "[core][postgres]") {
  test::PgTestDatabase db;
  PgPool pool(db.url(), 3, 1);
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    auto c = pool.Acquire();
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(pool.open() == 3);
  }
  CHECK(pool.open() == 1);
  CHECK(pool.idle() == 1);
}

TEST_CASE("pg the pool drops a connection the server terminated", "[core][postgres]") {
  test::PgTestDatabase db;
  auto admin = db.Connect();
  PgPool pool(db.url(), 2, 2);
  std::int64_t old_pid = 0;
  {
    auto lease = pool.Acquire();
    REQUIRE(lease);
    old_pid = BackendPid(**lease);
    // The timeout makes pg_terminate_backend wait until the backend is gone.
    auto terminated = admin->Execute("SELECT pg_terminate_backend($1::int, 60000)",
                                     PgParams().Add(old_pid));
    REQUIRE(terminated);
    REQUIRE(terminated->Bool(0, 0));

    auto lost = (*lease)->Execute("SELECT 1");
    REQUIRE_FALSE(lost);
    CHECK(lost.error().code == Errc::kStorage);
    CHECK(lost.error().detail == "Database unavailable");
    CHECK(lost.error().message.find(test::PasswordOf(db.url())) == std::string::npos);
    CHECK_FALSE((*lease)->Healthy());
  }
  CHECK(pool.open() == 0);

  auto fresh = pool.Acquire();
  REQUIRE(fresh);
  CHECK(BackendPid(**fresh) != old_pid);
}

TEST_CASE("pg the pool does not keep a connection left inside a transaction",
          "[core][postgres]") {
  test::PgTestDatabase db;
  PgPool pool(db.url(), 1, 1);
  {
    auto lease = pool.Acquire();
    REQUIRE(lease);
    REQUIRE((*lease)->ExecScript("BEGIN"));
  }
  CHECK(pool.open() == 0);
}

TEST_CASE("pg the pool reports a failed open as Database unavailable", "[core][postgres]") {
  test::PgTestDatabase db;
  std::string url = db.url();
  url.insert(url.find('@'), "x");  // a wrong password
  PgPool pool(url, 1, 1);
  auto lease = pool.Acquire();
  REQUIRE_FALSE(lease);
  CHECK(lease.error().code == Errc::kStorage);
  CHECK(lease.error().detail == "Database unavailable");
  CHECK(pool.open() == 0);
  // The failed attempt gave its slot back.
  auto again = pool.Acquire();
  CHECK_FALSE(again);
}
