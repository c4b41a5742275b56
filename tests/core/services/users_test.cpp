#include "core/services/users.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr const char* kForbidden = "Forbidden access: User cannot access this resource";

// A migrated database, a fast hasher and two users made through the service:
// root (admin, id 1) and alice (user, id 2).
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"test-pepper-0123456789", core::Argon2Params{8, 1, 1}};
  core::Users users{db->store(), clock, hasher};
  core::User root = Create("root", core::kRoleAdmin);
  core::User alice = Create("alice", core::kRoleUser);

  core::User Create(const std::string& username, core::Id role_id) {
    auto created = users.Add(core::Actor::System(), {username, role_id, "password-" + username});
    REQUIRE(created);
    return created->user;
  }
  std::string StoredHash(core::Id id) {
    return db->Text("SELECT password_hash FROM users WHERE id = " + std::to_string(id));
  }
  void OpenSession(core::Id user_id, const std::string& token) {
    core::TokenHashes hashes{"a-" + token, 0, "r-" + token, 0};
    auto opened = db->store().sessions().Insert(user_id, "web", hashes, 0);
    REQUIRE(opened);
    REQUIRE(*opened);
  }
  std::int64_t SessionsOf(core::Id user_id) {
    return db->Int("SELECT count(*) FROM sessions WHERE user_id = " + std::to_string(user_id));
  }
  core::Actor RootActor() const { return core::Actor::Of(root); }
  core::Actor AliceActor() const { return core::Actor::Of(alice); }
};

core::UserPatch Patch(std::optional<std::string> username, std::optional<std::string> password = {},
                      std::optional<core::Id> role_id = {}, std::optional<bool> activated = {}) {
  return core::UserPatch{std::move(username), std::move(password), role_id, activated};
}

std::string Denial(const core::Result<core::User>& result) {
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kPermissionDenied);
  return result.error().message;
}

}  // namespace

TEST_CASE("an added user has a hashed password and no generated one", "[db][core][users]") {
  Fixture f;
  auto created = f.users.Add(core::Actor::System(), {"bob", core::kRoleUser, "s3cret-pw-1"});
  REQUIRE(created);
  CHECK(created->user.id == 3);
  CHECK(created->user.username == "bob");
  CHECK(created->user.role_id == core::kRoleUser);
  CHECK(created->user.activated);
  CHECK(created->user.created_at == test::kEpoch);
  CHECK_FALSE(created->user.updated_at);
  CHECK_FALSE(created->generated_password);
  std::string hash = f.StoredHash(created->user.id);
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(*f.hasher.Matches("s3cret-pw-1", hash));
}

