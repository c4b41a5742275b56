#include "core/storage/postgres/pg_url.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace itemctl::core {
namespace {

constexpr std::string_view kMask = "***";

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last character
};

std::size_t SchemeEnd(std::string_view url) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (url.substr(0, scheme.size()) == scheme) return scheme.size();
  }
  return std::string_view::npos;
}

// The password spans of a URI: in the user info (as libpq reads it: up to
// the first '@' that comes before any '/' or '?'), and the values of
// `password=` parameters.
std::vector<Span> UriPasswords(std::string_view url, std::size_t authority) {
  std::vector<Span> spans;
  std::size_t at = url.find_first_of("@/?", authority);
  if (at != std::string_view::npos && url[at] == '@') {
    std::size_t colon = url.find(':', authority);
    if (colon < at && colon + 1 < at) spans.push_back({colon + 1, at});
  }
  std::size_t query = url.find('?', authority);
  while (query != std::string_view::npos) {
    std::size_t start = query + 1;
    std::size_t end = std::min(url.find('&', start), url.size());
    std::string_view param = url.substr(start, end - start);
    constexpr std::string_view kKey = "password=";
    if (param.substr(0, kKey.size()) == kKey && param.size() > kKey.size()) {
      spans.push_back({start + kKey.size(), end});
    }
    query = end < url.size() ? end : std::string_view::npos;
  }
  return spans;
}

// The password values of a `key = value` connection string; a value may be
// single-quoted with backslash escapes.
std::vector<Span> KeywordPasswords(std::string_view conninfo) {
  std::vector<Span> spans;
  std::size_t i = 0;
  auto skip_spaces = [&] {
    while (i < conninfo.size() && std::isspace(static_cast<unsigned char>(conninfo[i]))) ++i;
  };
  while (i < conninfo.size()) {
    skip_spaces();
    std::size_t key_begin = i;
    while (i < conninfo.size() && conninfo[i] != '=' &&
           !std::isspace(static_cast<unsigned char>(conninfo[i]))) {
      ++i;
    }
    std::string_view key = conninfo.substr(key_begin, i - key_begin);
    skip_spaces();
    if (i >= conninfo.size() || conninfo[i] != '=') break;
    ++i;
    skip_spaces();
    Span value{i, i};
    if (i < conninfo.size() && conninfo[i] == '\'') {
      ++i;
      while (i < conninfo.size() && conninfo[i] != '\'') i += conninfo[i] == '\\' ? 2 : 1;
      i = std::min(i + 1, conninfo.size());
    } else {
      while (i < conninfo.size() && !std::isspace(static_cast<unsigned char>(conninfo[i]))) ++i;
    }
    value.end = i;
    if (key == "password" && value.end > value.begin) spans.push_back(value);
  }
  return spans;
}

std::vector<Span> Passwords(std::string_view url) {
  std::size_t authority = SchemeEnd(url);
  return authority == std::string_view::npos ? KeywordPasswords(url) : UriPasswords(url, authority);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void ReplaceAll(std::string& text, std::string_view secret) {
  if (secret.empty()) return;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kMask.size())) {
    text.replace(at, secret.size(), kMask);
  }
}

}  // namespace

bool IsPostgresUrl(std::string_view db) { return SchemeEnd(db) != std::string_view::npos; }

std::string RedactedUrl(std::string_view url) {
  std::string out;
  std::size_t copied = 0;
  for (const Span& span : Passwords(url)) {
    out.append(url.substr(copied, span.begin - copied));
    out.append(kMask);
    copied = span.end;
  }
  out.append(url.substr(copied));
  return out;
}

std::string ScrubPassword(std::string_view text, std::string_view url) {
  std::string out(text);
  for (const Span& span : Passwords(url)) {
    std::string_view secret = url.substr(span.begin, span.end - span.begin);
    ReplaceAll(out, secret);
    ReplaceAll(out, PercentDecoded(secret));
  }
  return out;
}

}  // namespace itemctl::core
