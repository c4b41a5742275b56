#pragma once
// The settings of `itemctl serve`, declared once: `serve` runs with them and
// `itemctl config show` takes the same flags, variables and config-file keys
// (the [serve] section) to report what serve would use.

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/domain/error.hpp"
#include "core/services/password_hasher.hpp"
#include "web/server.hpp"

namespace itemctl::cmd {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::optional<std::string> static_dir;
  std::string purge_interval = "24h";
  std::string audit_retention = "365d";
  std::string access_ttl = "120m";
  std::string refresh_ttl = "200d";
  int max_sessions = core::AuthConfig{}.max_sessions_per_user;
  std::size_t max_body = web::ServerOptions{}.max_body_bytes;
  std::int64_t page_max = core::ListingConfig{}.max_limit;
  std::vector<std::string> trust_proxy;
  std::string request_head_timeout = "10s";
  std::size_t body_min_rate = web::ServerOptions{}.body_min_rate;
  std::size_t max_connections_per_address = web::ServerOptions{}.max_connections_per_address;
  int hash_concurrency = core::DefaultHashConcurrency();
  std::optional<std::string> session_max_age;  // unset: the refresh lifetime
  int login_max_failures_per_account = core::ThrottleConfig{}.max_failures_per_account;
  int login_max_failures_per_address = core::ThrottleConfig{}.max_failures_per_address;
  std::string login_failure_window = "15m";
};

// Adds serve's flags to `command`, bound to `o`: each with its ITEMCTL_*
// variable and validator, and configurable (a key of the config file's
// [serve] section). A bad value is a CLI11 parse error (exit 2).
void AddServeSettings(CLI::App* command, ServeOptions& o);

// What web::Server takes, for the database `db` (the --db value).
// kInvalidArgument for a --trust-proxy that is no address or CIDR.
core::Result<web::ServerOptions> ToServerOptions(const std::string& db, const ServeOptions& o);

}  // namespace itemctl::cmd
