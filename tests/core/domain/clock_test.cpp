// ISO 8601 and HTTP-date text of core/domain/clock.hpp.

#include "core/domain/clock.hpp"

#include <catch2/catch.hpp>

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
