#include "web/access_log.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace itemctl::web {

namespace {

constexpr std::array<std::string_view, 5> kSecretParameters = {
    "access_token", "refresh_token", "token", "password", "client_secret"};

bool IsSecret(std::string_view key) {
  return std::any_of(kSecretParameters.begin(), kSecretParameters.end(), [key](std::string_view s) {
    return key.size() == s.size() &&
           std::equal(key.begin(), key.end(), s.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
}

// Keeps one log line per request whatever a client puts in its headers.
std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '"' || c == '\\') {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string RedactTarget(std::string_view target) {
  std::size_t question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  bool first = true;
  for (;;) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && IsSecret(pair.substr(0, eq))) {
      out += pair.substr(0, eq + 1);
      out += "***";
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string FormatAccessLine(const RequestRecord& record) {
  const httplib::Request& request = record.request;
  std::string version = request.has_header("X-Version")
                            ? Printable(request.get_header_value("X-Version"))
                            : std::string("-");
  std::string target = request.target.empty() ? request.path : request.target;
  return fmt::format("{} \"{} {} {}\" {} {}B {:.2f}ms version={} agent=\"{}\"", request.remote_addr,
                     Printable(request.method), Printable(RedactTarget(target)),
                     Printable(request.version), record.response.status,
                     record.response.body.size(), record.duration_seconds * 1000.0, version,
                     Printable(request.get_header_value("User-Agent")));
}

RequestObserver AccessLogObserver() {
  return [](const RequestRecord& record) {
    spdlog::logger* logger = spdlog::default_logger_raw();
    if (!logger->should_log(spdlog::level::info)) return;
    // A plain string is logged as is, without a second formatting pass.
    logger->info(FormatAccessLine(record));
  };
}

}  // namespace itemctl::web
