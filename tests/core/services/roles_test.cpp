#include "core/services/roles.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "tests/test_support.hpp"

using namespace itemctl;

TEST_CASE("roles are listed in id order", "[db][core][roles]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::Roles roles(db->store(), clock);
  auto list = roles.List();
  REQUIRE(list);
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].id == core::kRoleAdmin);
  CHECK((*list)[0].name == "admin");
  CHECK((*list)[1].id == core::kRoleUser);
  CHECK((*list)[1].name == "user");
}

TEST_CASE("a role is found by id or by name", "[db][core][roles]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::Roles roles(db->store(), clock);
  auto admin = roles.Get(1);
  REQUIRE(admin);
  CHECK(admin->name == "admin");
  auto user = roles.GetByName("user");
  REQUIRE(user);
  CHECK(user->id == 2);
}

TEST_CASE("an unknown role is kNotFound with the API's detail", "[db][core][roles]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::Roles roles(db->store(), clock);
  auto by_id = roles.Get(9);
  REQUIRE_FALSE(by_id);
  CHECK(by_id.error().code == core::Errc::kNotFound);
  CHECK(by_id.error().message == "role 9 not found");
  CHECK(by_id.error().detail == "Role not found");
  auto by_name = roles.GetByName("boss");
  REQUIRE_FALSE(by_name);
  CHECK(by_name.error().code == core::Errc::kNotFound);
  CHECK(by_name.error().message == "role 'boss' not found");
  CHECK(by_name.error().detail == "Role not found");
}

TEST_CASE("granting a role by name or id updates the user", "[db][core][roles]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::Roles roles(db->store(), clock);
  core::Id bob = db->AddUser("bob", core::kRoleUser);
  db->AddUser("root", core::kRoleAdmin);  // so bob is not the last admin
  clock.Advance(60);
  auto granted = roles.Grant(core::Actor::System(), "bob", "admin");
  REQUIRE(granted);
  CHECK(granted->id == bob);
  CHECK(granted->role_id == core::kRoleAdmin);
  CHECK(granted->updated_at == test::kEpoch + 60);
  auto back = roles.Grant(core::Actor::System(), "bob", "2");
  REQUIRE(back);
  CHECK(back->role_id == core::kRoleUser);
}

TEST_CASE("granting needs an admin", "[db][core][roles]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::Roles roles(db->store(), clock);
  core::Id bob = db->AddUser("bob", core::kRoleUser);
  auto denied = roles.Grant(core::Actor{bob, false}, "bob", "admin");
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == core::Errc::kPermissionDenied);
  CHECK(denied.error().message == "Forbidden access: User cannot access this resource");
}

TEST_CASE("an admin cannot change another admin's role but the CLI can", "[db][core][roles]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::Roles roles(db->store(), clock);
  core::Id root = db->AddUser("root", core::kRoleAdmin);
  db->AddUser("ops", core::kRoleAdmin);
  auto denied = roles.Grant(core::Actor{root, true}, "ops", "user");
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == core::Errc::kPermissionDenied);
  CHECK(denied.error().message == "Forbidden access: Cannot edit an admin user");
  CHECK(roles.Grant(core::Actor::System(), "ops", "user"));
}

TEST_CASE("granting to an unknown user or an unknown role is kNotFound", "[db][core][roles]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::Roles roles(db->store(), clock);
  db->AddUser("bob", core::kRoleUser);
  auto no_user = roles.Grant(core::Actor::System(), "nobody", "admin");
  REQUIRE_FALSE(no_user);
  CHECK(no_user.error().code == core::Errc::kNotFound);
  CHECK(no_user.error().message == "user 'nobody' not found");
  CHECK(no_user.error().detail == "User not found");
  auto no_role = roles.Grant(core::Actor::System(), "bob", "boss");
  REQUIRE_FALSE(no_role);
  CHECK(no_role.error().code == core::Errc::kNotFound);
  CHECK(no_role.error().message == "role 'boss' not found");
  auto no_role_id = roles.Grant(core::Actor::System(), "bob", "9");
  REQUIRE_FALSE(no_role_id);
  CHECK(no_role_id.error().message == "role 9 not found");
}
