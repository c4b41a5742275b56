#include "core/services/versions.hpp"

#include <catch2/catch.hpp>

#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

const core::Actor kUser{2, false};

}  // namespace

TEST_CASE("the seeded versions are listed in id order", "[db][core][versions]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
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
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
  CHECK(versions.Check("1.0"));
}

TEST_CASE("an unsupported or unknown version fails the check", "[db][core][versions]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
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
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
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
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
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
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
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
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
  auto missing = versions.SetSupported(core::Actor::System(), "9.9", true);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "version '9.9' not found");
}

TEST_CASE("only admins add or change versions", "[db][core][versions]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
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
  auto db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Versions versions(db->store(), clock);
  CHECK(versions.Check("1.0"));
  db->Exec("UPDATE versions SET supported = false WHERE version = '1.0'");
  CHECK_FALSE(versions.Check("1.0"));
}
