#pragma once
// Scans a request head (request line and header fields, up to the blank
// line) for what the edge must decide before httplib parses it: size
// limits, body framing, Content-Encoding, Expect and multi-range Range. It
// does not parse the request for routing; httplib still does that.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "web/request_edge/refusal.hpp"

namespace itemctl::web {

struct HeadLimits {
  std::size_t max_request_line = 8 * 1024;  // longer: 414
  std::size_t max_field_line = 8 * 1024;    // longer: 431
  std::size_t max_head = 32 * 1024;         // request line + fields; larger: 431
  std::size_t max_fields = 100;             // more: 431
};

// How far the head goes in `data` (the bytes received so far of one
// request): `size` counts through the blank line, 0 while incomplete.
// `searched` is data.size() at the previous call, so each byte is looked at
// about once. A refusal when what arrived already breaks a limit.
struct HeadEnd {
  std::size_t size = 0;
  std::optional<Refusal> refusal;
};
HeadEnd FindHeadEnd(std::string_view data, std::size_t searched, const HeadLimits& limits);

struct RequestHead {
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  bool expect_continue = false;  // `Expect: 100-continue`
  bool multi_range = false;      // a Range naming more than one range
  // The head must be rewritten before httplib reads it.
  bool needs_rewrite() const { return chunked || expect_continue || multi_range; }
};

// `head` as FindHeadEnd delimited it. Refusals: 431 (a field line or the
// field count), 414 (request line), 400 (framing), 415 (Content-Encoding
// other than identity).
std::variant<RequestHead, Refusal> ScanRequestHead(std::string_view head,
                                                   const HeadLimits& limits);

// `head` without Content-Length, Transfer-Encoding, `Expect: 100-continue`
// and a multi-range Range, plus `Content-Length: body_size` when the request
// was framed (so httplib reads exactly the body the edge already holds).
std::string RewriteHead(std::string_view head, const RequestHead& scanned, std::size_t body_size);

}  // namespace itemctl::web
