// `item import`: cmd::ParseCsv and cmd::ParseJsonLines on a whole file. The
// first byte picks the format (even: CSV, odd: JSON lines); the rest is the
// file. cmd/item_import.cpp is compiled in, as for the CLI tests.
// Invariants: rows come in increasing line order from line 1; rows that
// Items::Import would accept (valid name and description) survive export
// and import again unchanged, in both formats (README: "export output
// imports back byte for byte"); the CSV formula guard round-trips.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/item_import.hpp"
#include "core/domain/validation.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using itemctl::fuzz::Require;
namespace cmd = itemctl::cmd;
namespace core = itemctl::core;

namespace {

bool Importable(const core::NewItem& item) {
  return core::ValidateItemName(item.name) &&
         (!item.description || core::ValidateDescription(*item.description));
}

void CheckRoundTrip(const std::vector<core::NewItem>& items) {
  std::string csv = cmd::CsvHeader();
  std::string jsonl;
  core::Item item;
  item.user_id = 1;
  item.created_at = 1697402410;
  for (const core::NewItem& in : items) {
    ++item.id;
    item.name = in.name;
    item.description = in.description;
    csv += cmd::ExportLine(cmd::ItemFileFormat::kCsv, item);
    jsonl += cmd::ExportLine(cmd::ItemFileFormat::kJsonLines, item);
  }
  for (const auto& rows : {cmd::ParseCsv(csv), cmd::ParseJsonLines(jsonl)}) {
    Require(rows.ok(), "an export parses");
    Require(rows->size() == items.size(), "an export keeps every row");
    for (std::size_t i = 0; i < items.size(); ++i) {
      Require((*rows)[i].item.name == items[i].name, "names round-trip");
      Require((*rows)[i].item.description == items[i].description, "descriptions round-trip");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text = itemctl::fuzz::AsText(data + 1, size - 1);
  const bool csv = data[0] % 2 == 0;

  Require(cmd::RestoreCsvCell(cmd::NeutralizeCsvCell(text)) == text, "the CSV guard round-trips");

  core::Result<std::vector<core::ImportRow>> rows =
      csv ? cmd::ParseCsv(text) : cmd::ParseJsonLines(text);
  if (!rows) {
    Require(rows.error().code == core::Errc::kInvalidArgument, "a bad file is kInvalidArgument");
    Require(rows.error().message.rfind("line ", 0) == 0, "a bad file names its line");
    return 0;
  }
  std::vector<core::NewItem> importable;
  std::size_t last_line = 0;
  for (const core::ImportRow& row : *rows) {
    Require(row.line > last_line, "rows come in increasing line order");
    last_line = row.line;
    if (Importable(row.item)) importable.push_back(row.item);
  }
  CheckRoundTrip(importable);
  return 0;
}
