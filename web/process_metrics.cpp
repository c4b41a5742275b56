#include "web/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace itemctl::web {
namespace {

prometheus::MetricFamily Single(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
  return family;
}

std::optional<std::string> ReadFirstLine(const char* path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return line;
}

// System boot time in Unix seconds, from the btime line of /proc/stat.
std::optional<std::uint64_t> BootTime() {
  std::ifstream in("/proc/stat");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("btime ", 0) == 0) {
      std::uint64_t value = 0;
      const char* begin = line.data() + 6;
      const char* end = line.data() + line.size();
      if (std::from_chars(begin, end, value).ec == std::errc()) return value;
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> OpenFileDescriptors() {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/self/fd", ec);
  if (ec) return std::nullopt;
  std::int64_t count = 0;
  for (const auto& entry : it) {
    (void)entry;
    ++count;
  }
  // The iterator's own descriptor was open while counting.
  return count > 0 ? count - 1 : 0;
}

}  // namespace

std::optional<ProcStat> ParseProcStat(std::string_view line) {
  // Fields after the command name, which ends at the last ')'.
  std::size_t close = line.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::istringstream fields{std::string(line.substr(close + 1))};
  std::vector<std::string> after;  // after[0] is field 3 (state)
  for (std::string field; fields >> field;) after.push_back(field);
  if (after.size() < 22) return std::nullopt;
  auto number = [&after](std::size_t field_number, auto& out) {
    const std::string& text = after[field_number - 3];
    return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc();
  };
  ProcStat stat;
  if (!number(14, stat.utime_ticks) || !number(15, stat.stime_ticks) ||
      !number(22, stat.start_ticks) || !number(23, stat.vsize_bytes) ||
      !number(24, stat.rss_pages)) {
    return std::nullopt;
  }
  return stat;
}

std::vector<prometheus::MetricFamily> CollectProcessMetrics() {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> families;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page_size = static_cast<double>(sysconf(_SC_PAGESIZE));
  std::optional<std::string> line = ReadFirstLine("/proc/self/stat");
  std::optional<ProcStat> stat = line ? ParseProcStat(*line) : std::nullopt;
  if (stat && ticks > 0) {
    families.push_back(Single("process_cpu_seconds_total",
                              "Total user and system CPU time spent in seconds.",
                              MetricType::Counter,
                              static_cast<double>(stat->utime_ticks + stat->stime_ticks) / ticks));
    families.push_back(Single("process_resident_memory_bytes", "Resident memory size in bytes.",
                              MetricType::Gauge,
                              static_cast<double>(stat->rss_pages) * page_size));
    families.push_back(Single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                              MetricType::Gauge, static_cast<double>(stat->vsize_bytes)));
    if (std::optional<std::uint64_t> boot = BootTime()) {
      families.push_back(Single(
          "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
          MetricType::Gauge,
          static_cast<double>(*boot) + static_cast<double>(stat->start_ticks) / ticks));
    }
  }
  if (std::optional<std::int64_t> fds = OpenFileDescriptors()) {
    families.push_back(Single("process_open_fds", "Number of open file descriptors.",
                              MetricType::Gauge, static_cast<double>(*fds)));
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    families.push_back(Single("process_max_fds", "Maximum number of open file descriptors.",
                              MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return families;
}

}  // namespace itemctl::web
