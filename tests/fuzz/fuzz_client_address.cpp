// `serve --trust-proxy CIDR` and X-Forwarded-For: web::TrustedProxies::Parse
// on the flag values, then Contains and ClientAddress on a request's peer
// and header. Input lines: the first holds comma-separated CIDRs (one flag
// value each), the second the peer address, the rest the X-Forwarded-For
// value.
// Invariants: without trusted proxies the client is the peer; otherwise it
// is the peer or one hop of the header, trimmed, without a comma.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzz_check.hpp"
#include "web/client_address.hpp"

namespace web = itemctl::web;
using itemctl::fuzz::Require;

namespace {

std::string_view NextLine(std::string_view& text) {
  std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = itemctl::fuzz::AsText(data, size);
  std::string_view flags = NextLine(text);
  std::string_view peer = NextLine(text);
  std::string_view forwarded_for = text;

  std::vector<std::string> cidrs;
  while (!flags.empty()) {
    std::size_t comma = flags.find(',');
    cidrs.emplace_back(flags.substr(0, comma));
    flags = comma == std::string_view::npos ? std::string_view{} : flags.substr(comma + 1);
  }
  itemctl::core::Result<web::TrustedProxies> proxies = web::TrustedProxies::Parse(cidrs);
  if (!proxies) {
    Require(proxies.error().message.rfind("trusted proxy '", 0) == 0,
            "a refused range is named");
    return 0;
  }
  Require(proxies->empty() == cidrs.empty(), "every accepted flag adds a range");
  std::string client = proxies->ClientAddress(peer, forwarded_for);
  if (!proxies->Contains(peer)) {
    Require(client == peer, "an untrusted peer is the client");
    return 0;
  }
  if (client == peer) return 0;
  Require(forwarded_for.find(client) != std::string_view::npos, "the client is a forwarded hop");
  Require(!client.empty() && client.find(',') == std::string::npos, "the client is one hop");
  Require(client.front() != ' ' && client.back() != ' ', "the client is trimmed");
  return 0;
}
