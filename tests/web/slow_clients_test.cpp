// SPEC §8 "Slow clients": trickling connections from one address must not
// take every worker (slowloris). The per-address cap refuses the surplus at
// once, the head deadline closes the rest, and a client from another
// address is still served.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "tests/web/raw_socket.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::RawConnection;
using test::TestServer;

namespace {

web::ServerOptions SmallServer() {
  web::ServerOptions options;
  options.threads = 16;
  options.max_connections_per_address = 8;
  options.request_head_timeout_seconds = 1;
  return options;
}

std::string Body(const std::string& response) {
  std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

}  // namespace

TEST_CASE("trickling clients from one address leave workers for others", "[db][web][slow]") {
  TestServer server(SmallServer());
  std::vector<std::unique_ptr<RawConnection>> trickling;
  for (int i = 0; i < 40; ++i) {
    trickling.push_back(std::make_unique<RawConnection>(server.port()));
    trickling.back()->TrySend("GET /healthz HTTP/1.1\r\n");
  }

  // A generous timeout: a server whose workers are all held never answers.
  RawConnection probe(server.port(), "127.0.0.2", 10);
  probe.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string answer = probe.ReadResponse();
  CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);

  int over_cap = 0;
  int timed_out = 0;
  std::vector<std::string> other;
  for (auto& connection : trickling) {
    std::string response = connection->ReadResponse();
    if (response.rfind("HTTP/1.1 503", 0) == 0 &&
        Body(response) == R"({"detail":"Too many connections from your address"})") {
      ++over_cap;
    } else if (response.rfind("HTTP/1.1 408", 0) == 0 &&
               Body(response) == R"({"detail":"request head did not arrive within 1s"})") {
      ++timed_out;
    } else {
      other.push_back(response);
    }
  }
  CHECK(other.empty());
  // Only 8 may be held at once; the rest were refused on arrival (how many
  // exactly depends on when the first 8 time out).
  CHECK(over_cap >= 20);
  CHECK(timed_out <= 20);
}

TEST_CASE("a trickling head is closed with 408 at the head deadline", "[db][web][slow]") {
  TestServer server(SmallServer());
  RawConnection connection(server.port());
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 'a');
  bool answered = false;
  // One byte per ~200 ms; a server without a head deadline lets this run
  // through all 200 bytes and then waits for the rest.
  for (std::size_t i = 0; i < head.size() && !answered; ++i) {
    if (!connection.TrySend(head.substr(i, 1))) break;
    answered = connection.Readable(200);
  }
  CHECK(answered);
  std::string response = connection.ReadResponse();
  CHECK(response.rfind("HTTP/1.1 408", 0) == 0);
  CHECK(Body(response) == R"({"detail":"request head did not arrive within 1s"})");
}

TEST_CASE("trusted proxies are exempt from the per-address cap", "[db][web][slow]") {
  web::ServerOptions options = SmallServer();
  options.max_connections_per_address = 1;
  options.trusted_proxies = *web::TrustedProxies::Parse({"127.0.0.1"});
  TestServer server(options);
  RawConnection first(server.port());
  first.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(first.ReadResponse().rfind("HTTP/1.1 200", 0) == 0);
  RawConnection second(server.port());  // while `first` is still open
  second.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(second.ReadResponse().rfind("HTTP/1.1 200", 0) == 0);

  RawConnection other(server.port(), "127.0.0.3", 5);
  other.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(other.ReadResponse().rfind("HTTP/1.1 200", 0) == 0);
  RawConnection capped(server.port(), "127.0.0.3", 5);
  capped.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string refused = capped.ReadResponse();
  CHECK(refused.rfind("HTTP/1.1 503", 0) == 0);
  CHECK(Body(refused) == R"({"detail":"Too many connections from your address"})");
}

TEST_CASE("a body that stops arriving is closed with 408", "[db][web][slow]") {
  web::ServerOptions options = SmallServer();
  options.read_timeout_seconds = 1;  // the longest silence inside a request
  TestServer server(options);
  std::string token = server.AdminToken();
  RawConnection connection(server.port());
  connection.Send("POST /items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                  "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":");
  std::string response = connection.ReadResponse();
  CHECK(response.rfind("HTTP/1.1 408", 0) == 0);
  CHECK(Body(response) ==
        R"json({"detail":"request body arrived too slowly (minimum 500 bytes per second)"})json");
}
