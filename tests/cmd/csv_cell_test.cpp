// The CSV formula guard of `item export` and `item import`, in process:
// NeutralizeCsvCell / RestoreCsvCell, and whole CSV lines through
// ExportLine and ParseCsv.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cmd/item_import.hpp"

using namespace itemctl;
using cmd::NeutralizeCsvCell;
using cmd::RestoreCsvCell;

namespace {

// Every string of up to `max_length` characters over an alphabet of the
// guarded characters, the delimiters and two ordinary ones.
std::vector<std::string> AllStrings(std::size_t max_length) {
  const std::string alphabet = std::string("=+-@\t\r'a,\"\n ");
  std::vector<std::string> out = {""};
  std::size_t begin = 0;
  for (std::size_t length = 1; length <= max_length; ++length) {
    std::size_t end = out.size();
    for (std::size_t i = begin; i < end; ++i) {
      for (char c : alphabet) out.push_back(out[i] + c);
    }
    begin = end;
  }
  return out;
}

}  // namespace

TEST_CASE("NeutralizeCsvCell guards cells a spreadsheet would run as formulas",
          "[cmd][csv]") {
  CHECK(NeutralizeCsvCell("=1+1") == "'=1+1");
  CHECK(NeutralizeCsvCell("+cmd") == "'+cmd");
  CHECK(NeutralizeCsvCell("-2") == "'-2");
  CHECK(NeutralizeCsvCell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(NeutralizeCsvCell("\t=x") == "'\t=x");
  CHECK(NeutralizeCsvCell("\r=x") == "'\r=x");
  CHECK(NeutralizeCsvCell("'") == "''");
  CHECK(NeutralizeCsvCell("'quoted'") == "''quoted'");
  CHECK(NeutralizeCsvCell("") == "");
  CHECK(NeutralizeCsvCell("a=1") == "a=1");
  CHECK(NeutralizeCsvCell(" =1") == " =1");
}

TEST_CASE("RestoreCsvCell strips exactly one guard and leaves other apostrophes",
          "[cmd][csv]") {
  CHECK(RestoreCsvCell("'=1+1") == "=1+1");
  CHECK(RestoreCsvCell("''=1") == "'=1");
  CHECK(RestoreCsvCell("''") == "'");
  CHECK(RestoreCsvCell("'") == "'");
  CHECK(RestoreCsvCell("'quoted'") == "'quoted'");
  CHECK(RestoreCsvCell("=1") == "=1");
  CHECK(RestoreCsvCell("") == "");
}

TEST_CASE("every string survives NeutralizeCsvCell then RestoreCsvCell", "[cmd][csv]") {
  std::vector<std::string> all = AllStrings(4);
  REQUIRE(all.size() == 1 + 12 + 144 + 1728 + 20736);
  for (const std::string& s : all) {
    std::string cell = NeutralizeCsvCell(s);
    INFO("value '" << s << "'");
    REQUIRE(RestoreCsvCell(cell) == s);
    // No exported cell starts a formula.
    if (!cell.empty()) REQUIRE(std::string("=+-@\t\r").find(cell[0]) == std::string::npos);
  }
}

TEST_CASE("every name and description survives a CSV export line and its parse",
          "[cmd][csv]") {
  std::vector<std::string> all = AllStrings(3);
  for (const std::string& s : all) {
    core::Item item{7, s.empty() ? std::string("n") : s, s, 1, 1697402410, std::nullopt};
    std::string csv = cmd::CsvHeader() + cmd::ExportLine(cmd::ItemFileFormat::kCsv, item);
    core::Result<std::vector<core::ImportRow>> rows = cmd::ParseCsv(csv);
    INFO("value '" << s << "' as " << csv);
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].item.name == item.name);
    REQUIRE((*rows)[0].item.description);
    CHECK(*(*rows)[0].item.description == s);
  }
}

TEST_CASE("a CSV description that is empty and unquoted is none but quoted is the empty text",
          "[cmd][csv]") {
  core::Item none{1, "none", std::nullopt, 1, 1697402410, std::nullopt};
  core::Item empty{2, "empty", std::string(), 1, 1697402410, std::nullopt};
  std::string csv = cmd::CsvHeader() + cmd::ExportLine(cmd::ItemFileFormat::kCsv, none) +
                    cmd::ExportLine(cmd::ItemFileFormat::kCsv, empty);
  CHECK(csv ==
        "id,name,description,user_id,created_at,updated_at\r\n"
        "1,none,,1,2023-10-15T20:40:10Z,\r\n"
        "2,empty,\"\",1,2023-10-15T20:40:10Z,\r\n");
  core::Result<std::vector<core::ImportRow>> rows = cmd::ParseCsv(csv);
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  CHECK_FALSE((*rows)[0].item.description);
  CHECK((*rows)[1].item.description == std::optional<std::string>(""));
}
