#include "core/services/user_reference.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <unordered_map>
#include <vector>

#include "tests/test_support.hpp"

using namespace itemctl;

TEST_CASE("UsernamesById names known ids and leaves out unknown ones", "[db][core][users]") {
  auto db = test::MigratedDatabase();
  core::Id alice = db->AddUser("alice");
  core::Id digits = db->AddUser("2024");
  auto names = core::UsernamesById(db->store().users(), {alice, 999, digits, alice});
  REQUIRE(names);
  CHECK(*names == std::unordered_map<core::Id, std::string>{{alice, "alice"}, {digits, "2024"}});

  auto none = core::UsernamesById(db->store().users(), {});
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("UsernamesById takes more ids than an engine has parameters in one call",
          "[db][core][users]") {
  auto db = test::MigratedDatabase();
  core::Id bob = db->AddUser("bob");
  // Past SQLite's old 999 and PostgreSQL's 65535 bind-parameter limits: the
  // ids travel as one parameter.
  std::vector<core::Id> ids(70'000, 123'456);
  ids.back() = bob;
  auto names = core::UsernamesById(db->store().users(), ids);
  REQUIRE(names);
  CHECK(*names == std::unordered_map<core::Id, std::string>{{bob, "bob"}});
}
