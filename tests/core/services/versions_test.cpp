#include "core/services/versions.hpp"

#include <catch2/catch.hpp>

#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

const core::Actor kUser{2, false};

// A migrated database and Versions on it, with a clock the test moves.
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions{db->store(), clock};
};

constexpr core::UnixSeconds kDay = 86400;

}  // namespace

TEST_CASE("the seeded versions are listed in id order", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  auto list = versions.List();
  REQUIRE(list);
  REQUIRE(list->size() == 9);
  CHECK(list->front().version == "0.1");
  CHECK_FALSE(list->front().supported);
  CHECK(list->back().version == "1.0");
  CHECK(list->back().supported);
  for (std::size_t i = 1; i < list->size(); ++i) CHECK((*list)[i - 1].id < (*list)[i].id);
}

TEST_CASE("a supported version passes the check", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  CHECK(versions.Check("1.0"));
}

TEST_CASE("an unsupported or unknown version fails the check", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  auto old = versions.Check("0.3");
  REQUIRE_FALSE(old);
  CHECK(old.error().code == core::Errc::kUnsupportedVersion);
  CHECK(old.error().message == "version '0.3' is not supported anymore");
  CHECK(old.error().detail == "Version not supported anymore");
  auto unknown = versions.Check("9.9");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == core::Errc::kUnsupportedVersion);
  CHECK(unknown.error().message == "version '9.9' is unknown");
  CHECK(unknown.error().detail == "Version not supported anymore");
}

TEST_CASE("adding a version makes it known at once", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  auto added = versions.Add(core::Actor::System(), "1.1", true);
  REQUIRE(added);
  CHECK(added->id == 10);
  CHECK(added->version == "1.1");
  CHECK(added->supported);
  CHECK(versions.Check("1.1"));
  auto hidden = versions.Add(core::Actor::System(), "2.0-beta", false);
  REQUIRE(hidden);
  CHECK_FALSE(versions.Check("2.0-beta"));
}

TEST_CASE("adding an existing or malformed version fails", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  auto twice = versions.Add(core::Actor::System(), "1.0", true);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == core::Errc::kAlreadyExists);
  CHECK(twice.error().message == "version '1.0' already exists");
  auto bad = versions.Add(core::Actor::System(), "one point oh", true);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == core::Errc::kInvalidArgument);
  CHECK(bad.error().message ==
        "version 'one point oh' is invalid: use 1-32 letters, digits, '.', '_' or '-'");
}

TEST_CASE("deprecating and supporting a version flips the check", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  auto deprecated = versions.SetSupported(core::Actor::System(), "1.0", false);
  REQUIRE(deprecated);
  CHECK(deprecated->version == "1.0");
  CHECK_FALSE(deprecated->supported);
  auto refused = versions.Check("1.0");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == "version '1.0' is not supported anymore");
  auto revived = versions.SetSupported(core::Actor::System(), "0.8", true);
  REQUIRE(revived);
  CHECK(revived->id == 8);
  CHECK(revived->supported);
  CHECK(versions.Check("0.8"));
}

TEST_CASE("changing an unknown version is kNotFound", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  auto missing = versions.SetSupported(core::Actor::System(), "9.9", true);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "version '9.9' not found");
}

TEST_CASE("only admins add or change versions", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  auto add = versions.Add(kUser, "1.1", true);
  REQUIRE_FALSE(add);
  CHECK(add.error().code == core::Errc::kPermissionDenied);
  CHECK(add.error().message == "Forbidden access: User cannot access this resource");
  auto change = versions.SetSupported(kUser, "1.0", false);
  REQUIRE_FALSE(change);
  CHECK(change.error().code == core::Errc::kPermissionDenied);
  CHECK(versions.Check("1.0"));
}

TEST_CASE("the check reads the database on every call", "[db][core][versions]") {
  Fixture f;
  core::Versions& versions = f.versions;
  CHECK(versions.Check("1.0"));
  f.db->Exec("UPDATE versions SET supported = false WHERE version = '1.0'");
  CHECK_FALSE(versions.Check("1.0"));
}

TEST_CASE("a sunset keeps the version served with the sunset until the date",
          "[db][core][versions]") {
  Fixture f;
  auto announced = f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch + 30 * kDay);
  REQUIRE(announced);
  CHECK(announced->version == "1.0");
  CHECK(announced->supported);
  REQUIRE(announced->sunset);
  CHECK(announced->sunset->at == test::kEpoch + 30 * kDay);
  CHECK(announced->sunset->announced_at == test::kEpoch);

  f.clock.Advance(30 * kDay - 1);
  auto before = f.versions.Check("1.0");
  REQUIRE(before);
  REQUIRE(before->sunset);
  CHECK(before->sunset->at == test::kEpoch + 30 * kDay);
  CHECK(before->sunset->announced_at == test::kEpoch);
  // Other versions carry no sunset.
  REQUIRE(f.versions.Add(core::Actor::System(), "1.1", true));
  auto other = f.versions.Check("1.1");
  REQUIRE(other);
  CHECK_FALSE(other->sunset);
}

