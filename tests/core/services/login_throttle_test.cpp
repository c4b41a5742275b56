#include "core/services/login_throttle.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/services/session_purge.hpp"
#include "core/services/throttled_login.hpp"
#include "core/services/service_set.hpp"
#include "core/services/users.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};
constexpr const char* kHere = "192.0.2.10";
constexpr const char* kElsewhere = "192.0.2.20";

// A migrated database with bob and alice, a manual clock, and the throttle
// with its default limits (5 per account, 50 per address, 15 minutes).
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"pepper-0123456789", kFast};
  core::ThrottleConfig config;
  core::User bob = Add("bob", "bob-password-1");
  core::User alice = Add("alice", "alice-password-1");

  core::User Add(const std::string& name, const std::string& password) {
    auto created = core::Users(db->store(), clock, hasher)
                       .Add(core::Actor::System(), {name, core::kRoleUser, password});
    REQUIRE(created);
    return created->user;
  }
  core::ThrottledLogin Login(core::ThrottleEvents events = {}) {
    return core::ThrottledLogin(db->store(), clock, hasher, {}, config, std::move(events));
  }
  core::LoginThrottle Throttle() { return core::LoginThrottle(db->store(), clock, config); }
  core::Result<core::IssuedTokens> Try(const std::string& user, const std::string& password,
                                       const std::string& address = kHere) {
    return Login().Login(user, password, "web", address);
  }
  // `n` wrong passwords for `user`, each answered 401.
  void Fail(const std::string& user, int n, const std::string& address = kHere) {
    for (int i = 0; i < n; ++i) {
      auto refused = Try(user, "wrong-password", address);
      REQUIRE_FALSE(refused);
      REQUIRE(refused.error().code == core::Errc::kUnauthenticated);
    }
  }
  std::int64_t Rows() { return db->Int("SELECT count(*) FROM login_failures"); }
};

void CheckThrottled(const core::Error& error, long long retry_after, const std::string& message) {
  CHECK(error.code == core::Errc::kThrottled);
  CHECK(error.ClientMessage() == "Too many failed attempts, retry later");
  CHECK(error.retry_after_seconds == retry_after);
  CHECK(error.message == message);
}

}  // namespace

TEST_CASE("five wrong passwords lock the account, right password included",
          "[db][core][throttle]") {
  Fixture f;
  for (int i = 0; i < 5; ++i) {
    f.Fail("bob", 1);
    f.clock.Advance(10);  // failures at +0, +10, ..., +40
  }
  f.clock.Advance(50);  // now +100: the first failure frees a slot at +900
  auto right = f.Try("bob", "bob-password-1");
  REQUIRE_FALSE(right);
  CheckThrottled(right.error(), 800,
                 "account 'bob' is locked after too many failed logins; retry in 800 s");
  auto wrong = f.Try("bob", "wrong-password");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().retry_after_seconds == 800);
}

TEST_CASE("the lock lifts as the window slides past the oldest failure", "[db][core][throttle]") {
  Fixture f;
  f.Fail("bob", 1);
  f.clock.Advance(300);
  f.Fail("bob", 4);  // five failures: one at +0, four at +300
  f.clock.Advance(599);  // +899: the first still counts for one second
  auto locked = f.Try("bob", "bob-password-1");
  REQUIRE_FALSE(locked);
  CHECK(locked.error().retry_after_seconds == 1);
  f.clock.Advance(1);  // +900: it left the window; four remain
  REQUIRE(f.Try("bob", "bob-password-1"));
}

TEST_CASE("sliding: a slot freed by the window allows exactly one more failure",
          "[db][core][throttle]") {
  Fixture f;
  f.Fail("bob", 1);
  f.clock.Advance(300);
  f.Fail("bob", 4);
  f.clock.Advance(600);  // the first failure left; four count
  f.Fail("bob", 1);      // the fifth again
  auto locked = f.Try("bob", "bob-password-1");
  REQUIRE_FALSE(locked);
  // The four at +300 and the one at +900: the oldest of them frees at +1200.
  CHECK(locked.error().retry_after_seconds == 300);
}

