#pragma once
// A request the edge refuses before httplib sees it (SPEC §8 "Request edge",
// "Slow clients"): the status, a client-facing detail, and a reason from a
// small fixed set, which labels itemctl_http_refused_total.

#include <string>

namespace itemctl::web {

enum class RefusalReason {
  kBodyTooLarge,        // 413
  kBadFraming,          // 400: CL with TE, unknown TE, bad Content-Length, bad chunks
  kContentEncoding,     // 415: compressed bodies are never inflated
  kHeadTooLarge,        // 431: a header line, the whole head, or the field count
  kUriTooLong,          // 414
  kHeadTimeout,         // 408: the head did not arrive in time
  kBodyTooSlow,         // 408: the body arrived under the minimum rate
  kTooManyConnections,  // 503: the per-address connection cap
};

// "body_too_large", "bad_framing"...: the metric label.
const char* RefusalLabel(RefusalReason reason);

struct Refusal {
  int status = 400;
  RefusalReason reason = RefusalReason::kBadFraming;
  std::string detail;
};

// The whole HTTP/1.1 response: {"detail": ...} JSON and `Connection: close`.
std::string RenderRefusal(const Refusal& refusal);

}  // namespace itemctl::web
