#pragma once
// What the fault-injection tests share: `itemctl serve` started through the
// built binary, an HTTP client that is safe on any thread (it asserts
// nothing), a tmpfs of a chosen size, and facts read straight from a
// database file after the process that wrote it died.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/cmd/itemctl_runner.hpp"
#include "tests/test_support.hpp"

namespace httplib {
class Client;
}

namespace itemctl::test {

// Generous bounds on events that come quickly on a healthy system; they are
// not orderings, a broken build just fails instead of hanging.
inline constexpr std::chrono::seconds kEventTimeout{60};

// The environment every itemctl run of these tests gets (known admin
// password and pepper, so no key file is written next to the database).
std::vector<std::string> FaultEnv();

// `itemctl --db DB <args>`, run to the end.
ProcessResult RunOn(const std::string& db, const std::vector<std::string>& args);

// `itemctl --db DB serve --listen 127.0.0.1:0 <args>`.
ProcessSpec ServeSpec(const std::string& db, const std::vector<std::string>& args = {});

// One answer; status 0 when there was none (refused, reset, timed out), with
// `error` saying why.
struct Answer {
  int status = 0;
  std::string body;
  std::string error;
};

// A keep-alive connection to 127.0.0.1:port sending the bearer token when
// one is given. One client per thread; no Catch2 call inside.
class ApiClient {
 public:
  explicit ApiClient(int port, std::string token = {});
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  Answer Get(const std::string& path);
  Answer Post(const std::string& path, const std::string& json);

 private:
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
};

// Logs in as admin (Cli::kAdminPassword) and returns the access token;
// REQUIREs success, so only on the test's thread.
std::string AdminToken(int port);

// `{"name":"<name>"}`: test names are plain ASCII without quotes.
std::string ItemJson(const std::string& name);
// The "id" of a JSON object in `body`; nullopt when there is none.
std::optional<std::int64_t> IdIn(const std::string& body);
// `{"detail":"<text>"}`, exactly as the server writes it.
std::string DetailJson(const std::string& text);

// Lines of `log` containing `text`.
std::size_t CountLines(const std::string& log, const std::string& text);

// A tmpfs of `bytes`, mounted on a fresh directory in a mount namespace of
// this process's own: nobody else sees it, and it goes with the process.
// Root unshares the mount namespace; anyone else tries a user namespace too.
class PrivateTmpfs {
 public:
  explicit PrivateTmpfs(std::size_t bytes);
  ~PrivateTmpfs();
  PrivateTmpfs(const PrivateTmpfs&) = delete;
  PrivateTmpfs& operator=(const PrivateTmpfs&) = delete;

  // False when this process may not mount; why() says what failed.
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  std::string File(const std::string& name) const { return dir_.File(name); }

 private:
  TempDir dir_;
  bool mounted_ = false;
  std::string why_;
};

// Fills the file system holding `path` with a file at `path` until a write
// fails with ENOSPC; returns the bytes written (REQUIREs ENOSPC).
std::size_t FillWithBallast(const std::string& path);

// Waits until the file at `path` is at least `bytes` long; false when
// kEventTimeout passes first. Woken by inotify on the file's directory.
bool WaitForFileSize(const std::string& path, std::uintmax_t bytes);

// Read by opening the file with SQLite, as the next process would.
struct DatabaseFacts {
  std::string integrity;  // PRAGMA integrity_check: "ok" when sound
  std::int64_t items = -1;
};
DatabaseFacts ReadFacts(const std::string& db);
// Every item's name by id.
std::map<std::int64_t, std::string> ItemNames(const std::string& db);

}  // namespace itemctl::test
