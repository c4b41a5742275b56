#include "web/docs.hpp"

#include <array>
#include <utility>

#include "core/services/service_set.hpp"
#include "web/throttle_log.hpp"

namespace itemctl::embedded {
std::span<const EmbeddedFile> RedocBundle();
}  // namespace itemctl::embedded

namespace itemctl::web {
namespace {

constexpr std::string_view kNotAuthenticated = "Not authenticated";

// Strict RFC 4648 base64 (padding required); nullopt on any other byte.
std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::array<int, 4> quad{};
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const bool last_quad = i + 4 == text.size();
      if (c == '=' && last_quad && j >= 2 && (j == 3 || text[i + 3] == '=')) {
        ++padding;
        quad[j] = 0;
        continue;
      }
      if (padding > 0) return std::nullopt;
      quad[j] = value(c);
      if (quad[j] < 0) return std::nullopt;
    }
    const unsigned bits = (static_cast<unsigned>(quad[0]) << 18) |
                          (static_cast<unsigned>(quad[1]) << 12) |
                          (static_cast<unsigned>(quad[2]) << 6) | static_cast<unsigned>(quad[3]);
    out += static_cast<char>((bits >> 16) & 0xff);
    if (padding < 2) out += static_cast<char>((bits >> 8) & 0xff);
    if (padding < 1) out += static_cast<char>(bits & 0xff);
  }
  return out;
}

// The document inside a <script> element: every '<', '>' and '&' escaped
// as \u00XX, so no string in it can close the element.
std::string ScriptSafeJson(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderPage(const std::string& openapi_json) {
  std::string page = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>itemctl API</title>
<link rel="icon" type="image/png" href="/logo.png">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<div id="redoc-container"></div>
<noscript>This page needs JavaScript. The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<script id="openapi-document" type="application/json">)";
  page += ScriptSafeJson(openapi_json);
  page += R"(</script>
<script src=")";
  page += kRedocBundlePath;
  page += R"("></script>
<script>
Redoc.init(JSON.parse(document.getElementById("openapi-document").textContent),
           {expandResponses: "200,201", hideDownloadButton: false},
           document.getElementById("redoc-container"));
</script>
</body>
</html>
)";
  return page;
}

AssetResponse Unauthorized(std::string_view detail) {
  nlohmann::json body = {{"detail", detail}};
  AssetResponse response = AssetResponse::Text(401, "application/json", body.dump());
  response.headers.emplace_back("WWW-Authenticate", kBasicChallenge);
  return response;
}


}  // namespace

std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header) {
  constexpr std::string_view kScheme = "basic ";
  if (header.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = header[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kScheme[i]) return std::nullopt;
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  std::optional<std::string> decoded = DecodeBase64(token);
  if (!decoded) return std::nullopt;
  std::size_t colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

Docs::Docs(const nlohmann::ordered_json& openapi, PasswordCheck check)
    : openapi_json_(openapi.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
      page_(RenderPage(openapi_json_)),
      bundle_(StaticFiles::FromFiles(embedded::RedocBundle(), ExecutableModifiedTime())),
      check_(std::move(check)) {}

std::optional<core::Result<AssetResponse>> Docs::Refusal(std::string_view authorization,
                                                         std::string_view client_address) const {
  std::optional<BasicCredentials> credentials = ParseBasicAuthorization(authorization);
  if (!credentials) return Unauthorized(kNotAuthenticated);
  core::Result<core::User> user =
      check_(credentials->username, credentials->password, client_address);
  if (user) {
    if (user->activated) return std::nullopt;
    return Unauthorized(core::kInvalidLogin);
  }
  const core::Errc code = user.error().code;
  if (code == core::Errc::kUnauthenticated || code == core::Errc::kInvalidArgument ||
      code == core::Errc::kNotFound) {
    return Unauthorized(core::kInvalidLogin);
  }
  return core::Result<AssetResponse>(user.error());
}

core::Result<AssetResponse> Docs::Page(std::string_view authorization,
                                      std::string_view client_address) const {
  if (std::optional<core::Result<AssetResponse>> refusal =
          Refusal(authorization, client_address)) {
    return *refusal;
  }
  AssetResponse response;
  response.status = 200;
  response.content_type = "text/html; charset=utf-8";
  response.body = page_;
  response.headers = {{"Cache-Control", "no-store"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"Content-Security-Policy",
                       "default-src 'none'; script-src 'self' 'unsafe-inline'; "
                       "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                       "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:"}};
  return response;
}

core::Result<AssetResponse> Docs::OpenApi(std::string_view authorization,
                                      std::string_view client_address) const {
  if (std::optional<core::Result<AssetResponse>> refusal =
          Refusal(authorization, client_address)) {
    return *refusal;
  }
  AssetResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = openapi_json_;
  response.headers = {{"Cache-Control", "no-store"}};
  return response;
}

AssetResponse Docs::Bundle(const ConditionalHeaders& conditions) const {
  return bundle_.Lookup("/redoc.standalone.js", conditions);
}

Docs::PasswordCheck SessionsPasswordCheck(core::ServiceHub& hub,
                                          std::shared_ptr<ThrottleTally> tally) {
  return [&hub, tally = std::move(tally)](
             std::string_view username, std::string_view password,
             std::string_view client_address) -> core::Result<core::User> {
    core::Result<core::ServiceLease> services = hub.Acquire();
    if (!services) return services.error();
    core::ThrottledLogin login = (*services)->throttled_login(ThrottleLogEvents(
        "Basic auth of the docs", client_address, hub.deps().throttle, tally));
    return login.CheckPassword(username, password, client_address);
  };
}

}  // namespace itemctl::web
