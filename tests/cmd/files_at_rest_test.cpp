// Files at rest (SPEC §8): a first run under umask 022 leaves the database,
// its -wal and -shm files, the key file and the admin password file readable
// by their owner only; the password in the file is the admin's.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;

namespace {

unsigned Mode(const std::string& path) {
  struct stat info {};
  REQUIRE(lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// The status line of an HTTP/1.0 POST of a JSON `body` to 127.0.0.1:port.
std::string PostStatus(int port, const std::string& path, const std::string& body) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  std::string request = "POST " + path +
                        " HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        "Content-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  REQUIRE(write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    response.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return response.substr(0, response.find("\r\n"));
}

}  // namespace

TEST_CASE("a first serve under umask 022 creates every file mode 0600", "[cmd][files]") {
  test::TempDir dir;
  std::string db = dir.File("state.db");
  test::ProcessSpec spec;
  spec.prefix = {"sh", "-c", "umask 022; exec \"$0\" \"$@\""};
  spec.args = {"--db", db, "serve", "--listen", "127.0.0.1:0"};  // no ITEMCTL_* at all
  test::ItemctlProcess server(spec);
  int port = server.WaitForServingPort();

  // While it serves, SQLite holds the -wal and -shm files open.
  for (const std::string& path : {db, db + "-wal", db + "-shm", db + ".key",
                                  db + ".admin-password"}) {
    INFO(path);
    CHECK(Mode(path) == 0600);
  }
  std::ifstream in(db + ".admin-password");
  std::string password;
  std::getline(in, password);
  CHECK(std::regex_match(password, std::regex("[A-Za-z0-9]{16}")));
  CHECK(server.out() == "Created user 'admin'; its generated password is in '" + db +
                   ".admin-password' (mode 0600): read it, then delete the file.\n"
                   "itemctl serving on http://127.0.0.1:" + std::to_string(port) +
                   " (database " + db + ")\n");
  CHECK(PostStatus(port, "/auth/token",
                   "{\"username\":\"admin\",\"password\":\"" + password +
                       "\",\"platform\":\"cli\"}") == "HTTP/1.1 200 OK");

  REQUIRE(kill(server.pid(), SIGTERM) == 0);
  ProcessResult stopped = server.Finish();
  CHECK(stopped.exit_code == 0);
  CHECK(stopped.out.find(password) == std::string::npos);
  CHECK(stopped.err.find(password) == std::string::npos);
}

TEST_CASE("an existing database keeps its mode", "[cmd][files]") {
  Cli cli;
  cli.Migrate();
  std::filesystem::permissions(cli.db(), static_cast<std::filesystem::perms>(0640));
  CHECK(cli.Run({"migrate"}).exit_code == 0);
  CHECK(cli.Run({"item", "add", "thing"}).exit_code == 0);
  CHECK(Mode(cli.db()) == 0640);
}
