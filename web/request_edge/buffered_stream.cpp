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
  if (size <= kBufferBytes - pending_size_) {
    std::memcpy(pending_.data() + pending_size_, ptr, size);
    pending_size_ += size;
    return static_cast<ssize_t>(size);
  }
  if (!Flush()) return -1;
  return Send(ptr, size);  // httplib writes the rest of a short send again
}

bool BufferedStream::Flush() {
  std::size_t sent = 0;
  while (sent < pending_size_) {
    ssize_t n = Send(pending_.data() + sent, pending_size_ - sent);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  pending_size_ = 0;
  return true;
}

ssize_t BufferedStream::Send(const char* ptr, size_t size) {
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
