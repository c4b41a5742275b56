#include "core/services/low_priority_workers.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>

namespace itemctl::core {
namespace {

// Nice +10 gives a thread about a tenth of the CPU share of a nice-0 thread
// competing for the same core, so request threads get a core back at once.
constexpr int kNiceIncrement = 10;
constexpr int kLowestPriority = 19;

// On Linux the nice value belongs to the thread, not the process.
void LowerThisThreadsPriority() {
  pid_t tid = ::gettid();
  errno = 0;
  int current = ::getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
  if (current == -1 && errno != 0) return;
  // Failing to lower priority costs fairness, not correctness: carry on.
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(tid),
                      std::min(current + kNiceIncrement, kLowestPriority));
}

}  // namespace

// One call of Run, living on the caller's stack; guarded by mutex_.
struct LowPriorityWorkers::Pending {
  enum class State { kQueued, kRunning, kDone };
  explicit Pending(const std::function<void()>& work) : job(&work) {}
  const std::function<void()>* job;
  State state = State::kQueued;
  std::exception_ptr failure;
  std::condition_variable changed;
};

LowPriorityWorkers::LowPriorityWorkers(int count, std::function<void()> before_each)
    : before_each_(std::move(before_each)) {
  int n = std::max(1, count);
  threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Work(); });
}

LowPriorityWorkers::~LowPriorityWorkers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  job_queued_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool LowPriorityWorkers::Run(const std::function<void()>& job,
                             std::optional<std::chrono::steady_clock::duration> max_wait) {
  Pending pending(job);
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&pending);
  job_queued_.notify_one();
  auto taken = [&] { return pending.state != Pending::State::kQueued; };
  if (max_wait) {
    if (!pending.changed.wait_for(lock, *max_wait, taken)) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), &pending));
      return false;
    }
  } else {
    pending.changed.wait(lock, taken);
  }
  pending.changed.wait(lock, [&] { return pending.state == Pending::State::kDone; });
  if (pending.failure) std::rethrow_exception(pending.failure);
  return true;
}

void LowPriorityWorkers::Work() {
  pthread_setname_np(pthread_self(), "itemctl-hash");
  LowerThisThreadsPriority();
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    job_queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Pending* pending = queue_.front();
    queue_.pop_front();
    pending->state = Pending::State::kRunning;
    pending->changed.notify_one();
    lock.unlock();
    std::exception_ptr failure;
    try {
      if (before_each_) before_each_();
      (*pending->job)();
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    pending->failure = failure;
    pending->state = Pending::State::kDone;
    // Notified under the lock: the caller may destroy `pending` once it
    // sees kDone.
    pending->changed.notify_one();
  }
}

}  // namespace itemctl::core
