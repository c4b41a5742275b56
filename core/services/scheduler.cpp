#include "core/services/scheduler.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace itemctl::core {

Scheduler::Scheduler(const Clock& clock, Observer observer)
    : clock_(clock), observer_(std::move(observer)) {}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Add(std::string name, std::chrono::milliseconds interval, Job job) {
  std::lock_guard lock(mutex_);
  if (started_) {
    return MakeError(Errc::kInvalidArgument, "job '" + name + "' added after the scheduler started");
  }
  if (name.empty()) return MakeError(Errc::kInvalidArgument, "a scheduled job needs a name");
  if (interval.count() <= 0) {
    return MakeError(Errc::kInvalidArgument,
                     "job '" + name + "' needs a positive interval, not " +
                         std::to_string(interval.count()) + " ms");
  }
  for (const Entry& entry : entries_) {
    if (entry.name == name) {
      return MakeError(Errc::kInvalidArgument, "job '" + name + "' is already scheduled");
    }
  }
  entries_.push_back(Entry{std::move(name), interval, std::move(job), {}});
  return Ok();
}

void Scheduler::Start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

std::vector<std::string> Scheduler::JobNames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const Entry& entry : entries_) names.push_back(entry.name);
  return names;
}

Scheduler::TimePoint Scheduler::RunDue(TimePoint now) {
  // Entries are fixed once jobs run, so they are read and run unlocked; only
  // Stop() touches shared state meanwhile.
  for (Entry& entry : entries_) {
    if (entry.due && now < *entry.due) continue;
    Run run = Execute(entry);
    if (observer_) observer_(run);
    // Keep the cadence, but skip the turns a late or long run overlapped
    // instead of running them back to back.
    const TimePoint next = entry.due ? *entry.due + entry.interval : now + entry.interval;
    entry.due = next > now ? next : now + entry.interval;
  }
  TimePoint next_due = TimePoint::max();
  for (const Entry& entry : entries_) next_due = std::min(next_due, *entry.due);
  return next_due;
}

void Scheduler::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const TimePoint next_due = RunDue(std::chrono::steady_clock::now());
    lock.lock();
    if (next_due == TimePoint::max()) {
      wake_.wait(lock, [this] { return stopping_; });
      break;
    }
    if (wake_.wait_until(lock, next_due, [this] { return stopping_; })) break;
  }
}

Scheduler::Run Scheduler::Execute(Entry& entry) const {
  Run run;
  run.job = entry.name;
  try {
    Result<std::string> result = entry.job();
    run.ok = result.ok();
    run.message = result ? std::move(*result) : result.error().message;
  } catch (const std::exception& e) {
    run.message = std::string("job threw: ") + e.what();
  } catch (...) {
    run.message = "job threw a non-standard exception";
  }
  run.finished_at = clock_.Now();
  return run;
}

}  // namespace itemctl::core
