#include "web/request_edge/edge_connection.hpp"

#include <variant>

#include "web/request_edge/chunked_body.hpp"

namespace itemctl::web {

namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

Refusal EdgeConnection::TooLarge() const {
  return Refusal{413, RefusalReason::kBodyTooLarge,
                 "request body exceeds " + std::to_string(limits_.max_body) + " bytes"};
}

Refusal EdgeConnection::TooSlow() const {
  return Refusal{408, RefusalReason::kBodyTooSlow,
                 "request body arrived too slowly (minimum " +
                     std::to_string(limits_.body_min_rate) + " bytes per second)"};
}

std::optional<Refusal> EdgeConnection::Serve(const Handler& handle) {
  for (std::size_t served = 0; served < limits_.keep_alive_max_requests; ++served) {
    std::string_view request;
    std::optional<Refusal> refusal;
    Got got = ReadRequest(request, refusal);
    if (got == Got::kRefused) return refusal;
    if (got == Got::kGone) return std::nullopt;
    bool last = served + 1 == limits_.keep_alive_max_requests;
    bool closed = false;
    if (!handle(request, last, closed) || closed) return std::nullopt;
  }
  return std::nullopt;
}

EdgeConnection::Got EdgeConnection::ReadRequest(std::string_view& request,
                                                std::optional<Refusal>& refusal) {
  // Drop what earlier requests used; pipelined bytes move to the front.
  buffer_.erase(0, consumed_);
  consumed_ = 0;
  std::size_t head_size = 0;
  if (Got got = ReadHead(head_size, refusal); got != Got::kRequest) return got;
  std::string_view head(buffer_.data(), head_size);
  std::variant<RequestHead, Refusal> scanned = ScanRequestHead(head, limits_.head);
  if (auto* refused = std::get_if<Refusal>(&scanned)) {
    refusal = std::move(*refused);
    return Got::kRefused;
  }
  const RequestHead& info = std::get<RequestHead>(scanned);
  std::uint64_t length = info.content_length.value_or(0);
  if (length > limits_.max_body) {
    refusal = TooLarge();
    return Got::kRefused;
  }
  // The client waits for this before sending the body (RFC 9110 §10.1.1).
  bool body_expected = info.chunked || length > 0;
  if (info.expect_continue && body_expected && buffer_.size() == head_size) {
    if (!WriteAll(sock_, kContinue)) return Got::kGone;
  }
  if (info.chunked) {
    std::string body;
    std::size_t wire_size = 0;
    if (Got got = ReadChunkedBody(head_size, body, wire_size, refusal); got != Got::kRequest) {
      return got;
    }
    request_ = RewriteHead(std::string_view(buffer_.data(), head_size), info, body.size());
    request_ += body;
    consumed_ = head_size + wire_size;
    request = request_;
    return Got::kRequest;
  }
  if (Got got = ReadLengthBody(head_size, length, refusal); got != Got::kRequest) return got;
  consumed_ = head_size + static_cast<std::size_t>(length);
  if (info.needs_rewrite()) {
    request_ = RewriteHead(std::string_view(buffer_.data(), head_size), info,
                           static_cast<std::size_t>(length));
    request_.append(buffer_, head_size, static_cast<std::size_t>(length));
    request = request_;
  } else {
    request = std::string_view(buffer_.data(), consumed_);  // as received: no copy
  }
  return Got::kRequest;
}

EdgeConnection::Got EdgeConnection::ReadHead(std::size_t& head_size,
                                             std::optional<Refusal>& refusal) {
  if (buffer_.empty()) {
    auto idle_deadline = EdgeClock::now() + limits_.keep_alive_timeout;
    if (input_.ReadMore(buffer_, idle_deadline, /*idle=*/true) != SocketInput::Wait::kData) {
      return Got::kGone;
    }
  }
  // mod_reqtimeout counts the head from its first byte.
  auto head_deadline = EdgeClock::now() + limits_.head_timeout;
  std::size_t searched = 0;
  while (true) {
    HeadEnd end = FindHeadEnd(buffer_, searched, limits_.head);
    if (end.refusal) {
      refusal = std::move(end.refusal);
      return Got::kRefused;
    }
    if (end.size > 0) {
      head_size = end.size;
      return Got::kRequest;
    }
    searched = buffer_.size();
    auto deadline = std::min(head_deadline, EdgeClock::now() + limits_.read_timeout);
    SocketInput::Wait wait = input_.ReadMore(buffer_, deadline);
    if (wait == SocketInput::Wait::kTimedOut) {
      refusal = Refusal{408, RefusalReason::kHeadTimeout,
                        "request head did not arrive within " +
                            std::to_string(limits_.head_timeout.count()) + "s"};
      return Got::kRefused;
    }
    if (wait != SocketInput::Wait::kData) return Got::kGone;
  }
}

SocketInput::Wait EdgeConnection::ReadBodyBytes(EdgeClock::time_point start,
                                                std::size_t received) {
  auto deadline = EdgeClock::now() + limits_.read_timeout;
  if (limits_.body_min_rate > 0) {
    auto earned = std::chrono::duration_cast<EdgeClock::duration>(
        std::chrono::duration<double>(static_cast<double>(received) /
                                      static_cast<double>(limits_.body_min_rate)));
    deadline = std::min(deadline, start + limits_.body_allowance + earned);
  }
  return input_.ReadMore(buffer_, deadline);
}

EdgeConnection::Got EdgeConnection::ReadLengthBody(std::size_t body_start, std::uint64_t length,
                                                   std::optional<Refusal>& refusal) {
  const std::size_t want = body_start + static_cast<std::size_t>(length);
  if (buffer_.size() >= want) return Got::kRequest;
  buffer_.reserve(want);
  auto start = EdgeClock::now();
  while (buffer_.size() < want) {
    SocketInput::Wait wait = ReadBodyBytes(start, buffer_.size() - body_start);
    if (wait == SocketInput::Wait::kTimedOut) {
      refusal = TooSlow();
      return Got::kRefused;
    }
    if (wait != SocketInput::Wait::kData) return Got::kGone;
  }
  return Got::kRequest;
}

EdgeConnection::Got EdgeConnection::ReadChunkedBody(std::size_t body_start, std::string& body,
                                                    std::size_t& wire_size,
                                                    std::optional<Refusal>& refusal) {
  ChunkedDecoder decoder(limits_.max_body);
  auto start = EdgeClock::now();
  std::size_t fed = body_start;
  while (true) {
    std::size_t used = 0;
    ChunkedDecoder::State state =
        decoder.Feed(std::string_view(buffer_).substr(fed), used, body);
    fed += used;
    switch (state) {
      case ChunkedDecoder::State::kDone:
        wire_size = fed - body_start;
        return Got::kRequest;
      case ChunkedDecoder::State::kTooLarge:
        refusal = TooLarge();
        return Got::kRefused;
      case ChunkedDecoder::State::kMalformed:
        refusal = Refusal{400, RefusalReason::kBadFraming, "malformed chunked request body"};
        return Got::kRefused;
      case ChunkedDecoder::State::kNeedMore:
        break;
    }
    // Decoded bytes are in `body`; the raw chunks need not stay buffered.
    buffer_.erase(body_start, fed - body_start);
    fed = body_start;
    SocketInput::Wait wait = ReadBodyBytes(start, body.size());
    if (wait == SocketInput::Wait::kTimedOut) {
      refusal = TooSlow();
      return Got::kRefused;
    }
    if (wait != SocketInput::Wait::kData) return Got::kGone;
  }
}

}  // namespace itemctl::web
