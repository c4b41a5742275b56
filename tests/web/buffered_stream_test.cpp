// web/request_edge/buffered_stream: a response leaves in one send.

#include "web/request_edge/buffered_stream.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>

using namespace itemctl;

namespace {

// Both ends of a local stream socket, closed at scope exit.
struct SocketPair {
  SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0); }
  ~SocketPair() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int fds[2] = {-1, -1};
};

// Whether the peer could read anything now (no waiting: what was sent on a
// socketpair is readable at once).
bool Readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

std::string ReadAvailable(int fd) {
  std::string out;
  char buf[4096];
  while (Readable(fd)) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace

TEST_CASE("writes wait in the buffer until Flush sends them together", "[web][stream]") {
  SocketPair pair;
  web::SocketAddresses addresses;
  web::BufferedStream stream(pair.fds[0], "", addresses);
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
  CHECK(stream.write(head.data(), head.size()) == static_cast<ssize_t>(head.size()));
  CHECK(stream.write("{}", 2) == 2);
  CHECK_FALSE(Readable(pair.fds[1]));
  REQUIRE(stream.Flush());
  CHECK(ReadAvailable(pair.fds[1]) == head + "{}");
  // Nothing is sent twice.
  REQUIRE(stream.Flush());
  CHECK_FALSE(Readable(pair.fds[1]));
}

TEST_CASE("a write larger than the buffer follows what was buffered, in order",
          "[web][stream]") {
  SocketPair pair;
  web::SocketAddresses addresses;
  web::BufferedStream stream(pair.fds[0], "", addresses);
  const std::string head = "HTTP/1.1 200 OK\r\n\r\n";
  const std::string body(web::BufferedStream::kBufferBytes, 'x');
  REQUIRE(stream.write(head.data(), head.size()) == static_cast<ssize_t>(head.size()));
  CHECK_FALSE(Readable(pair.fds[1]));
  ssize_t sent = stream.write(body.data(), body.size());
  CHECK(sent == static_cast<ssize_t>(body.size()));
  REQUIRE(stream.Flush());
  CHECK(ReadAvailable(pair.fds[1]) == head + body);
}

TEST_CASE("Flush reports a closed peer", "[web][stream]") {
  SocketPair pair;
  web::SocketAddresses addresses;
  web::BufferedStream stream(pair.fds[0], "", addresses);
  ::shutdown(pair.fds[1], SHUT_RD);
  ::shutdown(pair.fds[0], SHUT_WR);
  REQUIRE(stream.write("abc", 3) == 3);  // buffered: the failure shows at Flush
  CHECK_FALSE(stream.Flush());
}
