#pragma once
// Turning the parts of a request into typed values. Every failure is a
// core::Error with kInvalidArgument (422) whose message names the field
// ("field 'name' is required", "page must be an integer >= 1"), except a
// missing bearer token, which is kUnauthenticated "Not authenticated".
// Readers keep the first failure and carry on, so a handler reads all its
// fields and checks once.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace httplib {
struct Request;
}

namespace itemctl::web {

inline constexpr const char* kNotAuthenticated = "Not authenticated";

// Remembers the first error of a sequence of reads.
class FirstError {
 public:
  void Set(std::string message);
  bool ok() const { return !error_; }
  const core::Error& error() const { return *error_; }

 private:
  std::optional<core::Error> error_;
};

// Typed fields of a JSON object (a request body). Absent and null optional
// fields read as nullopt; unknown fields are ignored.
class FieldReader {
 public:
  // Keeps a reference: `object` must outlive the reader.
  explicit FieldReader(const nlohmann::json& object) : object_(object) {}
  explicit FieldReader(nlohmann::json&&) = delete;

  std::string RequiredString(const std::string& name);
  std::optional<std::string> OptionalString(const std::string& name);
  std::int64_t RequiredInteger(const std::string& name);
  std::optional<std::int64_t> OptionalInteger(const std::string& name);
  std::optional<bool> OptionalBool(const std::string& name);

  bool ok() const { return first_.ok(); }
  const core::Error& error() const { return first_.error(); }

 private:
  const nlohmann::json* Find(const std::string& name, bool required);

  const nlohmann::json& object_;
  FirstError first_;
};

// Typed query parameters. An absent parameter reads as nullopt; a present but
// empty one is malformed.
class QueryReader {
 public:
  // Keeps a reference: `request` must outlive the reader.
  explicit QueryReader(const httplib::Request& request) : request_(request) {}
  explicit QueryReader(httplib::Request&&) = delete;

  std::optional<std::string> String(const std::string& name);
  // "page must be an integer >= 1" for non-numbers and values below minimum.
  std::optional<std::int64_t> Integer(const std::string& name, std::int64_t minimum);
  // true/false, 1/0, yes/no, on/off in any case; else "activated must be true or false".
  std::optional<bool> Bool(const std::string& name);

  bool ok() const { return first_.ok(); }
  const core::Error& error() const { return first_.error(); }

 private:
  const httplib::Request& request_;
  FirstError first_;
};

// Deepest nesting of arrays and objects a request body may have.
inline constexpr int kMaxJsonDepth = 64;

// The body as a JSON object; an empty body reads as {} so that the first
// required field is named. Errors: "request body nests deeper than 64
// levels" (checked before any document is built), "request body is not
// valid JSON", "request body must be a JSON object".
core::Result<nlohmann::json> ParseJsonObject(const std::string& body);

// True for `Content-Type: application/x-www-form-urlencoded` (any parameters).
bool IsFormUrlEncoded(const httplib::Request& request);

// An application/x-www-form-urlencoded body as a JSON object of strings; for a
// repeated key the first value wins.
nlohmann::json ParseFormUrlEncoded(const std::string& body);

// The fields of a POST /auth/token body: a JSON object, or an RFC 6749 §4.3
// password grant form (ParseFormUrlEncoded) whose grant_type, when present,
// is "password" (else "grant_type must be 'password'"). Errors as
// ParseJsonObject for a JSON body.
core::Result<nlohmann::json> LoginFields(const httplib::Request& request);

// A path or query id: decimal digits only, at least 1. kInvalidArgument
// "item_id must be an integer >= 1".
core::Result<core::Id> ParseId(std::string_view name, std::string_view text);

// Parses a whole string as a signed 64-bit decimal integer.
std::optional<std::int64_t> ParseInt64(std::string_view text);

// The token of `Authorization: Bearer <token>`, or a bare `<token>` (the old
// application accepted both). kUnauthenticated kNotAuthenticated when the
// header is missing, empty, or names another scheme.
core::Result<std::string> BearerToken(const httplib::Request& request);

}  // namespace itemctl::web
