#pragma once
// The operations of the OpenAPI document as data: one row per route of SPEC
// §2 with what it needs, accepts and answers. web/openapi.cpp turns the rows
// into the document and adds what follows from each row's traits (X-Version
// and 426, 401 with its challenge, 413 for bodies, 422 for path ids, 503).

#include <vector>

#include <nlohmann/json.hpp>

namespace itemctl::web::openapi {

enum class Auth { kNone, kBearer, kBasic };

// A failure answered besides the derived ones; one example per fixed message.
struct ErrorCase {
  int status;
  const char* description = nullptr;
  std::vector<const char*> details;
};

struct Operation {
  const char* method = nullptr;
  const char* path = nullptr;
  const char* tag = nullptr;
  const char* operation_id = nullptr;
  const char* summary = nullptr;
  const char* description = nullptr;
  Auth auth = Auth::kNone;
  bool version_checked = true;
  bool uses_database = true;
  std::vector<nlohmann::ordered_json> query{};  // parameters besides X-Version and path ids
  nlohmann::ordered_json request_body{};      // null: none
  int status = 200;
  const char* success_description = "OK";
  nlohmann::ordered_json success_content{};  // a media-type map; null: no body
  std::vector<ErrorCase> errors{};
};

// Every documented operation, grouped by tag.
std::vector<Operation> ApiOperations();

}  // namespace itemctl::web::openapi
