#pragma once
// The `components` section of the OpenAPI document (schemas and security
// schemes), kept apart from the operations in web/openapi.cpp. Every schema
// mirrors one shape of web/json_mapping.hpp or a request body the routes
// parse.

#include <nlohmann/json.hpp>

namespace itemctl::web {

nlohmann::ordered_json OpenApiComponents();

// {"$ref": "#/components/schemas/<name>"}
nlohmann::ordered_json SchemaRef(const char* name);

}  // namespace itemctl::web
