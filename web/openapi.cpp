#include "web/openapi.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/services/sessions.hpp"
#include "core/services/versions.hpp"
#include "web/openapi_operations.hpp"
#include "web/openapi_schemas.hpp"

namespace itemctl::web {
namespace {

using json = nlohmann::ordered_json;
using openapi::Auth;
using openapi::ErrorCase;
using openapi::ApiOperations;
using openapi::Operation;

json ErrorResponse(const char* description, const std::vector<std::string>& details) {
  json media = {{"schema", SchemaRef("Detail")}};
  if (details.size() == 1) {
    media["example"] = {{"detail", details.front()}};
  } else {
    json examples = json::object();
    for (std::size_t i = 0; i < details.size(); ++i) {
      examples["case" + std::to_string(i + 1)] = {{"summary", details[i]},
                                                  {"value", {{"detail", details[i]}}}};
    }
    media["examples"] = std::move(examples);
  }
  return {{"description", description}, {"content", {{"application/json", std::move(media)}}}};
}

// The {name} parameters of a path template, in order.
std::vector<std::string> PathParameters(std::string_view path) {
  std::vector<std::string> names;
  for (std::size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    std::size_t close = path.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace_back(path.substr(open + 1, close - open - 1));
  }
  return names;
}

json BuildOperation(const Operation& op) {
  json parameters = json::array();
  std::vector<std::string> invalid;  // 422 details
  for (const std::string& name : PathParameters(op.path)) {
    parameters.push_back({{"name", name},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "integer"}, {"format", "int64"}, {"minimum", 1}}},
                          {"description", "Id of the " + name.substr(0, name.find('_')) + "."}});
    invalid.push_back(name + " must be an integer >= 1");
  }
  for (const json& query : op.query) parameters.push_back(query);
  if (op.version_checked) parameters.push_back({{"$ref", "#/components/parameters/XVersion"}});

  json responses = json::object();
  responses[std::to_string(op.status)] = {{"description", op.success_description}};
  if (!op.success_content.is_null()) {
    responses[std::to_string(op.status)]["content"] = op.success_content;
  }
  if (op.version_checked) {
    responses[std::to_string(op.status)]["headers"] = {
        {"Deprecation", {{"$ref", "#/components/headers/Deprecation"}}},
        {"Sunset", {{"$ref", "#/components/headers/Sunset"}}}};
  }
  for (const ErrorCase& error : op.errors) {
    std::vector<std::string> details(error.details.begin(), error.details.end());
    if (error.status == 422) details.insert(details.end(), invalid.begin(), invalid.end());
    responses[std::to_string(error.status)] = ErrorResponse(error.description, details);
  }
  if (!invalid.empty() && !responses.contains("422")) {
    responses["422"] = ErrorResponse("Malformed path parameter.", invalid);
  }
  if (!op.request_body.is_null()) {
    responses["413"] = ErrorResponse("The body is larger than the server accepts.",
                                     {"Payload Too Large"});
  }
  if (op.auth == Auth::kBearer) {
    json unauthorized = ErrorResponse("Missing, unknown, expired or revoked token.",
                                      {"Not authenticated", core::kInvalidCredentials});
    unauthorized["headers"] = {{"WWW-Authenticate", {{"$ref", "#/components/headers/Bearer"}}}};
    responses["401"] = std::move(unauthorized);
  } else if (op.auth == Auth::kBasic) {
    json unauthorized = ErrorResponse("Missing or wrong credentials, or an inactive account.",
                                      {"Not authenticated", core::kInvalidLogin});
    unauthorized["headers"] = {{"WWW-Authenticate", {{"$ref", "#/components/headers/Basic"}}}};
    responses["401"] = std::move(unauthorized);
  }
  if (op.version_checked) {
    responses["426"] = ErrorResponse("X-Version names an unsupported or unknown version.",
                                     {core::kVersionNotSupported});
  }
  if (op.uses_database) {
    responses["503"] = ErrorResponse("The database is unavailable.", {"Service Unavailable"});
  }

  json operation = {{"tags", {op.tag}},
                    {"operationId", op.operation_id},
                    {"summary", op.summary},
                    {"description", op.description},
                    {"responses", std::move(responses)}};
  if (!parameters.empty()) operation["parameters"] = std::move(parameters);
  if (!op.request_body.is_null()) operation["requestBody"] = op.request_body;
  switch (op.auth) {
    case Auth::kNone:
      operation["security"] = json::array();
      break;
    case Auth::kBearer:
      operation["security"] = {{{"bearerAuth", json::array()}}};
      break;
    case Auth::kBasic:
      operation["security"] = {{{"basicAuth", json::array()}}};
      break;
  }
  return operation;
}

