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

  // Connects from the local address `source` ("127.0.0.2": another client
  // as far as the server can tell), reads time out after `timeout_seconds`.
  RawConnection(int port, const std::string& source, int timeout_seconds);

  bool connected() const { return fd_ >= 0; }
  void Send(const std::string& data);
  // Sends what the peer accepts; false once it closed or reset.
  bool TrySend(const std::string& data);
  // True when something (an answer, or EOF) arrives within `milliseconds`.
  bool Readable(int milliseconds);
  // One HTTP response: the head, then Content-Length bytes of body (or up to
  // EOF without one; none for 1xx). Empty when the peer closed first; 5 s
  // timeout.
  std::string ReadResponse();

 private:
  int fd_ = -1;
  std::string buffered_;
};

// Connects, sends `request`, returns one response ("" when no connection).
std::string RawExchange(int port, const std::string& request);

}  // namespace itemctl::test
