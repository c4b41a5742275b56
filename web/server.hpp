#pragma once
// `itemctl serve`: the REST API of SPEC §2 on cpp-httplib. Routes parse,
// call core services on a pooled connection, and render; no business rule
// lives here. Create() checks the options and the database, Listen() binds,
// Run() serves until Stop() (safe from any thread, e.g. a signal watcher),
// letting in-flight requests finish. While it serves, expired sessions are
// purged on a background thread at start and every purge_interval_seconds.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/services/password_hasher.hpp"
#include "web/client_address.hpp"

namespace itemctl::web {

struct ServerOptions {
  std::string db_path = "./itemctl.db";
  std::string host = "127.0.0.1";
  int port = 8080;                       // 0: pick a free port (tests)
  int threads = 0;                       // 0: DefaultThreads()
  std::size_t max_body_bytes = 256 * 1024;  // larger bodies get 413
  std::size_t keep_alive_max_requests = 1000;
  int keep_alive_timeout_seconds = 5;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  std::optional<std::string> static_dir;  // nullopt: the embedded assets/static
  std::int64_t purge_interval_seconds = 24 * 3600;
  // Audit events older than this are deleted by the purge job's twin, run at
  // the same interval (SPEC §10).
  std::int64_t audit_retention_seconds = core::kDefaultAuditRetentionSeconds;
  core::AuthConfig auth;
  core::ListingConfig listing;
  // Reverse proxies whose X-Forwarded-For names the client (--trust-proxy).
  TrustedProxies trusted_proxies;
  // Request edge and slow clients (SPEC §8, web/request_edge/).
  int request_head_timeout_seconds = 10;          // from the head's first byte; else 408
  std::size_t body_min_rate = 500;                // bytes/s after 20 s; 0: no minimum
  std::size_t max_connections_per_address = 64;   // 0: no cap; trusted proxies exempt
  // Failed-login limits per account and per client address (SPEC §8).
  core::ThrottleConfig throttle;
};

// The worker threads when ServerOptions::threads is 0: enough for the
// connections expected at once on this machine.
int DefaultThreads();

class Server {
 public:
  // The hasher carries the pepper and bounds concurrent Argon2 work; the
  // clock is injectable for tests. Both must outlive the server.
  // kInvalidArgument for bad options, kStorage / kSchemaOutOfDate when the
  // database cannot be used.
  static core::Result<std::unique_ptr<Server>> Create(const ServerOptions& options,
                                                      const core::Clock& clock,
                                                      const core::PasswordHasher& hasher);
  virtual ~Server() = default;

  // Binds host:port; kInvalidArgument naming the address when it cannot.
  virtual core::Status Listen() = 0;
  // The bound port (after Listen()).
  virtual int port() const = 0;
  // Serves until Stop(); returns when every in-flight request has finished.
  virtual void Run() = 0;
  virtual void Stop() = 0;
};

}  // namespace itemctl::web
