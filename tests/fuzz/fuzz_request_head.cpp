// The edge's request-head scanner (web/request_edge/request_head.hpp):
// FindHeadEnd on the bytes as they arrive, ScanRequestHead on the head it
// delimits and RewriteHead when the edge re-frames the body. The first byte
// picks the read size (1 to 64 bytes) and whether the limits are the
// defaults or tiny ones; the rest is what the client sent.
// Invariants: searching only the new bytes finds what a search from scratch
// finds; a rewritten head still scans, needs no further rewrite and frames
// the body with Content-Length.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "tests/fuzz/fuzz_check.hpp"
#include "web/request_edge/request_head.hpp"

namespace web = itemctl::web;
using itemctl::fuzz::Require;

namespace {

bool SameEnd(const web::HeadEnd& a, const web::HeadEnd& b) {
  if (a.size != b.size || a.refusal.has_value() != b.refusal.has_value()) return false;
  return !a.refusal || (a.refusal->status == b.refusal->status &&
                        a.refusal->detail == b.refusal->detail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  web::HeadLimits limits;
  if (data[0] & 0x80) limits = web::HeadLimits{64, 48, 256, 4};
  std::string_view wire = itemctl::fuzz::AsText(data + 1, size - 1);

  // Read by read, as the edge does, until the head ends or is refused.
  web::HeadEnd end;
  std::size_t searched = 0;
  for (std::size_t have = 0; have < wire.size();) {
    have = std::min(wire.size(), have + piece);
    std::string_view received = wire.substr(0, have);
    end = web::FindHeadEnd(received, searched, limits);
    Require(SameEnd(end, web::FindHeadEnd(received, 0, limits)),
            "an incremental search finds what a full one finds");
    searched = have;
    if (end.size != 0 || end.refusal) break;
  }
  if (end.size == 0) return 0;
  Require(end.size <= limits.max_head, "a head is within max_head");

  std::string_view head = wire.substr(0, end.size);
  std::variant<web::RequestHead, web::Refusal> scanned = web::ScanRequestHead(head, limits);
  const auto* ok = std::get_if<web::RequestHead>(&scanned);
  if (ok == nullptr) {
    const int status = std::get<web::Refusal>(scanned).status;
    Require(status == 400 || status == 414 || status == 415 || status == 431,
            "a refusal is 400, 414, 415 or 431");
    return 0;
  }
  Require(!(ok->chunked && ok->content_length), "never both chunked and Content-Length");
  if (!ok->needs_rewrite()) return 0;

  const std::size_t body_size = 7;
  std::string rewritten = web::RewriteHead(head, *ok, body_size);
  Require(rewritten.size() >= 4 && rewritten.substr(rewritten.size() - 4) == "\r\n\r\n",
          "a rewritten head ends in a blank line");
  std::variant<web::RequestHead, web::Refusal> again = web::ScanRequestHead(rewritten, limits);
  const auto* second = std::get_if<web::RequestHead>(&again);
  Require(second != nullptr, "a rewritten head scans");
  Require(!second->needs_rewrite(), "a rewritten head needs no rewrite");
  Require(second->content_length == (ok->chunked || ok->content_length
                                         ? std::optional<std::uint64_t>(body_size)
                                         : std::nullopt),
          "a rewritten head frames the body with Content-Length");
  if (rewritten.size() <= limits.max_head) {
    Require(web::FindHeadEnd(rewritten, 0, limits).size == rewritten.size(),
            "a rewritten head ends where FindHeadEnd says");
  }
  return 0;
}
