#include "web/client_address.hpp"

#include <catch2/catch.hpp>

using namespace itemctl;

namespace {
web::TrustedProxies Trust(std::vector<std::string> cidrs) {
  core::Result<web::TrustedProxies> proxies = web::TrustedProxies::Parse(cidrs);
  REQUIRE(proxies);
  return *proxies;
}
}  // namespace

TEST_CASE("trusted proxy ranges match IPv4, IPv6 and IPv4-mapped addresses", "[web][proxy]") {
  web::TrustedProxies proxies = Trust({"10.0.0.0/8", "192.168.1.7", "fd00::/8"});
  CHECK(proxies.Contains("10.200.3.4"));
  CHECK(proxies.Contains("::ffff:10.1.1.1"));
  CHECK(proxies.Contains("192.168.1.7"));
  CHECK_FALSE(proxies.Contains("192.168.1.8"));
  CHECK(proxies.Contains("fd12::1"));
  CHECK_FALSE(proxies.Contains("fe80::1"));
  CHECK_FALSE(proxies.Contains("11.0.0.1"));
  CHECK_FALSE(proxies.Contains("not an address"));
  CHECK_FALSE(web::TrustedProxies().Contains("127.0.0.1"));
}

TEST_CASE("a bad trusted proxy entry is named", "[web][proxy]") {
  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "example.com", "10.0.0.0/x"}) {
    core::Result<web::TrustedProxies> proxies = web::TrustedProxies::Parse({bad});
    REQUIRE_FALSE(proxies);
    CHECK(proxies.error().code == core::Errc::kInvalidArgument);
    CHECK(proxies.error().message.find(std::string("'") + bad + "'") != std::string::npos);
  }
}

TEST_CASE("X-Forwarded-For is believed only from a trusted proxy", "[web][proxy]") {
  web::TrustedProxies proxies = Trust({"127.0.0.1", "10.0.0.0/8"});
  // Untrusted peer: its header is ignored.
  CHECK(proxies.ClientAddress("203.0.113.9", "1.2.3.4") == "203.0.113.9");
  // Trusted peer, no header: the peer itself.
  CHECK(proxies.ClientAddress("127.0.0.1", "") == "127.0.0.1");
  // The rightmost hop that is not ours; what the client wrote left of it is ignored.
  CHECK(proxies.ClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.2, 10.1.2.3") ==
        "198.51.100.2");
  // Every hop is ours: the leftmost one.
  CHECK(proxies.ClientAddress("127.0.0.1", "10.0.0.5, 10.0.0.6") == "10.0.0.5");
  // Garbage stops the walk at the last good hop.
  CHECK(proxies.ClientAddress("127.0.0.1", "198.51.100.2, junk") == "127.0.0.1");
}
