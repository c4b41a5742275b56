#include "core/services/password_hasher.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "tests/hash_gate.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};

std::string MustHash(const core::PasswordHasher& hasher, const std::string& password) {
  auto hash = hasher.Hash(password);
  REQUIRE(hash);
  return *hash;
}

}  // namespace

TEST_CASE("a hashed password verifies and a wrong one does not", "[core][password]") {
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  std::string stored = MustHash(hasher, "correct horse");
  CHECK(*hasher.Matches("correct horse", stored));
  CHECK_FALSE(*hasher.Matches("correct hors", stored));
  CHECK_FALSE(*hasher.Matches("", stored));
}

TEST_CASE("a hash made with another pepper does not verify", "[core][password]") {
  core::PasswordHasher first("pepper-0123456789", kFast);
  core::PasswordHasher second("pepper-9876543210", kFast);
  std::string stored = MustHash(first, "correct horse");
  CHECK_FALSE(*second.Matches("correct horse", stored));
}

TEST_CASE("the same password hashes differently each time", "[core][password]") {
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  std::string a = MustHash(hasher, "correct horse");
  std::string b = MustHash(hasher, "correct horse");
  CHECK(a != b);
  CHECK(*hasher.Matches("correct horse", a));
  CHECK(*hasher.Matches("correct horse", b));
}

TEST_CASE("hashes are Argon2id PHC strings with a 16-byte salt", "[core][password]") {
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  std::string stored = MustHash(hasher, "correct horse");
  // 16 bytes of salt are 22 unpadded base64 characters; 32 bytes of hash 43.
  std::regex phc(R"(\$argon2id\$v=19\$m=8,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43})");
  CHECK(std::regex_match(stored, phc));
  CHECK(stored.find("correct horse") == std::string::npos);
}

TEST_CASE("unparseable stored hashes never verify", "[core][password]") {
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  std::string good = MustHash(hasher, "correct horse");
  std::string argon2i = good;
  argon2i.replace(0, 9, "$argon2i");
  const std::vector<std::string> bad = {
      "",
      "correct horse",
      "$argon2id$v=19$m=8,t=1,p=1$",
      "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "$argon2id$v=19$m=8,t=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "$argon2id$v=19$m=8,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "$argon2id$v=19$m=8,t=1,p=1$!!!!$aGFzaA",
      "$argon2id$v=18$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "$2b$12$abcdefghijklmnopqrstuu5m7eI8BqG1DxFqO9q2f0pXw8b5kq1mS",
      argon2i,
      good + "$extra",
  };
  for (const std::string& stored : bad) {
    INFO(stored);
    CHECK_FALSE(*hasher.Matches("correct horse", stored));
  }
  // Strings that are not Argon2id with known parameters are due a rehash.
  for (const std::string& stored : {std::string(), std::string("correct horse"), bad[2], bad[3],
                                    bad[4], bad[8], argon2i}) {
    INFO(stored);
    CHECK(hasher.NeedsRehash(stored));
  }
}

TEST_CASE("a hash needs rehashing only when the parameters changed", "[core][password]") {
  core::PasswordHasher old_params("pepper-0123456789", kFast);
  std::string stored = MustHash(old_params, "correct horse");
  CHECK_FALSE(old_params.NeedsRehash(stored));

  core::PasswordHasher more_memory("pepper-0123456789", {16, 1, 1});
  core::PasswordHasher more_time("pepper-0123456789", {8, 2, 1});
  core::PasswordHasher more_lanes("pepper-0123456789", {16, 1, 2});
  CHECK(more_memory.NeedsRehash(stored));
  CHECK(more_time.NeedsRehash(stored));
  CHECK(more_lanes.NeedsRehash(stored));
  // The old hash still verifies under the new parameters until rehashed.
  CHECK(*more_memory.Matches("correct horse", stored));
  CHECK_FALSE(more_memory.NeedsRehash(MustHash(more_memory, "correct horse")));
}

TEST_CASE("default parameters meet the SPEC minimums", "[core][password]") {
  core::PasswordHasher hasher("pepper-0123456789");
  CHECK(hasher.params().memory_kib >= 19 * 1024);
  CHECK(hasher.params().iterations >= 2);
  CHECK(hasher.params().parallelism == 1);
  std::string stored = MustHash(hasher, "correct horse");
  CHECK(stored.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
  CHECK(*hasher.Matches("correct horse", stored));
  CHECK_FALSE(hasher.NeedsRehash(stored));
}

TEST_CASE("burning does the same Argon2 work as a password check", "[core][password]") {
  test::HashGate gate;
  core::PasswordHasher hasher("pepper-0123456789", kFast, {1, {}, gate.Hook()});
  std::string stored = MustHash(hasher, "correct horse");
  REQUIRE(gate.entered() == 1);
  auto matched = hasher.Matches("wrong horse", stored);
  REQUIRE(matched);
  CHECK_FALSE(*matched);
  CHECK(gate.entered() == 2);
  // An unknown user costs one full hash at the current parameters too.
  CHECK(hasher.Burn("wrong horse"));
  CHECK(gate.entered() == 3);
}

TEST_CASE("concurrent hashing works beyond the concurrency bound", "[core][password]") {
  core::PasswordHasher hasher("pepper-0123456789", kFast, {2, {}, {}});
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      auto hash = hasher.Hash("password-" + std::to_string(i));
      if (hash) results[i] = *hash;
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t i = 0; i < results.size(); ++i) {
    auto matched = hasher.Matches("password-" + std::to_string(i), results[i]);
    REQUIRE(matched);
    CHECK(*matched);
  }
}
