#pragma once
// The one mapping of core::Errc to HTTP (STYLE §2). The CLI has its own in
// cmd/exit_code.cpp.

#include "core/domain/error.hpp"
#include "web/reply.hpp"

namespace itemctl::web {

// The HTTP status for an error code.
int HttpStatus(core::Errc code);

// {"detail": error.ClientMessage()} with HttpStatus(error.code). A 401 carries
// `WWW-Authenticate: Bearer`. For 5xx errors without a fixed client wording the
// detail is generic ("Internal Server Error") and the message is logged
// instead, so file paths and SQLite messages stay out of responses.
Reply ErrorReply(const core::Error& error);

// {"detail": message} with `status`, for errors httplib or the router raise
// themselves (404, 405, 413, 414...).
Reply DetailReply(int status, const std::string& message);

// The standard reason phrase ("Not Found") for a status, or "Error".
const char* ReasonPhrase(int status);

}  // namespace itemctl::web
