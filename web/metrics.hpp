#pragma once
// Prometheus metrics of `itemctl serve` (SPEC §5), named like
// prometheus-fastapi-instrumentator's so its Grafana dashboards work
// unchanged, plus itemctl's own. One Metrics per server; every method is
// thread-safe and may be called from any worker thread. Render() produces the
// text exposition format with prometheus::TextSerializer.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/storage/connection_counts.hpp"

namespace itemctl::web {

// Content-Type of GET /metrics.
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
// The `handler` label of requests that matched no route.
inline constexpr const char* kUnmatchedHandler = "none";

enum class LoginResult { kSuccess, kFailure };
enum class CronResult { kSuccess, kFailure };

class Metrics {
 public:
  // Live sessions by platform, read at scrape time; nullopt when the
  // database cannot answer (the family is then left out of that scrape).
  using ActiveSessionsSource = std::function<std::optional<std::map<std::string, std::int64_t>>()>;
  // The versions the database knows (supported or not), for bounding the
  // version label; read at most once per refresh interval, on a miss.
  using KnownVersionsSource = std::function<std::vector<std::string>()>;

  // `build_version` becomes itemctl_build_info{version}.
  explicit Metrics(std::string build_version);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Call once per response. `handler` is the route template
  // ("/items/{item_id}"), empty for an unmatched path (labelled "none").
  // `status` is grouped as "2xx"…"5xx"; methods outside the HTTP set become
  // "OTHER", so no label takes an unbounded set of values.
  void ObserveRequest(std::string_view handler, std::string_view method, int status,
                      double seconds);

  void CountLogin(LoginResult result);
  // Counts a 426. The label is `version` when the database knows it, else
  // "unknown"; without a KnownVersionsSource every version is "unknown".
  void CountVersionRejection(std::string_view version);
  // Counts a request served with the Deprecation and Sunset headers, by
  // its X-Version. Only versions an admin announced for retirement get
  // those headers, so the label stays bounded.
  void CountDeprecatedVersionRequest(std::string_view version);
  void CountSessionsPurged(std::int64_t count);
  // A request or connection the request edge refused; `reason` is one of
  // its fixed labels (web/request_edge/refusal.hpp).
  void CountRefusal(std::string_view reason);
  // One finished scheduler run; a success also sets the job's last success
  // time to `finished_at`.
  void RecordCronRun(std::string_view job, CronResult result, core::UnixSeconds finished_at);
  // A replayed rotated-out refresh token ended its session (SPEC §8).
  void CountRefreshTokenReuse();

  // Both sources are called without any Metrics lock held. Set them before
  // the server starts; they must outlive this object or be replaced.
  void SetActiveSessionsSource(ActiveSessionsSource source);
  // Audit events kept in the database, by action (SPEC §10), read at scrape
  // time as itemctl_audit_events; nullopt leaves the family out. Counted in
  // the database, so it includes every instance's and the CLI's events.
  using AuditEventsSource = ActiveSessionsSource;
  void SetAuditEventsSource(AuditEventsSource source);
  void SetKnownVersionsSource(KnownVersionsSource source,
                              std::chrono::milliseconds refresh_interval = std::chrono::seconds(5));

  // Login throttling (SPEC §8), read at scrape time without any Metrics lock
  // held: refused attempts by scope ("account", "address") since start, as
  // itemctl_login_throttled_total, and the account names locked now, as
  // itemctl_locked_accounts (nullopt: the database did not answer, and the
  // gauge is left out of that scrape). Set before the server starts.
  using LoginThrottledSource = std::function<std::map<std::string, std::int64_t>()>;
  using LockedAccountsSource = std::function<std::optional<std::int64_t>()>;
  void SetLoginThrottleSources(LoginThrottledSource throttled, LockedAccountsSource locked);

  // The database connection pool, read at scrape time without any Metrics
  // lock held: itemctl_db_connections by state ("in_use", "idle") and
  // itemctl_db_connection_waiters, the requests waiting for a connection
  // because all the pool may open are in use. Set before the server starts.
  using ConnectionsSource = std::function<core::ConnectionCounts()>;
  void SetConnectionsSource(ConnectionsSource source);

  // Every family in the text exposition format, process_* read from
  // /proc/self now.
  std::string Render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace itemctl::web
