// ISO 8601 and HTTP-date text of core/domain/clock.hpp.

#include "core/domain/clock.hpp"

#include <catch2/catch.hpp>

#include <ctime>
#include <optional>
#include <string>

#include "core/domain/validation.hpp"

using namespace itemctl;

TEST_CASE("a bare date is midnight UTC and a date-time is exact", "[core][clock]") {
  CHECK(core::ParseIso8601("2027-01-31") == std::optional<core::UnixSeconds>(1801353600));
  CHECK(core::ParseIso8601("2027-01-31T12:00:00Z") ==
        std::optional<core::UnixSeconds>(1801353600 + 12 * 3600));
  CHECK(core::ParseIso8601("1970-01-01") == std::optional<core::UnixSeconds>(0));
  CHECK(core::ParseIso8601("2024-02-29T23:59:59Z") == std::optional<core::UnixSeconds>(1709251199));
  // The inverse of FormatIso8601.
  CHECK(core::ParseIso8601(core::FormatIso8601(1697402410)) ==
        std::optional<core::UnixSeconds>(1697402410));
}

TEST_CASE("ISO 8601 text is what strftime prints, across leap days and years", "[core][clock]") {
  CHECK(core::FormatIso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(core::FormatIso8601(1709251199) == "2024-02-29T23:59:59Z");
  CHECK(core::FormatIso8601(253402300799) == "9999-12-31T23:59:59Z");
  CHECK(core::FormatIso8601(-1) == "1969-12-31T23:59:59Z");
  // Years past 9999 keep strftime's form.
  CHECK(core::FormatIso8601(253402300800) == "10000-01-01T00:00:00Z");
  // Every 7 777 777 s (about 90 days, drifting through hours and seconds)
  // from 1901 to 2100, against gmtime_r + strftime.
  for (core::UnixSeconds t = -2145916800; t < 4102444800; t += 7777777) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char expected[32];
    std::strftime(expected, sizeof expected, "%Y-%m-%dT%H:%M:%SZ", &tm);
    INFO(t);
    CHECK(core::FormatIso8601(t) == expected);
  }
}

TEST_CASE("anything but the two ISO 8601 forms is refused", "[core][clock]") {
  for (const char* bad :
       {"", "tomorrow", "2027-1-31", "2027-01-31T12:00:00", "2027-01-31T12:00Z",
        "2027-01-31 12:00:00Z", "2027-01-31T12:00:00+01:00", "2027-01-31t12:00:00z",
        "2027-02-29", "2027-13-01", "2027-00-10", "2027-01-32", "2027-01-31T24:00:00Z",
        "2027-01-31T12:60:00Z", "2027-01-31T12:00:60Z", "1969-12-31", "+027-01-31",
        "2027-01-31T12:00:00.5Z", "2027/01/31", "20270131", "2027-01-31Z"}) {
    INFO(bad);
    CHECK_FALSE(core::ParseIso8601(bad));
  }
}

TEST_CASE("HTTP-dates are IMF-fixdate in GMT", "[core][clock]") {
  CHECK(core::FormatHttpDate(1801353600) == "Sun, 31 Jan 2027 00:00:00 GMT");
  CHECK(core::FormatHttpDate(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(core::FormatHttpDate(1697402410) == "Sun, 15 Oct 2023 20:40:10 GMT");
  CHECK(core::FormatHttpDate(1709251199) == "Thu, 29 Feb 2024 23:59:59 GMT");
}

TEST_CASE("a malformed time names the field and the value", "[core][clock]") {
  auto parsed = core::ParseUtcTime("sunset date", "2027-01-31");
  REQUIRE(parsed);
  CHECK(*parsed == 1801353600);
  auto bad = core::ParseUtcTime("sunset date", "31/01/2027");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == core::Errc::kInvalidArgument);
  CHECK(bad.error().message ==
        "sunset date '31/01/2027' is invalid: use 2027-01-31 (midnight UTC) or "
        "2027-01-31T12:00:00Z");
}
