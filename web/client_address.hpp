#pragma once
// Who is on the other end of a request. Behind a reverse proxy every request
// comes from the proxy's address; `--trust-proxy CIDR` names the proxies
// whose X-Forwarded-For may be believed. The client is then the rightmost
// X-Forwarded-For entry that is not itself a trusted proxy (entries left of
// it were written by the client and can be forged). Used for login
// throttling and the per-address connection cap.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"

namespace itemctl::web {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody
  // "10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"... kInvalidArgument naming
  // the entry that is not an address or has a bad prefix length.
  static core::Result<TrustedProxies> Parse(const std::vector<std::string>& cidrs);

  // True when `address` (textual IPv4 or IPv6; IPv4-mapped IPv6 counts as
  // IPv4) lies in one of the ranges. False for anything unparseable.
  bool Contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

  // The client of a request that arrived from `peer` carrying the
  // X-Forwarded-For value `forwarded_for` (empty when absent).
  std::string ClientAddress(std::string_view peer, std::string_view forwarded_for) const;

 private:
  struct Range {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix_bits = 0;                   // of the 128
  };
  std::vector<Range> ranges_;
};

}  // namespace itemctl::web
