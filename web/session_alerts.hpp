#pragma once
// The server's answer to session security events from core (SPEC §8): each
// refresh-token reuse is logged once, as a warning naming the session, user
// and platform (never a token), and counted in
// itemctl_refresh_token_reuse_total. Thread-safe; `metrics` must outlive it.

#include "core/domain/models.hpp"
#include "core/services/session_events.hpp"
#include "web/metrics.hpp"

namespace itemctl::web {

class SessionAlerts final : public core::SessionEvents {
 public:
  explicit SessionAlerts(Metrics& metrics) : metrics_(metrics) {}

  void RefreshTokenReused(const core::Session& session) override;

 private:
  Metrics& metrics_;
};

}  // namespace itemctl::web
