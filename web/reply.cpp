#include "web/reply.hpp"

namespace itemctl::web {

Reply Reply::Json(int status, const nlohmann::json& body) {
  Reply reply;
  reply.status = status;
  reply.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return reply;
}

Reply Reply::Redirect(std::string location) {
  Reply reply;
  reply.status = 307;
  reply.content_type.clear();
  reply.headers.emplace_back("Location", std::move(location));
  return reply;
}

}  // namespace itemctl::web
