#include "core/storage/sqlite/trigram_match.hpp"

namespace itemctl::core {

namespace {

std::size_t CodePoints(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0U) != 0x80U) ++count;  // not a continuation byte
  }
  return count;
}

void AddPhrase(std::string& query, const char* column, const std::optional<std::string>& needle) {
  if (!needle || CodePoints(*needle) < kMinTrigramNeedle) return;
  if (!query.empty()) query += " AND ";
  query += column;
  query += " : \"";
  for (char c : *needle) {
    if (c == '"') query += '"';
    query += c;
  }
  query += '"';
}

}  // namespace

std::optional<std::string> TrigramMatch(const ItemFilter& filter) {
  std::string query;
  AddPhrase(query, "name", filter.name);
  AddPhrase(query, "description", filter.description);
  if (query.empty()) return std::nullopt;
  return query;
}

}  // namespace itemctl::core
