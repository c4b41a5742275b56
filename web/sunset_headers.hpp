#pragma once
// The response headers that tell a client its X-Version is being retired
// (SPEC §10): Deprecation (RFC 9745) and Sunset (RFC 8594). The router adds
// them to every response to a request whose version has a sunset announced;
// the metrics observer counts the responses that carry them.

#include "core/domain/models.hpp"
#include "web/reply.hpp"

namespace itemctl::web {

inline constexpr const char* kDeprecationHeader = "Deprecation";
inline constexpr const char* kSunsetHeader = "Sunset";

// Appends `Deprecation: @<announced_at>` and `Sunset: <HTTP-date of at>`.
void AddSunsetHeaders(const core::VersionSunset& sunset, Reply& reply);

}  // namespace itemctl::web
