#include "core/domain/clock.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace itemctl::core {

namespace {

// The `digits` decimal digits at text[at...]; nullopt unless all are digits.
std::optional<int> Digits(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Writes `value` as `digits` zero-padded decimal digits at text[at...].
void PutDigits(std::string& text, std::size_t at, std::size_t digits, int value) {
  for (std::size_t i = at + digits; i > at; --i) {
    text[i - 1] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

UnixSeconds SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatIso8601(UnixSeconds t) {
  // From the civil date, not strftime: its locale machinery was a tenth of
  // the CPU of `item list --all --json`. Years outside 0000-9999 (never
  // stored by itemctl) keep strftime's form.
  using namespace std::chrono;
  const sys_seconds at{seconds{t}};
  const sys_days day = floor<days>(at);
  const year_month_day date{day};
  const int y = static_cast<int>(date.year());
  if (y < 0 || y > 9999) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
  }
  const hh_mm_ss<seconds> time{at - day};
  std::string text = "0000-00-00T00:00:00Z";
  PutDigits(text, 0, 4, y);
  PutDigits(text, 5, 2, static_cast<int>(static_cast<unsigned>(date.month())));
  PutDigits(text, 8, 2, static_cast<int>(static_cast<unsigned>(date.day())));
  PutDigits(text, 11, 2, static_cast<int>(time.hours().count()));
  PutDigits(text, 14, 2, static_cast<int>(time.minutes().count()));
  PutDigits(text, 17, 2, static_cast<int>(time.seconds().count()));
  return text;
}

std::optional<UnixSeconds> ParseIso8601(std::string_view text) {
  constexpr std::size_t kDateLength = 10;      // 2027-01-31
  constexpr std::size_t kDateTimeLength = 20;  // 2027-01-31T12:00:00Z
  if (text.size() != kDateLength && text.size() != kDateTimeLength) return std::nullopt;
  std::optional<int> year = Digits(text, 0, 4);
  std::optional<int> month = Digits(text, 5, 2);
  std::optional<int> day = Digits(text, 8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (*year < 1970 || !date.ok()) return std::nullopt;
  UnixSeconds t = std::chrono::sys_seconds(std::chrono::sys_days(date)).time_since_epoch().count();
  if (text.size() == kDateLength) return t;
  std::optional<int> hour = Digits(text, 11, 2);
  std::optional<int> minute = Digits(text, 14, 2);
  std::optional<int> second = Digits(text, 17, 2);
  if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  return t + *hour * 3600 + *minute * 60 + *second;
}

std::string FormatHttpDate(UnixSeconds t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[static_cast<std::size_t>(tm.tm_wday)],
                tm.tm_mday, kMonths[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<std::int64_t> ParseDurationSeconds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t unit = 1;
  switch (text.back()) {
    case 's': unit = 1; text.remove_suffix(1); break;
    case 'm': unit = 60; text.remove_suffix(1); break;
    case 'h': unit = 3600; text.remove_suffix(1); break;
    case 'd': unit = 86400; text.remove_suffix(1); break;
    default: break;
  }
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty() || value <= 0) return std::nullopt;
  if (value > INT64_MAX / unit) return std::nullopt;
  return value * unit;
}

}  // namespace itemctl::core
