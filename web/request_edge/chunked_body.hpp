#pragma once
// Decodes a `Transfer-Encoding: chunked` body as it arrives, counting the
// decoded bytes against the body limit so that an endless or oversized body
// is cut off at the limit instead of being read whole. Chunk extensions and
// trailer fields are read and dropped (both bounded).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace itemctl::web {

class ChunkedDecoder {
 public:
  enum class State { kNeedMore, kDone, kTooLarge, kMalformed };

  explicit ChunkedDecoder(std::size_t max_body) : max_body_(max_body) {}

  // Decodes from `input` into `body`; sets `consumed` to the bytes of input
  // used (never past the end of the message, so pipelined bytes stay).
  State Feed(std::string_view input, std::size_t& consumed, std::string& body);

 private:
  enum class Step { kSize, kData, kDataEnd, kTrailer };
  // A size line or trailer line longer than this is malformed.
  static constexpr std::size_t kMaxLine = 4096;
  static constexpr std::size_t kMaxTrailer = 8192;

  State ReadLine(std::string_view input, std::size_t& pos, bool& complete);
  State OnSizeLine();
  State OnTrailerLine();

  std::size_t max_body_;
  Step step_ = Step::kSize;
  std::string line_;  // the partial line, across Feed calls
  std::uint64_t chunk_left_ = 0;
  std::size_t trailer_bytes_ = 0;
  State state_ = State::kNeedMore;
};

}  // namespace itemctl::web
