#pragma once
// cpp-httplib's task queue (one job per accepted connection, run for the
// connection's whole keep-alive life), with threads started as connections
// need them, up to a bound, and ended when idle. httplib's own ThreadPool
// starts every thread up front and keeps them: 256 parked threads and their
// stacks, touched or not, for a server that mostly holds a few connections.
// Thread-safe; shutdown() runs the jobs already queued, then joins.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace itemctl::web {

class ElasticThreadPool : public httplib::TaskQueue {
 public:
  // At most `max_threads` (at least 1) run at once; a thread that found no
  // job for `idle_timeout` ends.
  ElasticThreadPool(std::size_t max_threads, std::chrono::milliseconds idle_timeout);
  ~ElasticThreadPool() override;
  ElasticThreadPool(const ElasticThreadPool&) = delete;
  ElasticThreadPool& operator=(const ElasticThreadPool&) = delete;

  void enqueue(std::function<void()> job) override;
  void shutdown() override;

  // Threads alive now (running a job or waiting for one).
  std::size_t threads();

 private:
  using Threads = std::list<std::thread>;
  void Work(Threads::iterator self);
  // Joins the threads that ended for idleness; takes them out under the lock.
  void JoinEnded();

  const std::size_t max_threads_;
  const std::chrono::milliseconds idle_timeout_;
  std::mutex mutex_;
  std::condition_variable job_queued_;
  std::deque<std::function<void()>> jobs_;
  std::size_t waiting_ = 0;  // threads waiting for a job
  bool shutting_down_ = false;
  Threads running_;  // alive threads
  Threads ended_;    // ended for idleness, not joined yet
};

}  // namespace itemctl::web
