#include "cmd/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <utility>

#include "web/json_log_formatter.hpp"

namespace itemctl::cmd {

namespace {

// The `%*` pattern flag: the upper-case level name.
class UpperLevelFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    // Python logging's names ("INFO", "WARNING"), as the reference printed.
    std::string_view name = web::LogLevelName(msg.level);
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

std::vector<std::string> LogFormatNames() { return {"text", "json"}; }

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

void SetUpLogging(std::string_view level, LogFormat format) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("itemctl", std::move(sink));
  switch (format) {
    case LogFormat::kText: {
      auto formatter = std::make_unique<spdlog::pattern_formatter>();
      formatter->add_flag<UpperLevelFlag>('*').set_pattern(kTextPattern);
      logger->set_formatter(std::move(formatter));
      break;
    }
    case LogFormat::kJson:
      logger->set_formatter(std::make_unique<web::JsonLogFormatter>());
      break;
  }
  spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for names it does not know; only "off" means off.
  if (parsed == spdlog::level::off && level != "off") parsed = spdlog::level::info;
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace itemctl::cmd
