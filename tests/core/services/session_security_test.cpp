// SPEC §8 "Sessions": a password change ends the user's other sessions, a
// replayed rotated-out refresh token ends its whole session, and a session
// has an absolute lifetime from login that refreshing never extends.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/services/sessions.hpp"
#include "core/services/users.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

// Records what the session service reports, as web::SessionAlerts would log.
class RecordedEvents final : public core::SessionEvents {
 public:
  void RefreshTokenReused(const core::Session& session) override { reused.push_back(session); }
  std::vector<core::Session> reused;
};

// A migrated database with alice (user), bob (user) and root (admin), each
// with the password "password-<name>", made through the user service.
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"test-pepper-0123456789", core::Argon2Params{8, 1, 1}};
  core::AuthConfig config;
  RecordedEvents events;
  core::Users users{db->store(), clock, hasher};
  core::User alice = Create("alice", core::kRoleUser);
  core::User bob = Create("bob", core::kRoleUser);
  core::User root = Create("root", core::kRoleAdmin);

  core::User Create(const std::string& username, core::Id role_id) {
    auto created = users.Add(core::Actor::System(), {username, role_id, "password-" + username});
    REQUIRE(created);
    return created->user;
  }
  core::Sessions Service() { return core::Sessions(db->store(), clock, hasher, config, &events); }
  core::IssuedTokens Login(const std::string& username, const std::string& platform = "web") {
    auto tokens = Service().Login(username, "password-" + username, platform);
    REQUIRE(tokens);
    return *tokens;
  }
  bool Works(const core::IssuedTokens& tokens) {
    return static_cast<bool>(Service().Authenticate(tokens.access_token));
  }
  std::int64_t Count(const std::string& sql) { return db->Int(sql); }
};

void CheckInvalidCredentials(const core::Result<core::IssuedTokens>& result) {
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kUnauthenticated);
  CHECK(result.error().message == "Invalid credentials");
}

core::UserPatch NewPassword(const std::string& password) {
  core::UserPatch patch;
  patch.password = password;
  return patch;
}

}  // namespace

TEST_CASE("a replayed rotated-out refresh token ends its whole session", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens web = f.Login("alice", "web");
  core::IssuedTokens ios = f.Login("alice", "ios");
  core::IssuedTokens bobs = f.Login("bob");
  f.clock.Advance(60);
  auto rotated = f.Service().Refresh(web.refresh_token);
  REQUIRE(rotated);
  REQUIRE(f.Works(*rotated));
  CHECK(f.events.reused.empty());

  f.clock.Advance(60);
  CheckInvalidCredentials(f.Service().Refresh(web.refresh_token));
  // The newest tokens of that session went with it...
  CHECK_FALSE(f.Works(*rotated));
  CheckInvalidCredentials(f.Service().Refresh(rotated->refresh_token));
  // ...and nothing else did.
  CHECK(f.Works(ios));
  CHECK(f.Works(bobs));
  CHECK(f.Service().Refresh(ios.refresh_token));
  REQUIRE(f.events.reused.size() == 1);
  CHECK(f.events.reused[0].id == web.session_id);
  CHECK(f.events.reused[0].user_id == f.alice.id);
  CHECK(f.events.reused[0].platform == "web");
  // Replaying again finds no session: it is not reported twice.
  CheckInvalidCredentials(f.Service().Refresh(web.refresh_token));
  CHECK(f.events.reused.size() == 1);
}

TEST_CASE("only SHA-256 hashes of rotated-out refresh tokens are kept, with their session",
          "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens first = f.Login("alice");
  auto second = f.Service().Refresh(first.refresh_token);
  REQUIRE(second);
  CHECK(f.db->Int("SELECT count(*) FROM rotated_refresh_tokens") == 1);
  CHECK(f.db->Text("SELECT refresh_token_hash FROM rotated_refresh_tokens") ==
        core::Sha256Hex(first.refresh_token));
  CHECK(f.db->Int("SELECT session_id FROM rotated_refresh_tokens") == first.session_id);

  // Logging out forgets them.
  auto principal = f.Service().Authenticate(second->access_token);
  REQUIRE(principal);
  REQUIRE(f.Service().Logout(*principal));
  CHECK(f.Count("SELECT count(*) FROM rotated_refresh_tokens") == 0);
}

TEST_CASE("unknown refresh tokens report no reuse and end nothing", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens tokens = f.Login("alice");
  CheckInvalidCredentials(f.Service().Refresh(std::string(128, 'a')));
  CheckInvalidCredentials(f.Service().Refresh(tokens.access_token));
  CHECK(f.events.reused.empty());
  CHECK(f.Works(tokens));
}

TEST_CASE("reuse ends the session even without an events listener", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens first = f.Login("alice");
  core::Sessions quiet(f.db->store(), f.clock, f.hasher, f.config);
  auto second = quiet.Refresh(first.refresh_token);
  REQUIRE(second);
  CheckInvalidCredentials(quiet.Refresh(first.refresh_token));
  CHECK_FALSE(quiet.Authenticate(second->access_token));
  CHECK(f.Count("SELECT count(*) FROM sessions") == 0);
}

