#pragma once
// A test hook for core::HashingLimits::before_hash that holds hashes on
// their worker threads, so a test can fill every hashing slot
// deterministically. Once armed with Hold(n), the next n hashes block until
// Release(); hashes after them pass straight through. It also records the
// nice value of every worker thread that ran a hash. Thread-safe; assert
// on its results from the test's main thread only.

#include <sys/resource.h>
#include <unistd.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace itemctl::test {

class HashGate {
 public:
  std::function<void()> Hook() {
    return [this] { Enter(); };
  }

  // The next `n` hashes block until Release().
  void Hold(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    hold_limit_ = n;
    held_total_ = 0;
    released_ = false;
  }
  // Returns once the held hashes are all blocked on their workers.
  void WaitUntilHeld() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return held_now_ == hold_limit_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

  // Hashes that entered the hook so far, held or not.
  int entered() {
    std::lock_guard<std::mutex> lock(mutex_);
    return entered_;
  }
  // The most hashes that were held at the same time.
  int most_held() {
    std::lock_guard<std::mutex> lock(mutex_);
    return most_held_;
  }
  std::vector<int> worker_nice_values() {
    std::lock_guard<std::mutex> lock(mutex_);
    return nice_values_;
  }

 private:
  void Enter() {
    int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    std::unique_lock<std::mutex> lock(mutex_);
    ++entered_;
    nice_values_.push_back(nice);
    if (released_ || held_total_ >= hold_limit_) return;
    ++held_total_;
    ++held_now_;
    if (held_now_ > most_held_) most_held_ = held_now_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_; });
    --held_now_;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int hold_limit_ = 0;
  int held_total_ = 0;
  int held_now_ = 0;
  int most_held_ = 0;
  int entered_ = 0;
  bool released_ = false;
  std::vector<int> nice_values_;
};

}  // namespace itemctl::test
