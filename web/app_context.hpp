#pragma once
// What every route shares: the services (core's composition root, over the
// database of --db), the clock and the settings from ServerOptions that
// only the web layer reads. Owned by the server; routes hold a reference
// for the server's lifetime.

#include <memory>

#include "core/config.hpp"
#include "core/domain/clock.hpp"
#include "core/services/service_set.hpp"
#include "web/client_address.hpp"
#include "web/throttle_tally.hpp"

namespace itemctl::web {

struct AppContext {
  core::ServiceHub& services;
  const core::Clock& clock;
  core::ListingConfig listing;
  TrustedProxies trusted_proxies;  // whose X-Forwarded-For names the client
  // Login throttling (SPEC §8): the refusals for the metrics. The limits
  // are services.deps().throttle.
  std::shared_ptr<ThrottleTally> throttle_tally = std::make_shared<ThrottleTally>();
};

}  // namespace itemctl::web
