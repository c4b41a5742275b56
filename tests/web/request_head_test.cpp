// The request edge's pure parts: finding and scanning a request head,
// rewriting it for httplib, and decoding chunked bodies under a limit.

#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "web/request_edge/chunked_body.hpp"
#include "web/request_edge/request_head.hpp"

using namespace itemctl::web;

namespace {

RequestHead Scanned(const std::string& head) {
  auto result = ScanRequestHead(head, HeadLimits{});
  REQUIRE(std::holds_alternative<RequestHead>(result));
  return std::get<RequestHead>(result);
}

Refusal Refused(const std::string& head) {
  auto result = ScanRequestHead(head, HeadLimits{});
  REQUIRE(std::holds_alternative<Refusal>(result));
  return std::get<Refusal>(result);
}

}  // namespace

TEST_CASE("FindHeadEnd finds the blank line across calls and bounds the head", "[web][edge]") {
  HeadLimits limits;
  std::string data = "GET / HTTP/1.1\r\nHost: x\r\n\r";
  CHECK(FindHeadEnd(data, 0, limits).size == 0);
  std::size_t searched = data.size();
  data += "\nGET /next";
  HeadEnd end = FindHeadEnd(data, searched, limits);
  CHECK(end.size == data.find("GET /next"));
  CHECK_FALSE(end.refusal);

  HeadEnd long_line = FindHeadEnd("GET /" + std::string(9000, 'a'), 0, limits);
  REQUIRE(long_line.refusal);
  CHECK(long_line.refusal->status == 414);
  HeadEnd endless = FindHeadEnd("GET / HTTP/1.1\r\nX: " + std::string(40000, 'a'), 0, limits);
  REQUIRE(endless.refusal);
  CHECK(endless.refusal->status == 431);
}

TEST_CASE("ScanRequestHead reads framing, Expect and Range", "[web][edge]") {
  RequestHead plain = Scanned("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK_FALSE(plain.content_length);
  CHECK_FALSE(plain.needs_rewrite());

  RequestHead posted = Scanned(
      "POST / HTTP/1.1\r\ncontent-length: 12\r\nEXPECT: 100-Continue\r\nRange: bytes=0-1\r\n\r\n");
  CHECK(posted.content_length == 12u);
  CHECK(posted.expect_continue);
  CHECK_FALSE(posted.multi_range);

  RequestHead chunked =
      Scanned("POST / HTTP/1.1\r\nTransfer-Encoding:  Chunked \r\nRange: bytes=0-1,3-4\r\n\r\n");
  CHECK(chunked.chunked);
  CHECK(chunked.multi_range);
  CHECK(Scanned("POST / HTTP/1.1\r\nContent-Encoding: identity\r\n\r\n").content_length ==
        std::nullopt);
}

TEST_CASE("ScanRequestHead refuses bad framing, encodings and oversized fields", "[web][edge]") {
  CHECK(Refused("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").status ==
        400);
  CHECK(Refused("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").status == 400);
  CHECK(Refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n")
            .status == 400);
  CHECK(Refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                "Transfer-Encoding: chunked\r\n\r\n")
            .status == 400);
  CHECK(Refused("POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n").status == 400);
  Refusal gzip = Refused("POST / HTTP/1.1\r\nContent-Encoding: identity, gzip\r\n\r\n");
  CHECK(gzip.status == 415);
  CHECK(gzip.reason == RefusalReason::kContentEncoding);
  CHECK(Refused("GET / HTTP/1.1\r\nX: " + std::string(8200, 'a') + "\r\n\r\n").status == 431);
}

TEST_CASE("RewriteHead re-frames the body and drops what httplib must not see", "[web][edge]") {
  std::string head =
      "POST /items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      "Expect: 100-continue\r\nRange: bytes=0-1,2-3\r\nX-Keep: 1\r\n\r\n";
  CHECK(RewriteHead(head, Scanned(head), 7) ==
        "POST /items HTTP/1.1\r\nHost: x\r\nX-Keep: 1\r\nContent-Length: 7\r\n\r\n");
  std::string get = "GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,2-3\r\n\r\n";
  CHECK(RewriteHead(get, Scanned(get), 0) == "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
}

TEST_CASE("ChunkedDecoder decodes across pieces and stops at the message end", "[web][edge]") {
  ChunkedDecoder decoder(100);
  std::string body;
  std::size_t used = 0;
  std::string wire = "4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\nTrailer: 1\r\n\r\nNEXT";
  for (std::size_t i = 0; i < wire.size(); ++i) {
    ChunkedDecoder::State state = decoder.Feed(std::string_view(wire).substr(i, 1), used, body);
    if (state == ChunkedDecoder::State::kDone) {
      CHECK(wire.substr(i + 1) == "NEXT");
      break;
    }
    REQUIRE(state == ChunkedDecoder::State::kNeedMore);
    REQUIRE(used == 1);
  }
  CHECK(body == "Wikipedia");

  ChunkedDecoder whole(100);
  body.clear();
  CHECK(whole.Feed(wire, used, body) == ChunkedDecoder::State::kDone);
  CHECK(used == wire.size() - 4);
}

TEST_CASE("ChunkedDecoder refuses oversized and malformed bodies", "[web][edge]") {
  std::string body;
  std::size_t used = 0;
  CHECK(ChunkedDecoder(8).Feed("9\r\n", used, body) == ChunkedDecoder::State::kNeedMore);
  body.clear();
  CHECK(ChunkedDecoder(8).Feed("9\r\n123", used, body) == ChunkedDecoder::State::kTooLarge);
  body.clear();
  CHECK(ChunkedDecoder(8).Feed("ffffffffffffffffffff\r\n", used, body) ==
        ChunkedDecoder::State::kTooLarge);
  body.clear();
  CHECK(ChunkedDecoder(8).Feed("zz\r\n", used, body) == ChunkedDecoder::State::kMalformed);
  body.clear();
  CHECK(ChunkedDecoder(8).Feed("2\r\nabX\r\n", used, body) == ChunkedDecoder::State::kMalformed);
  body.clear();
  CHECK(ChunkedDecoder(8).Feed(std::string(5000, '1'), used, body) ==
        ChunkedDecoder::State::kMalformed);
}
