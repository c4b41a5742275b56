#include "cmd/item_import.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

// Columns export writes that import deliberately skips.
const std::vector<std::string> kSkippedColumns = {"id", "user_id", "created_at", "updated_at"};
const std::vector<std::string> kExportColumns = {"id",      "name",       "description",
                                                 "user_id", "created_at", "updated_at"};

bool IsSkipped(const std::string& column) {
  return std::find(kSkippedColumns.begin(), kSkippedColumns.end(), column) !=
         kSkippedColumns.end();
}

core::Error AtLine(std::size_t line, const std::string& message) {
  return core::MakeError(core::Errc::kInvalidArgument,
                         "line " + std::to_string(line) + ": " + message);
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Trim(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

struct CsvRecord {
  std::size_t line = 0;  // where the record starts
  std::vector<std::string> fields;
  std::vector<bool> quoted;  // per field: it was written in quotes
};

// Splits RFC 4180 text into records. Quoted fields may hold commas, doubled
// quotes and line breaks; lines may end in "\r\n" or "\n".
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a byte-order mark
  }

  // The next record, nullopt at the end; kInvalidArgument when malformed.
  core::Result<std::optional<CsvRecord>> Next() {
    if (pos_ >= text_.size()) return std::optional<CsvRecord>();
    CsvRecord record{line_, {}, {}};
    std::string field;
    for (;;) {
      bool quoted = pos_ < text_.size() && text_[pos_] == '"';
      if (quoted) {
        if (core::Status s = ReadQuoted(field); !s) return s.error();
      } else {
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
               text_[pos_] != '\r') {
          if (text_[pos_] == '"') return AtLine(line_, "a quote inside an unquoted field");
          field += text_[pos_++];
        }
      }
      record.fields.push_back(std::move(field));
      record.quoted.push_back(quoted);
      field.clear();
      if (pos_ >= text_.size()) return std::optional<CsvRecord>(std::move(record));
      char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return std::optional<CsvRecord>(std::move(record));
    }
  }

 private:
  core::Status ReadQuoted(std::string& field) {
    std::size_t start_line = line_;
    ++pos_;
    for (;;) {
      if (pos_ >= text_.size()) return AtLine(start_line, "a quoted field is never closed");
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
            text_[pos_] != '\r') {
          return AtLine(line_, "unexpected text after a closing quote");
        }
        return core::Ok();
      }
      if (c == '\n') ++line_;
      field += c;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// Positions of `name` and `description` in a header record.
struct CsvColumns {
  std::size_t count = 0;
  std::size_t name = 0;
  std::optional<std::size_t> description;
};

core::Result<CsvColumns> ReadHeader(const CsvRecord& header) {
  CsvColumns columns;
  columns.count = header.fields.size();
  std::optional<std::size_t> name;
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string column = Lower(Trim(header.fields[i]));
    if (std::find(seen.begin(), seen.end(), column) != seen.end()) {
      return AtLine(header.line, "column '" + column + "' appears twice");
    }
    seen.push_back(column);
    if (column == "name") {
      name = i;
    } else if (column == "description") {
      columns.description = i;
    } else if (!IsSkipped(column)) {
      return AtLine(header.line, "unknown column '" + column +
                                     "': the header must name the columns name,description");
    }
  }
  if (!name) {
    return AtLine(header.line, "the header has no 'name' column: it must be name,description");
  }
  columns.name = *name;
  return columns;
}

// A JSON value's description for messages: "a number", "null", ...
std::string Kind(const nlohmann::json& value) {
  std::string type = value.type_name();
  if (type == "null") return "null";
  return (type == "array" || type == "object") ? "an " + type : "a " + type;
}

core::Result<core::NewItem> ItemFromJson(std::size_t line, const nlohmann::json& value) {
  if (!value.is_object()) return AtLine(line, "expected a JSON object, found " + Kind(value));
  core::NewItem item;
  bool has_name = false;
  for (const auto& [key, field] : value.items()) {
    if (key == "name") {
      if (!field.is_string()) {
        return AtLine(line, "field 'name' must be a string, found " + Kind(field));
      }
      item.name = field.get<std::string>();
      has_name = true;
    } else if (key == "description") {
      if (field.is_string()) {
        item.description = field.get<std::string>();
      } else if (!field.is_null()) {
        return AtLine(line, "field 'description' must be a string or null, found " + Kind(field));
      }
    } else if (!IsSkipped(key)) {
      return AtLine(line, "unknown field '" + key + "': expected name and description");
    }
  }
  if (!has_name) return AtLine(line, "field 'name' is required");
  return item;
}

// nlohmann's message without its "[json.exception.out_of_range.406] " prefix.
std::string WithoutJsonPrefix(const std::string& what) {
  std::size_t end = what.find("] ");
  return end == std::string::npos ? what : what.substr(end + 2);
}

// nlohmann's parse error without its "[json.exception...] parse error at
// line 1, column 7:" prefix, which describes a position within one line.
std::string JsonProblem(const nlohmann::json::parse_error& e) {
  std::string what = e.what();
  std::size_t at = what.find("column ");
  if (at != std::string::npos) at = what.find(": ", at);
  std::string problem = at == std::string::npos ? what : what.substr(at + 2);
  return "column " + std::to_string(e.byte) + ": not valid JSON: " + problem;
}

