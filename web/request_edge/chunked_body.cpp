#include "web/request_edge/chunked_body.hpp"

#include <algorithm>
#include <charconv>

namespace itemctl::web {

ChunkedDecoder::State ChunkedDecoder::ReadLine(std::string_view input, std::size_t& pos,
                                               bool& complete) {
  std::size_t newline = input.find('\n', pos);
  std::size_t end = newline == std::string_view::npos ? input.size() : newline;
  line_.append(input.substr(pos, end - pos));
  pos = newline == std::string_view::npos ? input.size() : newline + 1;
  complete = newline != std::string_view::npos;
  if (line_.size() > kMaxLine) return State::kMalformed;
  if (complete) {
    if (line_.empty() || line_.back() != '\r') return State::kMalformed;
    line_.pop_back();
  }
  return State::kNeedMore;
}

ChunkedDecoder::State ChunkedDecoder::OnSizeLine() {
  std::string_view text(line_);
  text = text.substr(0, text.find(';'));  // chunk extensions are ignored
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::uint64_t size = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), size, 16);
  if (text.empty() || ptr != text.data() + text.size()) return State::kMalformed;
  // A size too big even to parse is too big to accept.
  if (ec != std::errc()) return State::kTooLarge;
  line_.clear();
  if (size == 0) {
    step_ = Step::kTrailer;
  } else {
    chunk_left_ = size;
    step_ = Step::kData;
  }
  return State::kNeedMore;
}

ChunkedDecoder::State ChunkedDecoder::OnTrailerLine() {
  trailer_bytes_ += line_.size();
  bool last = line_.empty();
  line_.clear();
  if (trailer_bytes_ > kMaxTrailer) return State::kMalformed;
  return last ? State::kDone : State::kNeedMore;
}

ChunkedDecoder::State ChunkedDecoder::Feed(std::string_view input, std::size_t& consumed,
                                           std::string& body) {
  std::size_t pos = 0;
  while (state_ == State::kNeedMore && pos < input.size()) {
    if (step_ == Step::kData) {
      // Not body.size() + chunk_left_ > max_body_: a chunk size near 2^64
      // wraps that sum below the limit (found by tests/fuzz/fuzz_chunked_body).
      if (body.size() > max_body_ || chunk_left_ > max_body_ - body.size()) {
        state_ = State::kTooLarge;
        break;
      }
      std::size_t take = static_cast<std::size_t>(
          std::min<std::uint64_t>(chunk_left_, input.size() - pos));
      body.append(input.substr(pos, take));
      pos += take;
      chunk_left_ -= take;
      if (chunk_left_ == 0) step_ = Step::kDataEnd;
      continue;
    }
    bool complete = false;
    state_ = ReadLine(input, pos, complete);
    if (state_ != State::kNeedMore || !complete) continue;
    switch (step_) {
      case Step::kSize:
        state_ = OnSizeLine();
        break;
      case Step::kDataEnd:
        // The CRLF after a chunk's data.
        state_ = line_.empty() ? State::kNeedMore : State::kMalformed;
        step_ = Step::kSize;
        break;
      case Step::kTrailer:
        state_ = OnTrailerLine();
        break;
      case Step::kData:
        break;
    }
  }
  consumed = pos;
  return state_;
}

}  // namespace itemctl::web
