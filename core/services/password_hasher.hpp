#pragma once
// Password hashing per SPEC §4: Argon2id (Botan) over HMAC-SHA256(pepper,
// password), 16-byte random salt, stored as a self-describing PHC string
// ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>") so parameters can be
// raised later. Thread-safe. Argon2 work is bounded (SPEC §8): hashes run on
// HashingLimits::concurrency worker threads of lower OS priority, so a login
// flood cannot take the cores from other requests; a call that finds no
// free worker within max_wait gets kOverloaded (Retry-After: 1).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/error.hpp"
#include "core/services/low_priority_workers.hpp"

namespace itemctl::core {

struct Argon2Params {
  std::size_t memory_kib = 19456;  // 19 MiB, the SPEC minimum
  std::size_t iterations = 2;
  std::size_t parallelism = 1;
};

// The parameters of an Argon2id PHC string
// "$argon2id$v=19$m=M,t=T,p=P$<salt>$<hash>"; nullopt for any other shape
// (another variant or version, a missing or empty part, a bad number). The
// salt and hash are only checked to be non-empty; Botan decodes them.
std::optional<Argon2Params> ParseArgon2idParams(std::string_view stored);

// The cores minus one, at least one: what `serve --hash-concurrency` defaults to.
int DefaultHashConcurrency();

// How hashing shares the machine.
struct HashingLimits {
  // Hashes running at once, each on its own low-priority thread; at least 1.
  int concurrency = DefaultHashConcurrency();
  // How long a call waits for a free worker before kOverloaded; nullopt
  // waits as long as it takes (the CLI, tests). `serve` uses 1 s.
  std::optional<std::chrono::milliseconds> max_wait;
  // Test hook: runs on the worker thread just before each hash.
  std::function<void()> before_hash;
};

// Seconds an overloaded caller is told to wait (Retry-After).
inline constexpr long long kHashingRetryAfterSeconds = 1;

class PasswordHasher {
 public:
  // `pepper` is the server-side secret (see secret_key.hpp); never empty.
  PasswordHasher(std::string pepper, Argon2Params params = {}, HashingLimits limits = {});
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Each of Hash, Matches and Burn returns kOverloaded (retry_after_seconds
  // = kHashingRetryAfterSeconds) when no worker was free within max_wait.

  // A new PHC string for `password`; kInternal if the RNG or Botan fails.
  Result<std::string> Hash(std::string_view password) const;
  // True when `password` matches `stored`; false for a wrong password or an
  // unparseable hash. Mind that the Result itself converts to bool: test
  // `*matched`. Callers pair it with Burn for unknown users so both cases
  // take the same time.
  Result<bool> Matches(std::string_view password, std::string_view stored) const;
  // Spends one hash's worth of time so an unknown username is not faster
  // to reject than a wrong password.
  Status Burn(std::string_view password) const;
  // True when `stored` was made with parameters other than the current ones.
  bool NeedsRehash(std::string_view stored) const;

  const Argon2Params& params() const { return params_; }

 private:
  std::string Peppered(std::string_view password) const;
  // Runs `work` on a worker; kOverloaded when none was free in time.
  Status OnWorker(const std::function<void()>& work) const;

  std::string pepper_;
  Argon2Params params_;
  std::optional<std::chrono::milliseconds> max_wait_;
  std::unique_ptr<LowPriorityWorkers> workers_;
};

}  // namespace itemctl::core
