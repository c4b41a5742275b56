#include "tests/cmd/itemctl_runner.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <regex>
#include <stdexcept>

extern char** environ;

namespace itemctl::test {

namespace {

std::vector<std::string> ChildEnvironment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    if (!text.starts_with("ITEMCTL_")) env.emplace_back(text);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// Reads what is available; closes `fd` at end of stream.
void Drain(int& fd, std::string& into) {
  char buffer[65536];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      into.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    CloseFd(fd);
    return;
  }
}

}  // namespace

ItemctlProcess::ItemctlProcess(const ProcessSpec& spec) : stdin_data_(spec.stdin_data) {
  // A child that exits before reading its stdin must not kill the test.
  signal(SIGPIPE, SIG_IGN);
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);

  std::vector<std::string> argv = spec.prefix;
  argv.push_back(ITEMCTL_BINARY);
  argv.insert(argv.end(), spec.args.begin(), spec.args.end());
  std::vector<std::string> env = ChildEnvironment(spec.env);
  std::vector<char*> argv_ptrs = Pointers(argv);
  std::vector<char*> env_ptrs = Pointers(env);
  int rc = posix_spawnp(&pid_, argv[0].c_str(), &actions, nullptr, argv_ptrs.data(),
                        env_ptrs.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  stderr_fd_ = err[0];
  for (int fd : {stdin_fd_, stdout_fd_, stderr_fd_}) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  if (rc != 0) {
    CloseFd(stdin_fd_);
    CloseFd(stdout_fd_);
    CloseFd(stderr_fd_);
    pid_ = -1;
    throw std::runtime_error("cannot spawn " + argv[0]);
  }
  if (stdin_data_.empty()) CloseFd(stdin_fd_);
}

ItemctlProcess::~ItemctlProcess() {
  if (!finished_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  CloseFd(stdin_fd_);
  CloseFd(stdout_fd_);
  CloseFd(stderr_fd_);
}

bool ItemctlProcess::Pump(int timeout_ms) {
  std::vector<pollfd> fds;
  if (stdin_fd_ >= 0) fds.push_back({stdin_fd_, POLLOUT, 0});
  if (stdout_fd_ >= 0) fds.push_back({stdout_fd_, POLLIN, 0});
  if (stderr_fd_ >= 0) fds.push_back({stderr_fd_, POLLIN, 0});
  if (fds.empty()) return false;
  int ready = poll(fds.data(), fds.size(), timeout_ms);
  if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
  if (ready <= 0) return true;
  for (const pollfd& p : fds) {
    if (p.revents == 0) continue;
    if (p.fd == stdin_fd_) {
      ssize_t n = write(stdin_fd_, stdin_data_.data() + stdin_written_,
                        stdin_data_.size() - stdin_written_);
      if (n > 0) stdin_written_ += static_cast<std::size_t>(n);
      bool failed = n < 0 && errno != EAGAIN && errno != EINTR;
      if (failed || stdin_written_ == stdin_data_.size()) CloseFd(stdin_fd_);
    } else if (p.fd == stdout_fd_) {
      Drain(stdout_fd_, result_.out);
    } else if (p.fd == stderr_fd_) {
      Drain(stderr_fd_, result_.err);
    }
  }
  return true;
}

int ItemctlProcess::WaitForServingPort() {
  // A bound on a broken server, not an ordering: the line comes when it is up.
  std::string out = WaitForOutput("itemctl serving on", std::chrono::seconds(20));
  std::smatch match;
  REQUIRE(std::regex_search(out, match, std::regex("http://127\\.0\\.0\\.1:(\\d+) ")));
  return std::stoi(match[1]);
}

std::string ItemctlProcess::WaitForOutput(const std::string& text,
                                          std::chrono::milliseconds timeout) {
  return WaitFor(result_.out, stdout_fd_, text, timeout);
}

std::string ItemctlProcess::WaitForError(const std::string& text,
                                         std::chrono::milliseconds timeout) {
  return WaitFor(result_.err, stderr_fd_, text, timeout);
}

std::string ItemctlProcess::WaitFor(const std::string& seen, const int& fd,
                                    const std::string& text, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (seen.find(text) == std::string::npos && fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    Pump(static_cast<int>(left.count()));
  }
  return seen;
}

ProcessResult ItemctlProcess::Finish() {
  while (Pump(-1)) {
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  finished_ = true;
  if (WIFEXITED(status)) result_.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result_.exit_code = 128 + WTERMSIG(status);
  return result_;
}

ProcessResult RunProcess(const ProcessSpec& spec) {
  ItemctlProcess process(spec);
  return process.Finish();
}

ProcessResult RunItemctl(const std::vector<std::string>& args,
                         const std::vector<std::string>& env) {
  ProcessSpec spec;
  spec.args = args;
  spec.env = env;
  return RunProcess(spec);
}

Cli::Cli() = default;

std::vector<std::string> Cli::Env() const {
  return {std::string("ITEMCTL_ADMIN_PASSWORD=") + kAdminPassword,
          std::string("ITEMCTL_SECRET_KEY=") + kSecretKey};
}

ProcessResult Cli::Run(const std::vector<std::string>& args, const std::string& stdin_data) const {
  ProcessSpec spec;
  spec.args = {"--db", db()};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.env = Env();
  spec.stdin_data = stdin_data;
  return RunProcess(spec);
}

ProcessResult Cli::RunWithoutDb(const std::vector<std::string>& args) const {
  return RunItemctl(args, Env());
}

void RequireOk(const ProcessResult& result) {
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

void Cli::Migrate() const {
  ProcessResult migrated = Run({"migrate"});
  INFO(migrated.err);
  REQUIRE(migrated.exit_code == 0);
}

std::string NoTimes(const std::string& text) {
  static const std::regex kIso8601(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  return std::regex_replace(text, kIso8601, "YYYY-MM-DDTHH:MM:SSZ");
}

}  // namespace itemctl::test
