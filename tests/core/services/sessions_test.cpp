#include "core/services/sessions.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/digest.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};
constexpr const char* kPepper = "pepper-0123456789";

core::Id AddUser(core::Store& store, const core::PasswordHasher& hasher,
                 const std::string& username, const std::string& password,
                 core::Id role = core::kRoleUser, bool activated = true) {
  auto hash = hasher.Hash(password);
  REQUIRE(hash);
  auto id = store.users().Insert(username, *hash, role, test::kEpoch);
  REQUIRE(id);
  if (!activated) REQUIRE(store.users().SetActivated(*id, false, test::kEpoch));
  return *id;
}

std::string StoredHash(test::TestDatabase& db, core::Id user_id) {
  return db.Text("SELECT password_hash FROM users WHERE id = " + std::to_string(user_id));
}

std::int64_t SessionCount(test::TestDatabase& db) {
  return db.Int("SELECT count(*) FROM sessions");
}

void SetActivated(test::TestDatabase& db, core::Id user_id, bool activated) {
  db.Exec(std::string("UPDATE users SET activated = ") + (activated ? "true" : "false") +
          " WHERE id = " + std::to_string(user_id));
}

void CheckUnauthenticated(const core::Error& error, const char* message) {
  CHECK(error.code == core::Errc::kUnauthenticated);
  CHECK(error.message == message);
}

// A migrated database with alice (user), bob (user), root (admin) and a
// disabled carol, all with password "pw-<name>-123".
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{kPepper, kFast};
  core::AuthConfig config;
  core::Id alice = AddUser(db->store(), hasher, "alice", "pw-alice-123");
  core::Id bob = AddUser(db->store(), hasher, "bob", "pw-bob-123");
  core::Id root = AddUser(db->store(), hasher, "root", "pw-root-123", core::kRoleAdmin);
  core::Id carol = AddUser(db->store(), hasher, "carol", "pw-carol-123", core::kRoleUser, false);

  core::Sessions Service() { return core::Sessions(db->store(), clock, hasher, config); }

  core::IssuedTokens Login(const std::string& username, const std::string& platform = "web") {
    auto tokens = Service().Login(username, "pw-" + username + "-123", platform);
    REQUIRE(tokens);
    return *tokens;
  }

  core::Principal Auth(const std::string& access_token) {
    auto principal = Service().Authenticate(access_token);
    REQUIRE(principal);
    return *principal;
  }
};

}  // namespace

TEST_CASE("login issues two 128-character alphanumeric tokens", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens tokens = f.Login("alice");
  std::regex token("[A-Za-z0-9]{128}");
  CHECK(std::regex_match(tokens.access_token, token));
  CHECK(std::regex_match(tokens.refresh_token, token));
  CHECK(tokens.access_token != tokens.refresh_token);
  CHECK(tokens.user_id == f.alice);
  CHECK(tokens.expires_in == 7200);

  core::Principal principal = f.Auth(tokens.access_token);
  CHECK(principal.user.username == "alice");
  CHECK(principal.session.id == tokens.session_id);
  CHECK(principal.session.platform == "web");
  CHECK(principal.session.created_at == test::kEpoch);
  CHECK(principal.session.access_expires_at == test::kEpoch + 7200);
  CHECK(principal.session.refresh_expires_at == test::kEpoch + 200LL * 86400);
  CHECK(principal.actor().user_id == f.alice);
  CHECK_FALSE(principal.actor().admin);
}

TEST_CASE("only SHA-256 hashes of the tokens are stored", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens tokens = f.Login("alice");
  const std::string row = " FROM sessions WHERE id = " + std::to_string(tokens.session_id);
  std::string access_hash = f.db->Text("SELECT access_token_hash" + row);
  CHECK(access_hash == core::Sha256Hex(tokens.access_token));
  CHECK(f.db->Text("SELECT refresh_token_hash" + row) == core::Sha256Hex(tokens.refresh_token));
  CHECK(access_hash.size() == 64);

  // No text column holds either plain token.
  for (const char* column : {"platform", "access_token_hash", "refresh_token_hash"}) {
    std::string value = f.db->Text(std::string("SELECT ") + column + row);
    CHECK(value.find(tokens.access_token) == std::string::npos);
    CHECK(value.find(tokens.refresh_token) == std::string::npos);
  }
}

TEST_CASE("a wrong password, an unknown user and a disabled user fail alike",
          "[db][core][sessions]") {
  Fixture f;
  core::Sessions sessions = f.Service();
  auto wrong = sessions.Login("alice", "pw-alice-124", "web");
  auto unknown = sessions.Login("nobody", "pw-nobody-123", "web");
  auto disabled = sessions.Login("carol", "pw-carol-123", "web");
  auto empty = sessions.Login("", "", "web");
  for (const auto* result : {&wrong, &unknown, &disabled, &empty}) {
    REQUIRE_FALSE(*result);
    CheckUnauthenticated(result->error(), "Invalid credentials or inactive account");
  }
  CHECK(SessionCount(*f.db) == 0);
}

