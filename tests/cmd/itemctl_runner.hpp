#pragma once
// Runs the built `itemctl` binary (ITEMCTL_BINARY) as a child process for the
// CLI tests: feeds stdin, captures stdout, stderr and the exit code. The
// child sees this process's environment minus every ITEMCTL_* variable, plus
// the ones a test passes, so a developer's settings never leak in.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/test_support.hpp"

namespace itemctl::test {

struct ProcessResult {
  int exit_code = -1;  // 128 + N when killed by signal N
  std::string out;
  std::string err;
};

struct ProcessSpec {
  std::vector<std::string> args;  // after the program name
  std::vector<std::string> env;   // "NAME=value" added to the cleaned environment
  std::string stdin_data;
  std::vector<std::string> prefix;  // a wrapper to run itemctl under, e.g. setpriv ...
};

// A running itemctl. Finish() (or the destructor, which kills it first)
// reaps it, so no child outlives its test.
class ItemctlProcess {
 public:
  explicit ItemctlProcess(const ProcessSpec& spec);
  ~ItemctlProcess();
  ItemctlProcess(const ItemctlProcess&) = delete;
  ItemctlProcess& operator=(const ItemctlProcess&) = delete;

  pid_t pid() const { return pid_; }
  // What the child wrote to stdout so far.
  const std::string& out() const { return result_.out; }
  // What the child wrote to stderr so far.
  const std::string& err() const { return result_.err; }
  // Pumps stdin/stdout/stderr until stdout contains `text`, the child closes
  // stdout, or `timeout` passes; returns stdout so far.
  std::string WaitForOutput(const std::string& text, std::chrono::milliseconds timeout);
  // The same for stderr (log lines): returns stderr so far.
  std::string WaitForError(const std::string& text, std::chrono::milliseconds timeout);
  // For `itemctl serve`: waits for its "itemctl serving on http://HOST:PORT"
  // line and returns PORT (a failed REQUIRE when the line never comes).
  int WaitForServingPort();
  // Sends the rest of stdin, reads both streams to the end, and waits.
  ProcessResult Finish();

 private:
  // One round of poll(); false once every stream is closed.
  bool Pump(int timeout_ms);
  // Pumps until `seen` (stdout or stderr so far) contains `text`, its stream
  // `fd` closes (Pump sets it to -1), or `timeout` passes; returns `seen`.
  std::string WaitFor(const std::string& seen, const int& fd, const std::string& text,
                      std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string stdin_data_;
  std::size_t stdin_written_ = 0;
  ProcessResult result_;
  bool finished_ = false;
};

ProcessResult RunProcess(const ProcessSpec& spec);
// `itemctl args...` with `env` added and nothing on stdin.
ProcessResult RunItemctl(const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {});

// Requires exit 0, showing stderr when it is not.
void RequireOk(const ProcessResult& result);

// A scratch directory and a database of the engine under test, and itemctl
// runs against that database with known ITEMCTL_ADMIN_PASSWORD and ITEMCTL_SECRET_KEY.
class Cli {
 public:
  static constexpr const char* kAdminPassword = "admin-password-1";
  static constexpr const char* kSecretKey = "cli-test-secret-key-0123456789";

  Cli();
  // The --db value: a file in dir() on SQLite, a URL on PostgreSQL.
  const std::string& db() const { return db_.url(); }
  // db() as itemctl prints it (a URL's password masked).
  const std::string& db_display_name() const { return db_.display_name(); }
  const TempDir& dir() const { return dir_; }
  // The environment every run gets.
  std::vector<std::string> Env() const;

  // `itemctl --db <db> args...`.
  ProcessResult Run(const std::vector<std::string>& args, const std::string& stdin_data = "") const;
  // `itemctl args...` with the same environment (the same pepper) but no
  // --db: for commands that name other databases (db copy, db backup).
  ProcessResult RunWithoutDb(const std::vector<std::string>& args) const;
  // Runs `migrate` and requires it to succeed.
  void Migrate() const;

 private:
  TempDir dir_;
  ScratchDatabase db_{dir_};
};

// Replaces every ISO 8601 timestamp with "YYYY-MM-DDTHH:MM:SSZ" (same width,
// so table alignment is kept).
std::string NoTimes(const std::string& text);

}  // namespace itemctl::test
