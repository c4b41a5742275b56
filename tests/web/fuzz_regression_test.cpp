// Inputs the fuzz targets of tests/fuzz found to break a parser, minimised,
// each kept in the target's corpus too (tests/fuzz/corpus/<target>/finding_*).

#include <catch2/catch.hpp>

#include <string>

#include "web/request_edge/chunked_body.hpp"

using namespace itemctl::web;

TEST_CASE("a chunk size near 2^64 cannot wrap the chunked body limit", "[web][edge][fuzz]") {
  // fuzz_chunked_body: after a 5-byte chunk, a size of 2^64 - 1 made
  // body.size() + size wrap to 4, under the limit, and the decoder took
  // every byte that followed: an endless body past --max-body.
  const std::string wire = std::string("5\r\nhello\r\n") + "FFFFFFFFFFFFFFFF\r\n" + " hl\neFFFFl\ne";
  ChunkedDecoder decoder(16);
  std::string body;
  std::size_t used = 0;
  CHECK(decoder.Feed(wire, used, body) == ChunkedDecoder::State::kTooLarge);
  CHECK(body == "hello");
}
