#include "core/services/items.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/domain/validation.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr const char* kExistsDetail = "Item with the same name already exists";

// A migrated database with two plain users, alice and bob, inserted directly
// (item tests need no password hashing).
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Items items{db->store(), clock};
  core::Id alice = InsertUser("alice");
  core::Id bob = InsertUser("bob");

  core::Id InsertUser(const std::string& username) { return db->AddUser(username); }
  core::Actor Alice() const { return core::Actor{alice, false}; }
  core::Actor Bob() const { return core::Actor{bob, false}; }
  core::Actor Admin() const { return core::Actor{99, true}; }

  core::Item Add(const std::string& name, std::optional<std::string> description = {}) {
    auto item = items.Add(Alice(), alice, {name, std::move(description)});
    REQUIRE(item);
    return *item;
  }
  std::int64_t CountItems() { return db->Int("SELECT count(*) FROM items"); }
  std::vector<std::string> Names(const core::ItemFilter& filter) {
    auto page = items.List(filter, {1, 100});
    REQUIRE(page);
    std::vector<std::string> names;
    for (const core::Item& item : page->rows) names.push_back(item.name);
    CHECK(page->total == static_cast<std::int64_t>(names.size()));
    return names;
  }
};

core::ItemPatch Rename(const std::string& name) {
  core::ItemPatch patch;
  patch.name = name;
  return patch;
}

}  // namespace

TEST_CASE("an added item belongs to its owner and can be read back", "[db][core][items]") {
  Fixture f;
  auto item = f.items.Add(f.Alice(), f.alice, {"Laptop", "13 inch"});
  REQUIRE(item);
  CHECK(item->id == 1);
  CHECK(item->name == "Laptop");
  CHECK(item->description == "13 inch");
  CHECK(item->user_id == f.alice);
  CHECK(item->created_at == test::kEpoch);
  CHECK_FALSE(item->updated_at);
  auto read = f.items.Get(item->id);
  REQUIRE(read);
  CHECK(read->name == "Laptop");
  CHECK(read->description == "13 inch");
  CHECK(read->user_id == f.alice);
  CHECK(read->created_at == test::kEpoch);
  CHECK_FALSE(read->updated_at);
  auto bare = f.items.Add(f.Alice(), f.alice, {"Mouse", std::nullopt});
  REQUIRE(bare);
  CHECK_FALSE(f.items.Get(bare->id)->description);
}

TEST_CASE("adding an item with a taken name is kAlreadyExists", "[db][core][items]") {
  Fixture f;
  f.Add("Laptop");
  auto again = f.items.Add(f.Bob(), f.bob, {"Laptop", std::nullopt});
  REQUIRE_FALSE(again);
  CHECK(again.error().code == core::Errc::kAlreadyExists);
  CHECK(again.error().message == "item 'Laptop' already exists");
  CHECK(again.error().detail == kExistsDetail);
  CHECK(f.CountItems() == 1);
}

TEST_CASE("adding an invalid item writes nothing", "[db][core][items]") {
  Fixture f;
  auto blank = f.items.Add(f.Alice(), f.alice, {"", std::nullopt});
  REQUIRE_FALSE(blank);
  CHECK(blank.error().code == core::Errc::kInvalidArgument);
  CHECK(blank.error().message == "item name '' is invalid: it must not be empty or blank");
  auto long_description = f.items.Add(f.Alice(), f.alice, {"ok", std::string(10001, 'd')});
  REQUIRE_FALSE(long_description);
  CHECK(long_description.error().message ==
        "description is too long: use at most 10000 characters (got 10001)");
  CHECK(f.CountItems() == 0);
}

TEST_CASE("only an admin adds items for another owner", "[db][core][items]") {
  Fixture f;
  auto denied = f.items.Add(f.Alice(), f.bob, {"Laptop", std::nullopt});
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == core::Errc::kPermissionDenied);
  CHECK(denied.error().message == "Forbidden access: User cannot access this resource");
  auto by_admin = f.items.Add(f.Admin(), f.bob, {"Laptop", std::nullopt});
  REQUIRE(by_admin);
  CHECK(by_admin->user_id == f.bob);
  auto by_cli = f.items.Add(core::Actor::System(), f.alice, {"Phone", std::nullopt});
  REQUIRE(by_cli);
  CHECK(by_cli->user_id == f.alice);
}

TEST_CASE("an item for an unknown owner is kBadReference", "[db][core][items]") {
  Fixture f;
  auto orphan = f.items.Add(core::Actor::System(), 404, {"Laptop", std::nullopt});
  REQUIRE_FALSE(orphan);
  CHECK(orphan.error().code == core::Errc::kBadReference);
  CHECK(orphan.error().message == "user 404 does not exist");
  CHECK(orphan.error().detail == "User not found");
}

