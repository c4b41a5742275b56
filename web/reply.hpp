#pragma once
// What a route hands back: a status, a body and its content type, and any
// extra headers. Routes build replies; the router writes them to httplib.

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace itemctl::web {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  // `body` serialized compactly; invalid UTF-8 in strings is replaced, never
  // thrown on.
  static Reply Json(int status, const nlohmann::json& body);
  // 307 to `location` with an empty body (FastAPI's RedirectResponse).
  static Reply Redirect(std::string location);
};

}  // namespace itemctl::web
