// core::ParseDurationSeconds, the parser of every duration flag of `serve`
// (--access-ttl, --purge-interval, --login-failure-window, ...).
// Invariants: a parsed duration is positive, and writing it back as a bare
// number of seconds, or with an "s", parses to the same value.

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/clock.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using itemctl::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<std::int64_t> seconds =
      itemctl::core::ParseDurationSeconds(itemctl::fuzz::AsText(data, size));
  if (!seconds) return 0;
  Require(*seconds > 0, "a parsed duration is positive");
  const std::string bare = std::to_string(*seconds);
  Require(itemctl::core::ParseDurationSeconds(bare) == seconds, "seconds round-trip bare");
  Require(itemctl::core::ParseDurationSeconds(bare + "s") == seconds, "seconds round-trip as Ns");
  return 0;
}