// The first characters that make a cell a formula, plus the guard itself.
bool IsGuarded(char first) {
  return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
         first == '\r' || first == '\'';
}

// Quotes the value when it holds a delimiter, and always when it is empty,
// so that an empty text ("") differs from no text (nothing).
std::string CsvField(const std::string& value) {
  if (!value.empty() && value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

std::string NeutralizeCsvCell(std::string_view text) {
  if (text.empty() || !IsGuarded(text.front())) return std::string(text);
  return "'" + std::string(text);
}

std::string RestoreCsvCell(std::string cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && IsGuarded(cell[1])) cell.erase(0, 1);
  return cell;
}

std::vector<std::string> ItemFileFormatNames() { return {"csv", "jsonl"}; }

core::Result<ItemFileFormat> ChooseItemFileFormat(const std::string& path,
                                                  const std::optional<std::string>& flag) {
  std::string name = flag.value_or("");
  if (!flag) {
    std::string lower = Lower(path);
    if (lower.ends_with(".csv")) name = "csv";
    if (lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json")) {
      name = "jsonl";
    }
  }
  if (name == "csv") return ItemFileFormat::kCsv;
  if (name == "jsonl") return ItemFileFormat::kJsonLines;
  return core::MakeError(core::Errc::kInvalidArgument,
                         "cannot tell the format of '" + path +
                             "' from its name: use --format csv or --format jsonl");
}

core::Result<std::vector<core::ImportRow>> ParseCsv(std::string_view text) {
  CsvReader reader(text);
  core::Result<std::optional<CsvRecord>> header = reader.Next();
  if (!header) return header.error();
  if (!*header) return AtLine(1, "the file is empty: expected the header name,description");
  core::Result<CsvColumns> columns = ReadHeader(**header);
  if (!columns) return columns.error();
  std::vector<core::ImportRow> rows;
  for (;;) {
    core::Result<std::optional<CsvRecord>> record = reader.Next();
    if (!record) return record.error();
    if (!*record) return rows;
    CsvRecord& r = **record;
    if (r.fields.size() == 1 && r.fields[0].empty()) continue;  // a blank line
    if (r.fields.size() != columns->count) {
      return AtLine(r.line, "expected " + std::to_string(columns->count) + " fields, found " +
                                std::to_string(r.fields.size()));
    }
    std::string name = RestoreCsvCell(std::move(r.fields[columns->name]));
    core::ImportRow row{r.line, {std::move(name), std::nullopt}};
    if (columns->description) {
      std::size_t at = *columns->description;
      // Unquoted and empty is null; export writes the empty text as "".
      if (!r.fields[at].empty() || r.quoted[at]) {
        row.item.description = RestoreCsvCell(std::move(r.fields[at]));
      }
    }
    rows.push_back(std::move(row));
  }
}

core::Result<std::vector<core::ImportRow>> ParseJsonLines(std::string_view text) {
  std::vector<core::ImportRow> rows;
  std::size_t line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(pos, end - pos);
    pos = end + 1;
    if (content.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json value;
    try {
      value = nlohmann::json::parse(content);
    } catch (const nlohmann::json::parse_error& e) {
      return AtLine(line, JsonProblem(e));
    } catch (const nlohmann::json::out_of_range& e) {
      // A number too large for a double ("1e400") is well-formed JSON that
      // nlohmann refuses with out_of_range, not parse_error (found by
      // tests/fuzz/fuzz_item_import; it used to end the import as a bug).
      return AtLine(line, WithoutJsonPrefix(e.what()));
    }
    core::Result<core::NewItem> item = ItemFromJson(line, value);
    if (!item) return item.error();
    rows.push_back(core::ImportRow{line, std::move(*item)});
  }
  return rows;
}

core::Result<std::vector<core::ImportRow>> ReadItemFile(const std::string& path,
                                                        ItemFileFormat format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::MakeError(core::Errc::kInvalidArgument,
                           "cannot read '" + path + "': " + std::strerror(errno));
  }
  std::string text(std::istreambuf_iterator<char>(in), {});
  switch (format) {
    case ItemFileFormat::kCsv: return ParseCsv(text);
    case ItemFileFormat::kJsonLines: return ParseJsonLines(text);
  }
  return core::MakeError(core::Errc::kInternal, "unknown import format");
}

std::string CsvHeader() {
  std::string line;
  for (const std::string& column : kExportColumns) line += (line.empty() ? "" : ",") + column;
  return line + "\r\n";
}

std::string ExportLine(ItemFileFormat format, const core::Item& item) {
  switch (format) {
    case ItemFileFormat::kJsonLines: return web::ToJson(item).dump() + "\n";
    case ItemFileFormat::kCsv: {
      std::string updated = item.updated_at ? core::FormatIso8601(*item.updated_at) : "";
      std::string description =
          item.description ? CsvField(NeutralizeCsvCell(*item.description)) : "";
      return std::to_string(item.id) + "," + CsvField(NeutralizeCsvCell(item.name)) + "," +
             description + "," + std::to_string(item.user_id) + "," +
             core::FormatIso8601(item.created_at) + "," + updated + "\r\n";
    }
  }
  return {};
}

}  // namespace itemctl::cmd
