#include "web/client_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <optional>

#include "web/header_text.hpp"

namespace itemctl::web {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

// IPv4 becomes ::ffff:a.b.c.d so one comparison serves both families.
std::optional<Bytes> ParseAddress(std::string_view text) {
  std::string s(text);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  Bytes bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    bytes[10] = bytes[11] = 0xff;
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
    std::copy(p, p + 4, bytes.begin() + 12);
    return bytes;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::copy(v6.s6_addr, v6.s6_addr + 16, bytes.begin());
    return bytes;
  }
  return std::nullopt;
}

bool IsMappedV4(const Bytes& b) {
  for (int i = 0; i < 10; ++i) {
    if (b[i] != 0) return false;
  }
  return b[10] == 0xff && b[11] == 0xff;
}

bool PrefixEquals(const Bytes& a, const Bytes& b, int bits) {
  int full = bits / 8;
  for (int i = 0; i < full; ++i) {
    if (a[i] != b[i]) return false;
  }
  int rest = bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

}  // namespace

core::Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies proxies;
  for (const std::string& entry : cidrs) {
    auto bad = [&entry](const std::string& why) {
      return core::MakeError(core::Errc::kInvalidArgument,
                             "trusted proxy '" + entry + "' " + why);
    };
    std::string_view text = TrimOws(entry);
    std::size_t slash = text.find('/');
    std::optional<Bytes> address = ParseAddress(text.substr(0, slash));
    if (!address) return bad("is not an IPv4 or IPv6 address or CIDR range");
    int max_bits = IsMappedV4(*address) ? 32 : 128;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
      std::string_view digits = text.substr(slash + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
          bits < 0 || bits > max_bits) {
        return bad("has a prefix length outside 0-" + std::to_string(max_bits));
      }
    }
    proxies.ranges_.push_back({*address, bits + (max_bits == 32 ? 96 : 0)});
  }
  return proxies;
}

bool TrustedProxies::Contains(std::string_view address) const {
  if (ranges_.empty()) return false;
  std::optional<Bytes> bytes = ParseAddress(TrimOws(address));
  if (!bytes) return false;
  for (const Range& range : ranges_) {
    if (PrefixEquals(*bytes, range.bytes, range.prefix_bits)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(std::string_view peer,
                                          std::string_view forwarded_for) const {
  if (!Contains(peer)) return std::string(peer);
  // Walk right to left past our own proxies; the first other hop is the client.
  std::string_view rest = forwarded_for;
  std::string client(peer);
  while (!rest.empty()) {
    std::size_t comma = rest.rfind(',');
    std::string_view hop = TrimOws(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (hop.empty()) continue;
    if (!ParseAddress(hop)) return client;  // garbage: stop at the last good hop
    client = std::string(hop);
    if (!Contains(hop)) return client;
  }
  return client;
}

}  // namespace itemctl::web
