#include "cmd/output.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string_view>

#include "cmd/terminal_text.hpp"

namespace itemctl::cmd {

namespace {

constexpr const char* kNone = "-";

std::size_t DisplayWidth(const std::string& text) {
  // Counts code points: every byte that does not continue a UTF-8 sequence.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// One table cell per value: control characters would break the alignment,
// and stored escape sequences must not reach the terminal. Widths are
// measured on this escaped text.
std::string Cell(const std::string& text) { return TerminalSafe(text); }

std::string Time(core::UnixSeconds t) { return core::FormatIso8601(t); }

std::string Time(const std::optional<core::UnixSeconds>& t) {
  return t ? core::FormatIso8601(*t) : kNone;
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

std::string NameOf(const Usernames& names, core::Id id) {
  auto found = names.find(id);
  return found != names.end() ? found->second : kNone;
}

}  // namespace

void Table::AddRow(std::vector<std::string> cells) {
  for (std::string& cell : cells) cell = Cell(cell);
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out) const {
  std::vector<std::size_t> widths(headers_.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(headers_);
  for (const std::vector<std::string>& row : rows_) measure(row);
  auto print = [&out, &widths](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    // A last column of empty cells would leave trailing blanks.
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  print(headers_);
  for (const std::vector<std::string>& row : rows_) print(row);
}

// nlohmann escapes every C0 character (ESC is "\u001b"), so JSON output
// cannot drive a terminal through them; DEL and C1 pass through as UTF-8, which
// is acceptable for output meant for scripts and the reason tables escape.
void PrintJson(std::ostream& out, const nlohmann::json& value) { out << value.dump(2) << '\n'; }

JsonAllRowsPrinter::JsonAllRowsPrinter(std::ostream& out, const std::string& key) : out_(out) {
  if (!(key < "limit")) {
    throw std::logic_error("JsonAllRowsPrinter: key '" + key + "' sorts after limit");
  }
  out_ << "{\n  " << nlohmann::json(key).dump() << ": [";
}

void JsonAllRowsPrinter::Add(const nlohmann::json& row) {
  // The row as dump(2) prints it two levels deep: every line 4 spaces in.
  text_.assign(rows_ == 0 ? "\n    " : ",\n    ");
  serializer_.dump(row, true, false, 2, 4);
  out_ << text_;
  ++rows_;
}

void JsonAllRowsPrinter::Finish() {
  if (rows_ > 0) out_ << "\n  ";
  // The page fields as dump(2) prints them, without their own opening brace.
  nlohmann::json fields{{"limit", rows_ > 0 ? rows_ : 1}, {"page", 1}, {"total", rows_}};
  std::string tail = fields.dump(2);
  out_ << "]," << std::string_view(tail).substr(1) << '\n';
}

Table UserTable(const std::vector<core::User>& users, const std::vector<core::Role>& roles) {
  std::map<core::Id, std::string> role_names;
  for (const core::Role& role : roles) role_names[role.id] = role.name;
  Table table({"ID", "USERNAME", "ROLE", "ACTIVATED", "CREATED_AT", "UPDATED_AT"});
  for (const core::User& user : users) {
    auto role = role_names.find(user.role_id);
    table.AddRow({std::to_string(user.id), user.username,
                  role != role_names.end() ? role->second : std::to_string(user.role_id),
                  YesNo(user.activated), Time(user.created_at), Time(user.updated_at)});
  }
  return table;
}

Table ItemTable(const std::vector<core::Item>& items, const Usernames& owners) {
  Table table({"ID", "NAME", "USER_ID", "OWNER", "CREATED_AT", "UPDATED_AT", "DESCRIPTION"});
  for (const core::Item& item : items) {
    table.AddRow({std::to_string(item.id), item.name, std::to_string(item.user_id),
                  NameOf(owners, item.user_id), Time(item.created_at), Time(item.updated_at),
                  item.description ? *item.description : kNone});
  }
  return table;
}

Table RoleTable(const std::vector<core::Role>& roles) {
  Table table({"ID", "NAME"});
  for (const core::Role& role : roles) table.AddRow({std::to_string(role.id), role.name});
  return table;
}

Table VersionTable(const std::vector<core::ApiVersion>& versions) {
  Table table({"ID", "VERSION", "SUPPORTED", "SUNSET"});
  for (const core::ApiVersion& version : versions) {
    table.AddRow({std::to_string(version.id), version.version, YesNo(version.supported),
                  version.sunset ? Time(version.sunset->at) : kNone});
  }
  return table;
}

Table SessionTable(const std::vector<core::Session>& sessions, const Usernames& users) {
  Table table({"ID", "USER_ID", "USERNAME", "PLATFORM", "CREATED_AT", "LAST_USED_AT",
               "ACCESS_EXPIRES_AT", "REFRESH_EXPIRES_AT"});
  for (const core::Session& s : sessions) {
    table.AddRow({std::to_string(s.id), std::to_string(s.user_id), NameOf(users, s.user_id),
                  s.platform, Time(s.created_at), Time(s.last_used_at),
                  Time(s.access_expires_at), Time(s.refresh_expires_at)});
  }
  return table;
}

Table MigrationTable(const std::vector<core::MigrationStatus>& statuses) {
  Table table({"VERSION", "NAME", "APPLIED_AT", "CHECKSUM"});
  for (const core::MigrationStatus& s : statuses) {
    table.AddRow({std::to_string(s.migration.version), s.migration.name,
                  s.applied_at ? Time(*s.applied_at) : "pending",
                  s.migration.checksum.substr(0, 12)});
  }
  return table;
}

std::string Count(std::int64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string PageFooter(std::int64_t page, std::int64_t limit, std::int64_t total,
                       const std::string& noun) {
  std::int64_t pages = limit > 0 ? std::max<std::int64_t>(1, (total + limit - 1) / limit) : 1;
  return "page " + std::to_string(page) + " of " + std::to_string(pages) + ", " +
         Count(total, noun) + " in total";
}

std::string CursorFooter(std::int64_t shown, std::int64_t after_id, std::int64_t total,
                         const std::string& noun) {
  return Count(shown, noun) + " after id " + std::to_string(after_id) + ", " +
         std::to_string(total) + " in total";
}

}  // namespace itemctl::cmd
