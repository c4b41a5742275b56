#include "tests/web/raw_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>

namespace itemctl::test {

RawConnection::RawConnection(int port) : RawConnection(port, "", 5) {}

RawConnection::RawConnection(int port, const std::string& source, int timeout_seconds) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval timeout{timeout_seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (!source.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, source.c_str(), &local.sin_addr) == 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) == 0);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void RawConnection::Send(const std::string& data) {
  REQUIRE(connected());
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    REQUIRE(n > 0);
    sent += static_cast<std::size_t>(n);
  }
}

bool RawConnection::TrySend(const std::string& data) {
  std::size_t sent = 0;
  while (connected() && sent < data.size()) {
    ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return connected();
}

bool RawConnection::Readable(int milliseconds) {
  if (!connected()) return true;
  if (!buffered_.empty()) return true;
  pollfd watch{fd_, POLLIN, 0};
  return ::poll(&watch, 1, milliseconds) > 0;
}

std::string RawConnection::ReadResponse() {
  if (!connected()) return {};
  auto fill = [this] {
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffered_.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t head_end;
  while ((head_end = buffered_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::exchange(buffered_, {});
  }
  head_end += 4;
  std::string head = buffered_.substr(0, head_end);
  if (head.rfind("HTTP/1.1 1", 0) == 0) {  // 100 Continue: a head alone
    buffered_.erase(0, head_end);
    return head;
  }
  std::size_t length_at = head.find("Content-Length: ");
  if (length_at == std::string::npos) {
    while (fill()) {
    }
    return std::exchange(buffered_, {});
  }
  std::size_t length = std::strtoul(head.c_str() + length_at + 16, nullptr, 10);
  while (buffered_.size() < head_end + length) {
    if (!fill()) break;
  }
  std::string response = buffered_.substr(0, head_end + length);
  buffered_.erase(0, response.size());
  return response;
}

std::string RawExchange(int port, const std::string& request) {
  RawConnection connection(port);
  if (!connection.connected()) return {};
  connection.Send(request);
  return connection.ReadResponse();
}

}  // namespace itemctl::test
