#pragma once
// httplib::Server behind the request edge (SPEC §8): each accepted
// connection is served by an EdgeConnection, which reads and checks every
// request itself and hands httplib only complete, bounded ones through a
// BufferedStream. So the limits hold whichever cpp-httplib is linked: its
// own reading of the socket (payload_max_length bounds only Content-Length
// bodies; chunked and compressed bodies are read whole) never runs. Also
// caps the connections per client address.

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "web/client_address.hpp"
#include "web/request_edge/connection_cap.hpp"
#include "web/request_edge/edge_connection.hpp"
#include "web/request_edge/refusal.hpp"

namespace itemctl::web {

struct EdgeOptions {
  EdgeLimits limits;
  std::chrono::seconds write_timeout{5};
  std::size_t max_connections_per_address = 64;  // 0: no cap
  TrustedProxies trusted_proxies;                // exempt from the cap
};

class GuardedServer final : public httplib::Server {
 public:
  explicit GuardedServer(EdgeOptions options)
      : options_(std::move(options)),
        cap_(options_.max_connections_per_address, options_.trusted_proxies) {}

  // Told of every refusal (the metric); set before the server runs.
  void SetRefusalObserver(std::function<void(RefusalReason)> observer) {
    observer_ = std::move(observer);
  }

 private:
  // httplib's accept loop calls this on a worker for each connection; it
  // must close the socket.
  bool process_and_close_socket(socket_t sock) override;
  // Sends the refusal's answer, logs it at debug and counts it.
  void Refuse(int sock, const Refusal& refusal, const std::string& peer);
  // httplib's stop() has closed the listening socket.
  bool Stopping() const { return svr_sock_ == INVALID_SOCKET; }

  EdgeOptions options_;
  ConnectionCap cap_;
  std::function<void(RefusalReason)> observer_;
};

}  // namespace itemctl::web