TEST_CASE("a user added without a password gets a generated one", "[db][core][users]") {
  Fixture f;
  auto created = f.users.Add(f.RootActor(), {"bob", core::kRoleUser, std::nullopt});
  REQUIRE(created);
  REQUIRE(created->generated_password);
  const std::string& password = *created->generated_password;
  CHECK(password.size() == 16);
  CHECK(password.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789") == std::string::npos);
  CHECK(*f.hasher.Matches(password, f.StoredHash(created->user.id)));
  auto other = f.users.Add(f.RootActor(), {"carol", core::kRoleUser, std::nullopt});
  REQUIRE(other);
  CHECK(*other->generated_password != password);
}

TEST_CASE("adding a user twice fails with kAlreadyExists", "[db][core][users]") {
  Fixture f;
  auto again = f.users.Add(f.RootActor(), {"alice", core::kRoleUser, "other-pw-2"});
  REQUIRE_FALSE(again);
  CHECK(again.error().code == core::Errc::kAlreadyExists);
  CHECK(again.error().message == "user 'alice' already exists");
  CHECK(again.error().detail == "Username already taken");
}

TEST_CASE("adding a user with an unknown role is kBadReference", "[db][core][users]") {
  Fixture f;
  auto bad = f.users.Add(f.RootActor(), {"bob", 9, "s3cret-pw-1"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == core::Errc::kBadReference);
  CHECK(bad.error().message == "role 9 does not exist");
  CHECK(bad.error().detail == "Role not found");
  auto missing = f.users.GetByUsername("bob");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
}

TEST_CASE("adding a user validates username and password", "[db][core][users]") {
  Fixture f;
  auto name = f.users.Add(f.RootActor(), {"a b", core::kRoleUser, "s3cret-pw-1"});
  REQUIRE_FALSE(name);
  CHECK(name.error().code == core::Errc::kInvalidArgument);
  CHECK(name.error().message ==
        "username 'a b' is invalid: use 1-30 letters, digits, '.', '_', '-' or '@'");
  auto password = f.users.Add(f.RootActor(), {"bob", core::kRoleUser, "short"});
  REQUIRE_FALSE(password);
  CHECK(password.error().code == core::Errc::kInvalidArgument);
  CHECK(password.error().message == "password is too short: use at least 8 characters (got 5)");
}

TEST_CASE("only admins add users", "[db][core][users]") {
  Fixture f;
  auto denied = f.users.Add(f.AliceActor(), {"bob", core::kRoleUser, "s3cret-pw-1"});
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == core::Errc::kPermissionDenied);
  CHECK(denied.error().message == kForbidden);
}

TEST_CASE("users are found by id or username, or kNotFound", "[db][core][users]") {
  Fixture f;
  auto by_id = f.users.Get(f.alice.id);
  REQUIRE(by_id);
  CHECK(by_id->username == "alice");
  auto by_name = f.users.GetByUsername("root");
  REQUIRE(by_name);
  CHECK(by_name->IsAdmin());
  auto no_id = f.users.Get(7);
  REQUIRE_FALSE(no_id);
  CHECK(no_id.error().code == core::Errc::kNotFound);
  CHECK(no_id.error().message == "user 7 not found");
  CHECK(no_id.error().detail == "User not found");
  auto no_name = f.users.GetByUsername("bob");
  REQUIRE_FALSE(no_name);
  CHECK(no_name.error().code == core::Errc::kNotFound);
  CHECK(no_name.error().message == "user 'bob' not found");
  CHECK(no_name.error().detail == "User not found");
}

TEST_CASE("Find takes a username or an id and #ID is always the id", "[db][core][users]") {
  Fixture f;  // root is id 1, alice id 2
  auto username_of = [&f](const std::string& reference) {
    auto found = f.users.Find(reference);
    REQUIRE(found);
    return found->username;
  };
  CHECK(username_of("alice") == "alice");
  CHECK(username_of("2") == "alice");
  CHECK(username_of("#2") == "alice");
  // A username of digits wins over the id it spells; #ID reaches the id.
  f.Create("1", core::kRoleUser);  // id 3
  CHECK(username_of("1") == "1");
  CHECK(username_of("#1") == "root");
  CHECK(username_of("3") == "1");

  auto missing = f.users.Find("#9");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "user 9 not found");
  auto unknown = f.users.Find("bob");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "user 'bob' not found");
  for (const char* bad : {"#", "#0", "#-1", "#x", "#2x"}) {
    auto refused = f.users.Find(bad);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == core::Errc::kInvalidArgument);
    CHECK(refused.error().message == "user '" + std::string(bad) +
                                         "': '#' must be followed by a user id (a positive "
                                         "whole number)");
  }
}

