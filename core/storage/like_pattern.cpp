#include "core/storage/like_pattern.hpp"

namespace itemctl::core {

std::optional<std::string> ContainsPattern(const std::optional<std::string>& needle) {
  if (!needle || needle->empty()) return std::nullopt;
  std::string pattern = "%";
  pattern.reserve(needle->size() + 2);
  for (char c : *needle) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace itemctl::core
