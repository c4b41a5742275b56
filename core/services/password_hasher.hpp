#pragma once
// Password hashing per SPEC §4: Argon2id (Botan) over HMAC-SHA256(pepper,
// password), 16-byte random salt, stored as a self-describing PHC string
// ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>") so parameters can be
// raised later. Thread-safe; at most `max_concurrent` hashes run at once so
// a burst of logins cannot take every core.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/domain/error.hpp"

namespace itemctl::core {

struct Argon2Params {
  std::size_t memory_kib = 19456;  // 19 MiB, the SPEC minimum
  std::size_t iterations = 2;
  std::size_t parallelism = 1;
};

class PasswordHasher {
 public:
  // `pepper` is the server-side secret (see secret_key.hpp); never empty.
  PasswordHasher(std::string pepper, Argon2Params params = {}, int max_concurrent = 2);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // kInternal only if the RNG or Botan fails.
  Result<std::string> Hash(std::string_view password) const;
  // True when `password` matches `stored`; false for a wrong password or an
  // unparseable hash. Callers pair it with Burn for unknown users so both
  // cases take the same time.
  bool Verify(std::string_view password, std::string_view stored) const;
  // Spends one hash's worth of time so an unknown username is not faster
  // to reject than a wrong password.
  void Burn(std::string_view password) const;
  // True when `stored` was made with parameters other than the current ones.
  bool NeedsRehash(std::string_view stored) const;

  const Argon2Params& params() const { return params_; }

 private:
  class Gate;  // counting semaphore bounding concurrent hashes
  std::string Peppered(std::string_view password) const;

  std::string pepper_;
  Argon2Params params_;
  std::unique_ptr<Gate> gate_;
};

}  // namespace itemctl::core
