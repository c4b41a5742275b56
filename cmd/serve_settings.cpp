#include "cmd/serve_settings.hpp"

#include <algorithm>
#include <charconv>
#include <thread>

#include "core/domain/clock.hpp"

namespace itemctl::cmd {

namespace {

struct Address {
  std::string host;
  int port = 0;
};

// "HOST:PORT" or "[IPv6]:PORT"; nullopt when malformed.
std::optional<Address> ParseAddress(const std::string& text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string_view digits(text);
  digits.remove_prefix(colon + 1);
  int port = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port < 0 || port > 65535) {
    return std::nullopt;
  }
  return Address{host, port};
}

CLI::Validator AddressValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (ParseAddress(text)) return {};
        return "'" + text + "' is not HOST:PORT with a port from 0 to 65535";
      },
      "HOST:PORT");
}

CLI::Validator DurationValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (core::ParseDurationSeconds(text)) return {};
        return "'" + text + "' is not a duration: use e.g. 30s, 15m, 24h or 7d";
      },
      "DURATION");
}

}  // namespace

core::Result<web::ServerOptions> ToServerOptions(const std::string& db, const ServeOptions& o) {
  web::ServerOptions options;
  options.db_path = db;
  std::optional<Address> address = ParseAddress(o.listen);  // validated while parsing
  options.host = address->host;
  options.port = address->port;
  options.threads = o.threads;
  options.max_body_bytes = o.max_body;
  options.static_dir = o.static_dir;
  options.purge_interval_seconds = core::ParseDurationSeconds(o.purge_interval).value_or(0);
  options.audit_retention_seconds = core::ParseDurationSeconds(o.audit_retention).value_or(0);
  options.auth.access_ttl_seconds = core::ParseDurationSeconds(o.access_ttl).value_or(0);
  options.auth.refresh_ttl_seconds = core::ParseDurationSeconds(o.refresh_ttl).value_or(0);
  options.auth.max_sessions_per_user = o.max_sessions;
  options.listing.max_limit = o.page_max;
  options.listing.default_limit = std::min(options.listing.default_limit, o.page_max);
  core::Result<web::TrustedProxies> proxies = web::TrustedProxies::Parse(o.trust_proxy);
  if (!proxies) return proxies.error();
  options.trusted_proxies = std::move(*proxies);
  options.request_head_timeout_seconds =
      static_cast<int>(std::min<std::int64_t>(
          core::ParseDurationSeconds(o.request_head_timeout).value_or(0), 24 * 3600));
  options.body_min_rate = o.body_min_rate;
  options.max_connections_per_address = o.max_connections_per_address;
  if (o.session_max_age) {
    options.auth.session_max_age_seconds =
        core::ParseDurationSeconds(*o.session_max_age).value_or(0);
  }
  options.throttle.max_failures_per_account = o.login_max_failures_per_account;
  options.throttle.max_failures_per_address = o.login_max_failures_per_address;
  options.throttle.window_seconds = core::ParseDurationSeconds(o.login_failure_window).value_or(0);
  return options;
}

