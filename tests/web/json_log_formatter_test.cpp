#include "web/json_log_formatter.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace itemctl::web {
namespace {

// A logger writing through JsonLogFormatter into `out`.
std::shared_ptr<spdlog::logger> JsonLogger(std::ostringstream& out, const std::string& name,
                                           std::map<std::string, std::string> fields = {}) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(std::make_unique<JsonLogFormatter>(std::move(fields)));
  auto logger = std::make_shared<spdlog::logger>(name, sink);
  logger->set_level(spdlog::level::trace);
  return logger;
}

std::vector<nlohmann::json> ParseLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("each log record is one JSON object on one line", "[web][logging]") {
  std::ostringstream out;
  auto logger = JsonLogger(out, "");
  logger->info("Tokens: expired tokens deleted: {}", 3);
  logger->warn("line one\nline two with \"quotes\" and a tab\t");
  logger->error("failed");
  logger->critical("down");
  logger->debug("details");
  logger->trace("more details");

  const std::string text = out.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 6);
  std::vector<nlohmann::json> lines = ParseLines(text);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0]["message"] == "Tokens: expired tokens deleted: 3");
  CHECK(lines[0]["level"] == "INFO");
  CHECK(lines[1]["message"] == "line one\nline two with \"quotes\" and a tab\t");
  CHECK(lines[1]["level"] == "WARNING");
  CHECK(lines[2]["level"] == "ERROR");
  CHECK(lines[3]["level"] == "CRITICAL");
  CHECK(lines[4]["level"] == "DEBUG");
  CHECK(lines[5]["level"] == "TRACE");
  CHECK_FALSE(lines[0].contains("logger"));
  CHECK(lines[0]["thread"].is_number_unsigned());
  CHECK_FALSE(lines[0].contains("source"));
}

TEST_CASE("the time is UTC ISO 8601 with milliseconds, and comes first", "[web][logging]") {
  std::ostringstream out;
  auto logger = JsonLogger(out, "access");
  logger->info("GET /items 200");
  const std::string line = out.str();
  CHECK(std::regex_search(line, std::regex(R"(^\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",)"
                                           R"("level":"INFO","message":"GET /items 200",)"
                                           R"("logger":"access","thread":\d+\}\n$)")));
}

TEST_CASE("a fixed timestamp is rendered exactly", "[web][logging]") {
  JsonLogFormatter formatter;
  spdlog::details::log_msg msg(spdlog::source_loc{"server.cpp", 42, "Run"}, "itemctl",
                               spdlog::level::info, "Listening on 127.0.0.1:8080");
  msg.time = spdlog::log_clock::time_point(std::chrono::milliseconds(1697571627831LL));
  msg.thread_id = 7;
  spdlog::memory_buf_t buffer;
  formatter.format(msg, buffer);
  CHECK(std::string(buffer.data(), buffer.size()) ==
        R"({"time":"2023-10-17T19:40:27.831Z","level":"INFO",)"
        R"("message":"Listening on 127.0.0.1:8080","logger":"itemctl","thread":7,)"
        R"("source":{"file":"server.cpp","line":42}})"
        "\n");
}

TEST_CASE("static fields are added but never replace the record's own", "[web][logging]") {
  std::ostringstream out;
  auto logger = JsonLogger(out, "", {{"service", "itemctl"}, {"level", "forged"}});
  logger->info("hello");
  std::vector<nlohmann::json> lines = ParseLines(out.str());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["service"] == "itemctl");
  CHECK(lines[0]["level"] == "INFO");

  // clone() keeps the fields, as spdlog clones formatters per sink.
  std::unique_ptr<spdlog::formatter> copy = JsonLogFormatter(std::map<std::string, std::string>{{"service", "itemctl"}}).clone();
  spdlog::details::log_msg msg("", spdlog::level::info, "x");
  spdlog::memory_buf_t buffer;
  copy->format(msg, buffer);
  CHECK(nlohmann::json::parse(std::string(buffer.data(), buffer.size()))["service"] == "itemctl");
}

TEST_CASE("invalid UTF-8 in a message is replaced, not thrown", "[web][logging]") {
  std::ostringstream out;
  auto logger = JsonLogger(out, "");
  logger->info("bad byte: \xff end");
  std::vector<nlohmann::json> lines = ParseLines(out.str());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["message"] == "bad byte: \xEF\xBF\xBD end");
}

TEST_CASE("level names follow Python's logging", "[web][logging]") {
  CHECK(LogLevelName(spdlog::level::warn) == "WARNING");
  CHECK(LogLevelName(spdlog::level::err) == "ERROR");
  CHECK(LogLevelName(spdlog::level::off) == "OFF");
}

}  // namespace itemctl::web
