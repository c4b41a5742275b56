// SPEC §8 "Argon2 work is bounded": hashes run on at most `concurrency`
// low-priority workers, and a caller that finds none free within max_wait
// gets kOverloaded with Retry-After 1. Slots are filled with HashGate, so
// no case depends on timing.

#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/services/password_hasher.hpp"
#include "tests/hash_gate.hpp"

using namespace itemctl;
using namespace std::chrono_literals;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};
constexpr const char* kPepper = "pepper-0123456789";

// Runs Hash(password) on `threads` background threads; Join() returns the
// results for assertions on the main thread.
class BackgroundHashes {
 public:
  BackgroundHashes(const core::PasswordHasher& hasher, int threads) : results_(threads) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, &hasher, i] {
        core::Result<std::string> hash = hasher.Hash("password-" + std::to_string(i));
        results_[static_cast<std::size_t>(i)] = hash ? std::optional<std::string>(*hash) : std::nullopt;
      });
    }
  }
  std::vector<std::optional<std::string>> Join() {
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    return results_;
  }
  ~BackgroundHashes() {
    for (std::thread& t : threads_) t.join();
  }

 private:
  std::vector<std::optional<std::string>> results_;
  std::vector<std::thread> threads_;
};

void CheckOverloaded(const core::Error& error) {
  CHECK(error.code == core::Errc::kOverloaded);
  CHECK(error.message == "Too many password checks in progress, retry shortly");
  CHECK(error.retry_after_seconds == 1);
}

}  // namespace

TEST_CASE("with every hashing slot held, a hash gets kOverloaded after its wait",
          "[core][password]") {
  test::HashGate gate;
  core::PasswordHasher hasher(kPepper, kFast, {1, 1s, gate.Hook()});
  std::string stored = *hasher.Hash("correct horse");
  gate.Hold(1);
  BackgroundHashes holder(hasher, 1);
  gate.WaitUntilHeld();

  core::Result<std::string> hash = hasher.Hash("another");
  REQUIRE_FALSE(hash);
  CheckOverloaded(hash.error());
  core::Result<bool> matched = hasher.Matches("correct horse", stored);
  REQUIRE_FALSE(matched);
  CheckOverloaded(matched.error());
  core::Status burnt = hasher.Burn("whatever");
  REQUIRE_FALSE(burnt);
  CheckOverloaded(burnt.error());
  // The refused calls never reached a worker.
  CHECK(gate.entered() == 2);

  gate.Release();
  std::vector<std::optional<std::string>> held = holder.Join();
  REQUIRE(held[0]);
  CHECK(*hasher.Matches("password-0", *held[0]));
  // Once the slot is free the same calls succeed.
  core::Result<bool> again = hasher.Matches("correct horse", stored);
  REQUIRE(again);
  CHECK(*again);
}

TEST_CASE("no more hashes run at once than the concurrency allows", "[core][password]") {
  test::HashGate gate;
  core::PasswordHasher hasher(kPepper, kFast, {3, 1s, gate.Hook()});
  gate.Hold(3);
  BackgroundHashes holders(hasher, 3);
  gate.WaitUntilHeld();
  // A fourth worker would take this job and, the gate letting it through,
  // return a hash.
  core::Result<std::string> fourth = hasher.Hash("fourth");
  REQUIRE_FALSE(fourth);
  CheckOverloaded(fourth.error());
  CHECK(gate.entered() == 3);

  gate.Release();
  std::vector<std::optional<std::string>> held = holders.Join();
  for (std::size_t i = 0; i < held.size(); ++i) {
    INFO(i);
    REQUIRE(held[i]);
    CHECK(*hasher.Matches("password-" + std::to_string(i), *held[i]));
  }
  CHECK(gate.most_held() == 3);
}

TEST_CASE("without a wait limit, queued hashes all finish", "[core][password]") {
  test::HashGate gate;
  core::PasswordHasher hasher(kPepper, kFast, {2, std::nullopt, gate.Hook()});
  gate.Hold(2);
  BackgroundHashes hashes(hasher, 6);
  gate.WaitUntilHeld();
  gate.Release();
  std::vector<std::optional<std::string>> results = hashes.Join();
  for (std::size_t i = 0; i < results.size(); ++i) {
    INFO(i);
    REQUIRE(results[i]);
    CHECK(*hasher.Matches("password-" + std::to_string(i), *results[i]));
  }
  CHECK(gate.most_held() == 2);
  CHECK(gate.entered() == 6 + 6);
}

TEST_CASE("hashes run on worker threads of lower OS priority", "[core][password]") {
  test::HashGate gate;
  core::PasswordHasher hasher(kPepper, kFast, {2, std::nullopt, gate.Hook()});
  int caller_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  REQUIRE(hasher.Hash("one"));
  REQUIRE(hasher.Hash("two"));
  std::vector<int> nice = gate.worker_nice_values();
  REQUIRE(nice.size() == 2);
  for (int value : nice) CHECK(value == std::min(caller_nice + 10, 19));
}

TEST_CASE("the default hash concurrency leaves a core for requests", "[core][password]") {
  unsigned cores = std::thread::hardware_concurrency();
  int expected = cores > 1 ? static_cast<int>(cores) - 1 : 1;
  CHECK(core::DefaultHashConcurrency() == expected);
  CHECK(core::HashingLimits{}.concurrency == expected);
  CHECK_FALSE(core::HashingLimits{}.max_wait.has_value());
}
