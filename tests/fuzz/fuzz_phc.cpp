// The stored password hash: core::ParseArgon2idParams, the PHC-string
// parser behind PasswordHasher::Matches and NeedsRehash, and those two
// calls themselves. Matches runs Argon2 with the string's own parameters, so
// it is called only when they are tiny (each exec stays fast).
// Invariants: NeedsRehash is false exactly for a string parsed with the
// hasher's parameters; an unparseable string never matches; the parameters
// written back in canonical form parse to the same values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/services/password_hasher.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using itemctl::core::Argon2Params;
using itemctl::fuzz::Require;

namespace {

// Tiny Argon2 parameters, like the tests'.
const Argon2Params kParams{8, 1, 1};

const itemctl::core::PasswordHasher& Hasher() {
  static const itemctl::core::PasswordHasher* hasher = [] {
    auto* made = new itemctl::core::PasswordHasher("fuzz-pepper-0123456789abcdef", kParams,
                                                   itemctl::core::HashingLimits{1, {}, {}});
    // What Hash writes must parse, with the hasher's own parameters.
    itemctl::core::Result<std::string> hash = made->Hash("correct horse");
    Require(hash.ok(), "Hash succeeds");
    std::optional<Argon2Params> parsed = itemctl::core::ParseArgon2idParams(*hash);
    Require(parsed && parsed->memory_kib == kParams.memory_kib &&
                parsed->iterations == kParams.iterations &&
                parsed->parallelism == kParams.parallelism,
            "a fresh hash parses with the hasher's parameters");
    Require(!made->NeedsRehash(*hash), "a fresh hash needs no rehash");
    itemctl::core::Result<bool> matched = made->Matches("correct horse", *hash);
    Require(matched && *matched, "a fresh hash matches its password");
    return made;
  }();
  return *hasher;
}

bool Same(const Argon2Params& a, const Argon2Params& b) {
  return a.memory_kib == b.memory_kib && a.iterations == b.iterations &&
         a.parallelism == b.parallelism;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const itemctl::core::PasswordHasher& hasher = Hasher();
  std::string_view stored = itemctl::fuzz::AsText(data, size);
  std::optional<Argon2Params> params = itemctl::core::ParseArgon2idParams(stored);
  Require(hasher.NeedsRehash(stored) == !(params && Same(*params, kParams)),
          "NeedsRehash agrees with the parsed parameters");
  if (!params) {
    itemctl::core::Result<bool> matched = hasher.Matches("password", stored);
    Require(matched && !*matched, "an unparseable hash never matches");
    return 0;
  }
  // Canonical form: the same salt and hash after the parameters.
  std::string_view tail = stored.substr(1);  // after the leading '$'
  for (int i = 0; i < 3; ++i) tail = tail.substr(tail.find('$') + 1);
  std::string canonical = "$argon2id$v=19$m=" + std::to_string(params->memory_kib) +
                          ",t=" + std::to_string(params->iterations) +
                          ",p=" + std::to_string(params->parallelism) + "$" + std::string(tail);
  std::optional<Argon2Params> again = itemctl::core::ParseArgon2idParams(canonical);
  Require(again && Same(*again, *params), "the parameters round-trip");
  if (params->memory_kib <= 64 && params->iterations <= 2 && params->parallelism <= 4) {
    itemctl::core::Result<bool> matched = hasher.Matches("password", stored);
    Require(matched.ok(), "Matches runs");
  }
  return 0;
}
