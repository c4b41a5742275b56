// PgConnection against the test cluster: connecting, typed parameters and
// results, the prepared-statement cache, and what failures become. Each case
// has a database of its own.

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "core/storage/postgres/pg_connection.hpp"
#include "tests/core/storage/postgres/pg_test_database.hpp"

using namespace itemctl;
using core::Errc;
using core::PgConnection;
using core::PgParams;
using core::PgResult;

namespace {

PgResult Run(PgConnection& conn, std::string_view sql, const PgParams& params = {}) {
  auto result = conn.Execute(sql, params);
  if (!result) FAIL(result.error().message);
  return std::move(*result);
}

}  // namespace

TEST_CASE("pg a connection round-trips a query", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  PgResult result = Run(*conn, "SELECT current_database(), 1 + 1");
  REQUIRE(result.rows() == 1);
  CHECK(result.columns() == 2);
  CHECK(result.Text(0, 0) == db.name());
  CHECK(result.Int(0, 1) == 2);
  CHECK(conn->Healthy());
  CHECK_FALSE(conn->InTransaction());
  CHECK(conn->redacted_url().find(test::PasswordOf(db.url())) == std::string::npos);
}

TEST_CASE("pg application_name is itemctl unless the URL sets one", "[core][postgres]") {
  test::PgTestDatabase db;
  CHECK(Run(*db.Connect(), "SHOW application_name").Text(0, 0) == "itemctl");
  auto custom = PgConnection::Open(db.url() + "?application_name=worker-7&connect_timeout=3");
  REQUIRE(custom);
  CHECK(Run(**custom, "SHOW application_name").Text(0, 0) == "worker-7");
}

TEST_CASE("pg a wrong password is kStorage and the message hides it", "[core][postgres]") {
  std::string url = test::PgClusterUrl();
  std::string password = test::PasswordOf(url);
  url.replace(url.find(password), password.size(), "wrong-pw-4711");
  auto conn = PgConnection::Open(url);
  REQUIRE_FALSE(conn);
  CHECK(conn.error().code == Errc::kStorage);
  CHECK(conn.error().detail == "Database unavailable");
  CHECK(conn.error().message.find("wrong-pw-4711") == std::string::npos);
  CHECK(conn.error().message.find(core::RedactedUrl(url)) != std::string::npos);
  CHECK(conn.error().message.find("password authentication failed for user \"postgres\"") !=
        std::string::npos);
}

TEST_CASE("pg typed parameters and results round-trip", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::string utf8 = "h\xC3\xA9llo \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 'q' \\";
  PgResult r = Run(*conn,
                   "SELECT $1::bigint, $2::bigint, $3::int, $4::boolean, $5::boolean, $6::text,"
                   " $7::text, $8::bigint, $9::text, $10::bigint, $11::text",
                   PgParams()
                       .Add(kMin)
                       .Add(kMax)
                       .Add(42)
                       .Add(true)
                       .Add(false)
                       .Add(std::string_view(utf8))
                       .Add(std::nullopt)
                       .Add(std::optional<std::int64_t>())
                       .Add(std::optional<std::string>("opt"))
                       .Add(std::optional<std::int64_t>(-7))
                       .Add(""));
  REQUIRE(r.rows() == 1);
  CHECK(r.Int(0, 0) == kMin);
  CHECK(r.Int(0, 1) == kMax);
  CHECK(r.Int(0, 2) == 42);
  CHECK(r.Bool(0, 3));
  CHECK_FALSE(r.Bool(0, 4));
  CHECK(r.Text(0, 5) == utf8);
  CHECK(r.IsNull(0, 6));
  CHECK(r.OptionalText(0, 6) == std::nullopt);
  CHECK(r.OptionalInt(0, 7) == std::nullopt);
  CHECK(r.OptionalText(0, 8) == "opt");
  CHECK(r.OptionalInt(0, 9) == -7);
  CHECK_FALSE(r.IsNull(0, 10));
  CHECK(r.Text(0, 10).empty());
  // Reading a NULL or a cell that is not there is a bug in the caller.
  CHECK_THROWS_AS(r.Int(0, 6), std::logic_error);
  CHECK_THROWS_AS(r.Text(1, 0), std::logic_error);
  CHECK_THROWS_AS(r.Int(0, 5), std::logic_error);
}

TEST_CASE("pg a parameter with a NUL byte is refused before it is cut short", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  auto result = conn->Execute("SELECT $1::text", PgParams().Add(std::string_view("a\0b", 3)));
  REQUIRE_FALSE(result);
  CHECK(result.error().code == Errc::kInvalidArgument);
  CHECK(result.error().message ==
        "parameter $1 contains a NUL byte, which PostgreSQL text cannot hold");
}

