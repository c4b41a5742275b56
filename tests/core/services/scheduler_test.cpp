#include "core/services/scheduler.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "tests/test_support.hpp"

using namespace itemctl;
using namespace std::chrono_literals;

namespace {

// Collects the runs the scheduler reports and lets a test wait for them.
class Recorder {
 public:
  core::Scheduler::Observer Observer() {
    return [this](const core::Scheduler::Run& run) {
      std::lock_guard lock(mutex_);
      runs_.push_back(run);
      changed_.notify_all();
    };
  }
  // The first `count` runs, waiting up to 5 s for them.
  std::vector<core::Scheduler::Run> WaitFor(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, 5s, [&] { return runs_.size() >= count; });
    REQUIRE(runs_.size() >= count);
    return {runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(count)};
  }
  std::size_t Count() {
    std::lock_guard lock(mutex_);
    return runs_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<core::Scheduler::Run> runs_;
};

}  // namespace

TEST_CASE("a job runs at start-up and then every interval", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  std::atomic<int> calls{0};
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("tick", 20ms, [&]() -> core::Result<std::string> {
    return "tick " + std::to_string(++calls);
  }));
  const auto started = std::chrono::steady_clock::now();
  scheduler.Start();
  std::vector<core::Scheduler::Run> runs = recorder.WaitFor(3);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  scheduler.Stop();

  CHECK(runs[0].job == "tick");
  CHECK(runs[0].ok);
  CHECK(runs[0].message == "tick 1");
  CHECK(runs[0].finished_at == test::kEpoch);
  CHECK(runs[2].message == "tick 3");
  // Two intervals separate the first run from the third.
  CHECK(elapsed >= 40ms);
}

TEST_CASE("a failing run is reported and the job runs again", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  int calls = 0;
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("flaky", 10ms, [&]() -> core::Result<std::string> {
    ++calls;
    if (calls == 1) return core::MakeError(core::Errc::kStorage, "database is locked");
    if (calls == 2) throw std::runtime_error("disk on fire");
    if (calls == 3) throw 42;
    return std::string("recovered");
  }));
  scheduler.Start();
  std::vector<core::Scheduler::Run> runs = recorder.WaitFor(4);
  scheduler.Stop();

  CHECK_FALSE(runs[0].ok);
  CHECK(runs[0].message == "database is locked");
  CHECK_FALSE(runs[1].ok);
  CHECK(runs[1].message == "job threw: disk on fire");
  CHECK_FALSE(runs[2].ok);
  CHECK(runs[2].message == "job threw a non-standard exception");
  CHECK(runs[3].ok);
  CHECK(runs[3].message == "recovered");
}

TEST_CASE("Stop returns promptly even with a day-long interval", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("daily", 24h, []() -> core::Result<std::string> { return std::string("ran"); }));
  scheduler.Start();
  recorder.WaitFor(1);
  const auto before = std::chrono::steady_clock::now();
  scheduler.Stop();
  CHECK(std::chrono::steady_clock::now() - before < 1s);
  CHECK(recorder.Count() == 1);
  scheduler.Stop();  // a second Stop is harmless
}

TEST_CASE("jobs keep their own intervals", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  std::atomic<int> fast{0};
  std::atomic<int> slow{0};
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("fast", 5ms, [&]() -> core::Result<std::string> {
    ++fast;
    return std::string();
  }));
  REQUIRE(scheduler.Add("slow", 1h, [&]() -> core::Result<std::string> {
    ++slow;
    return std::string();
  }));
  CHECK(scheduler.JobNames() == std::vector<std::string>{"fast", "slow"});
  scheduler.Start();
  recorder.WaitFor(6);
  scheduler.Stop();
  CHECK(fast >= 5);
  CHECK(slow == 1);
}

TEST_CASE("bad jobs are refused with a message naming them", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  core::Scheduler scheduler(clock, nullptr);
  auto job = []() -> core::Result<std::string> { return std::string(); };

  core::Status empty = scheduler.Add("", 1s, job);
  REQUIRE_FALSE(empty);
  CHECK(empty.error().code == core::Errc::kInvalidArgument);
  CHECK(empty.error().message == "a scheduled job needs a name");

  core::Status zero = scheduler.Add("purge", 0ms, job);
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message == "job 'purge' needs a positive interval, not 0 ms");

  REQUIRE(scheduler.Add("purge", 1s, job));
  core::Status twice = scheduler.Add("purge", 2s, job);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message == "job 'purge' is already scheduled");

  scheduler.Start();
  core::Status late = scheduler.Add("late", 1s, job);
  REQUIRE_FALSE(late);
  CHECK(late.error().message == "job 'late' added after the scheduler started");
}
