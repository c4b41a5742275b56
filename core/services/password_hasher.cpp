#include "core/services/password_hasher.hpp"

#include <botan/argon2.h>
#include <botan/mac.h>

#include <charconv>
#include <cstdint>
#include <exception>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "core/getrandom_rng.hpp"

namespace itemctl::core {
namespace {

constexpr std::uint8_t kArgon2id = 2;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kOutputBytes = 32;

// Splits `text` on `sep`, keeping empty fields.
std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(sep, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

// Reads "<key>=<number>"; nullopt when the key differs or the number is bad.
std::optional<std::size_t> ParseField(std::string_view field, std::string_view key) {
  if (field.size() <= key.size() + 1 || field.substr(0, key.size()) != key ||
      field[key.size()] != '=') {
    return std::nullopt;
  }
  std::string_view digits = field.substr(key.size() + 1);
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Argon2Params> ParseArgon2idParams(std::string_view stored) {
  std::vector<std::string_view> parts = Split(stored, '$');
  if (parts.size() != 6 || !parts[0].empty() || parts[1] != "argon2id" || parts[2] != "v=19" ||
      parts[4].empty() || parts[5].empty()) {
    return std::nullopt;
  }
  std::vector<std::string_view> fields = Split(parts[3], ',');
  if (fields.size() != 3) return std::nullopt;
  std::optional<std::size_t> m = ParseField(fields[0], "m");
  std::optional<std::size_t> t = ParseField(fields[1], "t");
  std::optional<std::size_t> p = ParseField(fields[2], "p");
  if (!m || !t || !p) return std::nullopt;
  return Argon2Params{*m, *t, *p};
}

int DefaultHashConcurrency() {
  unsigned cores = std::thread::hardware_concurrency();  // 0 when unknown
  return cores > 1 ? static_cast<int>(cores) - 1 : 1;
}

PasswordHasher::PasswordHasher(std::string pepper, Argon2Params params, HashingLimits limits)
    : pepper_(std::move(pepper)),
      params_(params),
      max_wait_(limits.max_wait),
      workers_(std::make_unique<LowPriorityWorkers>(limits.concurrency,
                                                    std::move(limits.before_hash))) {}

PasswordHasher::~PasswordHasher() = default;

Status PasswordHasher::OnWorker(const std::function<void()>& work) const {
  if (workers_->Run(work, max_wait_)) return Ok();
  Error busy = MakeError(Errc::kOverloaded, "Too many password checks in progress, retry shortly");
  busy.retry_after_seconds = kHashingRetryAfterSeconds;
  return busy;
}

std::string PasswordHasher::Peppered(std::string_view password) const {
  std::unique_ptr<Botan::MessageAuthenticationCode> hmac =
      Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  hmac->set_key(reinterpret_cast<const std::uint8_t*>(pepper_.data()), pepper_.size());
  hmac->update(reinterpret_cast<const std::uint8_t*>(password.data()), password.size());
  Botan::secure_vector<std::uint8_t> mac = hmac->final();
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  try {
    std::string peppered = Peppered(password);
    std::string hash;
    Status ran = OnWorker([&] {
      hash = Botan::argon2_generate_pwhash(peppered.data(), peppered.size(), SystemRandom(),
                                           params_.parallelism, params_.memory_kib,
                                           params_.iterations, kArgon2id, kSaltBytes,
                                           kOutputBytes);
    });
    if (!ran) return ran.error();
    return hash;
  } catch (const std::exception& e) {
    return MakeError(Errc::kInternal, std::string("password hashing failed: ") + e.what());
  }
}

Result<bool> PasswordHasher::Matches(std::string_view password, std::string_view stored) const {
  // Only well-formed Argon2id strings reach Botan, which would otherwise
  // accept the other Argon2 variants too.
  if (!ParseArgon2idParams(stored)) return false;
  try {
    std::string peppered = Peppered(password);
    std::string hash(stored);
    bool matched = false;
    Status ran = OnWorker([&] {
      try {
        matched = Botan::argon2_check_pwhash(peppered.data(), peppered.size(), hash);
      } catch (const std::exception&) {
        // Bad base64 or impossible parameters in the stored string: no match.
        matched = false;
      }
    });
    if (!ran) return ran.error();
    return matched;
  } catch (const std::exception& e) {
    return MakeError(Errc::kInternal, std::string("password check failed: ") + e.what());
  }
}

Status PasswordHasher::Burn(std::string_view password) const {
  // The hash is discarded; only the work spent matters.
  Result<std::string> burnt = Hash(password);
  if (!burnt) return burnt.error();
  return Ok();
}

bool PasswordHasher::NeedsRehash(std::string_view stored) const {
  std::optional<Argon2Params> used = ParseArgon2idParams(stored);
  return !used || used->memory_kib != params_.memory_kib ||
         used->iterations != params_.iterations || used->parallelism != params_.parallelism;
}

}  // namespace itemctl::core