TEST_CASE("pg each SQL text is prepared once per session", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  constexpr std::string_view kAdd = "SELECT $1::bigint + 1";
  CHECK(Run(*conn, kAdd, PgParams().Add(1)).Int(0, 0) == 2);
  CHECK(Run(*conn, kAdd, PgParams().Add(41)).Int(0, 0) == 42);
  CHECK(Run(*conn, "SELECT 'other'").Text(0, 0) == "other");
  constexpr std::string_view kList =
      "SELECT name, statement FROM pg_prepared_statements ORDER BY name";
  PgResult prepared = Run(*conn, kList);
  REQUIRE(prepared.rows() == 3);
  CHECK(prepared.Text(0, 0) == "s1");
  CHECK(prepared.Text(0, 1) == kAdd);
  CHECK(prepared.Text(1, 0) == "s2");
  CHECK(prepared.Text(2, 0) == "s3");

  // Reset starts a new session: the cache starts over and still works.
  REQUIRE(conn->Reset());
  CHECK(Run(*conn, kAdd, PgParams().Add(2)).Int(0, 0) == 3);
  PgResult after = Run(*conn, kList);
  REQUIRE(after.rows() == 2);
  CHECK(after.Text(0, 1) == kAdd);
}

TEST_CASE("pg AffectedRows counts the rows a statement touched", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  REQUIRE(conn->ExecScript("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT);"
                           "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');"));
  CHECK(Run(*conn, "UPDATE t SET name = 'x' WHERE id >= $1", PgParams().Add(2)).AffectedRows() == 2);
  PgResult deleted = Run(*conn, "DELETE FROM t WHERE id = $1 RETURNING name", PgParams().Add(1));
  CHECK(deleted.AffectedRows() == 1);
  CHECK(deleted.Text(0, 0) == "a");
  CHECK(Run(*conn, "CREATE INDEX t_name ON t (name)").AffectedRows() == 0);
}

TEST_CASE("pg constraint violations become kAlreadyExists and kBadReference", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  REQUIRE(conn->ExecScript(
      "CREATE TABLE parent (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
      "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES parent (id));"
      "INSERT INTO parent VALUES (1, 'taken');"));
  constexpr std::string_view kInsertParent = "INSERT INTO parent (id, name) VALUES ($1, $2)";
  auto duplicate = conn->Execute(kInsertParent, PgParams().Add(2).Add("taken"));
  REQUIRE_FALSE(duplicate);
  CHECK(duplicate.error().code == Errc::kAlreadyExists);
  CHECK(duplicate.error().message ==
        "PostgreSQL INSERT failed: duplicate key value violates unique constraint "
        "\"parent_name_key\"");

  auto dangling = conn->Execute("INSERT INTO child VALUES ($1, $2)", PgParams().Add(1).Add(99));
  REQUIRE_FALSE(dangling);
  CHECK(dangling.error().code == Errc::kBadReference);
  CHECK(dangling.error().message ==
        "PostgreSQL INSERT failed: insert or update on table \"child\" violates foreign key "
        "constraint \"child_parent_id_fkey\"");

  auto bad_number = conn->Execute("SELECT $1::bigint", PgParams().Add("twelve"));
  REQUIRE_FALSE(bad_number);
  CHECK(bad_number.error().code == Errc::kInvalidArgument);
  CHECK(bad_number.error().message ==
        "PostgreSQL SELECT failed: invalid input syntax for type bigint: \"twelve\"");

  // Outside a transaction a failure leaves the session usable.
  CHECK(conn->Healthy());
  CHECK(Run(*conn, kInsertParent, PgParams().Add(2).Add("free")).AffectedRows() == 1);
}

TEST_CASE("pg other database errors are kStorage", "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  auto missing = conn->Execute("SELECT * FROM no_such_table");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Errc::kStorage);
  CHECK(missing.error().message ==
        "PostgreSQL SELECT failed: relation \"no_such_table\" does not exist");
  CHECK_FALSE(missing.error().retryable);

  auto script = conn->ExecScript("CREATE TABLE a (x INT); CREATE TABLE a (x INT);");
  REQUIRE_FALSE(script);
  CHECK(script.error().code == Errc::kStorage);
  CHECK(script.error().message == "PostgreSQL script failed: relation \"a\" already exists");
  // The script ran as one transaction: the first table is gone with it.
  CHECK_FALSE(conn->Execute("SELECT * FROM a"));
}