TEST_CASE("getting a missing item is kNotFound", "[db][core][items]") {
  Fixture f;
  auto missing = f.items.Get(7);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kNotFound);
  CHECK(missing.error().message == "item 7 not found");
  CHECK(missing.error().detail == "Item not found");
}

TEST_CASE("listing pages through items in id order with a total", "[db][core][items]") {
  Fixture f;
  for (int i = 1; i <= 45; ++i) f.Add("item " + std::to_string(i));
  auto first = f.items.List({}, {1, 20});
  REQUIRE(first);
  CHECK(first->page == 1);
  CHECK(first->limit == 20);
  CHECK(first->total == 45);
  REQUIRE(first->rows.size() == 20);
  CHECK(first->rows.front().id == 1);
  CHECK(first->rows.back().id == 20);
  auto last = f.items.List({}, {3, 20});
  REQUIRE(last);
  CHECK(last->total == 45);
  REQUIRE(last->rows.size() == 5);
  CHECK(last->rows.front().id == 41);
  CHECK(last->rows.back().id == 45);
  auto past = f.items.List({}, {4, 20});
  REQUIRE(past);
  CHECK(past->total == 45);
  CHECK(past->rows.empty());
  auto far = f.items.List({}, {std::numeric_limits<std::int64_t>::max(), 20});
  REQUIRE(far);
  CHECK(far->rows.empty());
}

TEST_CASE("filtered listings page through their matches with a total", "[db][core][items]") {
  Fixture f;
  for (int i = 1; i <= 45; ++i) f.Add("item " + std::to_string(i), i % 2 == 0 ? "even" : "odd");
  auto Ids = [&](const core::ItemFilter& filter, std::int64_t page_number, std::int64_t limit) {
    auto page = f.items.List(filter, {page_number, limit});
    REQUIRE(page);
    CHECK(page->page == page_number);
    CHECK(page->limit == limit);
    std::vector<core::Id> ids;
    for (const core::Item& item : page->rows) ids.push_back(item.id);
    return std::make_pair(ids, page->total);
  };
  using IdList = std::vector<core::Id>;
  // Through the trigram index ("EVEN": 22 matches) and a scan ("4": 10).
  CHECK(Ids({std::nullopt, "EVEN"}, 1, 4) == std::make_pair(IdList{2, 4, 6, 8}, std::int64_t{22}));
  CHECK(Ids({std::nullopt, "EVEN"}, 3, 4) ==
        std::make_pair(IdList{18, 20, 22, 24}, std::int64_t{22}));
  CHECK(Ids({std::nullopt, "EVEN"}, 6, 4) == std::make_pair(IdList{42, 44}, std::int64_t{22}));
  CHECK(Ids({std::nullopt, "EVEN"}, 7, 4) == std::make_pair(IdList{}, std::int64_t{22}));
  CHECK(Ids({"4", std::nullopt}, 2, 3) == std::make_pair(IdList{34, 40, 41}, std::int64_t{10}));
  CHECK(Ids({"4", "odd"}, 1, 20) == std::make_pair(IdList{41, 43, 45}, std::int64_t{3}));
  CHECK(Ids({"no such item", std::nullopt}, 1, 20) == std::make_pair(IdList{}, std::int64_t{0}));
  CHECK(Ids({"item", std::nullopt}, std::numeric_limits<std::int64_t>::max(), 20) ==
        std::make_pair(IdList{}, std::int64_t{45}));
}

TEST_CASE("after_id pages on from the last id seen, with or without a filter", "[db][core][items]") {
  Fixture f;
  for (int i = 1; i <= 45; ++i) f.Add("item " + std::to_string(i), i % 3 == 0 ? "third" : "rest");
  auto Ids = [&](const core::ItemFilter& filter, core::Id after_id, std::int64_t limit) {
    core::PageRequest request{1, limit, after_id};
    auto page = f.items.List(filter, request);
    REQUIRE(page);
    CHECK(page->page == 1);
    std::vector<core::Id> ids;
    for (const core::Item& item : page->rows) ids.push_back(item.id);
    return std::make_pair(ids, page->total);
  };
  using IdList = std::vector<core::Id>;
  // Unfiltered: the total still counts every item.
  CHECK(Ids({}, 0, 3) == std::make_pair(IdList{1, 2, 3}, std::int64_t{45}));
  CHECK(Ids({}, 20, 3) == std::make_pair(IdList{21, 22, 23}, std::int64_t{45}));
  CHECK(Ids({}, 43, 20) == std::make_pair(IdList{44, 45}, std::int64_t{45}));
  CHECK(Ids({}, 45, 20) == std::make_pair(IdList{}, std::int64_t{45}));
  // A filter of three characters or more goes through the trigram index,
  // a shorter one through a scan: both page on by id.
  CHECK(Ids({std::nullopt, "THIRD"}, 10, 3) == std::make_pair(IdList{12, 15, 18}, std::int64_t{15}));
  CHECK(Ids({"m 4", std::nullopt}, 40, 20) ==
        std::make_pair(IdList{41, 42, 43, 44, 45}, std::int64_t{7}));  // 4 and 40 to 45
  CHECK(Ids({"4", std::nullopt}, 24, 3) == std::make_pair(IdList{34, 40, 41}, std::int64_t{10}));
}