TEST_CASE("users are listed by page with a total and filters", "[db][core][users]") {
  Fixture f;
  for (const char* name : {"Bob.Smith", "bobby", "carol", "under_score"}) {
    f.Create(name, core::kRoleUser);
  }
  f.db->Exec("UPDATE users SET activated = false WHERE username = 'bobby'");
  auto page = f.users.List({}, {2, 4});
  REQUIRE(page);
  CHECK(page->total == 6);
  REQUIRE(page->rows.size() == 2);
  CHECK(page->rows[0].username == "carol");
  auto past = f.users.List({}, {3, 4});
  REQUIRE(past);
  CHECK(past->total == 6);
  CHECK(past->rows.empty());
  auto names = [&](core::UserFilter filter) {
    auto listed = f.users.List(filter, {1, 20});
    REQUIRE(listed);
    std::vector<std::string> out;
    for (const core::User& user : listed->rows) out.push_back(user.username);
    CHECK(listed->total == static_cast<std::int64_t>(out.size()));
    return out;
  };
  using Names = std::vector<std::string>;
  CHECK(names({"BOB", std::nullopt}) == Names{"Bob.Smith", "bobby"});
  CHECK(names({"bob", true}) == Names{"Bob.Smith"});
  CHECK(names({std::nullopt, false}) == Names{"bobby"});
  CHECK(names({"_", std::nullopt}) == Names{"under_score"});
  auto bad = f.users.List({}, {0, 20});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "page must be an integer >= 1");
}

TEST_CASE("a user changes their own username and password", "[db][core][users]") {
  Fixture f;
  f.clock.Advance(90);
  auto updated = f.users.Update(f.AliceActor(), f.alice.id, Patch("alice2", "brand-new-pw"));
  REQUIRE(updated);
  CHECK(updated->username == "alice2");
  CHECK(updated->role_id == core::kRoleUser);
  CHECK(updated->activated);
  CHECK(updated->updated_at == test::kEpoch + 90);
  std::string hash = f.StoredHash(f.alice.id);
  CHECK(*f.hasher.Matches("brand-new-pw", hash));
  CHECK_FALSE(*f.hasher.Matches("password-alice", hash));
}

TEST_CASE("keeping one's own username is not a conflict", "[db][core][users]") {
  Fixture f;
  auto same = f.users.Update(f.AliceActor(), f.alice.id, Patch("alice"));
  REQUIRE(same);
  CHECK(same->username == "alice");
}

TEST_CASE("an empty user patch changes nothing", "[db][core][users]") {
  Fixture f;
  auto same = f.users.Update(f.AliceActor(), f.alice.id, {});
  REQUIRE(same);
  CHECK_FALSE(same->updated_at);
}