void AddServeSettings(CLI::App* command, ServeOptions& o) {
  command->add_option("--listen", o.listen, "Address to listen on")
      ->envname("ITEMCTL_LISTEN")
      ->check(AddressValidator())
      ->capture_default_str()
      ->configurable();
  command
      ->add_option("--threads", o.threads, "Most worker threads, started as connections come and ended after 10 s idle (0: a default sized for this machine)")
      ->envname("ITEMCTL_THREADS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str()
      ->configurable();
  command->add_option("--static-dir", o.static_dir,
                      "Serve this directory at / instead of the embedded files")
      ->envname("ITEMCTL_STATIC_DIR")
      ->check(CLI::ExistingDirectory)
      ->configurable();
  command
      ->add_option("--purge-interval", o.purge_interval, "How often expired sessions are purged")
      ->envname("ITEMCTL_PURGE_INTERVAL")
      ->check(DurationValidator())
      ->capture_default_str()
      ->configurable();
  command
      ->add_option("--audit-retention", o.audit_retention,
                   "Audit events older than this are deleted at each purge")
      ->envname("ITEMCTL_AUDIT_RETENTION")
      ->check(DurationValidator())
      ->capture_default_str()
      ->configurable();
  command->add_option("--access-ttl", o.access_ttl, "Access token lifetime")
      ->envname("ITEMCTL_ACCESS_TTL")
      ->check(DurationValidator())
      ->capture_default_str()
      ->configurable();
  command->add_option("--refresh-ttl", o.refresh_ttl, "Refresh token lifetime")
      ->envname("ITEMCTL_REFRESH_TTL")
      ->check(DurationValidator())
      ->capture_default_str()
      ->configurable();
  command->add_option("--max-sessions", o.max_sessions,
                      "Live sessions per user; a new login evicts the oldest")
      ->envname("ITEMCTL_MAX_SESSIONS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->configurable();
  command->add_option("--max-body", o.max_body, "Largest request body in bytes (larger: 413)")
      ->envname("ITEMCTL_MAX_BODY")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->configurable();
  command
      ->add_option("--page-max", o.page_max, "Largest page a listing returns (limit is clamped)")
      ->envname("ITEMCTL_PAGE_MAX")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->configurable();
  command->add_option("--trust-proxy", o.trust_proxy,
                      "Reverse proxy address or CIDR whose X-Forwarded-For names the client "
                      "(repeatable; comma-separated in the variable)")
      ->envname("ITEMCTL_TRUST_PROXY")
      ->delimiter(',')
      ->configurable();
  command->add_option("--request-head-timeout", o.request_head_timeout,
                      "Time a request head may take from its first byte (then 408)")
      ->envname("ITEMCTL_REQUEST_HEAD_TIMEOUT")
      ->check(DurationValidator())
      ->capture_default_str()
      ->configurable();
  command->add_option("--body-min-rate", o.body_min_rate,
                      "Bytes per second a request body must keep up after 20 s (0: no minimum)")
      ->envname("ITEMCTL_BODY_MIN_RATE")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str()
      ->configurable();
  command->add_option("--max-connections-per-address", o.max_connections_per_address,
                      "Open connections one client address may hold (0: no cap; "
                      "--trust-proxy addresses are exempt)")
      ->envname("ITEMCTL_MAX_CONNECTIONS_PER_ADDRESS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str()
      ->configurable();
  const int max_hash_concurrency =
      4 * static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  command->add_option("--hash-concurrency", o.hash_concurrency,
                      "Password hashes (Argon2, ~30 ms of a core each) run at once, on "
                      "lower-priority threads; a login waiting over 1 s for one gets 503")
      ->envname("ITEMCTL_HASH_CONCURRENCY")
      ->check(CLI::Range(1, max_hash_concurrency))
      ->capture_default_str()
      ->configurable();
  command->add_option("--session-max-age", o.session_max_age,
                      "Absolute session lifetime from login; refreshing never extends it "
                      "(default: the refresh token lifetime)")
      ->envname("ITEMCTL_SESSION_MAX_AGE")
      ->check(DurationValidator())
      ->configurable();
  command->add_option("--login-max-failures-per-account", o.login_max_failures_per_account,
                      "Failed logins per account name within the window before it gets 429")
      ->envname("ITEMCTL_LOGIN_MAX_FAILURES_PER_ACCOUNT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->configurable();
  command->add_option("--login-max-failures-per-address", o.login_max_failures_per_address,
                      "Failed logins per client address within the window before it gets 429")
      ->envname("ITEMCTL_LOGIN_MAX_FAILURES_PER_ADDRESS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->configurable();
  command->add_option("--login-failure-window", o.login_failure_window,
                      "How long a failed login counts (sliding window)")
      ->envname("ITEMCTL_LOGIN_FAILURE_WINDOW")
      ->check(DurationValidator())
      ->capture_default_str()
      ->configurable();
}

}  // namespace itemctl::cmd