TEST_CASE("a successful login clears the account's count", "[db][core][throttle]") {
  Fixture f;
  f.Fail("bob", 4);
  REQUIRE(f.Try("bob", "bob-password-1"));
  CHECK(*f.Throttle().LiveFailures(core::AccountKey("bob")) == 0);
  f.Fail("bob", 4);  // would be the 5th..8th without the clearing
  REQUIRE(f.Try("bob", "bob-password-1"));
}

TEST_CASE("other accounts and other addresses are unaffected by a lock", "[db][core][throttle]") {
  Fixture f;
  f.Fail("bob", 5);
  REQUIRE_FALSE(f.Try("bob", "bob-password-1"));
  REQUIRE(f.Try("alice", "alice-password-1"));  // same address
  // The account lock holds from everywhere.
  auto elsewhere = f.Try("bob", "bob-password-1", kElsewhere);
  REQUIRE_FALSE(elsewhere);
  CHECK(elsewhere.error().code == core::Errc::kThrottled);
}

TEST_CASE("unknown account names are counted like real ones", "[db][core][throttle]") {
  Fixture f;
  f.Fail("ghost", 5);
  auto locked = f.Try("ghost", "anything");
  REQUIRE_FALSE(locked);
  CheckThrottled(locked.error(), 900,
                 "account 'ghost' is locked after too many failed logins; retry in 900 s");
}

TEST_CASE("one address is locked after 50 failures across many account names",
          "[db][core][throttle]") {
  Fixture f;
  for (int i = 0; i < 50; ++i) f.Fail("guess" + std::to_string(i), 1);
  auto right = f.Try("alice", "alice-password-1");
  REQUIRE_FALSE(right);
  CheckThrottled(right.error(), 900,
                 "address '192.0.2.10' is locked after too many failed logins; retry in 900 s");
  REQUIRE(f.Try("alice", "alice-password-1", kElsewhere));
  // A success does not clear an address's count.
  REQUIRE_FALSE(f.Try("alice", "alice-password-1"));
}

TEST_CASE("past the limit nothing more is recorded", "[db][core][throttle]") {
  Fixture f;
  f.Fail("bob", 5);
  for (int i = 0; i < 20; ++i) REQUIRE_FALSE(f.Try("bob", "wrong-password"));
  CHECK(f.Rows() == 10);  // five for the account, five for the address
  CHECK(*f.Throttle().LiveFailures(core::AccountKey("bob")) == 5);
  CHECK(*f.Throttle().LiveFailures(core::AddressKey(kHere)) == 5);
}

TEST_CASE("attempts in flight do not count, so simultaneous right logins are never refused",
          "[db][core][throttle]") {
  Fixture f;
  f.config.max_failures_per_account = 2;
  core::LoginThrottle throttle = f.Throttle();
  std::vector<core::ThrottleKey> keys = {core::AccountKey("bob"), core::AddressKey(kHere)};
  // Twelve devices log in at once: every one is admitted.
  std::vector<core::ThrottleTicket> tickets;
  for (int i = 0; i < 12; ++i) {
    auto ticket = throttle.Admit(keys);
    REQUIRE(ticket);
    tickets.push_back(*ticket);
  }
  CHECK(f.Rows() == 0);
  // Settled: one wrong, then the rest right; the account count clears.
  REQUIRE(throttle.Failed(tickets[0]));
  CHECK(*throttle.LiveFailures(core::AccountKey("bob")) == 1);
  for (std::size_t i = 1; i < tickets.size(); ++i) REQUIRE(throttle.Succeeded(tickets[i]));
  CHECK(*throttle.LiveFailures(core::AccountKey("bob")) == 0);
  CHECK(*throttle.LiveFailures(core::AddressKey(kHere)) == 1);  // the wrong one's
}

