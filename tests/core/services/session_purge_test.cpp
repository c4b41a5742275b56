#include "core/services/session_purge.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>

#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};

}  // namespace

TEST_CASE("the purge summary is the line the log shows", "[core][purge]") {
  CHECK(core::PurgeSummary(0) == "Tokens: expired tokens deleted: 0");
  CHECK(core::PurgeSummary(12) == "Tokens: expired tokens deleted: 12");
}

TEST_CASE("the purge job deletes only expired sessions and reports the count",
          "[db][core][purge]") {
  test::TempDir dir;
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  core::AuthConfig config;
  config.refresh_ttl_seconds = 3600;
  core::ServiceHub hub(test::MigratedBackend(dir), core::ServiceDeps{clock, &hasher, config});
  {
    auto services = hub.Acquire();
    REQUIRE(services);
    core::Users users = (*services)->users();
    REQUIRE(users.Add(core::Actor::System(), {"bob", core::kRoleUser, "bob-password-1"}));
    core::Sessions sessions = (*services)->sessions();
    REQUIRE(sessions.Login("bob", "bob-password-1", "web"));
    REQUIRE(sessions.Login("bob", "bob-password-1", "ios"));
    clock.Advance(1800);
    REQUIRE(sessions.Login("bob", "bob-password-1", "cli"));
  }
  clock.Advance(1801);  // the first two are past their refresh expiry

  std::int64_t reported = -1;
  core::Scheduler::Job job =
      core::MakeSessionPurgeJob(hub, [&reported](std::int64_t n) { reported = n; });
  core::Result<std::string> first = job();
  REQUIRE(first);
  CHECK(*first == "Tokens: expired tokens deleted: 2");
  CHECK(reported == 2);

  core::Result<std::string> again = job();
  REQUIRE(again);
  CHECK(*again == "Tokens: expired tokens deleted: 0");
  CHECK(reported == 0);
}

TEST_CASE("while another instance purges the job leaves the work to it on PostgreSQL",
          "[db][core][purge]") {
  test::TempDir dir;
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  core::ServiceHub hub(test::MigratedBackend(dir), core::ServiceDeps{clock, &hasher});
  core::Scheduler::Job job = core::MakeSessionPurgeJob(hub, nullptr);
  // `other` plays the instance that holds the job's lock right now.
  auto other = hub.Acquire();
  REQUIRE(other);
  std::optional<core::Result<std::string>> meanwhile;
  core::Result<bool> other_ran =
      (*other)->RunAlone(core::kSessionPurgeJobKey, [&]() -> core::Status {
        meanwhile = job();
        return core::Ok();
      });
  REQUIRE(other_ran);
  CHECK(*other_ran);
  REQUIRE(meanwhile);
  REQUIRE(*meanwhile);
  if (test::EngineUnderTest() == core::Engine::kPostgres) {
    CHECK(**meanwhile == core::kPurgeLeftToAnother);
  } else {  // one file, one writer: the idempotent job just runs
    CHECK(**meanwhile == "Tokens: expired tokens deleted: 0");
  }
  // Once the lock is free the job runs.
  core::Result<std::string> after = job();
  REQUIRE(after);
  CHECK(*after == "Tokens: expired tokens deleted: 0");
}

TEST_CASE("the purge job fails with kStorage when the database is gone",
          "[sqlite][core][purge]") {
  test::TempDir dir;
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  const std::string path = dir.File("purge.db");
  auto backend = core::OpenBackend({.url = path, .mode = core::OpenMode::kCreateIfMissing});
  REQUIRE(backend);
  REQUIRE(std::filesystem::remove(path));
  core::ServiceHub hub(std::move(*backend), core::ServiceDeps{clock, &hasher});
  core::Scheduler::Job job = core::MakeSessionPurgeJob(hub, nullptr);
  core::Result<std::string> result = job();
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kStorage);
}
