#include "web/session_alerts.hpp"

#include <spdlog/spdlog.h>

namespace itemctl::web {

void SessionAlerts::RefreshTokenReused(const core::Session& session) {
  spdlog::warn(
      "Refresh token reuse: a rotated-out refresh token of session {} (user {}, platform {}) "
      "was presented again; the session was ended",
      session.id, session.user_id, session.platform);
  metrics_.CountRefreshTokenReuse();
}

}  // namespace itemctl::web