json Tags() {
  return {
      {{"name", "Auth"}, {"description", "Password login, token refresh and sessions."}},
      {{"name", "Users"}, {"description", "Accounts; disabling keeps their data."}},
      {{"name", "Items"}, {"description", "The items users own."}},
      {{"name", "Roles"}, {"description", "The fixed roles: admin and user."}},
      {{"name", "Versions"},
       {"description", "Client API versions. Every other API route reads the optional "
                       "`X-Version` header and answers 426 for an unsupported one, before "
                       "checking credentials. A version announced for retirement is served "
                       "with `Deprecation` and `Sunset` headers until its sunset."}},
      {{"name", "Audit"},
       {"description", "The audit trail: who changed what, when and from where (admins)."}},
      {{"name", "Operations"},
       {"description", "Health, readiness, Prometheus metrics and this documentation."}},
  };
}

}  // namespace

const std::vector<RouteSpec>& UndocumentedRoutes() {
  static const std::vector<RouteSpec> routes = {{"GET", "/"},
                                                {"GET", "/docs/redoc.standalone.js"}};
  return routes;
}

nlohmann::ordered_json BuildOpenApi(std::string_view version) {
  json paths = json::object();
  for (const Operation& op : ApiOperations()) {
    std::string method(op.method);
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    paths[op.path][method] = BuildOperation(op);
  }
  json components = OpenApiComponents();
  components["parameters"]["XVersion"] = {
      {"name", "X-Version"},
      {"in", "header"},
      {"required", false},
      {"schema", {{"type", "string"}, {"example", "1.0"}}},
      {"description",
       "The client's API version (see GET /versions). Absent: accepted. For a version "
       "announced for retirement every response (errors too) carries the `Deprecation` and "
       "`Sunset` headers until its sunset; from then on the answer is 426."}};
  components["headers"]["Deprecation"] = {
      {"description",
       "RFC 9745: sent when X-Version names a version announced for retirement; `@` and the "
       "Unix time the announcement was made."},
      {"schema", {{"type", "string"}, {"example", "@1767225600"}}}};
  components["headers"]["Sunset"] = {
      {"description",
       "RFC 8594: sent with Deprecation; the HTTP-date from which the version is answered "
       "with 426 (the `sunset` of GET /versions)."},
      {"schema", {{"type", "string"}, {"example", "Sun, 31 Jan 2027 00:00:00 GMT"}}}};
  components["headers"]["Bearer"] = {{"description", "Always `Bearer`."},
                                     {"schema", {{"type", "string"}, {"example", "Bearer"}}}};
  components["headers"]["Basic"] = {
      {"description", "The Basic challenge."},
      {"schema", {{"type", "string"}, {"example", "Basic realm=\"itemctl\", charset=\"UTF-8\""}}}};
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "itemctl"},
            {"version", std::string(version)},
            {"description",
             "Item management API. Log in with POST /auth/token, then send "
             "`Authorization: Bearer <access_token>`. Every error is `{\"detail\": \"...\"}`."},
            {"x-logo", {{"url", "/logo.png"}, {"altText", "itemctl"}}}}},
          {"servers", {{{"url", "/"}, {"description", "This server."}}}},
          {"tags", Tags()},
          {"paths", std::move(paths)},
          {"components", std::move(components)}};
}

std::vector<RouteSpec> DocumentedRoutes(const nlohmann::ordered_json& document) {
  std::vector<RouteSpec> routes;
  if (!document.contains("paths")) return routes;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, unused] : item.items()) {
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      routes.push_back(RouteSpec{upper, path});
    }
  }
  std::sort(routes.begin(), routes.end());
  return routes;
}

std::vector<std::string> RouteCoverageProblems(const nlohmann::ordered_json& document,
                                               const std::vector<RouteSpec>& registered) {
  const std::vector<RouteSpec> documented_list = DocumentedRoutes(document);
  const std::set<RouteSpec> documented(documented_list.begin(), documented_list.end());
  const std::set<RouteSpec> exempt(UndocumentedRoutes().begin(), UndocumentedRoutes().end());
  const std::set<RouteSpec> served(registered.begin(), registered.end());
  std::vector<std::string> problems;
  for (const RouteSpec& route : served) {
    if (!documented.contains(route) && !exempt.contains(route)) {
      problems.push_back(route.method + " " + route.path + " is served but not documented");
    }
  }
  for (const RouteSpec& route : documented) {
    if (!served.contains(route)) {
      problems.push_back(route.method + " " + route.path + " is documented but not served");
    }
  }
  return problems;
}

}  // namespace itemctl::web
