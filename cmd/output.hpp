#pragma once
// How commands print results: aligned tables for people, and for --json
// exactly the API's shapes from web/json_mapping. Nothing here reads the
// database; callers pass what they fetched.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/domain/models.hpp"
#include "core/storage/migrations.hpp"

namespace itemctl::cmd {

// Columns padded to their widest cell (counted in UTF-8 code points) and
// separated by two spaces; the last column is not padded. Cells pass through
// TerminalSafe (terminal_text.hpp): control characters show escaped.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells);
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// Indented JSON and a newline.
void PrintJson(std::ostream& out, const nlohmann::json& value);

// Prints what PrintJson prints for web::ToJson(page, key) of a page 1 that
// holds every row (limit = total = the rows printed, limit 1 when none, as
// AdjustAllPage sets them), one row at a time as they come: `--json --all`
// of a million rows neither holds them all nor waits for the last to print
// the first. nlohmann prints keys sorted, so `key` must sort before "limit"
// ("items" does); the constructor throws std::logic_error otherwise.
class JsonAllRowsPrinter {
 public:
  JsonAllRowsPrinter(std::ostream& out, const std::string& key);
  void Add(const nlohmann::json& row);
  // The closing bracket and the page fields; call once, after the last row.
  void Finish();

 private:
  std::ostream& out_;
  std::int64_t rows_ = 0;
  std::string text_;  // reused: one row's text, indented
  // nlohmann's own serializer (what dump() runs), kept to write each row
  // straight into text_ at the depth of the array, where dump() could only
  // start at the left margin: no string per row, no re-indenting copy.
  nlohmann::detail::serializer<nlohmann::json> serializer_{
      nlohmann::detail::output_adapter<char>(text_), ' '};
};

// Usernames by user id (core::UsernamesById): tables show the name next
// to an owner's id, "-" for an id missing from the map.
using Usernames = std::unordered_map<core::Id, std::string>;

Table UserTable(const std::vector<core::User>& users, const std::vector<core::Role>& roles);
Table ItemTable(const std::vector<core::Item>& items, const Usernames& owners);
Table RoleTable(const std::vector<core::Role>& roles);
Table VersionTable(const std::vector<core::ApiVersion>& versions);
Table SessionTable(const std::vector<core::Session>& sessions, const Usernames& users);
Table MigrationTable(const std::vector<core::MigrationStatus>& statuses);

// "page 2 of 5, 100 items in total", for under a listing's table.
std::string PageFooter(std::int64_t page, std::int64_t limit, std::int64_t total,
                       const std::string& noun);

// "20 items after id 480, 1000 items in total", under a keyset page's table.
std::string CursorFooter(std::int64_t shown, std::int64_t after_id, std::int64_t total,
                         const std::string& noun);

// "1 item", "3 items".
std::string Count(std::int64_t n, const std::string& noun);

}  // namespace itemctl::cmd
