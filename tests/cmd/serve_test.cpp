// `itemctl serve`: flags with ITEMCTL_* fallbacks, first-run bootstrap, the
// startup line, and a clean exit on SIGTERM/SIGINT.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::ProcessResult;

namespace {

// The status line of `GET path` on 127.0.0.1:port.
std::string StatusLine(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  REQUIRE(write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    response.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return response.substr(0, response.find("\r\n"));
}

test::ProcessSpec ServeSpec(const Cli& cli, std::vector<std::string> args,
                            std::vector<std::string> env = {}) {
  test::ProcessSpec spec;
  spec.args = {"--db", cli.db(), "serve"};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.env = cli.Env();
  spec.env.insert(spec.env.end(), env.begin(), env.end());
  return spec;
}

// Every stderr line is a log line in the default text format.
void CheckLogLines(const std::string& err) {
  static const std::regex kLine(
      "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[(INFO|WARNING)\\] .+");
  std::size_t start = 0;
  while (start < err.size()) {
    std::size_t end = err.find('\n', start);
    std::string line = err.substr(start, end - start);
    INFO(line);
    CHECK(std::regex_match(line, kLine));
    start = end == std::string::npos ? err.size() : end + 1;
  }
}

}  // namespace

TEST_CASE("serve --help lists every flag with its environment variable", "[db][cmd]") {
  ProcessResult help = test::RunItemctl({"serve", "--help"});
  CHECK(help.exit_code == 0);
  for (const char* env : {"ITEMCTL_LISTEN", "ITEMCTL_THREADS", "ITEMCTL_STATIC_DIR",
                          "ITEMCTL_PURGE_INTERVAL", "ITEMCTL_ACCESS_TTL", "ITEMCTL_REFRESH_TTL",
                          "ITEMCTL_MAX_SESSIONS", "ITEMCTL_MAX_BODY", "ITEMCTL_PAGE_MAX"}) {
    CHECK_THAT(help.out, Catch::Contains(std::string("(Env:") + env + ")"));
  }
  CHECK_THAT(help.out, Catch::Contains("--listen TEXT:HOST:PORT=127.0.0.1:8080"));
  CHECK_THAT(help.out, Catch::Contains("--purge-interval TEXT:DURATION=24h"));
}

TEST_CASE("serve bootstraps a new database, serves, and stops on SIGTERM with exit 0",
          "[db][cmd]") {
  Cli cli;
  test::ItemctlProcess server(ServeSpec(cli, {"--listen", "127.0.0.1:0"}));
  int port = server.WaitForServingPort();
  CHECK(StatusLine(port, "/healthz") == "HTTP/1.1 200 OK");
  REQUIRE(kill(server.pid(), SIGTERM) == 0);
  ProcessResult stopped = server.Finish();
  CHECK(stopped.exit_code == 0);
  CHECK(stopped.out == "Created user 'admin' with the password from ITEMCTL_ADMIN_PASSWORD.\n"
                       "itemctl serving on http://127.0.0.1:" + std::to_string(port) +
                           " (database " + cli.db_display_name() + ")\n");
  CheckLogLines(stopped.err);
  CHECK(cli.Run({"user", "show", "1"}).exit_code == 0);
}

TEST_CASE("serve stops on SIGINT and does not bootstrap twice", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  test::ItemctlProcess server(ServeSpec(cli, {}, {"ITEMCTL_LISTEN=127.0.0.1:0"}));
  int port = server.WaitForServingPort();
  REQUIRE(kill(server.pid(), SIGINT) == 0);
  ProcessResult stopped = server.Finish();
  CHECK(stopped.exit_code == 0);
  CHECK(stopped.out == "itemctl serving on http://127.0.0.1:" + std::to_string(port) +
                           " (database " + cli.db_display_name() + ")\n");
}

TEST_CASE("serve flags win over ITEMCTL_* variables, which win over defaults", "[db][cmd]") {
  Cli cli;
  ProcessResult bad_env =
      test::RunProcess(ServeSpec(cli, {}, {"ITEMCTL_LISTEN=nowhere", "ITEMCTL_THREADS=2"}));
  CHECK(bad_env.exit_code == 2);
  CHECK(bad_env.out.empty());
  CHECK(bad_env.err == "itemctl: error: --listen: 'nowhere' is not HOST:PORT with a port from 0 "
                       "to 65535 (run with --help for usage)\n");

  test::ItemctlProcess server(
      ServeSpec(cli, {"--listen", "127.0.0.1:0"}, {"ITEMCTL_LISTEN=nowhere"}));
  server.WaitForServingPort();
  REQUIRE(kill(server.pid(), SIGTERM) == 0);
  CHECK(server.Finish().exit_code == 0);
}

TEST_CASE("serve rejects malformed durations and sizes before touching the database", "[db][cmd]") {
  Cli cli;
  ProcessResult interval = test::RunProcess(ServeSpec(cli, {"--purge-interval", "soon"}));
  CHECK(interval.exit_code == 2);
  CHECK(interval.err == "itemctl: error: --purge-interval: 'soon' is not a duration: use e.g. "
                        "30s, 15m, 24h or 7d (run with --help for usage)\n");
  ProcessResult ttl = test::RunProcess(ServeSpec(cli, {}, {"ITEMCTL_ACCESS_TTL=0s"}));
  CHECK(ttl.exit_code == 2);
  CHECK_THAT(ttl.err, Catch::StartsWith("itemctl: error: --access-ttl: '0s' is not a duration"));
  ProcessResult sessions = test::RunProcess(ServeSpec(cli, {"--max-sessions", "0"}));
  CHECK(sessions.exit_code == 2);
  ProcessResult max_age =
      test::RunProcess(ServeSpec(cli, {}, {"ITEMCTL_SESSION_MAX_AGE=forever"}));
  CHECK(max_age.exit_code == 2);
  CHECK_THAT(max_age.err, Catch::StartsWith("itemctl: error: --session-max-age: 'forever' is not "
                                            "a duration"));
  CHECK_FALSE(std::filesystem::exists(cli.db()));
}

TEST_CASE("serve --hash-concurrency takes 1 to 4 x cores workers", "[db][cmd]") {
  Cli cli;
  ProcessResult zero = test::RunProcess(ServeSpec(cli, {"--hash-concurrency", "0"}));
  CHECK(zero.exit_code == 2);
  CHECK_THAT(zero.err,
             Catch::StartsWith("itemctl: error: --hash-concurrency: Value 0 not in range 1 to "));
  ProcessResult huge = test::RunProcess(ServeSpec(cli, {}, {"ITEMCTL_HASH_CONCURRENCY=100000"}));
  CHECK(huge.exit_code == 2);
  CHECK_THAT(huge.err, Catch::Contains("--hash-concurrency: Value 100000 not in range 1 to "));
  CHECK_FALSE(std::filesystem::exists(cli.db()));
  ProcessResult help = test::RunItemctl({"serve", "--help"});
  CHECK_THAT(help.out, Catch::Contains("(Env:ITEMCTL_HASH_CONCURRENCY)"));
}

TEST_CASE("serve on an address in use fails with one line and a non-zero exit", "[db][cmd]") {
  Cli cli;
  test::ItemctlProcess first(ServeSpec(cli, {"--listen", "127.0.0.1:0"}));
  int port = first.WaitForServingPort();
  std::string address = "127.0.0.1:" + std::to_string(port);
  ProcessResult second = test::RunProcess(ServeSpec(cli, {"--listen", address}));
  CHECK(second.exit_code == 5);
  CHECK(second.out.empty());
  CHECK_THAT(second.err, Catch::StartsWith("itemctl: error: "));
  CHECK_THAT(second.err, Catch::Contains(address));
  REQUIRE(kill(first.pid(), SIGTERM) == 0);
  CHECK(first.Finish().exit_code == 0);
}
