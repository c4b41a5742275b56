#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/services/items.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

// A migrated database with one plain user, alice, who owns the imports.
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Items items{db->store(), clock};
  core::Id alice = db->AddUser("alice");

  std::int64_t CountItems() { return db->Int("SELECT count(*) FROM items"); }
};

// Rows as a CSV reader would number them: the header is line 1.
std::vector<core::ImportRow> Rows(std::vector<std::string> names) {
  std::vector<core::ImportRow> rows;
  for (std::size_t i = 0; i < names.size(); ++i) {
    rows.push_back({i + 2, {std::move(names[i]), std::nullopt}});
  }
  return rows;
}

std::vector<core::ImportRow> NumberedRows(std::size_t count) {
  std::vector<core::ImportRow> rows;
  rows.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    rows.push_back({i + 2, {"item-" + std::to_string(i), "row " + std::to_string(i)}});
  }
  return rows;
}

}  // namespace

TEST_CASE("importing rows adds every one for the owner", "[db][core][items][import]") {
  Fixture f;
  auto rows = Rows({"Laptop", "Phone", "Tablet"});
  rows[1].item.description = "pocket size";
  auto count = f.items.Import(core::Actor::System(), f.alice, rows);
  REQUIRE(count);
  CHECK(*count == 3);
  auto phone = f.items.Get(2);
  REQUIRE(phone);
  CHECK(phone->name == "Phone");
  CHECK(phone->description == "pocket size");
  CHECK(phone->user_id == f.alice);
  CHECK(phone->created_at == test::kEpoch);
}

TEST_CASE("importing nothing succeeds with zero", "[db][core][items][import]") {
  Fixture f;
  auto count = f.items.Import(core::Actor::System(), f.alice, {});
  REQUIRE(count);
  CHECK(*count == 0);
}

TEST_CASE("an invalid row in the middle imports nothing", "[db][core][items][import]") {
  Fixture f;
  auto rows = NumberedRows(100);
  rows[48].item.name = "";  // line 50
  auto result = f.items.Import(core::Actor::System(), f.alice, rows);
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kInvalidArgument);
  CHECK(result.error().message ==
        "line 50: item name '' is invalid: it must not be empty or blank");
  CHECK(f.CountItems() == 0);
}

TEST_CASE("a row clashing with an existing item imports nothing", "[db][core][items][import]") {
  Fixture f;
  REQUIRE(f.items.Add(core::Actor::System(), f.alice, {"Laptop", std::nullopt}));
  auto result = f.items.Import(core::Actor::System(), f.alice, Rows({"Phone", "Tablet", "Laptop"}));
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kAlreadyExists);
  CHECK(result.error().message == "line 4: item 'Laptop' already exists");
  CHECK(result.error().detail == "Item with the same name already exists");
  CHECK(f.CountItems() == 1);
}

TEST_CASE("a name repeated within the file imports nothing", "[db][core][items][import]") {
  Fixture f;
  auto result = f.items.Import(core::Actor::System(), f.alice, Rows({"a", "dup", "b", "dup"}));
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kAlreadyExists);
  CHECK(result.error().message == "line 5: item 'dup' is a duplicate of line 3");
  CHECK(f.CountItems() == 0);
}

TEST_CASE("importing for an unknown owner is kBadReference", "[db][core][items][import]") {
  Fixture f;
  auto result = f.items.Import(core::Actor::System(), 404, Rows({"a"}));
  REQUIRE_FALSE(result);
  CHECK(result.error().code == core::Errc::kBadReference);
  CHECK(result.error().message == "user 404 does not exist");
  CHECK(f.CountItems() == 0);
}

TEST_CASE("a non-admin imports only for themself", "[db][core][items][import]") {
  Fixture f;
  core::Actor other{f.alice + 1, false};
  auto denied = f.items.Import(other, f.alice, Rows({"a"}));
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == core::Errc::kPermissionDenied);
  CHECK(denied.error().message == "Forbidden access: User cannot access this resource");
  auto own = f.items.Import(core::Actor{f.alice, false}, f.alice, Rows({"a"}));
  REQUIRE(own);
  CHECK(*own == 1);
}

