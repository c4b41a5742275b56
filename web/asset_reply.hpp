#pragma once
// Bridges the operations components (docs, static files) to the router:
// an AssetResponse as the Reply a route or the static fallback returns.

#include "web/reply.hpp"
#include "web/static_files.hpp"

namespace itemctl::web {

// Same status, headers and content type; the body is copied. A 304 or 404
// keeps an empty content type, so the router writes no Content-Type.
Reply ToReply(const AssetResponse& response);

}  // namespace itemctl::web
