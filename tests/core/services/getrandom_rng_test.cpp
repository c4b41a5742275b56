#include "core/getrandom_rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/digest.hpp"

using namespace itemctl;

TEST_CASE("the getrandom RNG fills buffers of every size", "[core][random]") {
  core::GetrandomRng rng;
  CHECK(rng.is_seeded());
  CHECK_FALSE(rng.accepts_input());
  CHECK(rng.name() == "getrandom");
  // Up to 4 MiB: sizes around the kernel's 256-byte fast path and far above.
  for (std::size_t size : {1U, 16U, 255U, 256U, 257U, 4096U, 65537U, 4U << 20}) {
    INFO(size);
    std::vector<std::uint8_t> a(size, 0);
    std::vector<std::uint8_t> b(size, 0);
    rng.randomize(a.data(), a.size());
    rng.randomize(b.data(), b.size());
    // Two draws of 8+ bytes collide with probability 2^-64; for one byte
    // equality is allowed.
    if (size >= 8) CHECK(a != b);
    if (size >= 16384) {
      // Every byte value shows up in the last 16 KiB (all but 2^-80 of the
      // time): the buffer was written to its end, not left zeroed in part.
      std::set<std::uint8_t> values(a.end() - 16384, a.end());
      CHECK(values.size() == 256);
    }
  }
}

TEST_CASE("the shared RNG is the getrandom one", "[core][random]") {
  CHECK(core::SystemRandom().name() == "getrandom");
  CHECK(core::SystemRandom().is_seeded());
  std::string a = core::RandomAlphanumeric(32);
  std::string b = core::RandomAlphanumeric(32);
  CHECK(a.size() == 32);
  CHECK(a != b);
  CHECK(std::all_of(a.begin(), a.end(),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }));
}
