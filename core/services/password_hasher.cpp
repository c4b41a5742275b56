#include "core/services/password_hasher.hpp"

#include <botan/argon2.h>
#include <botan/mac.h>
#include <botan/system_rng.h>

#include <charconv>
#include <cstdint>
#include <exception>
#include <optional>
#include <semaphore>
#include <utility>
#include <vector>

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

// The parameters of an Argon2id PHC string
// "$argon2id$v=19$m=M,t=T,p=P$salt$hash"; nullopt for anything else.
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

}  // namespace

// Holds back callers beyond `max_concurrent` until a running hash finishes.
class PasswordHasher::Gate {
 public:
  explicit Gate(int max_concurrent) : slots_(max_concurrent < 1 ? 1 : max_concurrent) {}

  // Runs `work` while holding one slot.
  template <typename Work>
  auto Run(Work&& work) {
    slots_.acquire();
    struct Release {
      std::counting_semaphore<>& slots;
      ~Release() { slots.release(); }
    } release{slots_};
    return std::forward<Work>(work)();
  }

 private:
  std::counting_semaphore<> slots_;
};

PasswordHasher::PasswordHasher(std::string pepper, Argon2Params params, int max_concurrent)
    : pepper_(std::move(pepper)), params_(params), gate_(std::make_unique<Gate>(max_concurrent)) {}

PasswordHasher::~PasswordHasher() = default;

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
    return gate_->Run([&] {
      return Botan::argon2_generate_pwhash(peppered.data(), peppered.size(), Botan::system_rng(),
                                           params_.parallelism, params_.memory_kib,
                                           params_.iterations, kArgon2id, kSaltBytes,
                                           kOutputBytes);
    });
  } catch (const std::exception& e) {
    return MakeError(Errc::kInternal, std::string("password hashing failed: ") + e.what());
  }
}

bool PasswordHasher::Verify(std::string_view password, std::string_view stored) const {
  // Only well-formed Argon2id strings reach Botan, which would otherwise
  // accept the other Argon2 variants too.
  if (!ParseArgon2idParams(stored)) return false;
  try {
    std::string peppered = Peppered(password);
    std::string hash(stored);
    return gate_->Run([&] {
      return Botan::argon2_check_pwhash(peppered.data(), peppered.size(), hash);
    });
  } catch (const std::exception&) {
    // Bad base64 or impossible parameters in the stored string: no match.
    return false;
  }
}

void PasswordHasher::Burn(std::string_view password) const {
  // The result is discarded; only the time spent matters.
  (void)Hash(password);
}

bool PasswordHasher::NeedsRehash(std::string_view stored) const {
  std::optional<Argon2Params> used = ParseArgon2idParams(stored);
  return !used || used->memory_kib != params_.memory_kib ||
         used->iterations != params_.iterations || used->parallelism != params_.parallelism;
}

}  // namespace itemctl::core
