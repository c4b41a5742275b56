// `item list --all --json` streams its rows (JsonAllRowsPrinter): the text
// must be byte for byte what printing the whole page as one document gives.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cmd/output.hpp"
#include "web/json_mapping.hpp"

using namespace itemctl;

namespace {

// The whole page as one document, the way `--json` prints other listings.
std::string AsOneDocument(const std::vector<core::Item>& items) {
  core::Page<core::Item> page{1, items.empty() ? 1 : static_cast<std::int64_t>(items.size()),
                              static_cast<std::int64_t>(items.size()), items};
  std::ostringstream out;
  cmd::PrintJson(out, web::ToJson(page, "items"));
  return out.str();
}

std::string Streamed(const std::vector<core::Item>& items) {
  std::ostringstream out;
  cmd::JsonAllRowsPrinter printer(out, "items");
  for (const core::Item& item : items) printer.Add(web::ToJson(item));
  printer.Finish();
  return out.str();
}

}  // namespace

TEST_CASE("streamed --all JSON equals the whole page printed as one document") {
  std::vector<core::Item> items;
  CHECK(Streamed(items) == AsOneDocument(items));
  CHECK_THAT(Streamed(items), Catch::StartsWith("{\n  \"items\": [],\n  \"limit\": 1,"));

  items.push_back(core::Item{1, "plain", std::nullopt, 1, 1700000000, std::nullopt});
  CHECK(Streamed(items) == AsOneDocument(items));

  // Text JSON must escape, a multi-line description, an update time.
  items.push_back(core::Item{7, "quote \" back\\slash \x01 é", "two\nlines\t", 3, 1700000001,
                             1700000002});
  items.push_back(core::Item{9, "third", "", 1, 1700000003, std::nullopt});
  std::string streamed = Streamed(items);
  CHECK(streamed == AsOneDocument(items));
  CHECK_THAT(streamed, Catch::EndsWith("  ],\n  \"limit\": 3,\n  \"page\": 1,\n  \"total\": 3\n}\n"));

  for (core::Id id = 10; id < 3000; ++id) {
    items.push_back(core::Item{id, "n" + std::to_string(id), std::nullopt, 1, 1700000000 + id,
                               std::nullopt});
  }
  CHECK(Streamed(items) == AsOneDocument(items));
}

TEST_CASE("a key that sorts after limit cannot be streamed in nlohmann's key order") {
  std::ostringstream out;
  CHECK_THROWS_AS(cmd::JsonAllRowsPrinter(out, "users"), std::logic_error);
  CHECK(out.str().empty());
}
