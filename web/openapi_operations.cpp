#include "web/openapi_operations.hpp"

#include <utility>

#include "core/services/login_throttle.hpp"
#include "core/services/sessions.hpp"
#include "web/openapi_schemas.hpp"

namespace itemctl::web::openapi {
namespace {

using json = nlohmann::ordered_json;

const char* const kForbidden = "Forbidden access: User cannot access this resource";

json JsonContent(json schema) { return {{"application/json", {{"schema", std::move(schema)}}}}; }

json DetailContent(const char* example) {
  return {{"application/json",
           {{"schema", SchemaRef("Detail")}, {"example", {{"detail", example}}}}}};
}

json ArrayOf(const char* name) { return {{"type", "array"}, {"items", SchemaRef(name)}}; }

json JsonBody(const char* schema) {
  return {{"required", true}, {"content", JsonContent(SchemaRef(schema))}};
}

json QueryParam(const char* name, json schema, const char* description) {
  return {{"name", name}, {"in", "query"}, {"required", false}, {"schema", std::move(schema)},
          {"description", description}};
}

json Filter(const char* name, const char* description) {
  return QueryParam(name, {{"type", "string"}}, description);
}

std::vector<json> Paged(std::vector<json> filters) {
  filters.push_back(QueryParam("page", {{"type", "integer"}, {"minimum", 1}, {"default", 1}},
                               "Page to return, from 1."));
  filters.push_back(QueryParam(
      "limit", {{"type", "integer"}, {"minimum", 1}, {"default", 20}},
      "Rows per page; a value above the server's maximum is clamped to it."));
  return filters;
}

// Paged, plus the keyset cursor only items offer.
std::vector<json> ItemsPaged(std::vector<json> filters) {
  std::vector<json> params = Paged(std::move(filters));
  params.push_back(QueryParam(
      "after_id", {{"type", "integer"}, {"minimum", 0}},
      "Return the items with an id above this one (the last id of the previous page) instead "
      "of a `page`; excludes `page`, and the reply's `page` is 1."));
  return params;
}

std::vector<Operation> AuthOperations() {
  json login_body = {
      {"required", true},
      {"content",
       {{"application/json", {{"schema", SchemaRef("LoginRequest")}}},
        {"application/x-www-form-urlencoded", {{"schema", SchemaRef("LoginForm")}}}}}};
  const ErrorCase bad_login_body{422, "Missing or malformed field.",
                                 {"field 'username' is required"}};
  const ErrorCase throttled{429,
                            "Too many failed logins for this account or from this address; "
                            "`Retry-After` says when to try again.",
                            {core::kTooManyAttempts}};
  return {
      {.method = "POST", .path = "/auth/token", .tag = "Auth", .operation_id = "login",
       .summary = "Log in with a password",
       .description = "Opens a session for `platform` and returns its tokens. A user keeps a "
                      "bounded number of sessions; a new login evicts the oldest.",
       .request_body = login_body, .success_description = "The new session's tokens.",
       .success_content = JsonContent(SchemaRef("Token")),
       .errors = {{401, "Unknown user, wrong password or disabled account.",
                   {core::kInvalidLogin}},
                  bad_login_body, throttled}},
      {.method = "POST", .path = "/auth/refresh", .tag = "Auth",
       .operation_id = "refreshTokens", .summary = "Refresh the tokens",
       .description = "Rotates both tokens of the session; the old pair stops working. A "
                      "rotated-out refresh token presented again ends the whole session. "
                      "Rotation never extends a session past its maximum age.",
       .request_body = JsonBody("RefreshRequest"), .success_description = "The new tokens.",
       .success_content = JsonContent(SchemaRef("Token")),
       .errors = {{401, "Unknown or expired refresh token, or disabled account.",
                   {core::kInvalidCredentials}},
                  {422, "Missing field.", {"field 'refresh_token' is required"}}, throttled}},
      {.method = "GET", .path = "/auth/me", .tag = "Auth", .operation_id = "getCurrentUser",
       .summary = "Show the current user", .description = "The user the token belongs to.",
       .auth = Auth::kBearer, .success_description = "The caller.",
       .success_content = JsonContent(SchemaRef("User"))},
      {.method = "POST", .path = "/auth/logout", .tag = "Auth", .operation_id = "logout",
       .summary = "Log out", .description = "Ends this session only.", .auth = Auth::kBearer,
       .success_description = "Session ended.",
       .success_content = DetailContent("User 2 successfully logged out")},
      {.method = "GET", .path = "/auth/sessions", .tag = "Auth", .operation_id = "listSessions",
       .summary = "List my sessions",
       .description = "The caller's live sessions, newest first; never their tokens.",
       .auth = Auth::kBearer, .success_description = "The sessions.",
       .success_content = JsonContent(ArrayOf("Session"))},
      {.method = "DELETE", .path = "/auth/sessions/{session_id}", .tag = "Auth",
       .operation_id = "revokeSession", .summary = "Revoke a session",
       .description = "Ends one of the caller's sessions; an admin may end anyone's.",
       .auth = Auth::kBearer, .success_description = "Session ended.",
       .success_content = DetailContent("Revoked Session 7"),
       .errors = {{403, "Another user's session, for a non-admin.", {kForbidden}},
                  {404, "No such session.", {"Session not found"}}}},
  };
}

std::vector<Operation> UserOperations() {
  const ErrorCase not_found{404, "No such user.", {"User not found"}};
  return {
      {.method = "POST", .path = "/users", .tag = "Users", .operation_id = "createUser",
       .summary = "Create a user",
       .description = "Admins only. Without `password`, one is generated and returned once.",
       .auth = Auth::kBearer, .request_body = JsonBody("UserCreate"), .status = 201,
       .success_description = "The new user.",
       .success_content = JsonContent(SchemaRef("UserCreated")),
       .errors = {{400, "role_id names no role.", {"Role not found"}},
                  {403, "The caller is not an admin.", {kForbidden}},
                  {409, "The username is taken.", {"Username already taken"}},
                  {422, "Missing or malformed field.", {"field 'username' is required"}}}},
      {.method = "GET", .path = "/users", .tag = "Users", .operation_id = "listUsers",
       .summary = "List users", .description = "Sorted by id, one page at a time.",
       .auth = Auth::kBearer,
       .query = Paged({Filter("username", "Case-insensitive substring of the username."),
                       QueryParam("activated", {{"type", "boolean"}},
                                  "Only activated (true) or disabled (false) users.")}),
       .success_description = "One page of users.",
       .success_content = JsonContent(SchemaRef("UserPage")),
       .errors = {{422, "Malformed query parameter.", {"page must be an integer >= 1"}}}},
      {.method = "GET", .path = "/users/{user_id}", .tag = "Users", .operation_id = "getUser",
       .summary = "Show a user", .description = "Any signed-in user may look.",
       .auth = Auth::kBearer, .success_description = "The user.",
       .success_content = JsonContent(SchemaRef("User")), .errors = {not_found}},
      {.method = "PATCH", .path = "/users/{user_id}", .tag = "Users",
       .operation_id = "updateUser", .summary = "Update a user",
       .description = "Admins, or the user themself for username and password. A new "
                      "password ends the user's other sessions (all of them when an admin "
                      "sets it).",
       .auth = Auth::kBearer, .request_body = JsonBody("UserUpdate"),
       .success_description = "The updated user.",
       .success_content = JsonContent(SchemaRef("User")),
       .errors = {{400, "role_id names no role.", {"Role not found"}},
                  {403, "Not allowed for this caller.",
                   {"Forbidden access: Cannot edit a different User without being an admin",
                    "Forbidden access: Cannot edit an admin user",
                    "Forbidden access: Cannot elevate your own permissions to Admin",
                    "Forbidden access: Cannot enable/disable a user as a non-admin user"}},
                  not_found,
                  {409, "The username is taken, or the change would demote or disable the "
                        "last active admin.",
                   {"Username already taken", "Cannot remove the last admin"}},
                  {422, "Malformed field.", {"field 'activated' must be a boolean"}}}},
      {.method = "DELETE", .path = "/users/{user_id}", .tag = "Users",
       .operation_id = "disableUser", .summary = "Disable a user",
       .description = "Admins, or the user themself; an admin may not disable another "
                      "admin. Deactivates the account and ends all its sessions; its data "
                      "is kept.",
       .auth = Auth::kBearer, .success_description = "User disabled.",
       .success_content = DetailContent("Disabled User 2"),
       .errors = {{403, "Another user, for a non-admin; another admin, for an admin.",
                   {kForbidden, "Forbidden access: Cannot edit an admin user"}},
                  not_found,
                  {409, "The user is the last active admin.", {"Cannot remove the last admin"}}}},
  };
}

std::vector<Operation> ItemOperations() {
  const ErrorCase not_found{404, "No such item.", {"Item not found"}};
  const ErrorCase forbidden{403, "Neither an admin nor the owner.", {kForbidden}};
  const ErrorCase conflict{409, "Another item has the name.",
                           {"Item with the same name already exists"}};
  return {
      {.method = "POST", .path = "/items", .tag = "Items", .operation_id = "createItem",
       .summary = "Create an item", .description = "The caller owns the new item.",
       .auth = Auth::kBearer, .request_body = JsonBody("ItemCreate"), .status = 201,
       .success_description = "The new item.",
       .success_content = JsonContent(SchemaRef("Item")),
       .errors = {conflict, {422, "Missing or malformed field.", {"field 'name' is required"}}}},
      {.method = "GET", .path = "/items", .tag = "Items", .operation_id = "listItems",
       .summary = "List items",
       .description = "Sorted by id, one page at a time: by `page`, or after the last id seen "
                      "with `after_id`, which costs the same however deep (a `page` costs "
                      "the rows it skips).",
       .auth = Auth::kBearer,
       .query = ItemsPaged({Filter("name", "Case-insensitive substring of the name."),
                            Filter("description",
                                   "Case-insensitive substring of the description.")}),
       .success_description = "One page of items.",
       .success_content = JsonContent(SchemaRef("ItemPage")),
       .errors = {{422, "Malformed query parameter.", {"limit must be an integer >= 1"}}}},
      {.method = "GET", .path = "/items/{item_id}", .tag = "Items", .operation_id = "getItem",
       .summary = "Show an item", .description = "Any signed-in user may look.",
       .auth = Auth::kBearer, .success_description = "The item.",
       .success_content = JsonContent(SchemaRef("Item")), .errors = {not_found}},
      {.method = "PATCH", .path = "/items/{item_id}", .tag = "Items",
       .operation_id = "updateItem", .summary = "Update an item",
       .description = "Admins or the owner. Keeping the item's own name is not a conflict.",
       .auth = Auth::kBearer, .request_body = JsonBody("ItemUpdate"),
       .success_description = "The updated item.",
       .success_content = JsonContent(SchemaRef("Item")),
       .errors = {forbidden, not_found, conflict,
                  {422, "Malformed field.", {"field 'name' must be a string"}}}},
      {.method = "DELETE", .path = "/items/{item_id}", .tag = "Items",
       .operation_id = "deleteItem", .summary = "Delete an item",
       .description = "Admins or the owner.", .auth = Auth::kBearer,
       .success_description = "Item deleted.", .success_content = DetailContent("Deleted Item 1"),
       .errors = {forbidden, not_found}},
  };
}

std::vector<Operation> CatalogOperations() {
  return {
      {.method = "GET", .path = "/roles", .tag = "Roles", .operation_id = "listRoles",
       .summary = "List roles", .description = "No credentials needed.",
       .success_description = "Every role.", .success_content = JsonContent(ArrayOf("Role"))},
      {.method = "GET", .path = "/roles/{role_id}", .tag = "Roles", .operation_id = "getRole",
       .summary = "Show a role", .description = "No credentials needed.",
       .success_description = "The role.", .success_content = JsonContent(SchemaRef("Role")),
       .errors = {{404, "No such role.", {"Role not found"}}}},
      {.method = "GET", .path = "/versions", .tag = "Versions", .operation_id = "listVersions",
       .summary = "List API versions",
       .description = "Every version a client may announce in X-Version, whether it is "
                      "still served and when it stops being served, if announced. Not subject "
                      "to the version check itself.",
       .version_checked = false, .success_description = "Every version.",
       .success_content = JsonContent(ArrayOf("Version"))},
  };
}

std::vector<Operation> AuditOperations() {
  return {
      {.method = "GET", .path = "/audit", .tag = "Audit", .operation_id = "listAuditEvents",
       .summary = "List audit events",
       .description = "Admins only. Every change made by an admin or through the CLI, newest "
                      "first, one page at a time.",
       .auth = Auth::kBearer,
       .query = Paged({Filter("actor", "Only events by this actor (exact username, or "
                                       "cli:<os user>)."),
                       Filter("action", "Only events of this action, e.g. user.disable."),
                       Filter("since", "Only events at or after this UTC time: 2027-01-31 "
                                       "(midnight) or 2027-01-31T12:00:00Z.")}),
       .success_description = "One page of audit events.",
       .success_content = JsonContent(SchemaRef("AuditPage")),
       .errors = {{403, "The caller is not an admin.", {kForbidden}},
                  {422, "Malformed query parameter or unknown action.",
                   {"page must be an integer >= 1"}}}},
  };
}

std::vector<Operation> OperationsRoutes() {
  const json health = {{"application/json", {{"schema", SchemaRef("Health")},
                                             {"example", {{"status", "ok"}}}}}};
  return {
      {.method = "GET", .path = "/healthz", .tag = "Operations", .operation_id = "healthz",
       .summary = "Liveness", .description = "Answers while the process is up.",
       .version_checked = false, .uses_database = false,
       .success_description = "The process is up.", .success_content = health},
      {.method = "GET", .path = "/readyz", .tag = "Operations", .operation_id = "readyz",
       .summary = "Readiness",
       .description = "Answers 200 when the database answers and its schema is current.",
       .version_checked = false, .success_description = "Ready to serve.",
       .success_content = {{"application/json", {{"schema", SchemaRef("Health")},
                                                 {"example", {{"status", "ready"}}}}}}},
      {.method = "GET", .path = "/metrics", .tag = "Operations", .operation_id = "metrics",
       .summary = "Prometheus metrics",
       .description = "The Prometheus text exposition format: request counts and latencies "
                      "by route template, process figures and itemctl's own counters.",
       .version_checked = false, .uses_database = false,
       .success_description = "The metrics.",
       .success_content = {{"text/plain", {{"schema", {{"type", "string"}}}}}}},
      {.method = "GET", .path = "/openapi.json", .tag = "Operations",
       .operation_id = "openapi", .summary = "This document",
       .description = "The OpenAPI document of this API.", .auth = Auth::kBasic,
       .version_checked = false, .success_description = "The OpenAPI document.",
       .success_content = JsonContent({{"type", "object"}})},
      {.method = "GET", .path = "/docs", .tag = "Operations", .operation_id = "docs",
       .summary = "API documentation page",
       .description = "This documentation, rendered by Redoc from the embedded bundle.",
       .auth = Auth::kBasic, .version_checked = false,
       .success_description = "The HTML page.",
       .success_content = {{"text/html", {{"schema", {{"type", "string"}}}}}}},
  };
}

}  // namespace

std::vector<Operation> ApiOperations() {
  std::vector<Operation> all;
  for (auto* group : {&AuthOperations, &UserOperations, &ItemOperations, &CatalogOperations,
                      &AuditOperations, &OperationsRoutes}) {
    for (Operation& op : group()) all.push_back(std::move(op));
  }
  return all;
}

}  // namespace itemctl::web::openapi
