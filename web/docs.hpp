#pragma once
// GET /docs (a Redoc page), GET /openapi.json and the Redoc bundle
// (SPEC §2). The page and the document need HTTP Basic credentials of an
// activated user; the bundle, public code with no data in it, does not.
// The page embeds the document and loads the bundle from this server, so it
// renders with no network. Thread-safe: const after construction, and the
// password check is called concurrently.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/service_set.hpp"
#include "web/static_files.hpp"
#include "web/throttle_tally.hpp"

namespace itemctl::web {

inline constexpr const char* kDocsPath = "/docs";
inline constexpr const char* kOpenApiPath = "/openapi.json";
inline constexpr const char* kRedocBundlePath = "/docs/redoc.standalone.js";
inline constexpr const char* kBasicChallenge = "Basic realm=\"itemctl\", charset=\"UTF-8\"";

// Username and password from an `Authorization: Basic <base64>` value;
// nullopt when absent or malformed.
struct BasicCredentials {
  std::string username;
  std::string password;
};
std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header);

class Docs {
 public:
  // The user behind a username and password sent from a client address:
  // kUnauthenticated (or kInvalidArgument, kNotFound) when there is none or
  // it is disabled, kThrottled when the login throttle refuses, other codes
  // when the check itself failed.
  using PasswordCheck = std::function<core::Result<core::User>(
      std::string_view username, std::string_view password, std::string_view client_address)>;

  // `openapi` is served as built; the Redoc bundle is the embedded one.
  Docs(const nlohmann::ordered_json& openapi, PasswordCheck check);

  // GET /docs and GET /openapi.json, given the Authorization header (empty
  // when absent) and the client's address. Refused credentials give a 401
  // response with `WWW-Authenticate: Basic` and {"detail": "Not
  // authenticated"} (no or malformed header) or {"detail": kInvalidLogin};
  // the Error is for the server to render: kThrottled (429) or a check that
  // could not run (kStorage, kInternal).
  core::Result<AssetResponse> Page(std::string_view authorization,
                                   std::string_view client_address) const;
  core::Result<AssetResponse> OpenApi(std::string_view authorization,
                                      std::string_view client_address) const;
  // GET /docs/redoc.standalone.js, with ETag/304 like any static file.
  AssetResponse Bundle(const ConditionalHeaders& conditions) const;

  const std::string& openapi_json() const { return openapi_json_; }

 private:
  // nullopt when the caller may proceed, else the 401 response or the Error.
  std::optional<core::Result<AssetResponse>> Refusal(std::string_view authorization,
                                                     std::string_view client_address) const;

  std::string openapi_json_;
  std::string page_;
  StaticFiles bundle_;
  PasswordCheck check_;
};

// A PasswordCheck running core::ThrottledLogin::CheckPassword (the login
// throttle, then core::Sessions) on services borrowed from `hub` for each
// call; refusals are logged and counted into `tally` (may be null). The hub
// must outlive the check.
Docs::PasswordCheck SessionsPasswordCheck(core::ServiceHub& hub,
                                          std::shared_ptr<ThrottleTally> tally = nullptr);

}  // namespace itemctl::web
