// ElasticThreadPool: threads start as jobs need them, never more than the
// bound (a job beyond it waits for a free thread), idle threads end, and
// shutdown runs what was queued before joining.

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "web/elastic_thread_pool.hpp"

using itemctl::web::ElasticThreadPool;
using std::chrono::milliseconds;

namespace {

// Jobs that block until released, counting how many started and finished.
class Jobs {
 public:
  std::function<void()> Blocking() {
    return [this] {
      std::unique_lock<std::mutex> lock(mutex_);
      ++started_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
      ++finished_;
      changed_.notify_all();
    };
  }
  void AwaitStarted(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return started_ >= n; });
  }
  void AwaitFinished(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return finished_ >= n; });
  }
  int started() {
    std::lock_guard<std::mutex> lock(mutex_);
    return started_;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int started_ = 0;
  int finished_ = 0;
  bool released_ = false;
};

}  // namespace

TEST_CASE("an elastic pool starts no thread before it has a job") {
  ElasticThreadPool pool(8, milliseconds(60000));
  CHECK(pool.threads() == 0);
}

TEST_CASE("an elastic pool runs at most its bound at once and queues the rest") {
  ElasticThreadPool pool(2, milliseconds(60000));
  Jobs jobs;
  for (int i = 0; i < 3; ++i) pool.enqueue(jobs.Blocking());
  jobs.AwaitStarted(2);
  CHECK(pool.threads() == 2);
  CHECK(jobs.started() == 2);  // the third waits for a free thread
  jobs.Release();
  jobs.AwaitFinished(3);
  CHECK(pool.threads() == 2);
  pool.shutdown();
  CHECK(pool.threads() == 0);
}

TEST_CASE("an elastic pool reuses an idle thread instead of starting another") {
  ElasticThreadPool pool(8, milliseconds(60000));
  Jobs first;
  first.Release();
  pool.enqueue(first.Blocking());
  first.AwaitFinished(1);
  // The thread is waiting for work again (or about to): a second job does
  // not need a second thread once the first is back in the queue.
  Jobs second;
  second.Release();
  pool.enqueue(second.Blocking());
  second.AwaitFinished(1);
  CHECK(pool.threads() <= 2);
}

TEST_CASE("an elastic pool's idle threads end and new jobs start new ones") {
  ElasticThreadPool pool(4, milliseconds(1));
  Jobs jobs;
  for (int i = 0; i < 3; ++i) pool.enqueue(jobs.Blocking());
  jobs.AwaitStarted(3);
  CHECK(pool.threads() == 3);
  jobs.Release();
  jobs.AwaitFinished(3);
  while (pool.threads() != 0) std::this_thread::yield();  // each ends after 1 ms idle
  Jobs later;
  later.Release();
  pool.enqueue(later.Blocking());
  later.AwaitFinished(1);
  pool.shutdown();
  CHECK(pool.threads() == 0);
}

TEST_CASE("an elastic pool's shutdown runs the queued jobs, then joins") {
  ElasticThreadPool pool(1, milliseconds(60000));
  Jobs jobs;
  for (int i = 0; i < 3; ++i) pool.enqueue(jobs.Blocking());
  jobs.AwaitStarted(1);
  jobs.Release();
  pool.shutdown();  // returns only when all three ran
  CHECK(jobs.started() == 3);
  CHECK(pool.threads() == 0);
}
