#include "web/sunset_headers.hpp"

#include <string>

namespace itemctl::web {

void AddSunsetHeaders(const core::VersionSunset& sunset, Reply& reply) {
  // RFC 9745's Deprecation is the date the deprecation took effect: the
  // version counts as deprecated from the moment the admin announced its
  // sunset, which also keeps that date before the Sunset one, as the RFC
  // expects of the pair.
  reply.headers.emplace_back(kDeprecationHeader, "@" + std::to_string(sunset.announced_at));
  reply.headers.emplace_back(kSunsetHeader, core::FormatHttpDate(sunset.at));
}

}  // namespace itemctl::web
