#include "core/storage/table_copy.hpp"

namespace itemctl::core {

const std::vector<Table>& CopiedTables() {
  using K = ColumnKind;
  static const std::vector<Table> tables = {
      {"roles", {{"id", K::kInt}, {"name", K::kText}}, false},
      {"versions",
       {{"id", K::kInt},
        {"version", K::kText},
        {"supported", K::kBool},
        {"sunset_at", K::kInt},
        {"sunset_announced_at", K::kInt}},
       true},
      {"users",
       {{"id", K::kInt},
        {"username", K::kText},
        {"password_hash", K::kText},
        {"activated", K::kBool},
        {"role_id", K::kInt},
        {"created_at", K::kInt},
        {"updated_at", K::kInt}},
       true},
      {"items",
       {{"id", K::kInt},
        {"name", K::kText},
        {"description", K::kText},
        {"user_id", K::kInt},
        {"created_at", K::kInt},
        {"updated_at", K::kInt}},
       true},
      {"sessions",
       {{"id", K::kInt},
        {"user_id", K::kInt},
        {"platform", K::kText},
        {"access_token_hash", K::kText},
        {"access_expires_at", K::kInt},
        {"refresh_token_hash", K::kText},
        {"refresh_expires_at", K::kInt},
        {"created_at", K::kInt},
        {"last_used_at", K::kInt}},
       true},
      {"rotated_refresh_tokens",
       {{"refresh_token_hash", K::kText}, {"session_id", K::kInt}, {"rotated_at", K::kInt}},
       false},
      {"login_failures",
       {{"id", K::kInt},
        {"scope", K::kText},
        {"subject", K::kText},
        {"failed_at", K::kInt},
        {"expires_at", K::kInt}},
       true},
      {"audit_events",
       {{"id", K::kInt},
        {"at", K::kInt},
        {"actor", K::kText},
        {"actor_id", K::kInt},
        {"source", K::kText},
        {"address", K::kText},
        {"action", K::kText},
        {"target_type", K::kText},
        {"target_id", K::kInt},
        {"target_name", K::kText},
        {"changes", K::kText}},
       true},
  };
  return tables;
}

std::string ColumnList(const Table& table) {
  std::string list;
  for (const Column& column : table.columns) {
    if (!list.empty()) list += ", ";
    list += column.name;
  }
  return list;
}

}  // namespace itemctl::core
