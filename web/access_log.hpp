#pragma once
// The access log of SPEC §5: one info line per request with status,
// duration, response size, method, path and query, X-Version and user agent.
// Never the Authorization header, a body, or a token: the query values of
// access_token, refresh_token, token and password are replaced by "***".

#include <string>
#include <string_view>

#include "web/router.hpp"

namespace itemctl::web {

// `127.0.0.1 "GET /items?page=2 HTTP/1.1" 200 1234B 0.52ms version=1.0 agent="curl/7.88.1"`
// with "-" for an absent X-Version. Control characters are escaped.
std::string FormatAccessLine(const RequestRecord& record);

// `target` with the values of secret query parameters replaced by "***".
std::string RedactTarget(std::string_view target);

// Logs FormatAccessLine(record) at info level on spdlog's default logger.
RequestObserver AccessLogObserver();

}  // namespace itemctl::web
