#include "core/getrandom_rng.hpp"

#include <botan/exceptn.h>
#include <sys/random.h>

#include <cerrno>

namespace itemctl::core {

void GetrandomRng::randomize(std::uint8_t output[], std::size_t length) {
  while (length > 0) {
    // Reads above 32 MiB may return short, and any read may be interrupted
    // by a signal while the pool is still initialising.
    ssize_t got = ::getrandom(output, length, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Botan::System_Error("getrandom(2) failed", errno);
    }
    output += got;
    length -= static_cast<std::size_t>(got);
  }
}

Botan::RandomNumberGenerator& SystemRandom() {
  static GetrandomRng rng;
  return rng;
}

}  // namespace itemctl::core
