#include "web/request_edge/guarded_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include "web/request_edge/buffered_stream.hpp"
#include "web/request_edge/edge_socket.hpp"

namespace itemctl::web {

namespace {

void ConfigureSocket(int sock, std::chrono::seconds write_timeout) {
  timeval send_timeout{static_cast<time_t>(write_timeout.count()), 0};
  setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof(send_timeout));
  // Without it every response waits for the peer's delayed ACK (~40 ms).
  int yes = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
}

}  // namespace

void GuardedServer::Refuse(int sock, const Refusal& refusal, const std::string& peer) {
  spdlog::debug("refused a request from {}: {} {} ({})", peer, refusal.status, refusal.detail,
                RefusalLabel(refusal.reason));
  if (observer_) observer_(refusal.reason);
  WriteAll(sock, RenderRefusal(refusal));
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  ConfigureSocket(sock, options_.write_timeout);
  const SocketAddresses addresses = AddressesOf(sock);
  ConnectionCap::Slot slot = cap_.Acquire(addresses.remote_ip);
  if (!slot.granted()) {
    Refuse(sock,
           Refusal{503, RefusalReason::kTooManyConnections,
                   "Too many connections from your address"},
           addresses.remote_ip);
    QuickClose(sock);
    return true;
  }
  EdgeConnection connection(sock, options_.limits, [this] { return Stopping(); });
  bool ok = true;
  std::optional<Refusal> refusal =
      connection.Serve([&](std::string_view request, bool last, bool& closed) {
        bool stopping = Stopping();
        BufferedStream stream(sock, request, addresses);
        bool processed = process_request(stream, last || stopping, closed, nullptr);
        ok = stream.Flush() && processed;  // whatever was written goes out
        closed = closed || stopping;
        return ok;
      });
  if (refusal) {
    Refuse(sock, *refusal, addresses.remote_ip);
    LingeringClose(sock);
    return true;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace itemctl::web
