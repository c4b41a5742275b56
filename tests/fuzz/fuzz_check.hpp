#pragma once
// Invariant checks shared by the libFuzzer targets. A broken invariant
// prints what broke and aborts, so libFuzzer reports a crash and keeps the
// input that caused it (crash-<sha1> in the working directory).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace itemctl::fuzz {

inline void Require(bool holds, const char* invariant) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", invariant);
  std::abort();
}

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace itemctl::fuzz
