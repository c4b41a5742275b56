#pragma once
// SQLSTATE to core::Error: the one place PostgreSQL's error codes get a
// meaning. Pure; the libpq calls that gather the inputs are in
// pg_connection.cpp.

#include <string>
#include <string_view>

#include "core/domain/error.hpp"

namespace itemctl::core {

// What a failed libpq call reported.
struct PgFailure {
  std::string_view sqlstate;     // PG_DIAG_SQLSTATE; empty when there is none
  bool connection_lost = false;  // PQstatus() was CONNECTION_BAD afterwards
};

// `message` (already free of passwords) with the code SQLSTATE implies:
//   23505 unique_violation            -> kAlreadyExists
//   23503 foreign_key_violation       -> kBadReference
//   22xxx data exceptions             -> kInvalidArgument
//   40001, 40P01 (serialization, deadlock) -> kStorage, retryable
//   a lost connection, 08xxx, 57P01-57P03  -> kStorage "Database unavailable"
//   53100 disk_full                   -> kStorage "...: the disk is full"
//   25006 read_only_sql_transaction   -> kStorage "...: the database is read-only"
//   anything else                     -> kStorage (a database failure, not a bug)
// The quoted texts are the client detail (Error::detail).
Error PgError(std::string message, const PgFailure& failure);

}  // namespace itemctl::core
