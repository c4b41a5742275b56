#pragma once
// Static files at the root of the URL space (SPEC §2): either the files
// compiled in from assets/static/ or a directory given by --static-dir.
// Lookup() is a pure function of the path, the request's conditional
// headers and the files, so it is tested without a server; WriteResponse()
// is the thin httplib adapter. A path may never leave the root: `..`, `.`
// and hidden segments, empty segments (`//etc`), backslashes, NUL and other
// control characters, any `%` left after the server's one decoding (so
// `%2e%2e` sent encoded twice), and symlinks resolving outside the
// directory are all answered 404, exactly like a missing file.
// Thread-safe: const after construction.

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/domain/embedded_file.hpp"
#include "core/domain/error.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace itemctl::web {

// The validators a GET may carry; empty when absent.
struct ConditionalHeaders {
  std::string if_none_match{};
  std::string if_modified_since{};
};

// A complete response of the operations components: status, headers and a
// body that is either compiled into the binary or owned by `owned`.
struct AssetResponse {
  int status = 404;
  std::string content_type;  // empty for 304 and 404
  std::string_view body;
  std::shared_ptr<const std::string> owned;  // keeps `body` alive when not embedded
  std::vector<std::pair<std::string, std::string>> headers;

  // A response whose body is `text`, stored in `owned`.
  static AssetResponse Text(int status, std::string content_type, std::string text);
  // The value of header `name` (case-sensitive as stored), or "".
  std::string_view Header(std::string_view name) const;
};

// "image/png", "text/css; charset=utf-8", ... by the file's extension
// (case-insensitive); "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view path);
// "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(core::UnixSeconds t);
// Accepts the three HTTP-date forms of RFC 9110 §5.6.7; nullopt otherwise.
std::optional<core::UnixSeconds> ParseHttpDate(std::string_view text);

// The running executable's modification time (embedded files' Last-Modified).
core::UnixSeconds ExecutableModifiedTime();

class StaticFiles {
 public:
  // The files of assets/static/, dated by the executable's modification time.
  static StaticFiles Embedded();
  // `files` (paths relative to the served root) dated `last_modified`. The
  // data must outlive the object (embedded data lives forever).
  static StaticFiles FromFiles(std::span<const EmbeddedFile> files,
                               core::UnixSeconds last_modified);
  // A directory read at each request. kInvalidArgument
  // "static directory 'x' is not a readable directory" when it is not one.
  static core::Result<StaticFiles> FromDirectory(const std::string& dir);

  // GET/HEAD of the URL path `path` as the server decoded it ("/logo.png").
  // 200 with Content-Type, ETag, Last-Modified and Cache-Control; 304 with
  // the validators when If-None-Match (or, without it, If-Modified-Since)
  // says the client's copy is current; 404 with no body otherwise.
  AssetResponse Lookup(std::string_view path, const ConditionalHeaders& conditions) const;

 private:
  struct File {
    std::string_view data;
    std::string etag;
  };
  StaticFiles() = default;
  AssetResponse LookupDirectory(const std::string& relative,
                                const ConditionalHeaders& conditions) const;

  bool from_directory_ = false;
  std::string root_;  // canonical, when from_directory_
  std::map<std::string, File, std::less<>> files_;
  core::UnixSeconds last_modified_ = 0;
};

// The conditional headers of an httplib request.
ConditionalHeaders ConditionalHeadersOf(const httplib::Request& request);
// Writes status, headers and body into an httplib response.
void WriteResponse(const AssetResponse& response, httplib::Response& out);

}  // namespace itemctl::web
