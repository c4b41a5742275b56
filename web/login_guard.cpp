#include "web/login_guard.hpp"

#include <httplib.h>

#include <utility>

#include "web/throttle_log.hpp"

namespace itemctl::web {

std::string ClientAddressOf(const AppContext& app, const httplib::Request& request) {
  return app.trusted_proxies.ClientAddress(request.remote_addr,
                                           request.get_header_value("X-Forwarded-For"));
}

core::ThrottledLogin ThrottledLoginOf(const core::ServiceSet& services, const AppContext& app,
                                      std::string what, const std::string& client_address) {
  return services.throttled_login(ThrottleLogEvents(
      std::move(what), client_address, services.deps().throttle, app.throttle_tally));
}

}  // namespace itemctl::web
