// The body of POST /auth/token: web::LoginFields (a JSON object, or the
// RFC 6749 password grant form through web::ParseFormUrlEncoded) and the
// FieldReader reads the route makes of it. The first byte picks the
// Content-Type; the rest is the body.
// Invariants: a form reads as an object of strings whose grant_type, if
// any, is "password"; the form encoded again (every byte as %XX) parses
// back to the same object.

#include <httplib.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

#include "tests/fuzz/fuzz_check.hpp"
#include "web/request_parsing.hpp"

using itemctl::fuzz::Require;

namespace {

constexpr std::array<const char*, 6> kContentTypes = {
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=UTF-8",
    " Application/X-WWW-Form-Urlencoded ;",
    "application/json",
    "text/plain",
    "",
};

std::string PercentEncoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", c);
    out += hex;
  }
  return out;
}

void CheckForm(const std::string& body) {
  nlohmann::json form = itemctl::web::ParseFormUrlEncoded(body);
  Require(form.is_object(), "a form is an object");
  std::string encoded;
  for (const auto& [key, value] : form.items()) {
    Require(value.is_string(), "form values are strings");
    // httplib drops a key that decodes to nothing (%uD800 is no character).
    if (key.empty()) continue;
    if (!encoded.empty()) encoded += '&';
    encoded += PercentEncoded(key) + "=" + PercentEncoded(value.get<std::string>());
  }
  nlohmann::json again = itemctl::web::ParseFormUrlEncoded(encoded);
  form.erase("");
  Require(again == form, "the form round-trips");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  httplib::Request request;
  request.method = "POST";
  request.path = "/auth/token";
  const char* type = kContentTypes[data[0] % kContentTypes.size()];
  if (*type != '\0') request.headers.emplace("Content-Type", type);
  request.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);

  const bool form = itemctl::web::IsFormUrlEncoded(request);
  itemctl::core::Result<nlohmann::json> fields = itemctl::web::LoginFields(request);
  if (form) CheckForm(request.body);
  if (!fields) {
    Require(fields.error().code == itemctl::core::Errc::kInvalidArgument,
            "a refused body is kInvalidArgument");
    return 0;
  }
  Require(fields->is_object(), "login fields are an object");
  if (form && fields->contains("grant_type")) {
    Require((*fields)["grant_type"] == "password", "an accepted grant_type is password");
  }
  // What the Login handler reads.
  itemctl::web::FieldReader reader(*fields);
  std::string username = reader.RequiredString("username");
  std::string password = reader.RequiredString("password");
  std::optional<std::string> platform = reader.OptionalString("platform");
  (void)password;
  (void)platform;
  if (reader.ok() && form) Require(fields->at("username") == username, "username read as sent");
  return 0;
}
