#include "web/elastic_thread_pool.hpp"

#include <algorithm>
#include <utility>

namespace itemctl::web {

ElasticThreadPool::ElasticThreadPool(std::size_t max_threads,
                                     std::chrono::milliseconds idle_timeout)
    : max_threads_(std::max<std::size_t>(1, max_threads)), idle_timeout_(idle_timeout) {}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::enqueue(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    // Every waiting thread may already be promised to an earlier job.
    if (waiting_ < jobs_.size() && running_.size() < max_threads_) {
      // The thread's first look at its iterator needs mutex_: set by then.
      auto self = running_.emplace(running_.end());
      *self = std::thread([this, self] { Work(self); });
    } else {
      job_queued_.notify_one();
    }
  }
  JoinEnded();
}

void ElasticThreadPool::Work(Threads::iterator self) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ++waiting_;
    bool woken = job_queued_.wait_for(lock, idle_timeout_,
                                      [&] { return !jobs_.empty() || shutting_down_; });
    --waiting_;
    if (!jobs_.empty()) {
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      job = nullptr;  // the connection's state goes before the lock is taken
      lock.lock();
      continue;
    }
    if (shutting_down_) return;  // shutdown() joins it
    if (!woken) {
      // Idle too long: hand this thread's handle over to be joined.
      ended_.splice(ended_.end(), running_, self);
      return;
    }
  }
}

void ElasticThreadPool::JoinEnded() {
  Threads ended;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ended.swap(ended_);
  }
  for (std::thread& thread : ended) thread.join();
}

void ElasticThreadPool::shutdown() {
  Threads all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutting_down_ = true;
    all.swap(running_);
    all.splice(all.end(), ended_);
  }
  job_queued_.notify_all();
  for (std::thread& thread : all) {
    if (thread.joinable()) thread.join();
  }
}

std::size_t ElasticThreadPool::threads() {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_.size();
}

}  // namespace itemctl::web
