#pragma once
// How a Backend's connection pool stands right now: the gauges of /metrics.

#include <cstddef>

namespace itemctl::core {

struct ConnectionCounts {
  std::size_t open = 0;     // leased and idle
  std::size_t idle = 0;
  std::size_t waiting = 0;  // callers waiting in Acquire for a connection
};

}  // namespace itemctl::core
