// PgError: what each SQLSTATE means to itemctl.

#include <catch2/catch.hpp>

#include "core/storage/postgres/pg_error.hpp"

using itemctl::core::Errc;
using itemctl::core::PgError;
using itemctl::core::PgFailure;

TEST_CASE("pg constraint violations map to kAlreadyExists and kBadReference", "[core][pg]") {
  auto unique = PgError("dup", PgFailure{"23505", false});
  CHECK(unique.code == Errc::kAlreadyExists);
  CHECK(unique.message == "dup");
  CHECK(PgError("ref", PgFailure{"23503", false}).code == Errc::kBadReference);
  CHECK(PgError("bad", PgFailure{"22P02", false}).code == Errc::kInvalidArgument);
  CHECK(PgError("bad", PgFailure{"22012", false}).code == Errc::kInvalidArgument);
}

TEST_CASE("pg serialization failures and deadlocks are retryable", "[core][pg]") {
  for (const char* state : {"40001", "40P01"}) {
    auto error = PgError("conflict", PgFailure{state, false});
    CHECK(error.code == Errc::kStorage);
    CHECK(error.retryable);
  }
  CHECK_FALSE(PgError("other", PgFailure{"42P01", false}).retryable);
}

TEST_CASE("pg a lost connection is Database unavailable", "[core][pg]") {
  for (const char* state : {"", "08006", "08001", "57P01", "57P02", "57P03"}) {
    auto error = PgError("gone", PgFailure{state, std::string_view(state).empty()});
    CHECK(error.code == Errc::kStorage);
    CHECK(error.detail == "Database unavailable");
    CHECK_FALSE(error.retryable);
  }
  // A lost connection wins over whatever the last result said.
  CHECK(PgError("gone", PgFailure{"23505", true}).code == Errc::kStorage);
}

TEST_CASE("pg a full disk and a read-only server have their own details", "[core][pg]") {
  CHECK(PgError("x", PgFailure{"53100", false}).detail == "Database unavailable: the disk is full");
  CHECK(PgError("x", PgFailure{"25006", false}).detail ==
        "Database unavailable: the database is read-only");
}

TEST_CASE("pg any other failure is kStorage not kInternal", "[core][pg]") {
  for (const char* state : {"42P01", "42601", "23514", "57014", "XX000", ""}) {
    auto error = PgError("x", PgFailure{state, false});
    CHECK(error.code == Errc::kStorage);
    CHECK(error.detail.empty());
  }
}