TEST_CASE("refresh works until the session's maximum age, never past it", "[db][core][sessions]") {
  Fixture f;
  f.config.access_ttl_seconds = 3600;
  f.config.refresh_ttl_seconds = 86400;
  f.config.session_max_age_seconds = 5 * 3600;
  const core::UnixSeconds session_end = test::kEpoch + 5 * 3600;
  core::IssuedTokens tokens = f.Login("alice");
  CHECK(tokens.expires_in == 3600);
  auto principal = f.Service().Authenticate(tokens.access_token);
  REQUIRE(principal);
  CHECK(principal->session.refresh_expires_at == session_end);

  // Refresh every 50 minutes: each answer is capped at the session's end.
  for (core::UnixSeconds at = test::kEpoch + 3000; at < session_end; at += 3000) {
    f.clock.Set(at);
    INFO("refresh at +" << at - test::kEpoch << " s");
    auto refreshed = f.Service().Refresh(tokens.refresh_token);
    REQUIRE(refreshed);
    CHECK(at + refreshed->expires_in <= session_end);
    CHECK(refreshed->expires_in == std::min<std::int64_t>(3600, session_end - at));
    auto now_principal = f.Service().Authenticate(refreshed->access_token);
    REQUIRE(now_principal);
    CHECK(now_principal->session.access_expires_at <= session_end);
    CHECK(now_principal->session.refresh_expires_at == session_end);
    tokens = *refreshed;
  }
  f.clock.Set(session_end - 1);
  CHECK(f.Works(tokens));
  f.clock.Set(session_end);
  CHECK_FALSE(f.Works(tokens));
  CheckInvalidCredentials(f.Service().Refresh(tokens.refresh_token));
  CHECK(f.events.reused.empty());
}

TEST_CASE("a session past a shortened maximum age can no longer refresh", "[db][core][sessions]") {
  Fixture f;
  core::IssuedTokens tokens = f.Login("alice");
  f.clock.Advance(7200);
  f.config.session_max_age_seconds = 7200;
  CheckInvalidCredentials(f.Service().Refresh(tokens.refresh_token));
  f.config.session_max_age_seconds = 7201;
  auto refreshed = f.Service().Refresh(tokens.refresh_token);
  REQUIRE(refreshed);
  CHECK(refreshed->expires_in == 1);
}

TEST_CASE("the maximum age defaults to the refresh lifetime and caps the first access token",
          "[db][core][sessions]") {
  Fixture f;
  CHECK(core::AuthConfig{}.SessionMaxAge() == 200LL * 86400);
  f.config.session_max_age_seconds = 600;
  core::IssuedTokens tokens = f.Login("alice");
  CHECK(tokens.expires_in == 600);
  auto principal = f.Service().Authenticate(tokens.access_token);
  REQUIRE(principal);
  CHECK(principal->session.access_expires_at == test::kEpoch + 600);
  CHECK(principal->session.refresh_expires_at == test::kEpoch + 600);
}

TEST_CASE("changing one's own password keeps only the session it was changed from",
          "[db][core][users][sessions]") {
  Fixture f;
  core::IssuedTokens web = f.Login("alice", "web");
  core::IssuedTokens ios = f.Login("alice", "ios");
  core::IssuedTokens bobs = f.Login("bob");
  auto principal = f.Service().Authenticate(web.access_token);
  REQUIRE(principal);
  CHECK(principal->actor().session_id == web.session_id);

  REQUIRE(f.users.Update(principal->actor(), f.alice.id, NewPassword("brand-new-pw-1")));
  CHECK(f.Works(web));
  CHECK(f.Service().Refresh(web.refresh_token));
  CHECK_FALSE(f.Works(ios));
  CheckInvalidCredentials(f.Service().Refresh(ios.refresh_token));
  CHECK(f.Works(bobs));
}

TEST_CASE("a password set by an admin or the CLI ends every session of the user",
          "[db][core][users][sessions]") {
  Fixture f;
  core::IssuedTokens rooted = f.Login("root");
  auto as_root = f.Service().Authenticate(rooted.access_token);
  REQUIRE(as_root);

  SECTION("an admin through the API") {
    core::IssuedTokens web = f.Login("alice", "web");
    core::IssuedTokens ios = f.Login("alice", "ios");
    REQUIRE(f.users.Update(as_root->actor(), f.alice.id, NewPassword("brand-new-pw-1")));
    CHECK_FALSE(f.Works(web));
    CHECK_FALSE(f.Works(ios));
    CHECK(f.Works(rooted));
  }
  SECTION("the CLI") {
    core::IssuedTokens web = f.Login("alice", "web");
    REQUIRE(f.users.Update(core::Actor::System(), f.alice.id, NewPassword("brand-new-pw-1")));
    CHECK_FALSE(f.Works(web));
    CHECK(f.Works(rooted));
  }
  SECTION("the user without a session (no session id to keep)") {
    core::IssuedTokens web = f.Login("alice", "web");
    REQUIRE(f.users.Update(core::Actor::Of(f.alice), f.alice.id, NewPassword("brand-new-pw-1")));
    CHECK_FALSE(f.Works(web));
  }
  CHECK(f.Count("SELECT count(*) FROM sessions WHERE user_id = " + std::to_string(f.alice.id)) ==
        0);
}

TEST_CASE("edits without a new password leave the sessions alone", "[db][core][users][sessions]") {
  Fixture f;
  core::IssuedTokens web = f.Login("alice", "web");
  core::UserPatch rename;
  rename.username = "alice2";
  REQUIRE(f.users.Update(core::Actor::System(), f.alice.id, rename));
  CHECK(f.Works(web));
}
