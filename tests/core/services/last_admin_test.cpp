// SPEC §8 "Admin safety": the last active admin cannot be demoted, disabled
// or deleted, whoever asks; through the API an admin cannot disable another
// admin (the CLI can).

#include <catch2/catch.hpp>

#include <string>

#include "core/services/last_admin.hpp"
#include "core/services/roles.hpp"
#include "core/services/users.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr const char* kLastAdminMessage =
    "cannot remove the last admin: 'root' is the only active admin";

// root (admin) and alice (user), made through the user service.
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"test-pepper-0123456789", core::Argon2Params{8, 1, 1}};
  core::Users users{db->store(), clock, hasher};
  core::Roles roles{db->store(), clock};
  core::User root = Create("root", core::kRoleAdmin);
  core::User alice = Create("alice", core::kRoleUser);

  core::User Create(const std::string& username, core::Id role_id) {
    auto created = users.Add(core::Actor::System(), {username, role_id, "password-" + username});
    REQUIRE(created);
    return created->user;
  }
  core::User Reload(core::Id id) {
    auto user = users.Get(id);
    REQUIRE(user);
    return *user;
  }
};

template <typename T>
void CheckLastAdmin(const core::Result<T>& result, const std::string& message = kLastAdminMessage) {
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kFailedPrecondition);
  CHECK(result.error().message == message);
  CHECK(result.error().detail == "Cannot remove the last admin");
}

core::UserPatch RolePatch(core::Id role_id) {
  core::UserPatch patch;
  patch.role_id = role_id;
  return patch;
}

core::UserPatch ActivationPatch(bool activated) {
  core::UserPatch patch;
  patch.activated = activated;
  return patch;
}

}  // namespace

TEST_CASE("the last active admin cannot be demoted or disabled, by itself or the CLI",
          "[db][core][users][roles]") {
  Fixture f;
  core::Actor self = core::Actor::Of(f.root);
  for (const core::Actor& actor : {self, core::Actor::System()}) {
    INFO("system actor: " << actor.IsSystem());
    CheckLastAdmin(f.users.Update(actor, f.root.id, RolePatch(core::kRoleUser)));
    CheckLastAdmin(f.users.Update(actor, f.root.id, ActivationPatch(false)));
    CheckLastAdmin(f.users.Disable(actor, f.root.id));
    CheckLastAdmin(f.roles.Grant(actor, "root", "user"));
    CheckLastAdmin(f.roles.Grant(actor, "root", "2"));
  }
  core::User unchanged = f.Reload(f.root.id);
  CHECK(unchanged.IsAdmin());
  CHECK(unchanged.activated);
  CHECK_FALSE(unchanged.updated_at);
}

TEST_CASE("harmless edits of the last admin still work", "[db][core][users][roles]") {
  Fixture f;
  core::UserPatch patch = RolePatch(core::kRoleAdmin);
  patch.activated = true;
  patch.username = "boss";
  patch.password = "another-password-1";
  auto edited = f.users.Update(core::Actor::System(), f.root.id, patch);
  REQUIRE(edited);
  CHECK(edited->username == "boss");
  CHECK(f.roles.Grant(core::Actor::System(), "boss", "admin"));
  // Demoting or disabling an ordinary user is not guarded.
  CHECK(f.users.Update(core::Actor::System(), f.alice.id, RolePatch(core::kRoleUser)));
  CHECK(f.users.Disable(core::Actor::System(), f.alice.id));
}

TEST_CASE("with two active admins one can be demoted or disabled, then not the other",
          "[db][core][users][roles]") {
  Fixture f;
  core::User ops = f.Create("ops", core::kRoleAdmin);

  SECTION("demoted with role grant") {
    auto demoted = f.roles.Grant(core::Actor::System(), "ops", "user");
    REQUIRE(demoted);
    CHECK_FALSE(demoted->IsAdmin());
  }
  SECTION("demoted with an update, by itself") {
    REQUIRE(f.users.Update(core::Actor::Of(ops), ops.id, RolePatch(core::kRoleUser)));
  }
  SECTION("disabled by itself") {
    REQUIRE(f.users.Disable(core::Actor::Of(ops), ops.id));
  }
  SECTION("disabled through an update by the CLI") {
    REQUIRE(f.users.Update(core::Actor::System(), ops.id, ActivationPatch(false)));
  }
  CheckLastAdmin(f.roles.Grant(core::Actor::System(), "root", "user"));
  CheckLastAdmin(f.users.Disable(core::Actor::Of(f.root), f.root.id));
}

TEST_CASE("a disabled admin does not count as the remaining admin", "[db][core][users]") {
  Fixture f;
  core::User ops = f.Create("ops", core::kRoleAdmin);
  REQUIRE(f.users.Disable(core::Actor::System(), ops.id));
  CheckLastAdmin(f.users.Disable(core::Actor::System(), f.root.id));
  // Disabling it again, or demoting it, removes no active admin.
  CHECK(f.users.Disable(core::Actor::System(), ops.id));
  CHECK(f.roles.Grant(core::Actor::System(), "ops", "user"));
  // Another active admin lets root go; then that one is the last.
  core::User promoted = f.Create("deputy", core::kRoleAdmin);
  REQUIRE(f.users.Disable(core::Actor::System(), f.root.id));
  CheckLastAdmin(f.users.Disable(core::Actor::System(), promoted.id),
                 "cannot remove the last admin: 'deputy' is the only active admin");
}

TEST_CASE("an admin cannot disable another admin but the CLI can", "[db][core][users]") {
  Fixture f;
  core::User ops = f.Create("ops", core::kRoleAdmin);
  auto denied = f.users.Disable(core::Actor::Of(f.root), ops.id);
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == core::Errc::kPermissionDenied);
  CHECK(denied.error().message == "Forbidden access: Cannot edit an admin user");
  auto patched = f.users.Update(core::Actor::Of(f.root), ops.id, ActivationPatch(false));
  REQUIRE_FALSE(patched);
  CHECK(patched.error().message == "Forbidden access: Cannot edit an admin user");
  CHECK(f.Reload(ops.id).activated);

  auto by_cli = f.users.Disable(core::Actor::System(), ops.id);
  REQUIRE(by_cli);
  CHECK_FALSE(by_cli->activated);
}

TEST_CASE("RemovesActiveAdmin looks only at active admins losing the role or activation",
          "[db][core][users]") {
  core::User admin;
  admin.role_id = core::kRoleAdmin;
  CHECK(core::RemovesActiveAdmin(admin, core::kRoleUser, std::nullopt));
  CHECK(core::RemovesActiveAdmin(admin, std::nullopt, false));
  CHECK_FALSE(core::RemovesActiveAdmin(admin, core::kRoleAdmin, true));
  CHECK_FALSE(core::RemovesActiveAdmin(admin, std::nullopt, std::nullopt));
  core::User disabled = admin;
  disabled.activated = false;
  CHECK_FALSE(core::RemovesActiveAdmin(disabled, core::kRoleUser, false));
  core::User user;
  CHECK_FALSE(core::RemovesActiveAdmin(user, core::kRoleUser, false));
}