TEST_CASE("renaming to a taken username or an unknown role fails", "[db][core][users]") {
  Fixture f;
  auto taken = f.users.Update(f.AliceActor(), f.alice.id, Patch("root"));
  REQUIRE_FALSE(taken);
  CHECK(taken.error().code == core::Errc::kAlreadyExists);
  CHECK(taken.error().message == "user 'root' already exists");
  CHECK(taken.error().detail == "Username already taken");
  auto role = f.users.Update(f.RootActor(), f.alice.id, Patch({}, {}, 9));
  REQUIRE_FALSE(role);
  CHECK(role.error().code == core::Errc::kBadReference);
  CHECK(role.error().message == "role 9 does not exist");
  CHECK(role.error().detail == "Role not found");
  auto bad = f.users.Update(f.AliceActor(), f.alice.id, Patch({}, "short"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == core::Errc::kInvalidArgument);
  CHECK(bad.error().message == "password is too short: use at least 8 characters (got 5)");
  CHECK(f.users.Get(f.alice.id)->username == "alice");
}

TEST_CASE("user updates enforce the SPEC permission rules", "[db][core][users]") {
  Fixture f;
  core::User bob = f.Create("bob", core::kRoleUser);
  core::User ops = f.Create("ops", core::kRoleAdmin);
  CHECK(Denial(f.users.Update(f.AliceActor(), bob.id, Patch("mallory"))) ==
        "Forbidden access: Cannot edit a different User without being an admin");
  CHECK(Denial(f.users.Update(f.RootActor(), ops.id, Patch({}, {}, core::kRoleUser))) ==
        "Forbidden access: Cannot edit an admin user");
  CHECK(Denial(f.users.Update(f.AliceActor(), f.alice.id, Patch({}, {}, core::kRoleAdmin))) ==
        "Forbidden access: Cannot elevate your own permissions to Admin");
  CHECK(Denial(f.users.Update(f.AliceActor(), f.alice.id, Patch({}, {}, {}, false))) ==
        "Forbidden access: Cannot enable/disable a user as a non-admin user");
  CHECK(Denial(f.users.Update(f.AliceActor(), bob.id, Patch({}, "other-password"))) ==
        "Forbidden access: Cannot edit a different User without being an admin");
  CHECK(*f.hasher.Matches("password-bob", f.StoredHash(bob.id)));
  auto promoted = f.users.Update(f.RootActor(), bob.id, Patch({}, {}, core::kRoleAdmin));
  REQUIRE(promoted);
  CHECK(promoted->IsAdmin());
  auto by_cli = f.users.Update(core::Actor::System(), ops.id, Patch({}, {}, core::kRoleUser));
  REQUIRE(by_cli);
  CHECK_FALSE(by_cli->IsAdmin());
}

TEST_CASE("updating a missing user is 404 before 403", "[db][core][users]") {
  Fixture f;
  auto missing = f.users.Update(f.AliceActor(), 999, Patch("x"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "user 999 not found");
  CHECK(missing.error().detail == "User not found");
  auto with_password = f.users.Update(f.AliceActor(), 999, Patch({}, "another-password"));
  REQUIRE_FALSE(with_password);
  CHECK(with_password.error().code == core::Errc::kNotFound);
}

TEST_CASE("deactivating through an update ends every session of the user", "[db][core][users]") {
  Fixture f;
  f.OpenSession(f.alice.id, "1");
  f.OpenSession(f.alice.id, "2");
  f.OpenSession(f.root.id, "3");
  auto updated = f.users.Update(f.RootActor(), f.alice.id, Patch({}, {}, {}, false));
  REQUIRE(updated);
  CHECK_FALSE(updated->activated);
  CHECK(f.SessionsOf(f.alice.id) == 0);
  CHECK(f.SessionsOf(f.root.id) == 1);
}

TEST_CASE("a user disables themself and loses every session", "[db][core][users]") {
  Fixture f;
  f.OpenSession(f.alice.id, "1");
  f.OpenSession(f.alice.id, "2");
  f.clock.Advance(5);
  auto disabled = f.users.Disable(f.AliceActor(), f.alice.id);
  REQUIRE(disabled);
  CHECK_FALSE(disabled->activated);
  CHECK(disabled->updated_at == test::kEpoch + 5);
  CHECK(f.SessionsOf(f.alice.id) == 0);
  CHECK_FALSE(f.users.Get(f.alice.id)->activated);
}

TEST_CASE("disabling someone else needs an admin and a missing user is 404 first",
          "[db][core][users]") {
  Fixture f;
  core::User bob = f.Create("bob", core::kRoleUser);
  f.OpenSession(bob.id, "b");
  auto denied = f.users.Disable(f.AliceActor(), bob.id);
  CHECK(Denial(denied) == kForbidden);
  CHECK(f.SessionsOf(bob.id) == 1);
  auto missing = f.users.Disable(f.AliceActor(), 999);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "user 999 not found");
  CHECK(missing.error().detail == "User not found");
  auto by_admin = f.users.Disable(f.RootActor(), bob.id);
  REQUIRE(by_admin);
  CHECK_FALSE(by_admin->activated);
  CHECK(f.SessionsOf(bob.id) == 0);
}

TEST_CASE("an admin re-enables a disabled user", "[db][core][users]") {
  Fixture f;
  REQUIRE(f.users.Disable(f.RootActor(), f.alice.id));
  CHECK(Denial(f.users.Enable(f.AliceActor(), f.alice.id)) == kForbidden);
  f.clock.Advance(10);
  auto enabled = f.users.Enable(f.RootActor(), f.alice.id);
  REQUIRE(enabled);
  CHECK(enabled->activated);
  CHECK(enabled->updated_at == test::kEpoch + 10);
  auto missing = f.users.Enable(f.RootActor(), 999);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "user 999 not found");
}
