#pragma once
// The httplib::Stream httplib's request processing reads and writes through
// behind the edge: reads come from the request the edge already buffered and
// checked, writes go straight to the client socket.

#include <httplib.h>

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

 private:
  int sock_;
  std::string_view request_;  // what is left to read
  const SocketAddresses& addresses_;
};

}  // namespace itemctl::web
