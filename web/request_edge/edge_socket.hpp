#pragma once
// The socket calls of the request edge: reading with deadlines (poll, so a
// slow client costs a sleeping worker, not a spinning one), writing whole
// answers, and closing so that a refused client still reads its answer.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace itemctl::web {

using EdgeClock = std::chrono::steady_clock;

struct SocketAddresses {
  std::string remote_ip;
  int remote_port = 0;
  std::string local_ip;
  int local_port = 0;
};
SocketAddresses AddressesOf(int sock);

class SocketInput {
 public:
  enum class Wait { kData, kClosed, kTimedOut, kStopped };

  // `stopping` is polled every ~100 ms while an idle connection waits, so a
  // server stop does not wait out keep-alive timeouts.
  SocketInput(int sock, std::function<bool()> stopping)
      : sock_(sock), stopping_(std::move(stopping)) {}

  // Appends what arrives (at least one byte) to `buffer`, unless the peer
  // closes or `deadline` passes first, or, when `idle` (no request begun),
  // the server stops; a begun request is left to finish.
  Wait ReadMore(std::string& buffer, EdgeClock::time_point deadline, bool idle = false);

 private:
  int sock_;
  std::function<bool()> stopping_;
};

// Sends all of `data`; false on error or when the send timeout (set on the
// socket) passes.
bool WriteAll(int sock, std::string_view data);

// After a refusal the client may still be sending: closing with unread
// bytes would reset the connection and could destroy the answer before the
// client reads it. So: no more writes, read and drop for at most about a
// second or 1 MiB, then close.
void LingeringClose(int sock);

// Drops only what has already arrived, then closes (for refusals that must
// not cost a worker any waiting).
void QuickClose(int sock);

}  // namespace itemctl::web
