#pragma once
// Process-wide logging for the CLI and the server: spdlog's default logger,
// writing to stderr. Call SetUpLogging once, before any thread starts.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itemctl::cmd {

enum class LogFormat {
  kText,  // "2023-10-17 19:40:27,831 [INFO] message"
  kJson,  // one JSON object per line: time, level, message, ...
};

// The names --log-level and --log-format accept, for the CLI's validators.
std::vector<std::string> LogLevelNames();
std::vector<std::string> LogFormatNames();

// nullopt for a name LogFormatNames() does not list.
std::optional<LogFormat> ParseLogFormat(std::string_view name);

// Installs a stderr logger at `level` (one of LogLevelNames(); an unknown
// name means "info") in `format` as spdlog's default logger.
void SetUpLogging(std::string_view level, LogFormat format);

}  // namespace itemctl::cmd
