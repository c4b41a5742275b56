#pragma once
// Settings core needs, filled in by the front ends from flags, ITEMCTL_*
// environment variables and defaults (in that order of precedence).

#include <cstdint>

namespace itemctl::core {

struct AuthConfig {
  std::int64_t access_ttl_seconds = 120 * 60;         // SPEC: 120 minutes
  std::int64_t refresh_ttl_seconds = 200LL * 86400;   // SPEC: 200 days
  int max_sessions_per_user = 5;                      // oldest evicted beyond this
  // Absolute session lifetime from login (SPEC §8); refresh never extends
  // it. 0 means the refresh lifetime.
  std::int64_t session_max_age_seconds = 0;

  std::int64_t SessionMaxAge() const {
    return session_max_age_seconds > 0 ? session_max_age_seconds : refresh_ttl_seconds;
  }
};

// How long the audit trail keeps an event (SPEC §10: --audit-retention).
inline constexpr std::int64_t kDefaultAuditRetentionSeconds = 365LL * 86400;

struct ListingConfig {
  std::int64_t default_limit = 20;
  std::int64_t max_limit = 20;  // larger requests are clamped to this
};

// The password-guessing throttle (SPEC §8): failed logins counted per
// account name and per client address over a sliding window.
struct ThrottleConfig {
  int max_failures_per_account = 5;
  int max_failures_per_address = 50;
  std::int64_t window_seconds = 15 * 60;
};

}  // namespace itemctl::core
