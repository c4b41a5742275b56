#pragma once
// The randomness of every token, salt, generated password and secret key
// (SPEC §8 "Randomness"): a Botan RandomNumberGenerator over getrandom(2),
// so the process needs no /dev/urandom (the static binary runs in an empty
// root). getrandom with flags 0 blocks only until the kernel pool has been
// initialised once after boot, then never. Stateless and thread-safe.

#include <botan/rng.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace itemctl::core {

class GetrandomRng final : public Botan::RandomNumberGenerator {
 public:
  // Fills `output` completely, retrying short reads and EINTR. Throws
  // Botan::System_Error when the kernel refuses (e.g. ENOSYS under a
  // seccomp filter): there is no safe fallback for key material.
  void randomize(std::uint8_t output[], std::size_t length) override;
  // The kernel pool needs no help from us.
  bool accepts_input() const override { return false; }
  void add_entropy(const std::uint8_t[], std::size_t) override {}
  std::string name() const override { return "getrandom"; }
  void clear() override {}
  bool is_seeded() const override { return true; }
};

// The one instance every caller shares.
Botan::RandomNumberGenerator& SystemRandom();

}  // namespace itemctl::core
