#pragma once
// Login attempts the throttle refused since the server started, by scope,
// for itemctl_login_throttled_total (SPEC §8). The routes count into it and
// the metrics read it at scrape time. Thread-safe.

#include <array>
#include <atomic>
#include <cstdint>

#include "core/domain/throttle_key.hpp"

namespace itemctl::web {

class ThrottleTally {
 public:
  void Count(core::ThrottleScope scope) {
    refused_[Index(scope)].fetch_add(1, std::memory_order_relaxed);
  }
  std::int64_t Refused(core::ThrottleScope scope) const {
    return refused_[Index(scope)].load(std::memory_order_relaxed);
  }

 private:
  static std::size_t Index(core::ThrottleScope scope) {
    return scope == core::ThrottleScope::kAccount ? 0 : 1;
  }
  std::array<std::atomic<std::int64_t>, 2> refused_{};
};

}  // namespace itemctl::web
