#include "web/request_edge/buffered_stream.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace itemctl::web {

ssize_t BufferedStream::read(char* ptr, size_t size) {
  std::size_t n = std::min(size, request_.size());
  std::memcpy(ptr, request_.data(), n);
  request_.remove_prefix(n);
  return static_cast<ssize_t>(n);
}

ssize_t BufferedStream::write(const char* ptr, size_t size) {
  while (true) {
    ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

void BufferedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = addresses_.remote_ip;
  port = addresses_.remote_port;
}

void BufferedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = addresses_.local_ip;
  port = addresses_.local_port;
}

}  // namespace itemctl::web
