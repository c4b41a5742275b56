#include "core/services/database_copy.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "core/services/service_set.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};

// A source with users, items, a session and a login failure, and an empty
// target, with the services of each.
struct Fixture {
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"pepper-0123456789", kFast};
  core::ServiceDeps deps{clock, &hasher};
  std::unique_ptr<test::TestDatabase> source = test::MigratedDatabase();
  std::unique_ptr<test::TestDatabase> target = test::EmptyDatabase();
  core::ServiceSet from{source->store(), deps};
  core::ServiceSet to{target->store(), deps};

  core::Result<core::CopyReport> Copy() {
    return core::CopyDatabase(source->store(), target->store(), test::kEpoch, "target");
  }
};

}  // namespace

TEST_CASE("a copy keeps ids hashes sessions and throttle state", "[core][copy]") {
  Fixture f;
  auto alice = f.from.users().Add(core::Actor::System(), {"alice", core::kRoleUser, "alice-pw-123"});
  REQUIRE(alice);
  for (const char* name : {"one", "two", "three"}) {
    REQUIRE(f.from.items().Add(core::Actor::System(), alice->user.id, {name, std::nullopt}));
  }
  REQUIRE(f.from.items().Delete(core::Actor::System(), 2));
  auto tokens = f.from.sessions().Login("alice", "alice-pw-123", "ios");
  REQUIRE(tokens);
  REQUIRE_FALSE(f.from.throttled_login().Login("alice", "wrong-password", "web", "192.0.2.1"));

  auto report = f.Copy();
  REQUIRE(report);
  // roles, versions, users, items, sessions, rotated tokens, login failures,
  // audit events (alice's creation, the deletion of her item by the CLI).
  CHECK(report->rows == 2 + 9 + 1 + 2 + 1 + 0 + 2 + 2);
  CHECK(report->tables.front() == std::pair<std::string, std::int64_t>("roles", 2));

  // The session's token works on the target; alice's password too.
  auto principal = f.to.sessions().Authenticate(tokens->access_token);
  REQUIRE(principal);
  CHECK(principal->user.id == alice->user.id);
  CHECK(f.to.sessions().Login("alice", "alice-pw-123", "web"));
  // Ids are the source's, and the next one follows the largest copied.
  auto three = f.to.items().Get(3);
  REQUIRE(three);
  CHECK(three->name == "three");
  CHECK(f.to.items().Get(2).error().code == core::Errc::kNotFound);
  auto four = f.to.items().Add(core::Actor::System(), alice->user.id, {"four", std::nullopt});
  REQUIRE(four);
  CHECK(four->id == 4);
  // The failed login counts on the target as well.
  CHECK(*f.to.login_throttle().LiveFailures(core::AccountKey("alice")) == 1);
  CHECK(*f.to.login_throttle().LiveFailures(core::AddressKey("192.0.2.1")) == 1);
}

TEST_CASE("a copy keeps a version's sunset and when it was announced", "[core][copy]") {
  Fixture f;
  REQUIRE(f.from.versions().Sunset(core::Actor::System(), "1.0", test::kEpoch + 86400));
  REQUIRE(f.Copy());
  auto versions = f.to.versions().List();
  REQUIRE(versions);
  REQUIRE(versions->size() == 9);
  const core::ApiVersion& copied = versions->back();
  CHECK(copied.version == "1.0");
  CHECK(copied.supported);
  REQUIRE(copied.sunset);
  CHECK(copied.sunset->at == test::kEpoch + 86400);
  CHECK(copied.sunset->announced_at == test::kEpoch);
  // The other versions have none, on the target as on the source.
  CHECK_FALSE(versions->front().sunset);
}

TEST_CASE("a copy into a database with users changes nothing", "[core][copy]") {
  Fixture f;
  REQUIRE(f.target->store().schema().ApplyPending(test::kEpoch));
  REQUIRE(f.to.users().Add(core::Actor::System(), {"taken", core::kRoleUser, "taken-pw-123"}));
  auto refused = f.Copy();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == core::Errc::kFailedPrecondition);
  CHECK(refused.error().message ==
        "target 'target' already has users: db copy needs an empty or freshly migrated target");
  CHECK(f.target->Int("SELECT count(*) FROM users") == 1);
  CHECK(f.target->Int("SELECT count(*) FROM versions") == 9);
}

TEST_CASE("a copy needs a source at the current schema", "[core][copy]") {
  Fixture f;
  auto old = test::EmptyDatabase();
  auto refused = core::CopyDatabase(old->store(), f.target->store(), test::kEpoch, "target");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == core::Errc::kSchemaOutOfDate);
}
