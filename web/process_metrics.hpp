#pragma once
// The process_* families of the Prometheus client libraries, read from
// /proc/self when scraped. Thread-safe (no shared state).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <prometheus/metric_family.h>

namespace itemctl::web {

// The fields of /proc/<pid>/stat that the process_* families need.
struct ProcStat {
  std::uint64_t utime_ticks = 0;
  std::uint64_t stime_ticks = 0;
  std::uint64_t start_ticks = 0;  // since boot
  std::uint64_t vsize_bytes = 0;
  std::int64_t rss_pages = 0;
};

// Parses one /proc/<pid>/stat line (the command name may hold spaces and
// parentheses); nullopt when it is not one.
std::optional<ProcStat> ParseProcStat(std::string_view line);

// process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_start_time_seconds,
// process_open_fds and process_max_fds, as far as /proc answers.
std::vector<prometheus::MetricFamily> CollectProcessMetrics();

}  // namespace itemctl::web
