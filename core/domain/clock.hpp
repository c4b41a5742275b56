#pragma once
// Time as core sees it: whole seconds since the Unix epoch, UTC. The Clock
// seam lets tests move time (token expiry, purge) without sleeping.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace itemctl::core {

using UnixSeconds = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds Now() const = 0;
};

// Reads the system clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  UnixSeconds Now() const override;
};

// A clock tests set by hand; any thread may read it while the test moves it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixSeconds start) : now_(start) {}
  UnixSeconds Now() const override { return now_.load(); }
  void Set(UnixSeconds t) { now_.store(t); }
  void Advance(UnixSeconds seconds) { now_.fetch_add(seconds); }

 private:
  // Atomic: a test moves it while server threads read it.
  std::atomic<UnixSeconds> now_;
};

// "2023-10-15T20:40:10Z".
std::string FormatIso8601(UnixSeconds t);

// The inverse of FormatIso8601, and a bare date as midnight UTC: accepts
// exactly "2027-01-31" and "2027-01-31T12:00:00Z" (years 1970-9999, real
// calendar days, no leap second); nullopt for anything else.
std::optional<UnixSeconds> ParseIso8601(std::string_view text);

// The HTTP-date of RFC 9110 §5.6.7 (IMF-fixdate), as the Sunset header of
// RFC 8594 carries it: "Sun, 31 Jan 2027 00:00:00 GMT". Independent of
// the C locale.
std::string FormatHttpDate(UnixSeconds t);

// Parses "30s", "15m", "24h", "7d" or a bare number of seconds; nullopt when
// malformed or not positive.
std::optional<std::int64_t> ParseDurationSeconds(std::string_view text);

}  // namespace itemctl::core
