#include "core/services/scheduler.hpp"

#include <catch2/catch.hpp>

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
  // Waits (up to a generous 60 s, for a loaded machine) until `count` runs
  // were reported.
  bool WaitFor(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 60s, [&] { return runs_.size() >= count; });
  }
  std::vector<core::Scheduler::Run> Runs() {
    std::lock_guard lock(mutex_);
    return runs_;
  }
  std::vector<std::string> Messages() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> messages;
    for (const core::Scheduler::Run& run : runs_) messages.push_back(run.message);
    return messages;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<core::Scheduler::Run> runs_;
};

// An arbitrary origin for the instants the tests hand to RunDue.
const core::Scheduler::TimePoint kT0 = core::Scheduler::TimePoint{} + 1000h;

}  // namespace

TEST_CASE("a job runs on the first turn and then every interval", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  int calls = 0;
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("tick", 20ms, [&]() -> core::Result<std::string> {
    return "tick " + std::to_string(++calls);
  }));

  CHECK(scheduler.RunDue(kT0) == kT0 + 20ms);
  CHECK(scheduler.RunDue(kT0 + 19ms) == kT0 + 20ms);  // not due yet: nothing runs
  CHECK(scheduler.RunDue(kT0 + 20ms) == kT0 + 40ms);
  CHECK(scheduler.RunDue(kT0 + 41ms) == kT0 + 60ms);  // a late turn keeps the cadence

  std::vector<core::Scheduler::Run> runs = recorder.Runs();
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].job == "tick");
  CHECK(runs[0].ok);
  CHECK(runs[0].message == "tick 1");
  CHECK(runs[0].finished_at == test::kEpoch);
  CHECK(runs[2].message == "tick 3");
}

TEST_CASE("turns a long run overlapped are skipped not run back to back", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("slow", 20ms, []() -> core::Result<std::string> { return std::string(); }));
  scheduler.RunDue(kT0);
  // Three turns were missed; one run, then the next a whole interval later.
  CHECK(scheduler.RunDue(kT0 + 65ms) == kT0 + 85ms);
  CHECK(scheduler.RunDue(kT0 + 70ms) == kT0 + 85ms);
  CHECK(recorder.Runs().size() == 2);
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
  for (auto at : {0ms, 10ms, 20ms, 30ms}) scheduler.RunDue(kT0 + at);

  std::vector<core::Scheduler::Run> runs = recorder.Runs();
  REQUIRE(runs.size() == 4);
  CHECK_FALSE(runs[0].ok);
  CHECK(runs[0].message == "database is locked");
  CHECK_FALSE(runs[1].ok);
  CHECK(runs[1].message == "job threw: disk on fire");
  CHECK_FALSE(runs[2].ok);
  CHECK(runs[2].message == "job threw a non-standard exception");
  CHECK(runs[3].ok);
  CHECK(runs[3].message == "recovered");
}

TEST_CASE("jobs keep their own intervals", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  int fast = 0;
  int slow = 0;
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("fast", 5ms, [&]() -> core::Result<std::string> {
    return "fast " + std::to_string(++fast);
  }));
  REQUIRE(scheduler.Add("slow", 1h, [&]() -> core::Result<std::string> {
    return "slow " + std::to_string(++slow);
  }));
  CHECK(scheduler.JobNames() == std::vector<std::string>{"fast", "slow"});
  for (auto at : {0ms, 5ms, 10ms, 15ms}) scheduler.RunDue(kT0 + at);
  CHECK(scheduler.RunDue(kT0 + 20ms) == kT0 + 25ms);
  CHECK(recorder.Messages() ==
        std::vector<std::string>{"fast 1", "slow 1", "fast 2", "fast 3", "fast 4", "fast 5"});
}

TEST_CASE("the started thread runs every job at once and Stop wakes it", "[core][scheduler]") {
  core::ManualClock clock(test::kEpoch);
  Recorder recorder;
  core::Scheduler scheduler(clock, recorder.Observer());
  REQUIRE(scheduler.Add("daily", 24h, []() -> core::Result<std::string> { return std::string("ran"); }));
  scheduler.Start();
  REQUIRE(recorder.WaitFor(1));
  // The next run is a day away: a Stop that did not wake the thread would
  // hang here until ctest's timeout fails the test.
  scheduler.Stop();
  CHECK(recorder.Messages() == std::vector<std::string>{"ran"});
  scheduler.Stop();  // a second Stop is harmless
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
