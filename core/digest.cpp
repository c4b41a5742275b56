#include "core/digest.hpp"

#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/mem_ops.h>
#include <botan/version.h>

#include <cstdint>
#include <vector>

#include "core/getrandom_rng.hpp"

namespace itemctl::core {

std::string Sha256Hex(std::string_view data) {
  std::unique_ptr<Botan::HashFunction> sha = Botan::HashFunction::create_or_throw("SHA-256");
  sha->update(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  return Botan::hex_encode(sha->final(), /*uppercase=*/false);
}

std::string RandomAlphanumeric(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  // 62 * 4 = 248: bytes at or above it are rejected so every character is
  // equally likely.
  constexpr std::uint8_t kLimit = 248;
  Botan::RandomNumberGenerator& rng = SystemRandom();
  std::string out;
  out.reserve(length);
  std::vector<std::uint8_t> buffer(length + 16);
  while (out.size() < length) {
    rng.randomize(buffer.data(), buffer.size());
    for (std::uint8_t byte : buffer) {
      if (byte >= kLimit) continue;
      out.push_back(kAlphabet[byte % kAlphabet.size()]);
      if (out.size() == length) break;
    }
  }
  return out;
}

std::string CryptoLibraryVersion() { return Botan::short_version_string(); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return Botan::constant_time_compare(reinterpret_cast<const std::uint8_t*>(a.data()),
                                      reinterpret_cast<const std::uint8_t*>(b.data()), a.size());
}

}  // namespace itemctl::core
