// Listings that stay fast as items grow (migrations 0006_item_search): on
// SQLite the unfiltered total comes from the count row its triggers keep,
// and needles of three or more characters go through the trigram index on
// either engine; the answers are those of a scan with LIKE.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/services/items.hpp"
#include "core/storage/sqlite/trigram_match.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::Items items{db->store(), clock};
  core::Id alice = db->AddUser("alice");
  core::Actor owner{alice, false};

  core::Item Add(const std::string& name, std::optional<std::string> description = {}) {
    auto item = items.Add(owner, alice, {name, std::move(description)});
    REQUIRE(item);
    return *item;
  }
  std::int64_t Total(const core::ItemFilter& filter = {}) {
    auto page = items.List(filter, {1, 1});
    REQUIRE(page);
    return page->total;
  }
  std::vector<std::string> Names(const core::ItemFilter& filter) {
    auto page = items.List(filter, {1, 100});
    REQUIRE(page);
    std::vector<std::string> names;
    for (const core::Item& item : page->rows) names.push_back(item.name);
    CHECK(page->total == static_cast<std::int64_t>(names.size()));
    // The export path (ForEach) answers the same.
    std::vector<std::string> exported;
    REQUIRE(db->store().items().ForEach(
        filter, [&exported](const core::Item& item) { exported.push_back(item.name); }));
    CHECK(exported == names);
    return names;
  }
  static core::ItemFilter ByName(const std::string& needle) { return {needle, std::nullopt}; }
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("the unfiltered total follows inserts imports and deletes",
          "[db][core][items][search]") {
  Fixture f;
  CHECK(f.Total() == 0);
  core::Item lamp = f.Add("lamp");
  f.Add("desk");
  CHECK(f.Total() == 2);
  std::vector<core::ImportRow> rows;
  for (std::size_t line = 1; line <= 50; ++line) {
    rows.push_back({line, {"imported " + std::to_string(line), std::nullopt}});
  }
  REQUIRE(f.items.Import(f.owner, f.alice, rows));
  CHECK(f.Total() == 52);
  REQUIRE(f.items.Delete(f.owner, lamp.id));
  CHECK(f.Total() == 51);
  // A refused insert (a taken name) leaves the count alone.
  CHECK_FALSE(f.items.Add(f.owner, f.alice, {"desk", std::nullopt}));
  CHECK(f.Total() == 51);
}

TEST_CASE("the count row follows the items it counts", "[sqlite][core][items][search]") {
  Fixture f;
  f.Add("lamp");
  core::Item desk = f.Add("desk");
  REQUIRE(f.items.Delete(f.owner, desk.id));
  CHECK(f.db->Int("SELECT total FROM item_count") == 1);
}

TEST_CASE("a search through the trigram index finds exactly what LIKE finds",
          "[db][core][items][search]") {
  Fixture f;
  f.Add("item-0077777", "Seventy-seven thousand");
  f.Add("ITEM-0177777");
  f.Add("item-0077778");
  f.Add("100% cotton", "50_50 blend");
  f.Add("say \"hi\"");
  f.Add("Éclair", "Crème brûlée");
  f.Add("éclair");

  CHECK(f.Names(Fixture::ByName("77777")) == Names{"item-0077777", "ITEM-0177777"});
  CHECK(f.Names(Fixture::ByName("Item-00")) == Names{"item-0077777", "item-0077778"});
  // LIKE's wildcards and FTS5's quote are plain characters in a needle.
  CHECK(f.Names(Fixture::ByName("0% c")) == Names{"100% cotton"});
  CHECK(f.Names(Fixture::ByName("m-0_7")).empty());
  CHECK(f.Names({std::nullopt, std::string("50_5")}) == Names{"100% cotton"});
  CHECK(f.Names(Fixture::ByName("\"hi\"")) == Names{"say \"hi\""});
  // Case folds for ASCII only, as LIKE does: É and é stay apart.
  CHECK(f.Names(Fixture::ByName("ÉCLAIR")) == Names{"Éclair"});
  CHECK(f.Names(Fixture::ByName("écl")) == Names{"éclair"});
  CHECK(f.Names({std::nullopt, std::string("CRÈME")}).empty());
  CHECK(f.Names({std::nullopt, std::string("crème")}) == Names{"Éclair"});
  // Both filters at once, one of them too short for the index.
  CHECK(f.Names({std::string("item"), std::string("se")}) == Names{"item-0077777"});
  // Short needles are answered by a scan, with the same meaning.
  CHECK(f.Names(Fixture::ByName("7")) == Names{"item-0077777", "ITEM-0177777", "item-0077778"});
  CHECK(f.Names(Fixture::ByName("éc")) == Names{"éclair"});
  CHECK(f.Total(Fixture::ByName("77777")) == 2);
}

TEST_CASE("the trigram index follows renames and deletes", "[db][core][items][search]") {
  Fixture f;
  core::Item lamp = f.Add("brass lamp", "old");
  f.Add("brass desk");
  CHECK(f.Names(Fixture::ByName("brass")) == Names{"brass lamp", "brass desk"});
  core::ItemPatch patch;
  patch.name = "steel lamp";
  patch.description = "new";
  REQUIRE(f.items.Update(f.owner, lamp.id, patch));
  CHECK(f.Names(Fixture::ByName("brass")) == Names{"brass desk"});
  CHECK(f.Names(Fixture::ByName("steel")) == Names{"steel lamp"});
  CHECK(f.Names({std::nullopt, std::string("old")}).empty());
  CHECK(f.Names({std::nullopt, std::string("new")}) == Names{"steel lamp"});
  REQUIRE(f.items.Delete(f.owner, lamp.id));
  CHECK(f.Names(Fixture::ByName("steel")).empty());
  CHECK(f.Names(Fixture::ByName("lamp")).empty());
}

TEST_CASE("TrigramMatch quotes needles of three or more characters", "[core][items][search]") {
  CHECK_FALSE(core::TrigramMatch({}));
  CHECK_FALSE(core::TrigramMatch({std::string("ab"), std::string("éé")}));
  CHECK(core::TrigramMatch({std::string("abc"), std::nullopt}) == "name : \"abc\"");
  CHECK(core::TrigramMatch({std::string("a\"b"), std::string("ééé")}) ==
        "name : \"a\"\"b\" AND description : \"ééé\"");
  CHECK(core::TrigramMatch({std::string("ab"), std::string("xyz")}) == "description : \"xyz\"");
}
