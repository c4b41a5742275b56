#pragma once
// Plain TCP to the test server, for what httplib::Client will not send:
// malformed requests, and a body sent in two halves with a pause between.

#include <string>

namespace itemctl::test {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; connected() is false when that failed.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  void Send(const std::string& data);
  // One HTTP response: the head, then Content-Length bytes of body (or up to
  // EOF without one). Empty when the peer closed first; 5 s timeout.
  std::string ReadResponse();

 private:
  int fd_ = -1;
  std::string buffered_;
};

// Connects, sends `request`, returns one response ("" when no connection).
std::string RawExchange(int port, const std::string& request);

}  // namespace itemctl::test