TEST_CASE("from its sunset on a version is unsupported", "[db][core][versions]") {
  Fixture f;
  REQUIRE(f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch + kDay));
  f.clock.Advance(kDay);
  auto at = f.versions.Check("1.0");
  REQUIRE_FALSE(at);
  CHECK(at.error().code == core::Errc::kUnsupportedVersion);
  CHECK(at.error().message == "version '1.0' was retired at 2023-10-16T20:40:10Z");
  CHECK(at.error().detail == "Version not supported anymore");
  f.clock.Advance(365 * kDay);
  CHECK(f.versions.Check("1.0").error().code == core::Errc::kUnsupportedVersion);
  // The listing says so too, and keeps the date.
  auto list = f.versions.List();
  REQUIRE(list);
  CHECK_FALSE(list->back().supported);
  REQUIRE(list->back().sunset);
  CHECK(list->back().sunset->at == test::kEpoch + kDay);
  // Supporting it again leaves the passed sunset in force; clearing lifts it.
  auto supported = f.versions.SetSupported(core::Actor::System(), "1.0", true);
  REQUIRE(supported);
  CHECK_FALSE(supported->supported);
  auto cleared = f.versions.Sunset(core::Actor::System(), "1.0", std::nullopt);
  REQUIRE(cleared);
  CHECK(cleared->supported);
  CHECK_FALSE(cleared->sunset);
  auto served = f.versions.Check("1.0");
  REQUIRE(served);
  CHECK_FALSE(served->sunset);
}

TEST_CASE("clearing a sunset removes it and is harmless without one", "[db][core][versions]") {
  Fixture f;
  REQUIRE(f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch + kDay));
  auto cleared = f.versions.Sunset(core::Actor::System(), "1.0", std::nullopt);
  REQUIRE(cleared);
  CHECK_FALSE(cleared->sunset);
  f.clock.Advance(2 * kDay);
  auto served = f.versions.Check("1.0");
  REQUIRE(served);
  CHECK_FALSE(served->sunset);
  auto again = f.versions.Sunset(core::Actor::System(), "1.0", std::nullopt);
  REQUIRE(again);
  CHECK_FALSE(again->sunset);
  // An unsupported version may be cleared too.
  CHECK(f.versions.Sunset(core::Actor::System(), "0.3", std::nullopt));
}

TEST_CASE("a later sunset replaces the earlier one", "[db][core][versions]") {
  Fixture f;
  REQUIRE(f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch + kDay));
  f.clock.Advance(60);
  auto moved = f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch + 10 * kDay);
  REQUIRE(moved);
  CHECK(moved->sunset->at == test::kEpoch + 10 * kDay);
  CHECK(moved->sunset->announced_at == test::kEpoch + 60);
  f.clock.Advance(kDay);
  CHECK(f.versions.Check("1.0"));
  // Past its sunset, a version may be given a new one: served again until then.
  f.clock.Advance(10 * kDay);
  REQUIRE_FALSE(f.versions.Check("1.0"));
  auto extended = f.versions.Sunset(core::Actor::System(), "1.0", f.clock.Now() + kDay);
  REQUIRE(extended);
  CHECK(extended->supported);
  auto served = f.versions.Check("1.0");
  REQUIRE(served);
  REQUIRE(served->sunset);
  CHECK(served->sunset->at == f.clock.Now() + kDay);
}

TEST_CASE("a sunset needs a known supported version and a future date",
          "[db][core][versions]") {
  Fixture f;
  auto missing = f.versions.Sunset(core::Actor::System(), "9.9", test::kEpoch + kDay);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "version '9.9' not found");
  auto missing_clear = f.versions.Sunset(core::Actor::System(), "9.9", std::nullopt);
  REQUIRE_FALSE(missing_clear);
  CHECK(missing_clear.error().code == core::Errc::kNotFound);
  CHECK(missing_clear.error().message == "version '9.9' not found");

  auto unsupported = f.versions.Sunset(core::Actor::System(), "0.3", test::kEpoch + kDay);
  REQUIRE_FALSE(unsupported);
  CHECK(unsupported.error().code == core::Errc::kFailedPrecondition);
  CHECK(unsupported.error().message ==
        "version '0.3' is not supported: there is nothing to sunset");

  auto now = f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch);
  REQUIRE_FALSE(now);
  CHECK(now.error().code == core::Errc::kInvalidArgument);
  CHECK(now.error().message == "sunset date '2023-10-15T20:40:10Z' is not in the future: "
                               "deprecate the version to retire it now");
  auto past = f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch - kDay);
  REQUIRE_FALSE(past);
  CHECK(past.error().code == core::Errc::kInvalidArgument);
  // Nothing changed.
  auto list = f.versions.List();
  REQUIRE(list);
  for (const core::ApiVersion& version : *list) CHECK_FALSE(version.sunset);
}

TEST_CASE("only admins announce or clear a sunset", "[db][core][versions]") {
  Fixture f;
  auto announce = f.versions.Sunset(kUser, "1.0", test::kEpoch + kDay);
  REQUIRE_FALSE(announce);
  CHECK(announce.error().code == core::Errc::kPermissionDenied);
  CHECK(announce.error().message == "Forbidden access: User cannot access this resource");
  REQUIRE(f.versions.Sunset(core::Actor::System(), "1.0", test::kEpoch + kDay));
  auto clear = f.versions.Sunset(kUser, "1.0", std::nullopt);
  REQUIRE_FALSE(clear);
  CHECK(clear.error().code == core::Errc::kPermissionDenied);
  auto status = f.versions.Check("1.0");
  REQUIRE(status);
  CHECK(status->sunset);
}