TEST_CASE("a page request takes after_id or page, not both, and no negative after_id", "[core][items]") {
  core::ListingConfig config;
  auto both = core::MakePageRequest(2, 20, config, 40);
  REQUIRE_FALSE(both);
  CHECK(both.error().code == core::Errc::kInvalidArgument);
  CHECK(both.error().message ==
        "page and after_id exclude each other: after_id pages on from the last id seen, page "
        "counts from the first");
  auto negative = core::MakePageRequest(std::nullopt, 20, config, -1);
  REQUIRE_FALSE(negative);
  CHECK(negative.error().message == "after_id must be an integer >= 0");
  auto cursor = core::MakePageRequest(std::nullopt, 5000, config, 40);
  REQUIRE(cursor);
  CHECK(cursor->page == 1);
  CHECK(cursor->limit == config.max_limit);  // clamped as for a page
  CHECK(cursor->after_id == 40);
}

TEST_CASE("a clamped page request lists at most the maximum", "[db][core][items]") {
  Fixture f;
  for (int i = 1; i <= 30; ++i) f.Add("item " + std::to_string(i));
  auto request = core::MakePageRequest(1, 1000, core::ListingConfig{});
  REQUIRE(request);
  auto page = f.items.List({}, *request);
  REQUIRE(page);
  CHECK(page->limit == 20);
  CHECK(page->rows.size() == 20);
  CHECK(page->total == 30);
}

TEST_CASE("listing refuses page or limit below 1", "[db][core][items]") {
  Fixture f;
  auto page = f.items.List({}, {0, 20});
  REQUIRE_FALSE(page);
  CHECK(page.error().code == core::Errc::kInvalidArgument);
  CHECK(page.error().message == "page must be an integer >= 1");
  auto limit = f.items.List({}, {1, 0});
  REQUIRE_FALSE(limit);
  CHECK(limit.error().message == "limit must be an integer >= 1");
}

TEST_CASE("list filters are case-insensitive substrings", "[db][core][items]") {
  Fixture f;
  f.Add("Red Apple", "crisp and SWEET");
  f.Add("green apple", "sour");
  f.Add("Banana", std::nullopt);
  using Names = std::vector<std::string>;
  CHECK(f.Names({"APPLE", std::nullopt}) == Names{"Red Apple", "green apple"});
  CHECK(f.Names({std::nullopt, "sweet"}) == Names{"Red Apple"});
  CHECK(f.Names({"apple", "our"}) == Names{"green apple"});
  CHECK(f.Names({"cherry", std::nullopt}).empty());
  CHECK(f.Names({"", ""}) == Names{"Red Apple", "green apple", "Banana"});
}

TEST_CASE("% and _ in a filter match themselves only", "[db][core][items]") {
  Fixture f;
  f.Add("100% juice");
  f.Add("1000 juices");
  f.Add("under_score");
  f.Add("underXscore");
  f.Add("back\\slash");
  using Names = std::vector<std::string>;
  CHECK(f.Names({"%", std::nullopt}) == Names{"100% juice"});
  CHECK(f.Names({"0% j", std::nullopt}) == Names{"100% juice"});
  CHECK(f.Names({"r_s", std::nullopt}) == Names{"under_score"});
  CHECK(f.Names({"\\", std::nullopt}) == Names{"back\\slash"});
}

TEST_CASE("ForEach visits every matching item in id order", "[db][core][items]") {
  Fixture f;
  for (int i = 1; i <= 25; ++i) f.Add("thing " + std::to_string(i), i % 2 ? "odd" : "even");
  std::vector<core::Id> ids;
  REQUIRE(f.items.ForEach({}, [&](const core::Item& item) { ids.push_back(item.id); }));
  REQUIRE(ids.size() == 25);
  for (std::size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == static_cast<core::Id>(i + 1));
  std::vector<std::string> names;
  REQUIRE(f.items.ForEach({std::nullopt, "EVEN"},
                          [&](const core::Item& item) { names.push_back(item.name); }));
  CHECK(names.size() == 12);
  CHECK(names.front() == "thing 2");
}

