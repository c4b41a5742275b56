#pragma once
// A small in-process cron: one background thread runs named jobs at Start()
// and then every job's interval. A run that fails (an Error, or an
// exception) is reported like any other and the job runs again at its next
// turn. Stop() wakes the thread at once and waits only for a run already in
// progress. Add() and Start() are for the owning thread; Stop() is safe from
// any thread, and the destructor stops.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"

namespace itemctl::core {

class Scheduler {
 public:
  // One run of a job. Success carries a one-line summary for the log
  // ("Tokens: expired tokens deleted: 3"); it may be empty.
  using Job = std::function<Result<std::string>()>;

  struct Run {
    std::string job;
    bool ok = false;
    std::string message;  // the summary, or the error's message
    UnixSeconds finished_at = 0;
  };
  // Called on the scheduler thread after every run; must not throw.
  using Observer = std::function<void(const Run&)>;

  // `clock` stamps finished_at; both must outlive the scheduler.
  Scheduler(const Clock& clock, Observer observer);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Registers a job before Start(). kInvalidArgument for an empty or
  // duplicate name, a non-positive interval, or when already started.
  Status Add(std::string name, std::chrono::milliseconds interval, Job job);
  // Starts the thread, which runs every job once right away. Idempotent.
  void Start();
  // Returns once the thread has exited; jobs then never run again.
  void Stop();

  // The registered job names, in the order added.
  std::vector<std::string> JobNames() const;

  using TimePoint = std::chrono::steady_clock::time_point;
  // One turn of the scheduler at `now`: runs every job that is due (all of
  // them on the first turn), reports each run, and returns when the next job
  // is due. The thread started by Start() calls it with the steady clock;
  // tests call it with chosen instants instead of starting the thread, so
  // the schedule is checked without waiting for real time. Never call it
  // while that thread runs.
  TimePoint RunDue(TimePoint now);

 private:
  struct Entry {
    std::string name;
    std::chrono::milliseconds interval;
    Job job;
    std::optional<TimePoint> due;  // none until the first run
  };

  void Loop();
  Run Execute(Entry& entry) const;

  const Clock& clock_;
  Observer observer_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Entry> entries_;
  bool started_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace itemctl::core
