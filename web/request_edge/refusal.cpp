#include "web/request_edge/refusal.hpp"

#include "web/http_status.hpp"

namespace itemctl::web {

const char* RefusalLabel(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::kBodyTooLarge:       return "body_too_large";
    case RefusalReason::kBadFraming:         return "bad_framing";
    case RefusalReason::kContentEncoding:    return "content_encoding";
    case RefusalReason::kHeadTooLarge:       return "head_too_large";
    case RefusalReason::kUriTooLong:         return "uri_too_long";
    case RefusalReason::kHeadTimeout:        return "head_timeout";
    case RefusalReason::kBodyTooSlow:        return "body_too_slow";
    case RefusalReason::kTooManyConnections: return "too_many_connections";
  }
  return "bad_framing";
}

std::string RenderRefusal(const Refusal& refusal) {
  Reply reply = DetailReply(refusal.status, refusal.detail);
  std::string out = "HTTP/1.1 " + std::to_string(refusal.status) + " " +
                    ReasonPhrase(refusal.status) + "\r\nContent-Type: " + reply.content_type +
                    "\r\nContent-Length: " + std::to_string(reply.body.size()) +
                    "\r\nConnection: close\r\n\r\n";
  out += reply.body;
  return out;
}

}  // namespace itemctl::web