TEST_CASE("the platform defaults to web and must be a short token", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens tokens = f.Login("alice", "");
  CHECK(f.Auth(tokens.access_token).session.platform == "web");
  CHECK(f.Auth(f.Login("alice", "ios").access_token).session.platform == "ios");

  auto bad = f.Service().Login("alice", "pw-alice-123", "my phone");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == core::Errc::kInvalidArgument);
  CHECK(bad.error().message ==
        "platform 'my phone' is invalid: use 1-32 letters, digits, '.', '_' or '-'");
}

TEST_CASE("a login with old hash parameters rehashes the password", "[db][core][sessions]") {
  Fixture f;
  std::string before = StoredHash(*f.db, f.alice);
  CHECK(before.find("$m=8,t=1,p=1$") != std::string::npos);

  core::PasswordHasher stronger(kPepper, {16, 2, 1});
  core::Sessions sessions(f.db->store(), f.clock, stronger, f.config);
  REQUIRE(sessions.Login("alice", "pw-alice-123", "web"));
  std::string after = StoredHash(*f.db, f.alice);
  CHECK(after.find("$m=16,t=2,p=1$") != std::string::npos);
  CHECK_FALSE(stronger.NeedsRehash(after));
  CHECK(*stronger.Matches("pw-alice-123", after));

  // A failed login leaves the old hash alone.
  std::string bob_before = StoredHash(*f.db, f.bob);
  CHECK_FALSE(sessions.Login("bob", "wrong-password", "web"));
  CHECK(StoredHash(*f.db, f.bob) == bob_before);
}

TEST_CASE("refresh rotates both tokens and the old pair stops working", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens first = f.Login("alice");
  f.clock.Advance(600);
  auto second = f.Service().Refresh(first.refresh_token);
  REQUIRE(second);
  CHECK(second->session_id == first.session_id);
  CHECK(second->user_id == f.alice);
  CHECK(second->expires_in == 7200);
  CHECK(second->access_token != first.access_token);
  CHECK(second->refresh_token != first.refresh_token);

  core::Principal principal = f.Auth(second->access_token);
  CHECK(principal.session.access_expires_at == test::kEpoch + 600 + 7200);
  // Rotation never extends the session: by default it ends one refresh
  // lifetime after login.
  CHECK(principal.session.refresh_expires_at == test::kEpoch + 200LL * 86400);

  auto old_access = f.Service().Authenticate(first.access_token);
  REQUIRE_FALSE(old_access);
  CheckUnauthenticated(old_access.error(), "Invalid credentials");
  // The new pair keeps working until the old refresh token is replayed
  // (see session_security_test.cpp).
  auto third = f.Service().Refresh(second->refresh_token);
  REQUIRE(third);
  CHECK(f.Service().Authenticate(third->access_token));
}

TEST_CASE("unknown tokens and tokens of disabled users are refused", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens tokens = f.Login("alice");
  core::Sessions sessions = f.Service();
  for (const std::string& token : {std::string(), std::string(128, 'a'), tokens.refresh_token}) {
    auto principal = sessions.Authenticate(token);
    REQUIRE_FALSE(principal);
    CheckUnauthenticated(principal.error(), "Invalid credentials");
  }
  for (const std::string& token : {std::string(), std::string(128, 'a'), tokens.access_token}) {
    auto refreshed = sessions.Refresh(token);
    REQUIRE_FALSE(refreshed);
    CheckUnauthenticated(refreshed.error(), "Invalid credentials");
  }

  SetActivated(*f.db, f.alice, false);
  auto principal = sessions.Authenticate(tokens.access_token);
  REQUIRE_FALSE(principal);
  CheckUnauthenticated(principal.error(), "Invalid credentials");
  auto refreshed = sessions.Refresh(tokens.refresh_token);
  REQUIRE_FALSE(refreshed);
  CheckUnauthenticated(refreshed.error(), "Invalid credentials");
}

TEST_CASE("an access token expires after its lifetime, the refresh token later",
          "[db][core][sessions]") {
  Fixture f;
  f.config.access_ttl_seconds = 3600;
  f.config.refresh_ttl_seconds = 86400;
  core::IssuedTokens tokens = f.Login("alice");
  CHECK(tokens.expires_in == 3600);

  f.clock.Set(test::kEpoch + 3599);
  CHECK(f.Service().Authenticate(tokens.access_token));
  f.clock.Set(test::kEpoch + 3600);
  auto expired = f.Service().Authenticate(tokens.access_token);
  REQUIRE_FALSE(expired);
  CheckUnauthenticated(expired.error(), "Invalid credentials");

  auto refreshed = f.Service().Refresh(tokens.refresh_token);
  REQUIRE(refreshed);
  CHECK(f.Service().Authenticate(refreshed->access_token));

  f.clock.Set(test::kEpoch + 3600 + 86400);
  auto too_late = f.Service().Refresh(refreshed->refresh_token);
  REQUIRE_FALSE(too_late);
  CheckUnauthenticated(too_late.error(), "Invalid credentials");
}

