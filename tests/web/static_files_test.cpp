#include "web/static_files.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/test_support.hpp"

namespace itemctl::web {
namespace {

constexpr core::UnixSeconds kBuilt = test::kEpoch;  // Sun, 15 Oct 2023 20:40:10 GMT

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

const EmbeddedFile kFiles[] = {
    {"logo.png", "\x89PNG fake"},
    {"css/site.css", "body{}"},
};

}  // namespace

TEST_CASE("embedded assets include a real PNG logo", "[web][static]") {
  StaticFiles files = StaticFiles::Embedded();
  AssetResponse logo = files.Lookup("/logo.png", {});
  REQUIRE(logo.status == 200);
  CHECK(logo.content_type == "image/png");
  REQUIRE(logo.body.size() > 100);
  CHECK(logo.body.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8));
  CHECK(logo.Header("ETag").size() == 34);
}

TEST_CASE("a static file comes with its type and validators", "[web][static]") {
  StaticFiles files = StaticFiles::FromFiles(kFiles, kBuilt);
  AssetResponse css = files.Lookup("/css/site.css", {});
  REQUIRE(css.status == 200);
  CHECK(css.body == "body{}");
  CHECK(css.content_type == "text/css; charset=utf-8");
  CHECK(css.Header("Last-Modified") == "Sun, 15 Oct 2023 20:40:10 GMT");
  CHECK(css.Header("Cache-Control") == "no-cache");
  CHECK(css.Header("X-Content-Type-Options") == "nosniff");
  CHECK(css.Header("ETag").front() == '"');
  CHECK(files.Lookup("/missing.png", {}).status == 404);
  CHECK(files.Lookup("/", {}).status == 404);
  CHECK(files.Lookup("/css", {}).status == 404);
}

TEST_CASE("a current client copy gets 304 without a body", "[web][static]") {
  StaticFiles files = StaticFiles::FromFiles(kFiles, kBuilt);
  const std::string etag(files.Lookup("/logo.png", {}).Header("ETag"));

  AssetResponse same = files.Lookup("/logo.png", {.if_none_match = etag});
  CHECK(same.status == 304);
  CHECK(same.body.empty());
  CHECK(same.Header("ETag") == etag);
  CHECK(files.Lookup("/logo.png", {.if_none_match = "\"other\", W/" + etag}).status == 304);
  CHECK(files.Lookup("/logo.png", {.if_none_match = "*"}).status == 304);
  CHECK(files.Lookup("/logo.png", {.if_none_match = "\"other\""}).status == 200);

  CHECK(files.Lookup("/logo.png", {.if_modified_since = "Sun, 15 Oct 2023 20:40:10 GMT"}).status ==
        304);
  CHECK(files.Lookup("/logo.png", {.if_modified_since = "Sunday, 15-Oct-23 20:40:11 GMT"})
            .status == 304);
  CHECK(files.Lookup("/logo.png", {.if_modified_since = "Sun, 15 Oct 2023 20:40:09 GMT"}).status ==
        200);
  CHECK(files.Lookup("/logo.png", {.if_modified_since = "yesterday"}).status == 200);
  // If-None-Match decides alone when both are sent.
  CHECK(files.Lookup("/logo.png", {.if_none_match = "\"other\"",
                                   .if_modified_since = "Sun, 15 Oct 2023 20:40:10 GMT"})
            .status == 200);
}

TEST_CASE("content types follow the extension", "[web][static]") {
  CHECK(ContentTypeFor("/a/logo.PNG") == "image/png");
  CHECK(ContentTypeFor("/app.js") == "text/javascript; charset=utf-8");
  CHECK(ContentTypeFor("/icon.svg") == "image/svg+xml");
  CHECK(ContentTypeFor("/index.html") == "text/html; charset=utf-8");
  CHECK(ContentTypeFor("/data.json") == "application/json");
  CHECK(ContentTypeFor("/favicon.ico") == "image/vnd.microsoft.icon");
  CHECK(ContentTypeFor("/dir.d/README") == "application/octet-stream");
  CHECK(ContentTypeFor("/archive.tar.gz") == "application/octet-stream");
}

TEST_CASE("HTTP dates format and parse in all three forms", "[web][static]") {
  CHECK(FormatHttpDate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  CHECK(ParseHttpDate("Sun Nov  6 08:49:37 1994") == 784111777);
  CHECK_FALSE(ParseHttpDate("06 Nov 1994"));
  CHECK_FALSE(ParseHttpDate(""));
}

TEST_CASE("a static directory serves its files and nothing outside it", "[web][static]") {
  test::TempDir temp;
  const std::string root = temp.File("public");
  std::filesystem::create_directories(root + "/img");
  WriteFile(root + "/img/logo.png", "png-bytes");
  WriteFile(root + "/.env", "SECRET=1");
  WriteFile(temp.File("secret.txt"), "top secret");
  std::filesystem::create_symlink(temp.File("secret.txt"), root + "/escape.txt");
  std::filesystem::create_symlink(root + "/img/logo.png", root + "/inside.png");
  std::filesystem::create_symlink(temp.path(), root + "/up");

  core::Result<StaticFiles> files = StaticFiles::FromDirectory(root);
  REQUIRE(files);
  AssetResponse logo = files->Lookup("/img/logo.png", {});
  REQUIRE(logo.status == 200);
  CHECK(logo.body == "png-bytes");
  CHECK(logo.content_type == "image/png");
  CHECK(files->Lookup("/img/logo.png", {.if_none_match = std::string(logo.Header("ETag"))})
            .status == 304);
  CHECK(files->Lookup("/inside.png", {}).body == "png-bytes");

  // Every escape attempt looks exactly like a missing file.
  for (const char* attack :
       {"/../secret.txt", "/img/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/..%2fsecret.txt", "//etc/passwd", "/etc/../../secret.txt", "/escape.txt",
        "/up/secret.txt", "/.env", "/img/./logo.png", "/img\\..\\..\\secret.txt", "/img/",
        "/img", "relative.txt", "/%00", "/img/logo.png%00.txt"}) {
    INFO(attack);
    AssetResponse response = files->Lookup(attack, {});
    CHECK(response.status == 404);
    CHECK(response.body.empty());
  }
  CHECK(files->Lookup(std::string_view("/img/logo.png\0.txt", 18), {}).status == 404);
}

TEST_CASE("a static directory must exist", "[web][static]") {
  test::TempDir temp;
  core::Result<StaticFiles> missing = StaticFiles::FromDirectory(temp.File("nope"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kInvalidArgument);
  CHECK(missing.error().message ==
        "static directory '" + temp.File("nope") + "' is not a readable directory");
  WriteFile(temp.File("file"), "x");
  CHECK_FALSE(StaticFiles::FromDirectory(temp.File("file")));
}

}  // namespace itemctl::web
