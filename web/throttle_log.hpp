#pragma once
// What the login throttle reports (SPEC §8), logged and counted: a lock at
// warning, a refused attempt at info, with account names and addresses in
// their throttle form (bounded, no control characters) and never a
// password; refusals are also counted into a ThrottleTally for the metrics.

#include <memory>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/services/login_throttle.hpp"
#include "web/throttle_tally.hpp"

namespace itemctl::web {

// Events for attempts at `what` ("POST /auth/token") from `client_address`;
// `tally` may be null. The events are thread-safe.
core::ThrottleEvents ThrottleLogEvents(std::string what, std::string_view client_address,
                                       const core::ThrottleConfig& config,
                                       std::shared_ptr<ThrottleTally> tally);

}  // namespace itemctl::web
