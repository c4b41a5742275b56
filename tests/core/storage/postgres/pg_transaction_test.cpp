// PgTransaction and the advisory locks, with two sessions driven in turn from
// the test thread (neither statement blocks, so the order is fixed).

#include <catch2/catch.hpp>

#include <string>

#include "core/storage/postgres/pg_advisory_lock.hpp"
#include "core/storage/postgres/pg_transaction.hpp"
#include "tests/core/storage/postgres/pg_test_database.hpp"

using namespace itemctl;
using core::Errc;
using core::PgConnection;
using core::PgIsolation;
using core::PgParams;
using core::PgTransaction;

namespace {

std::int64_t Count(PgConnection& conn, std::string_view sql) {
  auto result = conn.Execute(sql);
  if (!result) FAIL(result.error().message);
  return result->Int(0, 0);
}

}  // namespace

TEST_CASE("pg a transaction not committed is rolled back", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  REQUIRE(conn->ExecScript("CREATE TABLE t (x INT)"));
  {
    auto tx = PgTransaction::Begin(*conn, PgIsolation::kReadCommitted);
    REQUIRE(tx);
    REQUIRE(conn->Execute("INSERT INTO t VALUES (1)"));
    CHECK(conn->InTransaction());
    auto nested = PgTransaction::Begin(*conn, PgIsolation::kReadCommitted);
    REQUIRE_FALSE(nested);
    CHECK(nested.error().code == Errc::kInternal);
  }
  CHECK_FALSE(conn->InTransaction());
  CHECK(Count(*conn, "SELECT count(*) FROM t") == 0);

  auto tx = PgTransaction::Begin(*conn, PgIsolation::kReadCommitted);
  REQUIRE(tx);
  REQUIRE(conn->Execute("INSERT INTO t VALUES (2)"));
  REQUIRE(tx->Commit());
  CHECK(Count(*conn, "SELECT count(*) FROM t") == 1);
}

TEST_CASE("pg committing after a failed statement reports it and keeps nothing", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  REQUIRE(conn->ExecScript("CREATE TABLE t (x INT PRIMARY KEY)"));
  auto tx = PgTransaction::Begin(*conn, PgIsolation::kReadCommitted);
  REQUIRE(tx);
  REQUIRE(conn->Execute("INSERT INTO t VALUES (1)"));
  REQUIRE_FALSE(conn->Execute("INSERT INTO t VALUES (1)"));
  CHECK_FALSE(conn->Healthy());  // in an aborted transaction
  auto committed = tx->Commit();
  REQUIRE_FALSE(committed);
  CHECK(committed.error().code == Errc::kStorage);
  CHECK(committed.error().message ==
        "PostgreSQL COMMIT rolled back: a statement in the transaction had failed");
  CHECK(conn->Healthy());
  CHECK(Count(*conn, "SELECT count(*) FROM t") == 0);
}

TEST_CASE("pg a serializable write skew fails one side with a retryable error", "[core][postgres]") {
  test::PgTestDatabase db;
  auto alice = db.Connect();
  auto bob = db.Connect();
  REQUIRE(alice->ExecScript("CREATE TABLE doctors (id INT PRIMARY KEY, on_call BOOLEAN NOT NULL);"
                            "INSERT INTO doctors VALUES (1, TRUE), (2, TRUE);"));
  constexpr std::string_view kOnCall = "SELECT count(*) FROM doctors WHERE on_call";
  constexpr std::string_view kLeave = "UPDATE doctors SET on_call = FALSE WHERE id = $1";

  // Each sees two doctors on call and lets one (a different one) go.
  auto a = PgTransaction::Begin(*alice, PgIsolation::kSerializable);
  auto b = PgTransaction::Begin(*bob, PgIsolation::kSerializable);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(Count(*alice, kOnCall) == 2);
  CHECK(Count(*bob, kOnCall) == 2);
  REQUIRE(alice->Execute(kLeave, PgParams().Add(1)));
  REQUIRE(a->Commit());

  // Bob's transaction can no longer be serialized after Alice's: it fails
  // at its update or at its commit.
  auto left = bob->Execute(kLeave, PgParams().Add(2));
  core::Status outcome = left ? b->Commit() : core::Status(left.error());
  REQUIRE_FALSE(outcome);
  CHECK(outcome.error().code == Errc::kStorage);
  CHECK(outcome.error().retryable);
  CHECK(outcome.error().message.find("could not serialize access") != std::string::npos);
}

TEST_CASE("pg a transaction-level advisory lock excludes other sessions until commit",
          "[core][postgres]") {
  test::PgTestDatabase db;
  auto first = db.Connect();
  auto second = db.Connect();
  constexpr std::int64_t kKey = 0x1735'0000'0000'0042;

  auto outside = core::TryAdvisoryXactLock(*first, kKey);
  REQUIRE_FALSE(outside);
  CHECK(outside.error().code == Errc::kInternal);

  auto holder = PgTransaction::Begin(*first, PgIsolation::kReadCommitted);
  REQUIRE(holder);
  REQUIRE(core::AdvisoryXactLock(*first, kKey));
  {
    auto contender = PgTransaction::Begin(*second, PgIsolation::kReadCommitted);
    REQUIRE(contender);
    auto taken = core::TryAdvisoryXactLock(*second, kKey);
    REQUIRE(taken);
    CHECK_FALSE(*taken);
    auto other_key = core::TryAdvisoryXactLock(*second, kKey + 1);
    REQUIRE(other_key);
    CHECK(*other_key);
  }
  REQUIRE(holder->Commit());

  auto after = PgTransaction::Begin(*second, PgIsolation::kReadCommitted);
  REQUIRE(after);
  auto taken = core::TryAdvisoryXactLock(*second, kKey);
  REQUIRE(taken);
  CHECK(*taken);
}

TEST_CASE("pg a session-level advisory lock is held until unlocked", "[core][postgres]") {
  test::PgTestDatabase db;
  auto first = db.Connect();
  auto second = db.Connect();
  REQUIRE(core::AdvisoryLock(*first, 7));
  auto contended = core::TryAdvisoryLock(*second, 7);
  REQUIRE(contended);
  CHECK_FALSE(*contended);

  auto released = core::AdvisoryUnlock(*first, 7);
  REQUIRE(released);
  CHECK(*released);
  auto taken = core::TryAdvisoryLock(*second, 7);
  REQUIRE(taken);
  CHECK(*taken);
  auto not_held = core::AdvisoryUnlock(*first, 7);
  REQUIRE(not_held);
  CHECK_FALSE(*not_held);
}
