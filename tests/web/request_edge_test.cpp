// SPEC §8 "Request edge": hostile requests sent raw, as an attacker would,
// to a real server in this process. Each must be refused (or answered) in
// JSON without the server holding what the attacker sent: the process RSS
// is checked around each one.

#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/web/raw_socket.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::RawConnection;
using test::TestServer;

namespace {

constexpr std::size_t kMiB = 1024 * 1024;
// More than a refusal should ever cost; less than any attack below.
constexpr std::size_t kRssSlack = 4 * kMiB;
// Under ASan or TSan, shadow memory and quarantines make the resident size
// say nothing about the server; the plain build checks it.
// gcc defines __SANITIZE_*__; clang (the asan stage) answers __has_feature.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ITEMCTL_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(ITEMCTL_TEST_SANITIZED)
constexpr bool kMeasuresMemory = false;
#else
constexpr bool kMeasuresMemory = true;
#endif

std::size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t total = 0;
  std::size_t resident = 0;
  statm >> total >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::string Status(const std::string& response) { return response.substr(0, 12); }

std::string Body(const std::string& response) {
  std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

std::string Detail(const std::string& message) {
  return nlohmann::json{{"detail", message}}.dump();
}

std::string PostHead(const std::string& token, const std::string& framing) {
  return "POST /items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
}

// Sends `head`, then `body_piece` up to `repeats` times, stopping as soon as
// the server answers or stops reading; returns the answer.
std::string SendUntilAnswered(int port, const std::string& head, const std::string& body_piece,
                              int repeats, const std::string& tail = "") {
  RawConnection connection(port);
  connection.Send(head);
  for (int i = 0; i < repeats && !connection.Readable(0); ++i) {
    if (!connection.TrySend(body_piece)) break;
  }
  if (!connection.Readable(0)) connection.TrySend(tail);
  return connection.ReadResponse();
}

}  // namespace

TEST_CASE("an 8 MiB chunked body is cut off at the limit with 413", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  std::size_t before = ResidentBytes();
  std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
  std::string response = SendUntilAnswered(
      server.port(), PostHead(token, "Transfer-Encoding: chunked\r\n"), chunk, 128, "0\r\n\r\n");
  CHECK(Status(response) == "HTTP/1.1 413");
  CHECK(Body(response) == Detail("request body exceeds 262144 bytes"));
  CHECK(response.find("Connection: close") != std::string::npos);
  if (kMeasuresMemory) CHECK(ResidentBytes() < before + kRssSlack);
}

TEST_CASE("a chunked body under the limit is accepted", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  std::string body = R"({"name":"chunked item","description":"sent in pieces"})";
  RawConnection connection(server.port());
  connection.Send(PostHead(token, "Transfer-Encoding: chunked\r\n") + "5;ext=1\r\n" +
                  body.substr(0, 5) + "\r\n" + "10\r\n" + body.substr(5, 16) + "\r\n");
  std::ostringstream size;
  size << std::hex << body.size() - 21;
  connection.Send(size.str() + "\r\n");
  connection.Send(body.substr(21) + "\r\n0\r\nX-Trailer: dropped\r\n\r\n");
  std::string response = connection.ReadResponse();
  CHECK(Status(response) == "HTTP/1.1 201");
  CHECK(response.find("\"name\":\"chunked item\"") != std::string::npos);
  // The connection stays usable for the next request.
  connection.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(Status(connection.ReadResponse()) == "HTTP/1.1 200");
}

TEST_CASE("Content-Length over the limit is refused before the body is read", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  RawConnection connection(server.port());
  // No body follows: the answer cannot be waiting for it.
  connection.Send(PostHead(token, "Content-Length: 104857600\r\n"));
  std::string response = connection.ReadResponse();
  CHECK(Status(response) == "HTTP/1.1 413");
  CHECK(Body(response) == Detail("request body exceeds 262144 bytes"));
}

TEST_CASE("conflicting or unknown framing is 400", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  std::string both = test::RawExchange(
      server.port(),
      PostHead(token, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n");
  CHECK(Status(both) == "HTTP/1.1 400");
  CHECK(Body(both) == Detail("both Content-Length and Transfer-Encoding: send only one"));

  std::string unknown = test::RawExchange(
      server.port(), PostHead(token, "Transfer-Encoding: gzip, chunked\r\n") + "0\r\n\r\n");
  CHECK(Status(unknown) == "HTTP/1.1 400");
  CHECK(Body(unknown) ==
        Detail("Transfer-Encoding 'gzip, chunked' is not supported: send Content-Length or "
               "chunked"));

  std::string bad_length =
      test::RawExchange(server.port(), PostHead(token, "Content-Length: 12abc\r\n"));
  CHECK(Status(bad_length) == "HTTP/1.1 400");
  CHECK(Body(bad_length) == Detail("Content-Length '12abc' is not a byte count"));

  std::string bad_chunk = test::RawExchange(
      server.port(), PostHead(token, "Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n");
  CHECK(Status(bad_chunk) == "HTTP/1.1 400");
  CHECK(Body(bad_chunk) == Detail("malformed chunked request body"));
}

TEST_CASE("a compressed body is refused with 415 and never inflated", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  std::size_t before = ResidentBytes();
  // Whatever the bytes, they are not decompressed: 16 KiB of a gzip bomb's
  // size.
  std::string bomb(16 * 1024, '\0');
  std::string response = test::RawExchange(
      server.port(), PostHead(token, "Content-Encoding: gzip\r\nContent-Length: " +
                                         std::to_string(bomb.size()) + "\r\n") +
                         bomb);
  CHECK(Status(response) == "HTTP/1.1 415");
  CHECK(Body(response) ==
        Detail("Content-Encoding 'gzip' is not supported: send the body uncompressed"));
  if (kMeasuresMemory) CHECK(ResidentBytes() < before + kRssSlack);
}

TEST_CASE("deeply nested JSON is refused with 422 before a document is built", "[db][web][edge]") {
  web::ServerOptions options;
  options.max_body_bytes = 2 * kMiB;
  TestServer server(options);
  std::string token = server.AdminToken();
  std::size_t before = ResidentBytes();
  std::string deep(kMiB, '[');
  std::string response = test::RawExchange(
      server.port(),
      PostHead(token, "Content-Length: " + std::to_string(deep.size()) + "\r\n") + deep);
  CHECK(Status(response) == "HTTP/1.1 422");
  CHECK(Body(response) == Detail("request body nests deeper than 64 levels"));
  // The body itself is held once (1 MiB), a document of it would be ~100 MB.
  if (kMeasuresMemory) CHECK(ResidentBytes() < before + kRssSlack);
}

TEST_CASE("a 1 MiB body is over the default limit", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  std::string response = SendUntilAnswered(
      server.port(), PostHead(token, "Content-Length: 1048576\r\n"), std::string(65536, '['), 16);
  CHECK(Status(response) == "HTTP/1.1 413");
}

TEST_CASE("a Range of many ranges gets the whole file, not multipart", "[db][web][edge]") {
  TestServer server;
  std::string whole = test::RawExchange(
      server.port(), "GET /logo.png HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  REQUIRE(Status(whole) == "HTTP/1.1 200");
  std::string ranges = "bytes=0-";
  for (int i = 1; i < 200; ++i) ranges += ",0-";
  std::string response = test::RawExchange(
      server.port(),
      "GET /logo.png HTTP/1.1\r\nHost: x\r\nRange: " + ranges + "\r\nConnection: close\r\n\r\n");
  CHECK(Status(response) == "HTTP/1.1 200");
  CHECK(Body(response) == Body(whole));
  CHECK(response.find("multipart") == std::string::npos);
}

TEST_CASE("oversized heads are 431 and overlong request lines 414", "[db][web][edge]") {
  TestServer server;
  const std::string start = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  std::string long_line =
      test::RawExchange(server.port(), start + "X-Big: " + std::string(9000, 'a') + "\r\n\r\n");
  CHECK(Status(long_line) == "HTTP/1.1 431");
  CHECK(Body(long_line) == Detail("a request header line exceeds 8192 bytes"));

  std::string many;
  for (int i = 0; i < 150; ++i) many += "X-Field-" + std::to_string(i) + ": 1\r\n";
  std::string too_many = test::RawExchange(server.port(), start + many + "\r\n");
  CHECK(Status(too_many) == "HTTP/1.1 431");
  CHECK(Body(too_many) == Detail("more than 100 request header fields"));

  std::string big;
  for (int i = 0; i < 6; ++i) big += "X-Part-" + std::to_string(i) + ": " + std::string(7000, 'b') + "\r\n";
  std::string too_big = test::RawExchange(server.port(), start + big + "\r\n");
  CHECK(Status(too_big) == "HTTP/1.1 431");
  CHECK(Body(too_big) == Detail("request head exceeds 32768 bytes"));

  std::string uri = test::RawExchange(
      server.port(), "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(Status(uri) == "HTTP/1.1 414");
  CHECK(Body(uri) == Detail("request line exceeds 8192 bytes"));
}

TEST_CASE("Expect: 100-continue gets 100 before the body is sent", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  std::string body = R"({"name":"expected"})";
  RawConnection connection(server.port());
  connection.Send(PostHead(token, "Expect: 100-continue\r\nContent-Length: " +
                                      std::to_string(body.size()) + "\r\n"));
  CHECK(connection.ReadResponse() == "HTTP/1.1 100 Continue\r\n\r\n");
  connection.Send(body);
  std::string response = connection.ReadResponse();
  CHECK(Status(response) == "HTTP/1.1 201");
  CHECK(response.find("\"name\":\"expected\"") != std::string::npos);
}

TEST_CASE("pipelined keep-alive requests are answered in order", "[db][web][edge]") {
  TestServer server;
  std::string token = server.AdminToken();
  std::string body = R"({"name":"piped"})";
  RawConnection connection(server.port());
  connection.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" +
                  PostHead(token, "Content-Length: " + std::to_string(body.size()) + "\r\n") +
                  body + "GET /items/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                  "\r\n\r\n");
  CHECK(Status(connection.ReadResponse()) == "HTTP/1.1 200");
  std::string created = connection.ReadResponse();
  CHECK(Status(created) == "HTTP/1.1 201");
  std::string fetched = connection.ReadResponse();
  CHECK(Status(fetched) == "HTTP/1.1 200");
  CHECK(fetched.find("\"name\":\"piped\"") != std::string::npos);
}

TEST_CASE("refusals are counted by reason in the metrics", "[db][web][edge]") {
  TestServer server;
  test::RawExchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\n"
                                   "Content-Length: 2\r\n\r\n{}");
  test::HttpReply metrics = server.Get("/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.body.find("itemctl_http_refused_total{reason=\"content_encoding\"} 1") !=
        std::string::npos);
}