TEST_CASE("the owner updates name and description", "[db][core][items]") {
  Fixture f;
  core::Item item = f.Add("Laptop", "old");
  f.clock.Advance(30);
  auto renamed = f.items.Update(f.Alice(), item.id, Rename("Notebook"));
  REQUIRE(renamed);
  CHECK(renamed->name == "Notebook");
  CHECK(renamed->description == "old");
  CHECK(renamed->updated_at == test::kEpoch + 30);
  core::ItemPatch described;
  described.description = "new";
  auto updated = f.items.Update(f.Alice(), item.id, described);
  REQUIRE(updated);
  CHECK(updated->name == "Notebook");
  CHECK(updated->description == "new");
  CHECK(f.items.Get(item.id)->description == "new");
}

TEST_CASE("renaming an item to its own name is not a conflict", "[db][core][items]") {
  Fixture f;
  core::Item item = f.Add("Laptop");
  auto same = f.items.Update(f.Alice(), item.id, Rename("Laptop"));
  REQUIRE(same);
  CHECK(same->name == "Laptop");
}

TEST_CASE("renaming an item to another item's name is kAlreadyExists", "[db][core][items]") {
  Fixture f;
  f.Add("Laptop");
  core::Item phone = f.Add("Phone");
  auto clash = f.items.Update(f.Alice(), phone.id, Rename("Laptop"));
  REQUIRE_FALSE(clash);
  CHECK(clash.error().code == core::Errc::kAlreadyExists);
  CHECK(clash.error().message == "item 'Laptop' already exists");
  CHECK(clash.error().detail == kExistsDetail);
  CHECK(f.items.Get(phone.id)->name == "Phone");
}

TEST_CASE("an empty patch changes nothing", "[db][core][items]") {
  Fixture f;
  core::Item item = f.Add("Laptop");
  auto same = f.items.Update(f.Alice(), item.id, {});
  REQUIRE(same);
  CHECK_FALSE(same->updated_at);
}

TEST_CASE("an invalid new name is refused", "[db][core][items]") {
  Fixture f;
  core::Item item = f.Add("Laptop");
  auto blank = f.items.Update(f.Alice(), item.id, Rename(" "));
  REQUIRE_FALSE(blank);
  CHECK(blank.error().code == core::Errc::kInvalidArgument);
  CHECK(blank.error().message == "item name ' ' is invalid: it must not be empty or blank");
}

TEST_CASE("only the owner or an admin modifies an item", "[db][core][items]") {
  Fixture f;
  core::Item item = f.Add("Laptop");
  auto update = f.items.Update(f.Bob(), item.id, Rename("Mine"));
  REQUIRE_FALSE(update);
  CHECK(update.error().code == core::Errc::kPermissionDenied);
  CHECK(update.error().message == "Forbidden access: User cannot access this resource");
  auto remove = f.items.Delete(f.Bob(), item.id);
  REQUIRE_FALSE(remove);
  CHECK(remove.error().code == core::Errc::kPermissionDenied);
  CHECK(remove.error().message == "Forbidden access: User cannot access this resource");
  auto by_admin = f.items.Update(f.Admin(), item.id, Rename("Audited"));
  REQUIRE(by_admin);
  CHECK(by_admin->user_id == f.alice);
  CHECK(f.items.Delete(f.Admin(), item.id));
}

TEST_CASE("a missing item is 404 before 403", "[db][core][items]") {
  Fixture f;
  auto update = f.items.Update(f.Bob(), 7, Rename("x"));
  REQUIRE_FALSE(update);
  CHECK(update.error().code == core::Errc::kNotFound);
  CHECK(update.error().message == "item 7 not found");
  CHECK(update.error().detail == "Item not found");
  auto remove = f.items.Delete(f.Bob(), 7);
  REQUIRE_FALSE(remove);
  CHECK(remove.error().code == core::Errc::kNotFound);
  CHECK(remove.error().message == "item 7 not found");
  CHECK(remove.error().detail == "Item not found");
}

TEST_CASE("a deleted item is gone", "[db][core][items]") {
  Fixture f;
  core::Item item = f.Add("Laptop");
  REQUIRE(f.items.Delete(f.Alice(), item.id));
  auto gone = f.items.Get(item.id);
  REQUIRE_FALSE(gone);
  CHECK(gone.error().code == core::Errc::kNotFound);
  CHECK(f.CountItems() == 0);
}
