#include "web/openapi.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>


namespace itemctl::web {
namespace {

using json = nlohmann::ordered_json;

// SPEC §2, route by route: the document must describe exactly these.
const std::vector<RouteSpec> kSpecRoutes = {
    {"DELETE", "/auth/sessions/{session_id}"}, {"DELETE", "/items/{item_id}"},
    {"DELETE", "/users/{user_id}"},            {"GET", "/audit"},
    {"GET", "/auth/me"},                       {"GET", "/auth/sessions"},
    {"GET", "/docs"},
    {"GET", "/healthz"},                       {"GET", "/items"},
    {"GET", "/items/{item_id}"},               {"GET", "/metrics"},
    {"GET", "/openapi.json"},                  {"GET", "/readyz"},
    {"GET", "/roles"},                         {"GET", "/roles/{role_id}"},
    {"GET", "/users"},                         {"GET", "/users/{user_id}"},
    {"GET", "/versions"},                      {"PATCH", "/items/{item_id}"},
    {"PATCH", "/users/{user_id}"},             {"POST", "/auth/logout"},
    {"POST", "/auth/refresh"},                 {"POST", "/auth/token"},
    {"POST", "/items"},                        {"POST", "/users"},
};

std::vector<json> Operations(const json& document) {
  std::vector<json> operations;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      json copy = operation;
      copy["x-route"] = method + " " + path;
      operations.push_back(copy);
    }
  }
  return operations;
}

