#include "web/metrics.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "web/process_metrics.hpp"

namespace itemctl::web {
namespace {

// prometheus-fastapi-instrumentator's latency buckets (0.1, 0.5, 1) refined
// below 0.1 s, where this server answers nearly everything.
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10};

constexpr std::array<const char*, 5> kStatusClasses = {"1xx", "2xx", "3xx", "4xx", "5xx"};

std::string_view BoundedMethod(std::string_view method) {
  static constexpr std::array<std::string_view, 9> kKnown = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

std::size_t StatusClassIndex(int status) {
  int group = status / 100;
  return static_cast<std::size_t>(std::clamp(group, 1, 5) - 1);
}

// The label children of one (handler, method), created on first use so the
// hot path is one shared-lock hash lookup and atomic increments.
struct RequestSeries {
  std::array<std::atomic<prometheus::Counter*>, 5> by_status_class{};
  prometheus::Histogram* duration = nullptr;
};

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();

  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("http_requests_total")
          .Help("Total number of requests by method, status and handler.")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& durations =
      prometheus::BuildHistogram()
          .Name("http_request_duration_seconds")
          .Help("Latency with only few buckets by handler. Made to be only used if aggregation "
                "by handler is important.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& logins =
      prometheus::BuildCounter()
          .Name("itemctl_logins_total")
          .Help("Password logins (POST /auth/token) by result.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& version_rejections =
      prometheus::BuildCounter()
          .Name("itemctl_version_rejections_total")
          .Help("Requests refused with 426 by X-Version; versions unknown to the database are "
                "counted as \"unknown\".")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& deprecated_version_requests =
      prometheus::BuildCounter()
          .Name("itemctl_deprecated_version_requests_total")
          .Help("Requests answered with Deprecation and Sunset headers, by X-Version: clients "
                "still on a version announced for retirement.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& purged_family =
      prometheus::BuildCounter()
          .Name("itemctl_sessions_purged_total")
          .Help("Expired sessions deleted by the purge job.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& cron_runs =
      prometheus::BuildCounter()
          .Name("itemctl_cron_runs_total")
          .Help("Scheduled job runs by job and result.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& cron_last_success =
      prometheus::BuildGauge()
          .Name("itemctl_cron_last_success_timestamp_seconds")
          .Help("Unix time of the last successful run of each scheduled job.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& refused =
      prometheus::BuildCounter()
          .Name("itemctl_http_refused_total")
          .Help("Requests and connections refused at the request edge, by reason.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& build_info =
      prometheus::BuildGauge()
          .Name("itemctl_build_info")
          .Help("The running itemctl build; the value is always 1.")
          .Register(*registry);

  // Session security (SPEC §8).
  prometheus::Counter& refresh_token_reuse =
      prometheus::BuildCounter()
          .Name("itemctl_refresh_token_reuse_total")
          .Help("Rotated-out refresh tokens presented again; each ended its whole session.")
          .Register(*registry)
          .Add({});

  prometheus::Counter& login_success = logins.Add({{"result", "success"}});
  prometheus::Counter& login_failure = logins.Add({{"result", "failure"}});
  prometheus::Counter& purged = purged_family.Add({});

  // Request series, keyed "handler method".
  mutable std::shared_mutex series_mutex;
  std::unordered_map<std::string, std::unique_ptr<RequestSeries>> series;
  std::mutex create_mutex;  // serializes creating counters of a series

  std::mutex versions_mutex;
  KnownVersionsSource known_versions_source;
  std::chrono::milliseconds known_versions_refresh{0};
  std::optional<std::chrono::steady_clock::time_point> known_versions_read_at;
  std::set<std::string, std::less<>> known_versions;

  mutable std::mutex sessions_mutex;  // guards both database gauge sources
  ActiveSessionsSource active_sessions_source;
  AuditEventsSource audit_events_source;

  mutable std::mutex throttle_mutex;
  LoginThrottledSource login_throttled_source;
  LockedAccountsSource locked_accounts_source;

  mutable std::mutex connections_mutex;
  ConnectionsSource connections_source;

  RequestSeries& Series(std::string_view handler, std::string_view method);
  prometheus::Counter& RequestCounter(RequestSeries& entry, std::string_view handler,
                                      std::string_view method, std::size_t status_class);
  bool IsKnownVersion(std::string_view version);
  std::optional<prometheus::MetricFamily> ActiveSessions() const;
  std::optional<prometheus::MetricFamily> AuditEvents() const;
  std::vector<prometheus::MetricFamily> LoginThrottle() const;
  std::vector<prometheus::MetricFamily> Connections() const;
};

RequestSeries& Metrics::Impl::Series(std::string_view handler, std::string_view method) {
  thread_local std::string key;
  key.assign(handler);
  key += ' ';
  key += method;
  {
    std::shared_lock lock(series_mutex);
    auto found = series.find(key);
    if (found != series.end()) return *found->second;
  }
  std::unique_lock lock(series_mutex);
  std::unique_ptr<RequestSeries>& slot = series[key];
  if (!slot) {
    slot = std::make_unique<RequestSeries>();
    slot->duration = &durations.Add(
        {{"handler", std::string(handler)}, {"method", std::string(method)}}, kLatencyBuckets);
  }
  return *slot;
}

prometheus::Counter& Metrics::Impl::RequestCounter(RequestSeries& entry, std::string_view handler,
                                                   std::string_view method,
                                                   std::size_t status_class) {
  std::atomic<prometheus::Counter*>& cached = entry.by_status_class[status_class];
  if (prometheus::Counter* counter = cached.load(std::memory_order_acquire)) return *counter;
  std::lock_guard lock(create_mutex);
  prometheus::Counter& counter = requests.Add({{"handler", std::string(handler)},
                                               {"method", std::string(method)},
                                               {"status", kStatusClasses[status_class]}});
  cached.store(&counter, std::memory_order_release);
  return counter;
}

bool Metrics::Impl::IsKnownVersion(std::string_view version) {
  std::unique_lock lock(versions_mutex);
  if (known_versions.find(version) != known_versions.end()) return true;
  if (!known_versions_source) return false;
  const auto now = std::chrono::steady_clock::now();
  if (known_versions_read_at && now - *known_versions_read_at < known_versions_refresh) {
    return false;
  }
  known_versions_read_at = now;
  KnownVersionsSource source = known_versions_source;
  lock.unlock();  // the source reads the database
  std::vector<std::string> fresh = source();
  lock.lock();
  known_versions = std::set<std::string, std::less<>>(fresh.begin(), fresh.end());
  return known_versions.find(version) != known_versions.end();
}

namespace {

// A gauge family of one series per key of `counts`, labelled `label`, or
// of one unlabelled series when `label` is null.
prometheus::MetricFamily GaugeFamily(const char* name, const char* help, const char* label,
                                     const std::map<std::string, std::int64_t>& counts) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = prometheus::MetricType::Gauge;
  for (const auto& [key, count] : counts) {
    prometheus::ClientMetric metric;
    if (label != nullptr) metric.label.push_back({label, key});
    metric.gauge.value = static_cast<double>(count);
    family.metric.push_back(std::move(metric));
  }
  return family;
}

prometheus::MetricFamily SingleGauge(const char* name, const char* help, std::int64_t value) {
  return GaugeFamily(name, help, nullptr, {{"", value}});
}

// GaugeFamily of what `source` reads now (copied under `mutex`, called
// without it); nullopt without an answer.
std::optional<prometheus::MetricFamily> GaugeByLabel(
    std::mutex& mutex, const Metrics::ActiveSessionsSource& source_slot, const char* name,
    const char* help, const char* label) {
  Metrics::ActiveSessionsSource source;
  {
    std::lock_guard lock(mutex);
    source = source_slot;
  }
  if (!source) return std::nullopt;
  std::optional<std::map<std::string, std::int64_t>> counts = source();
  if (!counts) return std::nullopt;
  return GaugeFamily(name, help, label, *counts);
}

}  // namespace

std::optional<prometheus::MetricFamily> Metrics::Impl::ActiveSessions() const {
  return GaugeByLabel(sessions_mutex, active_sessions_source, "itemctl_active_sessions",
                      "Sessions whose refresh token is still valid, by platform.", "platform");
}

std::optional<prometheus::MetricFamily> Metrics::Impl::AuditEvents() const {
  return GaugeByLabel(sessions_mutex, audit_events_source, "itemctl_audit_events",
                      "Audit events kept in the database (all instances and the CLI), by "
                      "action.",
                      "action");
}

std::vector<prometheus::MetricFamily> Metrics::Impl::LoginThrottle() const {
  LoginThrottledSource throttled;
  LockedAccountsSource locked;
  {
    std::lock_guard lock(throttle_mutex);
    throttled = login_throttled_source;
    locked = locked_accounts_source;
  }
  std::vector<prometheus::MetricFamily> families;
  if (throttled) {
    prometheus::MetricFamily family;
    family.name = "itemctl_login_throttled_total";
    family.help = "Login attempts refused with 429 by the password-guessing throttle, by the "
                  "scope of the lock (account or address).";
    family.type = prometheus::MetricType::Counter;
    for (const auto& [scope, count] : throttled()) {
      prometheus::ClientMetric metric;
      metric.label.push_back({"scope", scope});
      metric.counter.value = static_cast<double>(count);
      family.metric.push_back(std::move(metric));
    }
    families.push_back(std::move(family));
  }
  if (std::optional<std::int64_t> count = locked ? locked() : std::nullopt) {
    families.push_back(SingleGauge(
        "itemctl_locked_accounts",
        "Account names (existing or not) locked now by too many failed logins.", *count));
  }
  return families;
}

std::vector<prometheus::MetricFamily> Metrics::Impl::Connections() const {
  ConnectionsSource source;
  {
    std::lock_guard lock(connections_mutex);
    source = connections_source;
  }
  if (!source) return {};
  const core::ConnectionCounts counts = source();
  const auto gauge = [](std::size_t n) { return static_cast<std::int64_t>(n); };
  return {GaugeFamily("itemctl_db_connections",
                      "Database connections this process holds open, by state.", "state",
                      {{"in_use", gauge(counts.open - counts.idle)}, {"idle", gauge(counts.idle)}}),
          SingleGauge("itemctl_db_connection_waiters",
                      "Requests waiting for a database connection: all the pool may open are in "
                      "use.",
                      gauge(counts.waiting))};
}

Metrics::Metrics(std::string build_version) : impl_(std::make_unique<Impl>()) {
  impl_->build_info.Add({{"version", std::move(build_version)}}).Set(1);
}

Metrics::~Metrics() = default;

void Metrics::ObserveRequest(std::string_view handler, std::string_view method, int status,
                             double seconds) {
  if (handler.empty()) handler = kUnmatchedHandler;
  method = BoundedMethod(method);
  RequestSeries& entry = impl_->Series(handler, method);
  impl_->RequestCounter(entry, handler, method, StatusClassIndex(status)).Increment();
  entry.duration->Observe(std::max(seconds, 0.0));
}

void Metrics::CountLogin(LoginResult result) {
  switch (result) {
    case LoginResult::kSuccess:
      impl_->login_success.Increment();
      return;
    case LoginResult::kFailure:
      impl_->login_failure.Increment();
      return;
  }
}

void Metrics::CountVersionRejection(std::string_view version) {
  std::string label = impl_->IsKnownVersion(version) ? std::string(version) : "unknown";
  impl_->version_rejections.Add({{"version", std::move(label)}}).Increment();
}

void Metrics::CountDeprecatedVersionRequest(std::string_view version) {
  impl_->deprecated_version_requests.Add({{"version", std::string(version)}}).Increment();
}

void Metrics::CountSessionsPurged(std::int64_t count) {
  if (count > 0) impl_->purged.Increment(static_cast<double>(count));
}

void Metrics::CountRefusal(std::string_view reason) {
  impl_->refused.Add({{"reason", std::string(reason)}}).Increment();
}

void Metrics::RecordCronRun(std::string_view job, CronResult result,
                            core::UnixSeconds finished_at) {
  const bool ok = result == CronResult::kSuccess;
  impl_->cron_runs.Add({{"job", std::string(job)}, {"result", ok ? "success" : "failure"}})
      .Increment();
  if (ok) {
    impl_->cron_last_success.Add({{"job", std::string(job)}})
        .Set(static_cast<double>(finished_at));
  }
}

void Metrics::CountRefreshTokenReuse() { impl_->refresh_token_reuse.Increment(); }

void Metrics::SetActiveSessionsSource(ActiveSessionsSource source) {
  std::lock_guard lock(impl_->sessions_mutex);
  impl_->active_sessions_source = std::move(source);
}

void Metrics::SetAuditEventsSource(AuditEventsSource source) {
  std::lock_guard lock(impl_->sessions_mutex);
  impl_->audit_events_source = std::move(source);
}

void Metrics::SetLoginThrottleSources(LoginThrottledSource throttled,
                                      LockedAccountsSource locked) {
  std::lock_guard lock(impl_->throttle_mutex);
  impl_->login_throttled_source = std::move(throttled);
  impl_->locked_accounts_source = std::move(locked);
}

void Metrics::SetConnectionsSource(ConnectionsSource source) {
  std::lock_guard lock(impl_->connections_mutex);
  impl_->connections_source = std::move(source);
}

void Metrics::SetKnownVersionsSource(KnownVersionsSource source,
                                     std::chrono::milliseconds refresh_interval) {
  std::lock_guard lock(impl_->versions_mutex);
  impl_->known_versions_source = std::move(source);
  impl_->known_versions_refresh = refresh_interval;
  impl_->known_versions_read_at.reset();
  impl_->known_versions.clear();
}

std::string Metrics::Render() const {
  std::vector<prometheus::MetricFamily> families = impl_->registry->Collect();
  if (std::optional<prometheus::MetricFamily> sessions = impl_->ActiveSessions()) {
    families.push_back(std::move(*sessions));
  }
  if (std::optional<prometheus::MetricFamily> audit = impl_->AuditEvents()) {
    families.push_back(std::move(*audit));
  }
  for (prometheus::MetricFamily& family : impl_->LoginThrottle()) {
    families.push_back(std::move(family));
  }
  for (prometheus::MetricFamily& family : impl_->Connections()) {
    families.push_back(std::move(family));
  }
  for (prometheus::MetricFamily& family : CollectProcessMetrics()) {
    families.push_back(std::move(family));
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace itemctl::web
