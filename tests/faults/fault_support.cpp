#include "tests/faults/fault_support.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "core/storage/sqlite/database.hpp"

namespace itemctl::test {

std::vector<std::string> FaultEnv() {
  return {std::string("ITEMCTL_ADMIN_PASSWORD=") + Cli::kAdminPassword,
          std::string("ITEMCTL_SECRET_KEY=") + Cli::kSecretKey};
}

ProcessResult RunOn(const std::string& db, const std::vector<std::string>& args) {
  ProcessSpec spec;
  spec.args = {"--db", db};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.env = FaultEnv();
  return RunProcess(spec);
}

ProcessSpec ServeSpec(const std::string& db, const std::vector<std::string>& args) {
  ProcessSpec spec;
  spec.args = {"--db", db, "serve", "--listen", "127.0.0.1:0"};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.env = FaultEnv();
  return spec;
}

ApiClient::ApiClient(int port, std::string token)
    : client_(std::make_unique<httplib::Client>("127.0.0.1", port)), token_(std::move(token)) {
  client_->set_keep_alive(true);
  client_->set_connection_timeout(std::chrono::seconds(kEventTimeout));
  client_->set_read_timeout(std::chrono::seconds(kEventTimeout));
  client_->set_write_timeout(std::chrono::seconds(kEventTimeout));
}

ApiClient::~ApiClient() = default;

namespace {

Answer ToAnswer(const httplib::Result& result) {
  Answer answer;
  if (!result) {
    answer.error = httplib::to_string(result.error());
    return answer;
  }
  answer.status = result->status;
  answer.body = result->body;
  return answer;
}

httplib::Headers Authorization(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace

Answer ApiClient::Get(const std::string& path) {
  return ToAnswer(client_->Get(path.c_str(), Authorization(token_)));
}

Answer ApiClient::Post(const std::string& path, const std::string& json) {
  return ToAnswer(client_->Post(path.c_str(), Authorization(token_), json, "application/json"));
}

std::string AdminToken(int port) {
  ApiClient client(port);
  Answer login = client.Post(
      "/auth/token",
      std::string(R"({"username":"admin","password":")") + Cli::kAdminPassword + R"("})");
  INFO(login.error << login.body);
  REQUIRE(login.status == 200);
  std::smatch match;
  REQUIRE(std::regex_search(login.body, match, std::regex(R"re("access_token":"([A-Za-z0-9]+)")re")));
  return match[1];
}

std::string ItemJson(const std::string& name) { return R"({"name":")" + name + R"("})"; }

std::optional<std::int64_t> IdIn(const std::string& body) {
  std::smatch match;
  if (!std::regex_search(body, match, std::regex(R"("id":(\d+))"))) return std::nullopt;
  return std::stoll(match[1]);
}

std::string DetailJson(const std::string& text) { return R"({"detail":")" + text + R"("})"; }

std::size_t CountLines(const std::string& log, const std::string& text) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    if (log.substr(start, end - start).find(text) != std::string::npos) ++count;
    start = end + 1;
  }
  return count;
}

namespace {

bool WriteProcFile(const char* path, const std::string& text) {
  std::ofstream file(path);
  file << text;
  file.flush();
  return static_cast<bool>(file);
}

}  // namespace

PrivateTmpfs::PrivateTmpfs(std::size_t bytes) {
  auto failed = [this](const std::string& what) {
    why_ = what + ": " + std::strerror(errno);
  };
  if (::unshare(CLONE_NEWNS) != 0) {
    std::string as_is = std::strerror(errno);
    uid_t uid = ::geteuid();
    gid_t gid = ::getegid();
    // Without CAP_SYS_ADMIN: become root of a user namespace of our own,
    // which may mount a tmpfs in its mount namespace.
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
      failed("cannot unshare the mount namespace (" + as_is + ") nor a user namespace");
      return;
    }
    if (!WriteProcFile("/proc/self/setgroups", "deny") ||
        !WriteProcFile("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
        !WriteProcFile("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1")) {
      failed("cannot map this user into a user namespace");
      return;
    }
  }
  // Private first, so the tmpfs never propagates to the rest of the machine.
  if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    failed("cannot make the mounts of this process private");
    return;
  }
  std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
    failed("cannot mount a tmpfs on " + dir_.path());
    return;
  }
  mounted_ = true;
}

PrivateTmpfs::~PrivateTmpfs() {
  if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
}

std::size_t FillWithBallast(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  std::string zeros(1 << 20, '\0');
  std::size_t written = 0;
  int error = 0;
  // Big writes until one falls short, then ever smaller ones, so that not
  // even a page is left.
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{4096}, std::size_t{1}}) {
    for (;;) {
      ssize_t n = ::write(fd, zeros.data(), chunk);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
        continue;
      }
      error = n < 0 ? errno : 0;
      if (error == EINTR) continue;
      break;
    }
  }
  ::close(fd);
  INFO("the ballast write ended with: " << std::strerror(error));
  REQUIRE(error == ENOSPC);
  return written;
}

bool WaitForFileSize(const std::string& path, std::uintmax_t bytes) {
  namespace fs = std::filesystem;
  int watch = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (watch < 0) return false;
  std::string dir = fs::path(path).parent_path().string();
  if (::inotify_add_watch(watch, dir.c_str(), IN_MODIFY | IN_CREATE) < 0) {
    ::close(watch);
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + kEventTimeout;
  bool reached = false;
  for (;;) {
    std::error_code ec;
    std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size >= bytes) {
      reached = true;
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd ready{watch, POLLIN, 0};
    ::poll(&ready, 1, static_cast<int>(left.count()));
    char events[4096];
    while (::read(watch, events, sizeof events) > 0) {
    }
  }
  ::close(watch);
  return reached;
}

namespace {

std::unique_ptr<core::Database> OpenForChecks(const std::string& db) {
  core::Result<std::unique_ptr<core::Database>> opened =
      core::Database::Open(db, core::OpenMode::kMustExist);
  INFO((opened ? std::string() : opened.error().message));
  REQUIRE(opened);
  return std::move(*opened);
}

}  // namespace

DatabaseFacts ReadFacts(const std::string& db) {
  std::unique_ptr<core::Database> database = OpenForChecks(db);
  DatabaseFacts facts;
  core::Result<core::Query> check = database->Prepare("PRAGMA integrity_check");
  REQUIRE(check);
  for (;;) {
    core::Result<bool> row = check->Step();
    REQUIRE(row);
    if (!*row) break;
    if (!facts.integrity.empty()) facts.integrity += "\n";
    facts.integrity += check->Text(0);
  }
  core::Result<core::Query> count = database->Prepare("SELECT count(*) FROM items");
  REQUIRE(count);
  REQUIRE(*count->Step());
  facts.items = count->Int(0);
  return facts;
}

std::map<std::int64_t, std::string> ItemNames(const std::string& db) {
  std::unique_ptr<core::Database> database = OpenForChecks(db);
  core::Result<core::Query> rows = database->Prepare("SELECT id, name FROM items");
  REQUIRE(rows);
  std::map<std::int64_t, std::string> names;
  for (;;) {
    core::Result<bool> row = rows->Step();
    REQUIRE(row);
    if (!*row) break;
    names.emplace(rows->Int(0), rows->Text(1));
  }
  return names;
}

}  // namespace itemctl::test