TEST_CASE("100 000 rows import in one transaction with progress", "[db][core][items][import]") {
  Fixture f;
  auto rows = NumberedRows(100000);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  auto count =
      f.items.Import(core::Actor::System(), f.alice, rows,
                     [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  REQUIRE(count);
  CHECK(*count == 100000);
  CHECK(f.CountItems() == 100000);
  REQUIRE_FALSE(calls.empty());
  CHECK(calls.size() <= 101);
  CHECK(calls.back() == std::make_pair(std::size_t{100000}, std::size_t{100000}));
  for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i - 1].first < calls[i].first);
  auto last = f.items.Get(100000);
  REQUIRE(last);
  CHECK(last->name == "item-99999");
}

TEST_CASE("a failure late in a large import leaves no rows", "[db][core][items][import]") {
  Fixture f;
  auto rows = NumberedRows(50000);
  rows[49999].item.name = "item-0";
  auto result = f.items.Import(core::Actor::System(), f.alice, rows);
  REQUIRE_FALSE(result);
  CHECK(result.error().message == "line 50001: item 'item-0' is a duplicate of line 2");
  CHECK(f.CountItems() == 0);
}

TEST_CASE("the first failing line is reported whichever batch it is in", "[db][core][items][import]") {
  Fixture f;
  // Imports go in batches of 1 000 rows: a clash in the second batch comes
  // before an invalid row in the third, and an invalid row in the second
  // before a clash later in that batch.
  auto clash_first = NumberedRows(2500);
  clash_first[1600].item.name = "item-5";
  clash_first[2200].item.name = "";
  auto clash = f.items.Import(core::Actor::System(), f.alice, clash_first);
  REQUIRE_FALSE(clash);
  CHECK(clash.error().message == "line 1602: item 'item-5' is a duplicate of line 7");

  auto invalid_first = NumberedRows(2500);
  invalid_first[1100].item.name = " ";
  invalid_first[1300].item.name = "item-5";
  auto invalid = f.items.Import(core::Actor::System(), f.alice, invalid_first);
  REQUIRE_FALSE(invalid);
  CHECK(invalid.error().message ==
        "line 1102: item name ' ' is invalid: it must not be empty or blank");

  REQUIRE(f.items.Add(core::Actor::System(), f.alice, {"item-1999", std::nullopt}));
  auto taken = f.items.Import(core::Actor::System(), f.alice, NumberedRows(2500));
  REQUIRE_FALSE(taken);
  CHECK(taken.error().message == "line 2001: item 'item-1999' already exists");
  CHECK(f.CountItems() == 1);
}

TEST_CASE("imported ids follow the file and the listing total follows every write",
          "[db][core][items][import]") {
  Fixture f;
  REQUIRE(f.items.Add(core::Actor::System(), f.alice, {"first", std::nullopt}));
  REQUIRE(f.items.Import(core::Actor::System(), f.alice, NumberedRows(2500)));
  auto middle = f.items.Get(1236);
  REQUIRE(middle);
  CHECK(middle->name == "item-1234");
  CHECK(middle->description == "row 1234");

  auto total = [&f]() {
    auto page = f.items.List({}, {1, 20});
    REQUIRE(page);
    return page->total;
  };
  CHECK(total() == 2501);
  auto failed = f.items.Import(core::Actor::System(), f.alice, Rows({"new", "first"}));
  REQUIRE_FALSE(failed);
  CHECK(total() == 2501);
  REQUIRE(f.items.Delete(core::Actor::System(), 1));
  REQUIRE(f.items.Delete(core::Actor::System(), 2501));
  CHECK(total() == 2499);
  CHECK(total() == f.CountItems());
}
