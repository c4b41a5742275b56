#include "web/http_status.hpp"

#include <spdlog/spdlog.h>

#include "web/json_mapping.hpp"

namespace itemctl::web {

int HttpStatus(core::Errc code) {
  switch (code) {  // no default: -Werror=switch catches a new code
    case core::Errc::kInvalidArgument:    return 422;
    case core::Errc::kBadReference:       return 400;  // e.g. unknown role_id
    case core::Errc::kUnauthenticated:    return 401;
    case core::Errc::kPermissionDenied:   return 403;
    case core::Errc::kFailedPrecondition: return 409;  // "Cannot remove the last admin"
    case core::Errc::kThrottled:          return 429;
    case core::Errc::kOverloaded:         return 503;
    case core::Errc::kNotFound:           return 404;
    case core::Errc::kAlreadyExists:      return 409;
    case core::Errc::kUnsupportedVersion: return 426;
    case core::Errc::kSchemaOutOfDate:    return 503;  // someone must run `itemctl migrate`
    case core::Errc::kStorage:            return 503;
    case core::Errc::kInternal:           return 500;
  }
  return 500;
}

Reply ErrorReply(const core::Error& error) {
  int status = HttpStatus(error.code);
  bool server_side = status >= 500 && error.code != core::Errc::kOverloaded;
  // Logged here, at the edge, once per request, unless whoever detected it
  // reported it already (the pool's file watch reports each change once).
  if (server_side && !error.reported) spdlog::error("request failed: {}", error.message);
  // A detail (disk full, file missing) is written for clients; a message may
  // name paths, so without a detail the client gets the reason phrase.
  if (server_side && error.detail.empty()) return DetailReply(status, ReasonPhrase(status));
  Reply reply = DetailReply(status, error.ClientMessage());
  if (error.retry_after_seconds > 0) {
    reply.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  }
  if (status == 401) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  return reply;
}

Reply DetailReply(int status, const std::string& message) {
  return Reply::Json(status, Detail(message));
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

}  // namespace itemctl::web
