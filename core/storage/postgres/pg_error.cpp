#include "core/storage/postgres/pg_error.hpp"

#include <utility>

namespace itemctl::core {
namespace {

bool IsConnectionLoss(std::string_view sqlstate) {
  // Class 08 is a connection exception; 57P01-57P03 are the administrator
  // shutting the server down or a server that is not accepting connections.
  return sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

}  // namespace

Error PgError(std::string message, const PgFailure& failure) {
  std::string_view state = failure.sqlstate;
  if (failure.connection_lost || IsConnectionLoss(state)) {
    return MakeError(Errc::kStorage, std::move(message), "Database unavailable");
  }
  if (state == "23505") return MakeError(Errc::kAlreadyExists, std::move(message));
  if (state == "23503") return MakeError(Errc::kBadReference, std::move(message));
  if (state.substr(0, 2) == "22") return MakeError(Errc::kInvalidArgument, std::move(message));
  if (state == "53100") {
    return MakeError(Errc::kStorage, std::move(message), "Database unavailable: the disk is full");
  }
  if (state == "25006") {
    return MakeError(Errc::kStorage, std::move(message),
                     "Database unavailable: the database is read-only");
  }
  Error error = MakeError(Errc::kStorage, std::move(message));
  error.retryable = state == "40001" || state == "40P01";
  return error;
}

}  // namespace itemctl::core
