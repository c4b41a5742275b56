#pragma once
// The login throttle (SPEC §8) as the API routes use it: the address a
// request is counted under, and core::ThrottledLogin on the request's
// connection with events that log and count (web/throttle_log.hpp).

#include <string>

#include "core/services/throttled_login.hpp"
#include "web/app_context.hpp"

namespace httplib {
struct Request;
}  // namespace httplib

namespace itemctl::web {

// The client of `request`: its peer address, or the one X-Forwarded-For
// names when the peer is a --trust-proxy address.
std::string ClientAddressOf(const AppContext& app, const httplib::Request& request);

// core::ThrottledLogin over `services` with the settings of `app`, logging events
// about `what` ("POST /auth/token") from `client_address` and counting them
// into app.throttle_tally; pass the same `client_address` to its calls.
core::ThrottledLogin ThrottledLoginOf(const core::ServiceSet& services, const AppContext& app,
                                      std::string what, const std::string& client_address);

}  // namespace itemctl::web
