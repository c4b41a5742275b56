// WriteGate: one writer at a time, in the order they came, and a writer
// that runs out of patience leaves the queue without taking a turn. Pooled
// connections pass it, so a second writer waits for the first instead of
// failing or sleeping in SQLite's busy handler.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "core/storage/sqlite/connection_pool.hpp"
#include "core/storage/sqlite/database.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;
using core::WriteGate;
using std::chrono::milliseconds;

namespace {

// Yields until `count` writers queue behind the holder (no sleep decides
// the order: the queue is observed).
void AwaitQueue(WriteGate& gate, std::size_t count) {
  while (gate.waiting() != count) std::this_thread::yield();
}

}  // namespace

TEST_CASE("a write gate admits one writer and refuses an impatient second") {
  WriteGate gate;
  REQUIRE(gate.Enter(milliseconds(0)));
  CHECK_FALSE(gate.Enter(milliseconds(0)));
  CHECK(gate.waiting() == 0);  // the impatient writer left the queue
  gate.Leave();
  CHECK(gate.Enter(milliseconds(0)));
  gate.Leave();
}

TEST_CASE("a write gate hands the turn to waiting writers first come first") {
  WriteGate gate;
  REQUIRE(gate.Enter(milliseconds(0)));
  std::string order;  // written by one writer at a time: the gate's job
  auto writer = [&](char name) {
    return std::thread([&gate, &order, name] {
      if (gate.Enter(milliseconds(60000))) {
        order += name;
        gate.Leave();
      }
    });
  };
  std::thread b = writer('b');
  AwaitQueue(gate, 1);
  std::thread c = writer('c');
  AwaitQueue(gate, 2);
  std::thread d = writer('d');
  AwaitQueue(gate, 3);
  order += 'a';
  gate.Leave();
  b.join();
  c.join();
  d.join();
  CHECK(order == "abcd");
  CHECK(gate.waiting() == 0);
  CHECK(gate.Enter(milliseconds(0)));  // free again
  gate.Leave();
}

TEST_CASE("a pooled connection's write waits for another's transaction and then lands") {
  test::TempDir dir;
  std::string path = dir.File("gate.db");
  {
    auto db = core::Database::Open(path, core::OpenMode::kCreateIfMissing);
    REQUIRE(db);
    REQUIRE((*db)->Exec("CREATE TABLE t(x INTEGER)"));
  }
  core::ConnectionPool pool(path);
  auto first = pool.Acquire();
  REQUIRE(first);
  auto second = pool.Acquire();
  REQUIRE(second);

  auto tx = core::Transaction::Begin(**first);
  REQUIRE(tx);
  REQUIRE((*first)->Exec("INSERT INTO t VALUES (1)"));
  bool second_ran = false;
  core::Status second_write = core::Ok();
  std::thread writer([&] {
    auto insert = (*second)->Prepare("INSERT INTO t VALUES (2)");
    if (!insert) {
      second_write = insert.error();
    } else {
      second_write = insert->Run();
    }
    second_ran = true;
  });
  while (pool.writers_waiting() != 1) std::this_thread::yield();
  auto count = [&] {
    auto q = (*first)->Prepare("SELECT count(*) FROM t");
    REQUIRE(q);
    REQUIRE(*q->Step());
    return q->Int(0);
  };
  CHECK(count() == 1);  // the second write has not landed inside this transaction
  REQUIRE(tx->Commit());
  writer.join();
  CHECK(second_ran);
  CHECK(second_write);
  CHECK(count() == 2);
}
