#pragma once
// `--log-format json`: an spdlog formatter writing one JSON object per line,
//   {"time":"2023-10-17T19:40:27.831Z","level":"INFO","message":"...",
//    "logger":"access","thread":1234, <static fields>}
// `logger` is left out for the default (unnamed) logger; `source` {file,line}
// appears only for messages logged with a source location. Invalid UTF-8 in
// a message is replaced, never thrown. Stateless apart from the fields given
// at construction, so one instance may serve several sinks and threads.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <spdlog/formatter.h>

namespace itemctl::web {

// The level names of both log formats, as Python's logging spells them:
// TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL ("OFF" for level::off).
std::string_view LogLevelName(spdlog::level::level_enum level);

class JsonLogFormatter final : public spdlog::formatter {
 public:
  // `static_fields` (say {"service": "itemctl"}) are added to every line;
  // they never replace time, level, message, logger, thread or source.
  explicit JsonLogFormatter(std::map<std::string, std::string> static_fields = {});

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  std::map<std::string, std::string> static_fields_;
};

}  // namespace itemctl::web
