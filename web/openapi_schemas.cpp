#include "web/openapi_schemas.hpp"

#include <string>

#include "core/domain/audit.hpp"
#include "core/domain/validation.hpp"
#include "core/services/sessions.hpp"

namespace itemctl::web {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kTimeExample = "2023-10-15T20:40:10Z";

// Tokens are 128 characters of [A-Za-z0-9]; examples must be as long.
std::string TokenExample(char first) {
  std::string token(1, first);
  const std::string_view cycle = "k7Qw2ZpX9mB4tR6yL1vN8cF3hJ5sD0gA";
  while (token.size() < core::kTokenLength) token += cycle[token.size() % cycle.size()];
  return token;
}

json Integer(const char* description, std::int64_t example) {
  return {{"type", "integer"}, {"format", "int64"}, {"description", description},
          {"example", example}};
}

json Text(const char* description, const char* example) {
  return {{"type", "string"}, {"description", description}, {"example", example}};
}

json Time(const char* description, bool nullable) {
  json schema = {{"type", "string"}, {"format", "date-time"}, {"description", description},
                 {"example", kTimeExample}};
  if (nullable) schema["nullable"] = true;
  return schema;
}

json Object(json properties, json required, const char* description) {
  return {{"type", "object"},
          {"description", description},
          {"properties", std::move(properties)},
          {"required", std::move(required)}};
}

json UserProperties() {
  return {{"id", Integer("User id.", 2)},
          {"username",
           {{"type", "string"},
            {"minLength", 1},
            {"maxLength", core::kMaxUsernameLength},
            {"description", "Unique login name."},
            {"example", "bob"}}},
          {"role_id", Integer("1 for admin, 2 for user.", 2)},
          {"activated", {{"type", "boolean"}, {"description", "False once disabled."},
                         {"example", true}}},
          {"created_at", Time("Creation time, UTC.", false)},
          {"updated_at", Time("Time of the last update, null until the first.", true)}};
}

json PageSchema(const char* key, const char* row, const char* description) {
  return Object({{"page", Integer("The page returned, from 1.", 1)},
                 {"limit", Integer("Rows per page after clamping to the maximum.", 20)},
                 {"total", Integer("Rows matching the filters, on every page.", 1)},
                 {key, {{"type", "array"}, {"items", SchemaRef(row)}}}},
                {"page", "limit", "total", key}, description);
}

json Schemas() {
  json password = {{"type", "string"},
                   {"minLength", core::kMinPasswordLength},
                   {"maxLength", core::kMaxPasswordLength},
                   {"format", "password"},
                   {"description", "Plain password; stored only as an Argon2id hash."},
                   {"example", "correct-horse-42"}};
  json platform = {{"type", "string"},
                   {"maxLength", core::kMaxPlatformLength},
                   {"default", core::kDefaultPlatform},
                   {"description", "Device the session is for: web, ios, android, cli..."},
                   {"example", "web"}};
  json item_name = {{"type", "string"},
                    {"minLength", 1},
                    {"maxLength", core::kMaxItemNameLength},
                    {"description", "Unique item name."},
                    {"example", "Sample item"}};
  json description = {{"type", "string"},
                      {"nullable", true},
                      {"maxLength", core::kMaxDescriptionLength},
                      {"description", "Free text."},
                      {"example", "A thing worth tracking"}};
  json user_created_properties = UserProperties();
  user_created_properties["password"] = Text(
      "The generated password, present only when none was given; shown once.", "kX8rT2mQ9vLp");
  return {
      {"Detail", Object({{"detail", Text("What went wrong.", "Item not found")}}, {"detail"},
                        "Every error, and some confirmations.")},
      {"LoginRequest",
       Object({{"username", Text("Login name.", "bob")}, {"password", password},
               {"platform", platform}},
              {"username", "password"}, "Password login as JSON.")},
      {"LoginForm",
       Object({{"grant_type", {{"type", "string"}, {"enum", {"password"}},
                               {"description", "RFC 6749 §4.3."}, {"example", "password"}}},
               {"username", Text("Login name.", "bob")},
               {"password", password},
               {"platform", platform}},
              {"grant_type", "username", "password"}, "Password login as an OAuth2 form.")},
      {"RefreshRequest",
       Object({{"refresh_token", {{"type", "string"}, {"description", "The refresh token of the session."},
                                  {"example", TokenExample('Z')}}}},
              {"refresh_token"}, "Refresh token exchange.")},
      {"Token",
       Object({{"id", Integer("The user's id.", 2)},
               {"access_token", {{"type", "string"}, {"minLength", core::kTokenLength},
                                 {"description", "Bearer token for Authorization."},
                                 {"example", TokenExample('a')}}},
               {"refresh_token", {{"type", "string"}, {"minLength", core::kTokenLength},
                                  {"description", "Exchanged at /auth/refresh."},
                                  {"example", TokenExample('Z')}}},
               {"expires", Integer("Access token lifetime in seconds.", 7200)},
               {"token_type", {{"type", "string"}, {"enum", {"bearer"}},
                               {"example", "bearer"}}}},
              {"id", "access_token", "refresh_token", "expires", "token_type"},
              "A fresh pair of tokens; both rotate at every refresh.")},
      {"Session",
       Object({{"id", Integer("Session id.", 7)},
               {"user_id", Integer("Owner.", 2)},
               {"platform", Text("Device the session is for.", "ios")},
               {"created_at", Time("Login time.", false)},
               {"last_used_at", Time("Last request with its access token.", true)},
               {"access_expires_at", Time("When the access token expires.", false)},
               {"refresh_expires_at", Time("When the session ends unless refreshed.", false)}},
              {"id", "user_id", "platform", "created_at", "last_used_at", "access_expires_at",
               "refresh_expires_at"},
              "One logged-in device. Tokens are never shown.")},
      {"User", Object(UserProperties(),
                      {"id", "username", "role_id", "activated", "created_at", "updated_at"},
                      "A user as anyone may see it; never a password hash.")},
      {"UserCreated",
       Object(user_created_properties,
              {"id", "username", "role_id", "activated", "created_at", "updated_at"},
              "The new user, with its generated password when none was given.")},
      {"UserCreate",
       Object({{"username", UserProperties()["username"]},
               {"role_id", Integer("Role of the new user.", 2)},
               {"password", password}},
              {"username", "role_id"}, "A new user; the password is generated when absent.")},
      {"UserUpdate",
       Object({{"username", UserProperties()["username"]},
               {"password", password},
               {"role_id", Integer("New role; only an admin may grant admin.", 2)},
               {"activated", {{"type", "boolean"}, {"description", "Admins only."},
                              {"example", true}}}},
              json::array(), "Fields to change; absent fields are kept.")},
      {"UserPage", PageSchema("users", "User", "One page of users.")},
      {"Item",
       Object({{"id", Integer("Item id.", 1)}, {"name", item_name}, {"description", description},
               {"user_id", Integer("Owner.", 2)}, {"created_at", Time("Creation time.", false)},
               {"updated_at", Time("Time of the last update, null until the first.", true)}},
              {"id", "name", "description", "user_id", "created_at", "updated_at"}, "An item.")},
      {"ItemCreate", Object({{"name", item_name}, {"description", description}}, {"name"},
                            "A new item, owned by the caller.")},
      {"ItemUpdate", Object({{"name", item_name}, {"description", description}}, json::array(),
                            "Fields to change; absent fields are kept.")},
      {"ItemPage", PageSchema("items", "Item", "One page of items.")},
      {"Role", Object({{"id", Integer("Role id.", 1)}, {"name", Text("Role name.", "admin")}},
                      {"id", "name"}, "A role.")},
      {"Version",
       Object({{"id", Integer("Version id.", 9)},
               {"version", Text("Client API version, as sent in X-Version.", "1.0")},
               {"supported", {{"type", "boolean"}, {"example", true},
                              {"description", "False: requests announcing it get 426 (also "
                                              "once its sunset has passed)."}}},
               {"sunset", Time("When the version stops being served (426 from then on), UTC; "
                               "until then its responses carry Deprecation and Sunset headers. "
                               "Null when no retirement is announced.",
                               true)}},
              {"id", "version", "supported", "sunset"}, "An API version clients may announce.")},
      {"AuditEvent",
       Object({{"id", Integer("Event id; newer events have larger ids.", 41)},
               {"at", Time("When the change was made, UTC.", false)},
               {"actor", Text("The username, or cli:<os user> for the command line.", "admin")},
               {"actor_id", {{"type", "integer"}, {"format", "int64"}, {"nullable", true},
                             {"description", "The acting user's id; null for the CLI."},
                             {"example", 1}}},
               {"source", {{"type", "string"}, {"enum", {"api", "cli"}}, {"example", "api"}}},
               {"address", {{"type", "string"}, {"nullable", true}, {"example", "203.0.113.7"},
                            {"description", "The API client's address; null for the CLI."}}},
               {"action", {{"type", "string"}, {"enum", core::AuditActions()},
                           {"example", "user.disable"}}},
               {"target",
                Object({{"type", Text("What was changed: user, item, version, session or "
                                      "database.", "user")},
                        {"id", {{"type", "integer"}, {"format", "int64"}, {"nullable", true},
                                {"example", 7}}},
                        {"name", {{"type", "string"}, {"nullable", true}, {"example", "bob"}}}},
                       {"type", "id", "name"}, "The changed object.")},
               {"changes", {{"type", "object"}, {"additionalProperties", true},
                            {"example", {{"activated", false}}},
                            {"description", "Changed fields and their new values; a new "
                                            "password shows as \"(changed)\", never its "
                                            "value."}}}},
              {"id", "at", "actor", "actor_id", "source", "address", "action", "target",
               "changes"},
              "One recorded change.")},
      {"AuditPage", PageSchema("events", "AuditEvent", "One page of audit events, newest "
                                                       "first.")},
      {"Health", Object({{"status", Text("Always ok when answered.", "ok")}}, {"status"},
                        "Liveness or readiness.")},
  };
}

}  // namespace

nlohmann::ordered_json SchemaRef(const char* name) {
  return {{"$ref", std::string("#/components/schemas/") + name}};
}

nlohmann::ordered_json OpenApiComponents() {
  return {{"schemas", Schemas()},
          {"securitySchemes",
           {{"bearerAuth",
             {{"type", "http"},
              {"scheme", "bearer"},
              {"description", "The access_token of POST /auth/token, as "
                              "`Authorization: Bearer <token>`."}}},
            {"basicAuth",
             {{"type", "http"},
              {"scheme", "basic"},
              {"description", "Any activated user's username and password; only for the "
                              "documentation routes."}}}}}};
}

}  // namespace itemctl::web
