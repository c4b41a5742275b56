#pragma once
// One client connection at the request edge: reads each request head and
// body from the socket itself, under size limits and deadlines (modelled on
// Apache mod_reqtimeout), and hands the handler only complete, validated
// requests, framed by Content-Length. Keep-alive and pipelining are handled
// here; what a request means is the handler's business (httplib).

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "web/request_edge/edge_socket.hpp"
#include "web/request_edge/refusal.hpp"
#include "web/request_edge/request_head.hpp"

namespace itemctl::web {

struct EdgeLimits {
  HeadLimits head;
  std::size_t max_body = 256 * 1024;
  // The head must be complete this long after its first byte.
  std::chrono::seconds head_timeout{10};
  // The body gets body_allowance, plus one second per body_min_rate bytes
  // received (mod_reqtimeout's body=20,MinRate=500); 0 turns the rate off.
  std::size_t body_min_rate = 500;
  std::chrono::seconds body_allowance{20};
  // Longest silence in the middle of a request.
  std::chrono::seconds read_timeout{5};
  // How long an idle connection waits for its next request.
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 1000;
};

class EdgeConnection {
 public:
  // Serves one buffered request (head and exactly its body); `last` asks
  // it to close the connection after answering. Sets `closed` when the
  // request itself ends the connection; false when the connection broke.
  using Handler = std::function<bool(std::string_view request, bool last, bool& closed)>;

  EdgeConnection(int sock, const EdgeLimits& limits, std::function<bool()> stopping)
      : sock_(sock), limits_(limits), input_(sock, std::move(stopping)) {}

  // Serves requests until the connection ends; the refusal that ended it,
  // which the caller still has to send.
  std::optional<Refusal> Serve(const Handler& handle);

 private:
  enum class Got { kRequest, kGone, kRefused };

  // Reads one request into request_ (or a view of buffer_). The first
  // byte of each request, the first included, is awaited for the
  // keep-alive timeout.
  Got ReadRequest(std::string_view& request, std::optional<Refusal>& refusal);
  Got ReadHead(std::size_t& head_size, std::optional<Refusal>& refusal);
  Got ReadLengthBody(std::size_t body_start, std::uint64_t length,
                     std::optional<Refusal>& refusal);
  Got ReadChunkedBody(std::size_t body_start, std::string& body, std::size_t& wire_size,
                      std::optional<Refusal>& refusal);
  // Waits for more body bytes under the minimum-rate deadline.
  SocketInput::Wait ReadBodyBytes(EdgeClock::time_point start, std::size_t received);
  Refusal TooLarge() const;
  Refusal TooSlow() const;

  int sock_;
  const EdgeLimits& limits_;
  SocketInput input_;
  std::string buffer_;       // bytes received and not yet served
  std::size_t consumed_ = 0;  // of buffer_, by requests already handed on
  std::string request_;      // a rewritten request
};

}  // namespace itemctl::web