TEST_CASE("settled failures lock even when admitted together", "[db][core][throttle]") {
  Fixture f;
  f.config.max_failures_per_account = 2;
  core::LoginThrottle throttle = f.Throttle();
  std::vector<core::ThrottleKey> keys = {core::AccountKey("bob")};
  auto first = throttle.Admit(keys);
  auto second = throttle.Admit(keys);
  auto third = throttle.Admit(keys);
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(third);
  REQUIRE(throttle.Failed(*first));
  REQUIRE(throttle.Failed(*second));
  REQUIRE(throttle.Failed(*third));  // past the limit: not recorded
  CHECK(*throttle.LiveFailures(core::AccountKey("bob")) == 2);
  auto next = throttle.Admit(keys);
  REQUIRE_FALSE(next);
  CHECK(next.error().code == core::Errc::kThrottled);
}

TEST_CASE("an attempt that is neither right nor wrong does not count", "[db][core][throttle]") {
  Fixture f;
  auto bad_platform = f.Login().Login("bob", "wrong-password", "not a platform!", kHere);
  REQUIRE_FALSE(bad_platform);
  CHECK(bad_platform.error().code == core::Errc::kInvalidArgument);
  CHECK(f.Rows() == 0);
}

TEST_CASE("an invalid refresh token counts against the address only", "[db][core][throttle]") {
  Fixture f;
  f.config.max_failures_per_address = 3;
  auto tokens = f.Try("bob", "bob-password-1");
  REQUIRE(tokens);
  for (int i = 0; i < 3; ++i) {
    auto refused = f.Login().Refresh("not-a-refresh-token", kHere);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == core::Errc::kUnauthenticated);
  }
  auto locked = f.Login().Refresh(tokens->refresh_token, kHere);
  REQUIRE_FALSE(locked);
  CheckThrottled(locked.error(), 900,
                 "address '192.0.2.10' is locked after too many failed logins; retry in 900 s");
  CHECK(*f.Throttle().LiveFailures(core::AccountKey("bob")) == 0);
  // The same token still refreshes from another address, once.
  REQUIRE(f.Login().Refresh(tokens->refresh_token, kElsewhere));
  CHECK(*f.Throttle().LiveFailures(core::AddressKey(kElsewhere)) == 0);
}

TEST_CASE("the docs' password check is throttled like a login", "[db][core][throttle]") {
  Fixture f;
  for (int i = 0; i < 5; ++i) {
    CHECK_FALSE(f.Login().CheckPassword("bob", "wrong-password", kHere));
  }
  auto locked = f.Login().CheckPassword("bob", "bob-password-1", kHere);
  REQUIRE_FALSE(locked);
  CHECK(locked.error().code == core::Errc::kThrottled);
  REQUIRE(f.Login().CheckPassword("alice", "alice-password-1", kHere));
}

TEST_CASE("unlock clears an account's failures, by name or id", "[db][core][throttle]") {
  Fixture f;
  f.Fail("bob", 5);
  auto unlocked = f.Throttle().Unlock(core::Actor::System(), "bob");
  REQUIRE(unlocked);
  CHECK(unlocked->user.id == f.bob.id);
  CHECK(unlocked->cleared == 5);
  REQUIRE(f.Try("bob", "bob-password-1"));

  f.Fail("alice", 5);
  auto by_id = f.Throttle().Unlock(core::Actor::System(), std::to_string(f.alice.id));
  REQUIRE(by_id);
  CHECK(by_id->user.username == "alice");
  CHECK(by_id->cleared == 5);
  REQUIRE(f.Try("alice", "alice-password-1"));

  auto again = f.Throttle().Unlock(core::Actor::System(), "alice");
  REQUIRE(again);
  CHECK(again->cleared == 0);
}

