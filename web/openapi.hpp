#pragma once
// The OpenAPI 3 document of SPEC §2 served at GET /openapi.json, and the
// check that keeps it in step with the routes the server registers: a route
// served but not documented (or documented but not served) is a reported
// problem, which the tests and the server's start-up turn into a failure.
// Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace itemctl::web {

// One (method, path template) pair; templates use {name} parameters.
struct RouteSpec {
  std::string method;  // the HTTP method in upper case, as on the wire ("GET")
  std::string path;    // "/items/{item_id}"

  bool operator==(const RouteSpec&) const = default;
  auto operator<=>(const RouteSpec&) const = default;
};

// Routes served on purpose without an operation in the document: the `/`
// redirect and the Redoc bundle (static files are not routes).
const std::vector<RouteSpec>& UndocumentedRoutes();

// The document: info (with `version` and x-logo /logo.png), tags Auth,
// Users, Items, Roles, Versions and Operations, the Bearer and Basic
// security schemes, every operation with its parameters, request body,
// responses (every error as {"detail"}) and examples.
nlohmann::ordered_json BuildOpenApi(std::string_view version);

// Every (method, path) the document describes, sorted.
std::vector<RouteSpec> DocumentedRoutes(const nlohmann::ordered_json& document);

// One sentence per mismatch between `registered` and the document:
//   "GET /items/{item_id}/history is served but not documented"
//   "PUT /roles/{role_id} is documented but not served"
// Routes in UndocumentedRoutes() are neither. Empty when they agree.
std::vector<std::string> RouteCoverageProblems(const nlohmann::ordered_json& document,
                                               const std::vector<RouteSpec>& registered);

// (method, path) of any route table whose rows have `method` and `path`
// strings, such as Router::routes().
template <typename Routes>
std::vector<RouteSpec> RouteSpecsOf(const Routes& routes) {
  std::vector<RouteSpec> specs;
  for (const auto& route : routes) specs.push_back(RouteSpec{route.method, route.path});
  return specs;
}

}  // namespace itemctl::web