bool HasXVersion(const json& operation) {
  if (!operation.contains("parameters")) return false;
  for (const json& parameter : operation["parameters"]) {
    if (parameter.value("$ref", "") == "#/components/parameters/XVersion") return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the document describes exactly the routes of the SPEC", "[web][openapi]") {
  json document = BuildOpenApi("1.0.0");
  CHECK(DocumentedRoutes(document) == kSpecRoutes);
}

TEST_CASE("the document's header names the API, its logo, tags and security schemes",
          "[web][openapi]") {
  json document = BuildOpenApi("1.2.3");
  CHECK(document["openapi"] == "3.0.3");
  CHECK(document["info"]["title"] == "itemctl");
  CHECK(document["info"]["version"] == "1.2.3");
  CHECK(document["info"]["x-logo"]["url"] == "/logo.png");
  std::vector<std::string> tags;
  for (const json& tag : document["tags"]) tags.push_back(tag["name"]);
  CHECK(tags == std::vector<std::string>{"Auth", "Users", "Items", "Roles", "Versions",
                                         "Audit", "Operations"});
  const json& schemes = document["components"]["securitySchemes"];
  CHECK(schemes["bearerAuth"] == json({{"type", "http"}, {"scheme", "bearer"},
                                       {"description", schemes["bearerAuth"]["description"]}}));
  CHECK(schemes["basicAuth"]["scheme"] == "basic");
}

TEST_CASE("every operation is tagged, named and answers errors as {detail}", "[web][openapi]") {
  json document = BuildOpenApi("1.0.0");
  std::set<std::string> ids;
  for (const json& operation : Operations(document)) {
    INFO(operation["x-route"]);
    CHECK(operation["tags"].size() == 1);
    CHECK_FALSE(operation["summary"].get<std::string>().empty());
    CHECK(ids.insert(operation["operationId"].get<std::string>()).second);
    CHECK(operation.contains("security"));
    for (const auto& [status, response] : operation["responses"].items()) {
      if (status[0] == '4' || status[0] == '5') {
        CHECK(response["content"]["application/json"]["schema"]["$ref"] ==
              "#/components/schemas/Detail");
      }
    }
  }
}

TEST_CASE("status codes follow each route's traits", "[web][openapi]") {
  json document = BuildOpenApi("1.0.0");
  const json& paths = document["paths"];
  // Bearer routes: 401 with the Bearer challenge; X-Version: 426.
  const json& get_item = paths["/items/{item_id}"]["get"];
  CHECK(get_item["security"] == json::parse(R"([{"bearerAuth": []}])"));
  CHECK(get_item["responses"]["401"]["headers"]["WWW-Authenticate"]["$ref"] ==
        "#/components/headers/Bearer");
  CHECK(get_item["responses"]["426"]["content"]["application/json"]["example"] ==
        json({{"detail", "Version not supported anymore"}}));
  CHECK(get_item["responses"]["404"]["content"]["application/json"]["example"] ==
        json({{"detail", "Item not found"}}));
  CHECK(get_item["responses"]["422"]["content"]["application/json"]["example"] ==
        json({{"detail", "item_id must be an integer >= 1"}}));
  CHECK(HasXVersion(get_item));
  // /versions is exempt from the version check and public.
  const json& versions = paths["/versions"]["get"];
  CHECK_FALSE(HasXVersion(versions));
  CHECK_FALSE(versions["responses"].contains("426"));
  CHECK(versions["security"] == json::array());
  // Docs routes use Basic.
  CHECK(paths["/openapi.json"]["get"]["security"] == json::parse(R"([{"basicAuth": []}])"));
  CHECK(paths["/docs"]["get"]["responses"]["401"]["headers"]["WWW-Authenticate"]["$ref"] ==
        "#/components/headers/Basic");
  // Creation is 201, with the SPEC's messages for each failure.
  const json& create_user = paths["/users"]["post"]["responses"];
  CHECK(create_user.contains("201"));
  CHECK(create_user["409"]["content"]["application/json"]["example"]["detail"] ==
        "Username already taken");
  CHECK(create_user["400"]["content"]["application/json"]["example"]["detail"] ==
        "Role not found");
  CHECK(create_user["403"]["content"]["application/json"]["example"]["detail"] ==
        "Forbidden access: User cannot access this resource");
  CHECK(paths["/users/{user_id}"]["patch"]["responses"]["403"]["content"]["application/json"]
             ["examples"]
                 .size() == 4);
  // Login takes JSON or the OAuth2 form.
  const json& login = paths["/auth/token"]["post"];
  CHECK(login["requestBody"]["content"].contains("application/json"));
  CHECK(login["requestBody"]["content"].contains("application/x-www-form-urlencoded"));
  CHECK(login["responses"]["401"]["content"]["application/json"]["example"]["detail"] ==
        "Invalid credentials or inactive account");
}

TEST_CASE("version sunset is described: the headers and the sunset field", "[web][openapi]") {
  json document = BuildOpenApi("1.0.0");
  const json& components = document["components"];
  CHECK(components["headers"]["Deprecation"]["schema"]["example"] == "@1767225600");
  CHECK(components["headers"]["Sunset"]["schema"]["example"] == "Sun, 31 Jan 2027 00:00:00 GMT");
  const std::string x_version = components["parameters"]["XVersion"]["description"];
  CHECK(x_version.find("`Deprecation` and `Sunset`") != std::string::npos);
  // Every version-checked operation names both headers on its success.
  for (const json& operation : Operations(document)) {
    INFO(operation["x-route"].get<std::string>());
    if (!HasXVersion(operation)) continue;
    const auto success = operation["responses"].begin();
    CHECK(success.value()["headers"]["Deprecation"]["$ref"] == "#/components/headers/Deprecation");
    CHECK(success.value()["headers"]["Sunset"]["$ref"] == "#/components/headers/Sunset");
  }
  CHECK_FALSE(document["paths"]["/versions"]["get"]["responses"]["200"].contains("headers"));
  const json& version = components["schemas"]["Version"];
  CHECK(version["properties"]["sunset"]["format"] == "date-time");
  CHECK(version["properties"]["sunset"]["nullable"] == true);
  CHECK(version["required"] == json::parse(R"(["id", "version", "supported", "sunset"])"));
}

TEST_CASE("route coverage names every route served but undocumented, and the reverse",
          "[web][openapi]") {
  json document = BuildOpenApi("1.0.0");
  std::vector<RouteSpec> served = kSpecRoutes;
  served.push_back({"GET", "/"});
  served.push_back({"GET", "/docs/redoc.standalone.js"});
  CHECK(RouteCoverageProblems(document, served).empty());

  served.push_back({"GET", "/items/{item_id}/history"});
  served.erase(std::find(served.begin(), served.end(), RouteSpec{"GET", "/roles/{role_id}"}));
  CHECK(RouteCoverageProblems(document, served) ==
        std::vector<std::string>{"GET /items/{item_id}/history is served but not documented",
                                 "GET /roles/{role_id} is documented but not served"});
}

}  // namespace itemctl::web