TEST_CASE("unlock refuses unknown users and non-admins", "[db][core][throttle]") {
  Fixture f;
  auto unknown = f.Throttle().Unlock(core::Actor::System(), "nobody");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == core::Errc::kNotFound);
  CHECK(unknown.error().message == "user 'nobody' not found");
  auto missing_id = f.Throttle().Unlock(core::Actor::System(), "99");
  REQUIRE_FALSE(missing_id);
  CHECK(missing_id.error().message == "user 99 not found");
  auto user = f.Throttle().Unlock(core::Actor::Of(f.alice), "bob");
  REQUIRE_FALSE(user);
  CHECK(user.error().code == core::Errc::kPermissionDenied);
}

TEST_CASE("the throttle reports locks and refusals for the front end", "[db][core][throttle]") {
  Fixture f;
  std::vector<std::string> seen;
  core::ThrottleEvents events;
  events.locked = [&seen](const core::ThrottleKey& key, std::int64_t failures) {
    seen.push_back(std::string("locked ") + core::ScopeName(key.scope) + " " + key.subject + " " +
                   std::to_string(failures));
  };
  events.refused = [&seen](const core::ThrottleKey& key, std::int64_t wait) {
    seen.push_back(std::string("refused ") + core::ScopeName(key.scope) + " " + key.subject +
                   " " + std::to_string(wait));
  };
  for (int i = 0; i < 6; ++i) (void)f.Login(events).Login("bob", "wrong", "web", kHere);
  CHECK(seen == std::vector<std::string>{"locked account bob 5", "refused account bob 900"});
}

TEST_CASE("locked accounts are counted and expired failures pruned", "[db][core][throttle]") {
  Fixture f;
  f.Fail("bob", 5);
  f.Fail("ghost", 5, kElsewhere);
  f.Fail("alice", 4, kElsewhere);
  CHECK(*f.Throttle().CountLockedAccounts() == 2);
  f.clock.Advance(899);
  CHECK(*f.Throttle().PruneExpired() == 0);
  f.clock.Advance(1);
  CHECK(*f.Throttle().CountLockedAccounts() == 0);
  CHECK(*f.Throttle().PruneExpired() == 28);
  CHECK(f.Rows() == 0);
}

TEST_CASE("the purge job also prunes expired login failures", "[db][core][throttle][purge]") {
  test::TempDir dir;
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  core::ServiceHub hub(test::MigratedBackend(dir), core::ServiceDeps{clock, &hasher});
  {
    auto services = hub.Acquire();
    REQUIRE(services);
    core::ThrottledLogin login = (*services)->throttled_login();
    for (int i = 0; i < 3; ++i) REQUIRE_FALSE(login.Login("ghost", "x", "web", kHere));
  }
  clock.Advance(900);
  REQUIRE(core::MakeSessionPurgeJob(hub, {})());
  // Nothing was left for a prune: the job took all three.
  auto services = hub.Acquire();
  REQUIRE(services);
  CHECK(*(*services)->login_throttle().PruneExpired() == 0);
}

TEST_CASE("throttle subjects are bounded and plain", "[db][core][throttle]") {
  CHECK(core::ThrottleSubject("bob") == "bob");
  CHECK(core::ThrottleSubject("2001:db8::1") == "2001:db8::1");
  std::string long_name(65, 'a');
  CHECK(core::ThrottleSubject(long_name) == "sha256:" + core::Sha256Hex(long_name));
  CHECK(core::ThrottleSubject(std::string(64, 'a')) == std::string(64, 'a'));
  CHECK(core::ThrottleSubject("evil\x1b[2J").starts_with("sha256:"));
  CHECK(core::ThrottleSubject("") != core::ThrottleSubject("x"));
  CHECK(core::AccountKey("bob").scope == core::ThrottleScope::kAccount);
  CHECK(core::AddressKey("::1").scope == core::ThrottleScope::kAddress);
}
