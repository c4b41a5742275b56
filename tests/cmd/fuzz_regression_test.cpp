// Inputs the fuzz targets of tests/fuzz found to break a CLI parser,
// minimised, each kept in the target's corpus too
// (tests/fuzz/corpus/<target>/finding_*).

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "cmd/item_import.hpp"
#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;

TEST_CASE("a JSON lines number too large for a double is a bad line not a bug", "[db][cmd][fuzz]") {
  // fuzz_item_import: nlohmann throws out_of_range (not parse_error) for
  // 1e400, which ParseJsonLines let escape; `item import` failed with exit 1.
  const std::string text = "{\"name\":\"ok\"}\n1e400\n";
  core::Result<std::vector<core::ImportRow>> rows = cmd::ParseJsonLines(text);
  REQUIRE_FALSE(rows);
  CHECK(rows.error().code == core::Errc::kInvalidArgument);
  CHECK(rows.error().message == "line 2: number overflow parsing '1e400'");

  test::Cli cli;
  cli.Migrate();
  const std::string path = cli.dir().File("overflow.jsonl");
  std::ofstream(path, std::ios::binary) << "{\"name\":\"ok\",\"description\":-1e400}\n";
  test::ProcessResult failed = cli.Run({"item", "import", path});
  CHECK(failed.exit_code == 5);
  CHECK(failed.out.empty());
  CHECK(failed.err == "itemctl: error: line 1: number overflow parsing '-1e400'\n");
}
