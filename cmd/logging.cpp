#include "cmd/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <utility>

namespace itemctl::cmd {

namespace {

// Python logging's level names, which the reference application printed and
// its log parsers expect: "INFO", "WARNING", ...
constexpr std::string_view UpperLevelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return "TRACE";
    case spdlog::level::debug: return "DEBUG";
    case spdlog::level::info: return "INFO";
    case spdlog::level::warn: return "WARNING";
    case spdlog::level::err: return "ERROR";
    case spdlog::level::critical: return "CRITICAL";
    case spdlog::level::off: return "OFF";
    case spdlog::level::n_levels: break;
  }
  return "UNKNOWN";
}

// The `%*` pattern flag: the upper-case level name.
class UpperLevelFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string_view name = UpperLevelName(msg.level);
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<UpperLevelFlag>();
  }
};

constexpr const char* kTextPattern = "%Y-%m-%d %H:%M:%S,%e [%*] %v";

}  // namespace

std::vector<std::string> LogLevelNames() {
  return {"trace", "debug", "info", "warn", "error", "critical", "off"};
}

std::vector<std::string> LogFormatNames() { return {"text"}; }

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  return std::nullopt;
}

void SetUpLogging(std::string_view level, LogFormat format) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("itemctl", std::move(sink));
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  switch (format) {
    case LogFormat::kText:
      formatter->add_flag<UpperLevelFlag>('*').set_pattern(kTextPattern);
      break;
  }
  logger->set_formatter(std::move(formatter));
  spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for names it does not know; only "off" means off.
  if (parsed == spdlog::level::off && level != "off") parsed = spdlog::level::info;
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace itemctl::cmd
