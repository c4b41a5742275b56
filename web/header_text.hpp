#pragma once
// The two text operations HTTP header handling needs everywhere: ASCII
// case-insensitive comparison (field names, tokens) and trimming the optional
// whitespace (spaces and tabs, RFC 9110 §5.6.3) around a value.

#include <algorithm>
#include <cctype>
#include <string_view>

namespace itemctl::web {

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

inline std::string_view TrimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace itemctl::web
