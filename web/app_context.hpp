#pragma once
// What every route shares: the connection pool, the clock, the password
// hasher and the settings from ServerOptions. Owned by the server; routes
// hold a reference for the server's lifetime.

#include <memory>

#include "core/config.hpp"
#include "core/domain/clock.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/session_events.hpp"
#include "core/storage/connection_pool.hpp"
#include "web/client_address.hpp"
#include "web/throttle_tally.hpp"

namespace itemctl::web {

struct AppContext {
  core::ConnectionPool& pool;
  const core::Clock& clock;
  const core::PasswordHasher& hasher;
  core::AuthConfig auth;
  core::ListingConfig listing;
  TrustedProxies trusted_proxies;  // whose X-Forwarded-For names the client
  // Login throttling (SPEC §8): the limits, and the refusals for the metrics.
  core::ThrottleConfig throttle = {};
  std::shared_ptr<ThrottleTally> throttle_tally = std::make_shared<ThrottleTally>();
  // Told of refresh-token reuse (log + metric); set before the server runs.
  core::SessionEvents* session_events = nullptr;
};

}  // namespace itemctl::web
