// web::ChunkedDecoder, which decodes a `Transfer-Encoding: chunked` request
// body at the edge as its bytes arrive. The first byte sets how the rest is
// cut into reads (1 to 64 bytes each); the body limit is 16 bytes, so that it is often reached.
// Invariants: the decoded body never exceeds the limit; a decoder that
// needs more has consumed all it was given and never more; and feeding the
// bytes in pieces ends in the same state with the same body as feeding them
// at once.

#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_check.hpp"
#include "web/request_edge/chunked_body.hpp"

using itemctl::fuzz::Require;
using itemctl::web::ChunkedDecoder;

namespace {

constexpr std::size_t kMaxBody = 16;

struct Decoded {
  ChunkedDecoder::State state = ChunkedDecoder::State::kNeedMore;
  std::string body;
  std::size_t consumed = 0;
};

Decoded Decode(std::string_view input, std::size_t piece) {
  ChunkedDecoder decoder(kMaxBody);
  Decoded out;
  for (std::size_t at = 0; at < input.size(); at += piece) {
    std::string_view read = input.substr(at, piece);
    std::size_t consumed = 0;
    out.state = decoder.Feed(read, consumed, out.body);
    Require(consumed <= read.size(), "Feed consumes no more than it was given");
    Require(out.body.size() <= kMaxBody, "the body stays within the limit");
    out.consumed += consumed;
    if (out.state != ChunkedDecoder::State::kNeedMore) return out;
    Require(consumed == read.size(), "a decoder that needs more consumed everything");
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  std::string_view input = itemctl::fuzz::AsText(data + 1, size - 1);
  Decoded whole = Decode(input, input.size() + 1);
  Decoded pieces = Decode(input, piece);
  Require(whole.state == pieces.state, "pieces end in the same state");
  Require(whole.body == pieces.body, "pieces decode the same body");
  if (whole.state == ChunkedDecoder::State::kDone) {
    Require(whole.consumed == pieces.consumed, "pieces end the message at the same byte");
  }
  return 0;
}
