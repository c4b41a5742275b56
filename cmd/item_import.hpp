#pragma once
// The file formats of `item import` and `item export`: CSV (RFC 4180, header
// row naming the columns) and JSON lines (one object per line). Import reads
// `name` and `description`, and skips the other columns export writes (id,
// user_id, created_at, updated_at), so an export can be imported again. In
// CSV an empty unquoted description is no description (null) and a quoted
// empty one ("") is the empty text; name and description cells carry the
// formula guard below.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/services/items.hpp"

namespace itemctl::cmd {

enum class ItemFileFormat { kCsv, kJsonLines };

// "csv" or "jsonl", for --format.
std::vector<std::string> ItemFileFormatNames();

// The format named by `flag` ("csv", "jsonl"), else the one the extension of
// `path` implies (.csv; .jsonl, .ndjson, .json). kInvalidArgument naming the
// file when neither tells.
core::Result<ItemFileFormat> ChooseItemFileFormat(const std::string& path,
                                                  const std::optional<std::string>& flag);

// Parses a whole file's contents into rows numbered by the line each starts
// on. kInvalidArgument "line 3: ..." for the first malformed line. Rows are
// not validated here: Items::Import does that, with the same line numbers.
core::Result<std::vector<core::ImportRow>> ParseCsv(std::string_view text);
core::Result<std::vector<core::ImportRow>> ParseJsonLines(std::string_view text);

// Reads `path` and parses it in `format`; kInvalidArgument when unreadable.
core::Result<std::vector<core::ImportRow>> ReadItemFile(const std::string& path,
                                                        ItemFileFormat format);

// The CSV formula guard. A spreadsheet runs a cell starting with = + - @,
// tab or CR as a formula ("CSV injection"), so export writes such text cells
// with a leading apostrophe, which spreadsheets show as text. To keep the
// mapping reversible the apostrophe itself is guarded too:
//   NeutralizeCsvCell(s) = "'" + s  when s starts with one of  = + - @ \t \r '
//                        = s        otherwise (and for the empty string)
//   RestoreCsvCell(c)    = c without its first character when c starts with
//                          ' followed by one of those seven; c otherwise.
// RestoreCsvCell(NeutralizeCsvCell(s)) == s for every byte string s: a
// guarded cell is ' then a guarded character, and an unguarded one never
// starts with ', so the two cases cannot be confused. A hand-written cell
// like 'quoted' (apostrophe then a letter) imports unchanged.
std::string NeutralizeCsvCell(std::string_view text);
std::string RestoreCsvCell(std::string cell);

// Export: the CSV header line, and one line per item in either format, each
// ending in a line break ("\r\n" for CSV, as RFC 4180 says; "\n" for JSON).
std::string CsvHeader();
std::string ExportLine(ItemFileFormat format, const core::Item& item);

}  // namespace itemctl::cmd
