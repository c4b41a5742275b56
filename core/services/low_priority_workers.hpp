#pragma once
// A fixed set of threads at a lower OS priority (nice +10) that run jobs
// handed to them, one job per thread at a time, in arrival order. The caller
// blocks until its job has run. It exists so that CPU-heavy work (Argon2,
// SPEC §8) is bounded in concurrency and yields the cores to request
// threads. Thread-safe; destroy it only when no Run() is in progress.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace itemctl::core {

class LowPriorityWorkers {
 public:
  // Starts `count` threads (at least 1). `before_each`, when set, runs on
  // the worker just before every job (a test hook).
  explicit LowPriorityWorkers(int count, std::function<void()> before_each = {});
  ~LowPriorityWorkers();
  LowPriorityWorkers(const LowPriorityWorkers&) = delete;
  LowPriorityWorkers& operator=(const LowPriorityWorkers&) = delete;

  // Runs `job` on a worker and returns true once it has finished; an
  // exception from `job` is rethrown here. When no worker has taken the job
  // within `max_wait` the job is withdrawn unrun and Run returns false; with
  // nullopt it waits as long as it takes. A job once started always ends.
  bool Run(const std::function<void()>& job,
           std::optional<std::chrono::steady_clock::duration> max_wait);

  int count() const { return static_cast<int>(threads_.size()); }

 private:
  struct Pending;
  void Work();

  std::function<void()> before_each_;
  std::mutex mutex_;
  std::condition_variable job_queued_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace itemctl::core
