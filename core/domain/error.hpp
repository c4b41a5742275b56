#pragma once
// The one error type of itemctl: every fallible core call returns a Result<T>
// holding either a value or an Error. Front ends map Errc exactly once each
// (web/http_status.cpp, cmd/exit_code.cpp).

#include <string>
#include <utility>
#include <variant>

namespace itemctl::core {

enum class Errc {
  kInvalidArgument,     // malformed or out-of-range input
  kBadReference,        // input refers to something that does not exist (role_id)
  kNotFound,            // the addressed resource does not exist
  kAlreadyExists,       // a unique name is taken
  kUnauthenticated,     // no, bad, expired or revoked credentials
  kPermissionDenied,    // authenticated but not allowed
  kFailedPrecondition,  // valid, but the current state forbids it (the last admin)
  kThrottled,           // too many failed attempts: retry after retry_after_seconds
  kOverloaded,          // no capacity right now (password hashing): retry soon
  kUnsupportedVersion,  // client API version is not supported
  kSchemaOutOfDate,     // database needs `itemctl migrate` (or is newer than us)
  kStorage,             // database unavailable, locked, read-only, corrupt
  kInternal,            // a bug or resource exhaustion
};

// `message` names the offending value for humans (CLI, logs). `detail`, when
// set, is the fixed wording SPEC §2 promises to API clients of the old
// application (e.g. "Username already taken"); empty means use `message`.
struct Error {
  Errc code;
  std::string message;
  std::string detail;
  // For kThrottled and kOverloaded: when a retry may succeed (Retry-After).
  long long retry_after_seconds = 0;
  // True when the condition was already reported where it was detected (the
  // connection pool's file watch reports each change of the database file's
  // state once): the edge then does not log it again for every request.
  bool reported = false;
  // For kStorage: the same call may succeed if simply run again (a
  // serialization failure or deadlock aborted the transaction).
  bool retryable = false;

  const std::string& ClientMessage() const { return detail.empty() ? message : detail; }
};

inline Error MakeError(Errc code, std::string message, std::string detail = {}) {
  return Error{code, std::move(message), std::move(detail), 0, false};
}

// A T or an Error. Test with `if (!r)`, read with `*r` / `r->`, `r.error()`.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Success carries nothing: `Status` is Result<void>.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{Errc::kInternal, {}, {}};
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

}  // namespace itemctl::core
