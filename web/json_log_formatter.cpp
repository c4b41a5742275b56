#include "web/json_log_formatter.hpp"

#include <chrono>
#include <ctime>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace itemctl::web {
namespace {

// "2023-10-17T19:40:27.831Z": UTC, millisecond precision.
std::string FormatTime(spdlog::log_clock::time_point time) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto since_epoch = duration_cast<milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(since_epoch / 1000);
  long long millis = since_epoch % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[48];
  std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof text - length, ".%03dZ", static_cast<int>(millis));
  return text;
}

std::string ToString(spdlog::string_view_t view) { return std::string(view.data(), view.size()); }

}  // namespace

std::string_view LogLevelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "TRACE";
    case spdlog::level::debug:
      return "DEBUG";
    case spdlog::level::info:
      return "INFO";
    case spdlog::level::warn:
      return "WARNING";
    case spdlog::level::err:
      return "ERROR";
    case spdlog::level::critical:
      return "CRITICAL";
    case spdlog::level::off:
    case spdlog::level::n_levels:
      break;
  }
  return "OFF";
}

JsonLogFormatter::JsonLogFormatter(std::map<std::string, std::string> static_fields)
    : static_fields_(std::move(static_fields)) {}

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  // Insertion order is output order: the fields people read first come first.
  nlohmann::ordered_json line = {{"time", FormatTime(msg.time)},
                                 {"level", std::string(LogLevelName(msg.level))},
                                 {"message", ToString(msg.payload)}};
  if (msg.logger_name.size() > 0) line["logger"] = ToString(msg.logger_name);
  line["thread"] = msg.thread_id;
  if (!msg.source.empty()) {
    line["source"] = {{"file", msg.source.filename}, {"line", msg.source.line}};
  }
  for (const auto& [name, value] : static_fields_) {
    if (!line.contains(name)) line[name] = value;
  }
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + '\n';
  dest.append(text.data(), text.data() + text.size());
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>(static_fields_);
}

}  // namespace itemctl::web