TEST_CASE("last_used_at is written at most once a minute", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens tokens = f.Login("alice");
  CHECK(f.Service().ListForUser(f.alice)->front().last_used_at == std::nullopt);
  CHECK(f.Auth(tokens.access_token).session.last_used_at == test::kEpoch);
  f.clock.Advance(59);
  CHECK(f.Auth(tokens.access_token).session.last_used_at == test::kEpoch);
  f.clock.Advance(1);
  CHECK(f.Auth(tokens.access_token).session.last_used_at == test::kEpoch + 60);
  CHECK(f.Service().ListForUser(f.alice)->front().last_used_at == test::kEpoch + 60);
}

TEST_CASE("a login beyond the session cap evicts the oldest session", "[db][core][sessions]") {
  Fixture f;
  f.config.max_sessions_per_user = 3;
  std::vector<core::IssuedTokens> logins;
  for (const char* platform : {"web", "ios", "android", "cli"}) {
    logins.push_back(f.Login("alice", platform));
    f.clock.Advance(1);
  }
  core::IssuedTokens bob = f.Login("bob");

  auto evicted = f.Service().Authenticate(logins[0].access_token);
  REQUIRE_FALSE(evicted);
  CheckUnauthenticated(evicted.error(), "Invalid credentials");
  CHECK_FALSE(f.Service().Refresh(logins[0].refresh_token));
  for (std::size_t i = 1; i < logins.size(); ++i) {
    CHECK(f.Service().Authenticate(logins[i].access_token));
  }
  CHECK(f.Service().Authenticate(bob.access_token));

  auto listed = f.Service().ListForUser(f.alice);
  REQUIRE(listed);
  REQUIRE(listed->size() == 3);
  CHECK((*listed)[0].platform == "cli");
  CHECK((*listed)[1].platform == "android");
  CHECK((*listed)[2].platform == "ios");
}

TEST_CASE("logins within the same second keep the newest sessions", "[db][core][sessions]") {
  Fixture f;
  f.config.max_sessions_per_user = 2;
  core::IssuedTokens first = f.Login("alice");
  core::IssuedTokens second = f.Login("alice");
  core::IssuedTokens third = f.Login("alice");
  CHECK_FALSE(f.Service().Authenticate(first.access_token));
  CHECK(f.Service().Authenticate(second.access_token));
  CHECK(f.Service().Authenticate(third.access_token));
}

TEST_CASE("logout ends only the caller's session", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens web = f.Login("alice", "web");
  core::IssuedTokens ios = f.Login("alice", "ios");
  core::Principal principal = f.Auth(web.access_token);
  REQUIRE(f.Service().Logout(principal));

  auto ended = f.Service().Authenticate(web.access_token);
  REQUIRE_FALSE(ended);
  CheckUnauthenticated(ended.error(), "Invalid credentials");
  CHECK_FALSE(f.Service().Refresh(web.refresh_token));
  CHECK(f.Service().Authenticate(ios.access_token));
  CHECK(SessionCount(*f.db) == 1);
}

TEST_CASE("users revoke their own sessions, admins anyone's", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens alice_web = f.Login("alice", "web");
  core::IssuedTokens alice_ios = f.Login("alice", "ios");
  core::IssuedTokens bob = f.Login("bob");
  core::IssuedTokens root = f.Login("root");
  core::Actor as_alice = f.Auth(alice_web.access_token).actor();
  core::Actor as_bob = f.Auth(bob.access_token).actor();
  core::Actor as_root = f.Auth(root.access_token).actor();
  core::Sessions sessions = f.Service();

  SECTION("own session") {
    REQUIRE(sessions.Revoke(as_alice, alice_ios.session_id));
    CHECK_FALSE(sessions.Authenticate(alice_ios.access_token));
    CHECK(sessions.Authenticate(alice_web.access_token));
  }
  SECTION("someone else's session as a user") {
    auto denied = sessions.Revoke(as_bob, alice_ios.session_id);
    REQUIRE_FALSE(denied);
    CHECK(denied.error().code == core::Errc::kPermissionDenied);
    CHECK(denied.error().message == "Forbidden access: User cannot access this resource");
    CHECK(sessions.Authenticate(alice_ios.access_token));
  }
  SECTION("someone else's session as an admin or the CLI") {
    REQUIRE(sessions.Revoke(as_root, alice_ios.session_id));
    REQUIRE(sessions.Revoke(core::Actor::System(), bob.session_id));
    CHECK_FALSE(sessions.Authenticate(alice_ios.access_token));
    CHECK_FALSE(sessions.Authenticate(bob.access_token));
  }
  SECTION("a missing session is 404 before 403") {
    for (const core::Actor& actor : {as_alice, as_root}) {
      auto missing = sessions.Revoke(actor, 999);
      REQUIRE_FALSE(missing);
      CHECK(missing.error().code == core::Errc::kNotFound);
      CHECK(missing.error().message == "session 999 not found");
      CHECK(missing.error().ClientMessage() == "Session not found");
    }
  }
  SECTION("a revoked session cannot be revoked twice") {
    REQUIRE(sessions.Revoke(as_alice, alice_ios.session_id));
    auto again = sessions.Revoke(as_alice, alice_ios.session_id);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == core::Errc::kNotFound);
  }
}

