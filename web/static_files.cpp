#include "web/static_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <httplib.h>

#include "core/digest.hpp"

namespace itemctl::embedded {
std::span<const EmbeddedFile> StaticAssets();
}  // namespace itemctl::embedded

namespace itemctl::web {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCacheControl = "no-cache";  // always revalidate: a 304 is cheap

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The path below the root ("img/logo.png"), or "" when the URL path may not
// be served: see the header for what is refused.
std::string SafeRelativePath(std::string_view path) {
  if (path.size() < 2 || path.front() != '/') return {};
  path.remove_prefix(1);
  std::string relative;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') return {};
    for (char c : segment) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\' || c == '%') return {};
    }
    if (!relative.empty()) relative += '/';
    relative += segment;
    start = end + 1;
  }
  return relative;
}

// RFC 9110 §13.1.2: weak comparison, any listed tag or "*".
bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  std::string_view rest = header;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view tag = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

bool ClientCopyIsCurrent(const ConditionalHeaders& conditions, std::string_view etag,
                         core::UnixSeconds last_modified) {
  // If-None-Match, when present, decides alone (RFC 9110 §13.1.3).
  if (!conditions.if_none_match.empty()) return IfNoneMatchHits(conditions.if_none_match, etag);
  if (conditions.if_modified_since.empty()) return false;
  std::optional<core::UnixSeconds> since = ParseHttpDate(conditions.if_modified_since);
  return since && last_modified <= *since;
}

AssetResponse Found(std::string_view path, std::string_view body,
                    std::shared_ptr<const std::string> owned, const std::string& etag,
                    core::UnixSeconds last_modified, const ConditionalHeaders& conditions) {
  AssetResponse response;
  response.headers = {{"ETag", etag},
                      {"Last-Modified", FormatHttpDate(last_modified)},
                      {"Cache-Control", kCacheControl}};
  if (ClientCopyIsCurrent(conditions, etag, last_modified)) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.content_type = std::string(ContentTypeFor(path));
  response.body = body;
  response.owned = std::move(owned);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

AssetResponse AssetResponse::Text(int status, std::string content_type, std::string text) {
  AssetResponse response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.owned = std::make_shared<const std::string>(std::move(text));
  response.body = *response.owned;
  return response;
}

std::string_view AssetResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes = {{
      {".css", "text/css; charset=utf-8"},
      {".gif", "image/gif"},
      {".htm", "text/html; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".ico", "image/vnd.microsoft.icon"},
      {".jpeg", "image/jpeg"},
      {".jpg", "image/jpeg"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".pdf", "application/pdf"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".txt", "text/plain; charset=utf-8"},
      {".webp", "image/webp"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".xml", "application/xml"},
  }};
  std::size_t slash = path.rfind('/');
  std::size_t dot = path.rfind('.');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string extension = Lower(path.substr(dot));
    for (const auto& [known, type] : kTypes) {
      if (extension == known) return type;
    }
  }
  return "application/octet-stream";
}

std::string FormatHttpDate(core::UnixSeconds t) {
  // strftime's %a and %b follow the C locale, which is the one HTTP needs.
  std::time_t seconds = static_cast<std::time_t>(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::size_t length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, length);
}

std::optional<core::UnixSeconds> ParseHttpDate(std::string_view text) {
  // IMF-fixdate, then the obsolete RFC 850 and asctime forms.
  static constexpr std::array<const char*, 3> kFormats = {
      "%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"};
  const std::string input(Trim(text));
  for (const char* format : kFormats) {
    std::tm parsed{};
    const char* end = strptime(input.c_str(), format, &parsed);
    if (end != nullptr && *end == '\0') return static_cast<core::UnixSeconds>(timegm(&parsed));
  }
  return std::nullopt;
}

core::UnixSeconds ExecutableModifiedTime() {
  struct stat info {};
  if (stat("/proc/self/exe", &info) == 0) return info.st_mtim.tv_sec;
  return std::time(nullptr);
}

StaticFiles StaticFiles::Embedded() {
  return FromFiles(embedded::StaticAssets(), ExecutableModifiedTime());
}

StaticFiles StaticFiles::FromFiles(std::span<const EmbeddedFile> files,
                                   core::UnixSeconds last_modified) {
  StaticFiles out;
  out.last_modified_ = last_modified;
  for (const EmbeddedFile& file : files) {
    std::string etag = "\"" + core::Sha256Hex(file.data).substr(0, 32) + "\"";
    out.files_.emplace(std::string(file.path), File{file.data, std::move(etag)});
  }
  return out;
}

core::Result<StaticFiles> StaticFiles::FromDirectory(const std::string& dir) {
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec) || access(root.c_str(), R_OK | X_OK) != 0) {
    return core::MakeError(core::Errc::kInvalidArgument,
                           "static directory '" + dir + "' is not a readable directory");
  }
  StaticFiles out;
  out.from_directory_ = true;
  out.root_ = root.string();
  return out;
}

AssetResponse StaticFiles::Lookup(std::string_view path,
                                  const ConditionalHeaders& conditions) const {
  std::string relative = SafeRelativePath(path);
  if (relative.empty()) return AssetResponse{};
  if (from_directory_) return LookupDirectory(relative, conditions);
  auto found = files_.find(relative);
  if (found == files_.end()) return AssetResponse{};
  return Found(relative, found->second.data, nullptr, found->second.etag, last_modified_,
               conditions);
}

AssetResponse StaticFiles::LookupDirectory(const std::string& relative,
                                           const ConditionalHeaders& conditions) const {
  std::error_code ec;
  const fs::path root(root_);
  fs::path resolved = fs::canonical(root / relative, ec);
  if (ec) return AssetResponse{};
  // Symlinks are followed, but the target must still be inside the root.
  auto [root_end, unused] = std::mismatch(root.begin(), root.end(), resolved.begin(),
                                          resolved.end());
  if (root_end != root.end() || resolved == root) return AssetResponse{};
  struct stat info {};
  if (stat(resolved.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return AssetResponse{};
  std::ifstream in(resolved, std::ios::binary);
  if (!in) return AssetResponse{};
  std::ostringstream content;
  content << in.rdbuf();
  auto owned = std::make_shared<const std::string>(std::move(content).str());
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx\"",
                static_cast<unsigned long long>(info.st_mtim.tv_sec) * 1000000000ULL +
                    static_cast<unsigned long long>(info.st_mtim.tv_nsec),
                static_cast<unsigned long long>(owned->size()));
  std::string_view body = *owned;
  return Found(relative, body, std::move(owned), etag, info.st_mtim.tv_sec, conditions);
}

ConditionalHeaders ConditionalHeadersOf(const httplib::Request& request) {
  return ConditionalHeaders{request.get_header_value("If-None-Match"),
                            request.get_header_value("If-Modified-Since")};
}

void WriteResponse(const AssetResponse& response, httplib::Response& out) {
  out.status = response.status;
  for (const auto& [name, value] : response.headers) out.set_header(name, value);
  if (!response.content_type.empty()) {
    out.set_content(response.body.data(), response.body.size(), response.content_type.c_str());
  }
}

}  // namespace itemctl::web
