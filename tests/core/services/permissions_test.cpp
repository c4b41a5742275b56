#include "core/services/permissions.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace itemctl;

namespace {

const core::Actor kAdmin{1, true};
const core::Actor kOtherAdmin{4, true};
const core::Actor kAlice{2, false};
const core::Actor kBob{3, false};

core::User UserWith(core::Id id, core::Id role_id) {
  core::User user;
  user.id = id;
  user.username = "user" + std::to_string(id);
  user.role_id = role_id;
  return user;
}

const core::User kAdminUser = UserWith(1, core::kRoleAdmin);
const core::User kAliceUser = UserWith(2, core::kRoleUser);
const core::User kBobUser = UserWith(3, core::kRoleUser);

std::string Denial(const core::Status& status) {
  REQUIRE_FALSE(status);
  CHECK(status.error().code == core::Errc::kPermissionDenied);
  return status.error().message;
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

constexpr const char* kDifferentUser =
    "Forbidden access: Cannot edit a different User without being an admin";
constexpr const char* kAdminTarget = "Forbidden access: Cannot edit an admin user";
constexpr const char* kElevate = "Forbidden access: Cannot elevate your own permissions to Admin";
constexpr const char* kActivation =
    "Forbidden access: Cannot enable/disable a user as a non-admin user";

}  // namespace

TEST_CASE("only admins pass RequireAdmin", "[core][permissions]") {
  CHECK(core::RequireAdmin(kAdmin));
  CHECK(core::RequireAdmin(core::Actor::System()));
  CHECK(Denial(core::RequireAdmin(kAlice)) == "Forbidden access: User cannot access this resource");
}

TEST_CASE("a user may disable themself, an admin any non-admin and only the CLI another admin",
          "[core][permissions]") {
  CHECK(core::CanDisableUser(kAlice, kAliceUser));
  CHECK(core::CanDisableUser(kAdmin, kBobUser));
  CHECK(core::CanDisableUser(kAdmin, kAdminUser));
  CHECK(core::CanDisableUser(core::Actor::System(), kAliceUser));
  CHECK(core::CanDisableUser(core::Actor::System(), kAdminUser));
  CHECK(Denial(core::CanDisableUser(kOtherAdmin, kAdminUser)) == kAdminTarget);
  CHECK(Denial(core::CanDisableUser(kAlice, kBobUser)) == core::kForbiddenResource);
  CHECK(Denial(core::CanDisableUser(kBob, kAdminUser)) == core::kForbiddenResource);
}

TEST_CASE("a non-admin may edit only their own username and password", "[core][permissions]") {
  core::UserPatch patch;
  patch.username = "alice2";
  patch.password = "new-password";
  CHECK(core::CanEditUser(kAlice, kAliceUser, patch));
  CHECK(core::CanEditUser(kAlice, kAliceUser, RolePatch(core::kRoleUser)));
  CHECK(Denial(core::CanEditUser(kAlice, kBobUser, patch)) == kDifferentUser);
  CHECK(Denial(core::CanEditUser(kAlice, kAdminUser, {})) == kDifferentUser);
}

TEST_CASE("an admin may not edit another admin, but may edit themself", "[core][permissions]") {
  CHECK(Denial(core::CanEditUser(kOtherAdmin, kAdminUser, {})) == kAdminTarget);
  CHECK(Denial(core::CanEditUser(kOtherAdmin, kAdminUser, RolePatch(core::kRoleUser))) ==
        kAdminTarget);
  CHECK(core::CanEditUser(kAdmin, kAdminUser, RolePatch(core::kRoleUser)));
  CHECK(core::CanEditUser(kAdmin, kAliceUser, RolePatch(core::kRoleAdmin)));
  CHECK(core::CanEditUser(kAdmin, kAliceUser, ActivationPatch(false)));
}

TEST_CASE("the system actor (the CLI) may edit an admin", "[core][permissions]") {
  CHECK(core::CanEditUser(core::Actor::System(), kAdminUser, RolePatch(core::kRoleUser)));
  CHECK(core::CanEditUser(core::Actor::System(), kAdminUser, ActivationPatch(false)));
}

TEST_CASE("a non-admin cannot make themself admin", "[core][permissions]") {
  CHECK(Denial(core::CanEditUser(kAlice, kAliceUser, RolePatch(core::kRoleAdmin))) == kElevate);
}

TEST_CASE("a non-admin cannot enable or disable anyone", "[core][permissions]") {
  CHECK(Denial(core::CanEditUser(kAlice, kAliceUser, ActivationPatch(false))) == kActivation);
  CHECK(Denial(core::CanEditUser(kAlice, kAliceUser, ActivationPatch(true))) == kActivation);
}

TEST_CASE("user edit rules are checked in the documented order", "[core][permissions]") {
  core::UserPatch everything = RolePatch(core::kRoleAdmin);
  everything.activated = true;
  CHECK(Denial(core::CanEditUser(kAlice, kBobUser, everything)) == kDifferentUser);
  CHECK(Denial(core::CanEditUser(kAlice, kAliceUser, everything)) == kElevate);
  CHECK(Denial(core::CanEditUser(kOtherAdmin, kAdminUser, everything)) == kAdminTarget);
}

TEST_CASE("items may be modified by their owner or an admin", "[core][permissions]") {
  core::Item item;
  item.id = 7;
  item.user_id = kAlice.user_id;
  CHECK(core::CanModifyItem(kAlice, item));
  CHECK(core::CanModifyItem(kAdmin, item));
  CHECK(core::CanModifyItem(core::Actor::System(), item));
  CHECK(Denial(core::CanModifyItem(kBob, item)) == core::kForbiddenResource);
}

TEST_CASE("sessions may be revoked by their owner or an admin", "[core][permissions]") {
  core::Session session;
  session.id = 9;
  session.user_id = kBob.user_id;
  CHECK(core::CanRevokeSession(kBob, session));
  CHECK(core::CanRevokeSession(kAdmin, session));
  CHECK(Denial(core::CanRevokeSession(kAlice, session)) == core::kForbiddenResource);
}
