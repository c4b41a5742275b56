// web::ParseBasicAuthorization, the `Authorization: Basic` value that
// guards /docs and /openapi.json.
// Invariants: a parsed username is non-empty and has no colon, and the
// credentials encoded again (by httplib's client, as a browser would) parse
// back to the same pair.

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>

#include "tests/fuzz/fuzz_check.hpp"
#include "web/docs.hpp"

using itemctl::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<itemctl::web::BasicCredentials> credentials =
      itemctl::web::ParseBasicAuthorization(itemctl::fuzz::AsText(data, size));
  if (!credentials) return 0;
  Require(!credentials->username.empty(), "a parsed username is not empty");
  Require(credentials->username.find(':') == std::string::npos, "a parsed username has no colon");
  std::pair<std::string, std::string> header =
      httplib::make_basic_authentication_header(credentials->username, credentials->password);
  std::optional<itemctl::web::BasicCredentials> again =
      itemctl::web::ParseBasicAuthorization(header.second);
  Require(again.has_value(), "re-encoded credentials parse");
  Require(again->username == credentials->username && again->password == credentials->password,
          "credentials round-trip");
  return 0;
}
