#pragma once
// The httplib::Stream httplib's request processing reads and writes through
// behind the edge: reads come from the request the edge already buffered and
// checked; writes collect in a small buffer that Flush() sends, so a
// response's head and body leave in one send(2) (httplib writes them
// separately: two TCP segments, and twice the kernel's work, per response).
// A write that does not fit sends what is buffered, then itself.

#include <httplib.h>

#include <array>
#include <cstddef>
#include <string_view>

#include "web/request_edge/edge_socket.hpp"

namespace itemctl::web {

class BufferedStream final : public httplib::Stream {
 public:
  BufferedStream(int sock, std::string_view request, const SocketAddresses& addresses)
      : sock_(sock), request_(request), addresses_(addresses) {}

  bool is_readable() const override { return !request_.empty(); }
  bool is_writable() const override { return true; }  // sends are bounded by SO_SNDTIMEO
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

  // Sends what the writes buffered; false when the socket failed (the
  // connection is then closed).
  bool Flush();

  // A response head and a JSON body fit; a file is sent in pieces anyway.
  static constexpr std::size_t kBufferBytes = 8192;

 private:
  ssize_t Send(const char* ptr, size_t size);

  int sock_;
  std::string_view request_;  // what is left to read
  const SocketAddresses& addresses_;
  std::array<char, kBufferBytes> pending_;  // written, not yet sent
  std::size_t pending_size_ = 0;
};

}  // namespace itemctl::web