TEST_CASE("purge deletes only sessions whose refresh token expired", "[db][core][sessions]") {
  Fixture f;
  f.config.refresh_ttl_seconds = 1000;
  f.Login("alice");
  f.Login("bob");
  f.clock.Advance(500);
  core::IssuedTokens late = f.Login("root");

  auto none = f.Service().PurgeExpired();
  REQUIRE(none);
  CHECK(*none == 0);

  f.clock.Set(test::kEpoch + 1000);  // the first two expire exactly now
  auto purged = f.Service().PurgeExpired();
  REQUIRE(purged);
  CHECK(*purged == 2);
  CHECK(SessionCount(*f.db) == 1);
  CHECK(f.Service().Refresh(late.refresh_token));

  auto again = f.Service().PurgeExpired();
  REQUIRE(again);
  CHECK(*again == 0);
}

TEST_CASE("listings show live sessions per user or every session", "[db][core][sessions]") {
  Fixture f;
  f.config.refresh_ttl_seconds = 1000;
  f.Login("alice", "web");
  f.clock.Advance(10);
  f.Login("alice", "ios");
  f.Login("bob", "android");
  f.clock.Advance(995);  // alice's web session has expired, not yet purged

  auto mine = f.Service().ListForUser(f.alice);
  REQUIRE(mine);
  REQUIRE(mine->size() == 1);
  CHECK((*mine)[0].platform == "ios");
  CHECK((*mine)[0].user_id == f.alice);

  auto all = f.Service().ListAll(std::nullopt);
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].platform == "android");
  CHECK((*all)[2].platform == "web");

  auto alices = f.Service().ListAll(f.alice);
  REQUIRE(alices);
  CHECK(alices->size() == 2);

  auto counts = f.Service().CountActiveByPlatform();
  REQUIRE(counts);
  CHECK(*counts == std::map<std::string, std::int64_t>{{"android", 1}, {"ios", 1}});
}

TEST_CASE("checking a password opens no session", "[db][core][sessions]") {
  Fixture f;
  auto user = f.Service().CheckPassword("root", "pw-root-123");
  REQUIRE(user);
  CHECK(user->id == f.root);
  CHECK(user->IsAdmin());
  CHECK(SessionCount(*f.db) == 0);

  for (auto [name, password] : {std::pair{"root", "pw-root-124"}, std::pair{"nobody", "x"},
                                std::pair{"carol", "pw-carol-123"}}) {
    auto failed = f.Service().CheckPassword(name, password);
    REQUIRE_FALSE(failed);
    CheckUnauthenticated(failed.error(), "Invalid credentials or inactive account");
  }
}

TEST_CASE("concurrent logins on one database file all succeed", "[db][core][sessions]") {
  test::TempDir dir;
  core::PasswordHasher hasher(kPepper, kFast, core::HashingLimits{4, {}, {}});
  std::unique_ptr<core::Backend> backend = test::MigratedBackend(dir);
  {
    auto store = backend->Acquire();
    REQUIRE(store);
    AddUser(**store, hasher, "alice", "pw-alice-123");
  }
  core::SystemClock clock;
  core::AuthConfig config;
  config.max_sessions_per_user = 3;
  constexpr int kThreads = 4;
  constexpr int kLoginsEach = 10;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto store = backend->Acquire();
      if (!store) {
        failures[t] = kLoginsEach;
        return;
      }
      core::Sessions sessions(**store, clock, hasher, config);
      for (int i = 0; i < kLoginsEach; ++i) {
        if (!sessions.Login("alice", "pw-alice-123", "web")) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == std::vector<int>(kThreads, 0));

  auto store = backend->Acquire();
  REQUIRE(store);
  auto live = (*store)->sessions().List(std::nullopt, std::nullopt);
  REQUIRE(live);
  CHECK(live->size() == 3);
}
