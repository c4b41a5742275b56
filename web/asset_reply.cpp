#include "web/asset_reply.hpp"

namespace itemctl::web {

Reply ToReply(const AssetResponse& response) {
  Reply reply;
  reply.status = response.status;
  reply.content_type = response.content_type;
  reply.body = std::string(response.body);
  reply.headers = response.headers;
  return reply;
}

}  // namespace itemctl::web
