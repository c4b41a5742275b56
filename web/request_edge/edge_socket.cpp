#include "web/request_edge/edge_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace itemctl::web {

namespace {

constexpr std::chrono::milliseconds kStopCheck(100);
constexpr std::chrono::milliseconds kLinger(1000);
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr std::size_t kReadChunk = 16 * 1024;

void Describe(const sockaddr_storage& address, std::string& ip, int& port) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &v4->sin_addr, text.data(), text.size());
    port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &v6->sin6_addr, text.data(), text.size());
    port = ntohs(v6->sin6_port);
  }
  ip = text.data();
}

// Reads and drops what is there; false at EOF or on error.
bool Drain(int sock, std::size_t& budget) {
  std::array<char, kReadChunk> scratch;
  while (budget > 0) {
    ssize_t n = ::recv(sock, scratch.data(), std::min(scratch.size(), budget), MSG_DONTWAIT);
    if (n > 0) {
      budget -= static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return false;
}

}  // namespace

SocketAddresses AddressesOf(int sock) {
  SocketAddresses out;
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    Describe(address, out.remote_ip, out.remote_port);
  }
  length = sizeof(address);
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    Describe(address, out.local_ip, out.local_port);
  }
  return out;
}

SocketInput::Wait SocketInput::ReadMore(std::string& buffer, EdgeClock::time_point deadline,
                                        bool idle) {
  std::array<char, kReadChunk> chunk;
  while (true) {
    // poll first: when more is needed it has rarely arrived yet.
    auto now = EdgeClock::now();
    if (now >= deadline) return Wait::kTimedOut;
    auto wait = deadline - now;
    if (idle) wait = std::min<EdgeClock::duration>(wait, kStopCheck);
    pollfd watch{sock_, POLLIN, 0};
    int ready = ::poll(&watch, 1,
                       static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait).count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Wait::kClosed;
    }
    if (ready == 0) {
      if (idle && stopping_()) return Wait::kStopped;
      continue;
    }
    ssize_t n = ::recv(sock_, chunk.data(), chunk.size(), MSG_DONTWAIT);
    if (n > 0) {
      buffer.append(chunk.data(), static_cast<std::size_t>(n));
      return Wait::kData;
    }
    if (n == 0) return Wait::kClosed;
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return Wait::kClosed;
  }
}

bool WriteAll(int sock, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(sock, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void LingeringClose(int sock) {
  ::shutdown(sock, SHUT_WR);
  std::size_t budget = kLingerBytes;
  auto deadline = EdgeClock::now() + kLinger;
  while (Drain(sock, budget)) {
    auto now = EdgeClock::now();
    if (now >= deadline) break;
    pollfd watch{sock, POLLIN, 0};
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    if (::poll(&watch, 1, static_cast<int>(left)) <= 0) break;
  }
  ::close(sock);
}

void QuickClose(int sock) {
  ::shutdown(sock, SHUT_WR);
  std::size_t budget = kLingerBytes;
  Drain(sock, budget);
  ::close(sock);
}

}  // namespace itemctl::web
