#include "web/access_log.hpp"

#include <httplib.h>
#include <catch2/catch.hpp>

using namespace itemctl;

TEST_CASE("secret query parameters are redacted from logged targets", "[web][log]") {
  CHECK(web::RedactTarget("/items?page=2") == "/items?page=2");
  CHECK(web::RedactTarget("/x?password=hunter2&page=1&Access_Token=abc&refresh_token=") ==
        "/x?password=***&page=1&Access_Token=***&refresh_token=***");
  CHECK(web::RedactTarget("/plain") == "/plain");
}

TEST_CASE("an access line has status, size, duration, request, version and agent", "[web][log]") {
  httplib::Request request;
  request.method = "GET";
  request.target = "/items/1?token=secret";
  request.path = "/items/1";
  request.version = "HTTP/1.1";
  request.remote_addr = "127.0.0.1";
  request.set_header("X-Version", "1.0");
  // set_header refuses CR/LF; a raw header map is what a lenient parser could yield.
  request.headers.emplace("User-Agent", "curl/7.88.1\r\nforged: line");
  request.set_header("Authorization", "Bearer supersecret");
  httplib::Response response;
  response.status = 200;
  response.body = std::string(53, 'x');
  web::RequestRecord record{request, response, "/items/{item_id}", 0.00052};
  CHECK(web::FormatAccessLine(record) ==
        "127.0.0.1 \"GET /items/1?token=*** HTTP/1.1\" 200 53B 0.52ms version=1.0 "
        "agent=\"curl/7.88.1\\x0d\\x0aforged: line\"");
}
