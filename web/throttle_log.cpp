#include "web/throttle_log.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace itemctl::web {

core::ThrottleEvents ThrottleLogEvents(std::string what, std::string_view client_address,
                                       const core::ThrottleConfig& config,
                                       std::shared_ptr<ThrottleTally> tally) {
  std::string client = core::AddressKey(client_address).subject;
  core::ThrottleEvents events;
  events.refused = [what, client, tally = std::move(tally)](const core::ThrottleKey& key,
                                                            std::int64_t wait) {
    if (tally) tally->Count(key.scope);
    spdlog::info("Login throttle: refused {} from {}: {} '{}' is locked, retry in {}s", what,
                 client, core::ScopeName(key.scope), key.subject, wait);
  };
  events.locked = [what = std::move(what), client = std::move(client),
                   window = config.window_seconds](const core::ThrottleKey& key,
                                                   std::int64_t failures) {
    spdlog::warn("Login throttle: {} '{}' locked after {} failed logins within {}s (last: {} "
                 "from {})",
                 core::ScopeName(key.scope), key.subject, failures, window, what, client);
  };
  return events;
}

}  // namespace itemctl::web
