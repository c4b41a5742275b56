#include "web/metrics.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "web/process_metrics.hpp"

namespace itemctl::web {
namespace {

// The sample lines of `family` (no # HELP / # TYPE), sorted: prometheus-cpp
// keeps a family's series in hash order.
std::vector<std::string> Samples(const std::string& text, const std::string& family) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(family + "{", 0) == 0 || line.rfind(family + " ", 0) == 0) {
      lines.push_back(line);
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

bool HasLine(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// The value of the first sample of `family`.
double Value(const std::string& text, const std::string& family) {
  std::vector<std::string> samples = Samples(text, family);
  REQUIRE_FALSE(samples.empty());
  return std::stod(samples.front().substr(samples.front().rfind(' ') + 1));
}

}  // namespace

TEST_CASE("requests are counted by route template, method and status class", "[web][metrics]") {
  Metrics metrics("1.2.3");
  metrics.ObserveRequest("/items/{item_id}", "GET", 200, 0.004);
  metrics.ObserveRequest("/items/{item_id}", "GET", 200, 0.2);
  metrics.ObserveRequest("/items/{item_id}", "GET", 404, 0.001);
  metrics.ObserveRequest("/auth/token", "POST", 401, 0.03);
  metrics.ObserveRequest("", "GET", 404, 0.0005);
  metrics.ObserveRequest("", "BREW", 400, 0.0005);
  metrics.ObserveRequest("/items", "POST", 503, 0.01);
  const std::string text = metrics.Render();

  CHECK(HasLine(text, "# TYPE http_requests_total counter"));
  CHECK(Samples(text, "http_requests_total") ==
        std::vector<std::string>{
            R"(http_requests_total{handler="/auth/token",method="POST",status="4xx"} 1)",
            R"(http_requests_total{handler="/items",method="POST",status="5xx"} 1)",
            R"(http_requests_total{handler="/items/{item_id}",method="GET",status="2xx"} 2)",
            R"(http_requests_total{handler="/items/{item_id}",method="GET",status="4xx"} 1)",
            R"(http_requests_total{handler="none",method="GET",status="4xx"} 1)",
            R"(http_requests_total{handler="none",method="OTHER",status="4xx"} 1)",
        });
}

TEST_CASE("request durations land in buckets that include 0.1", "[web][metrics]") {
  Metrics metrics("1.2.3");
  metrics.ObserveRequest("/items/{item_id}", "GET", 200, 0.004);
  metrics.ObserveRequest("/items/{item_id}", "GET", 200, 0.2);
  const std::string text = metrics.Render();

  CHECK(HasLine(text, "# TYPE http_request_duration_seconds histogram"));
  const std::string series = R"(http_request_duration_seconds_bucket{handler="/items/{item_id}",method="GET",le=)";
  CHECK(HasLine(text, series + R"("0.005"} 1)"));
  CHECK(HasLine(text, series + R"("0.1"} 1)"));
  CHECK(HasLine(text, series + R"("0.25"} 2)"));
  CHECK(HasLine(text, series + R"("0.5"} 2)"));
  CHECK(HasLine(text, series + R"("1"} 2)"));
  CHECK(HasLine(text, series + R"("+Inf"} 2)"));
  CHECK(HasLine(text,
                R"(http_request_duration_seconds_count{handler="/items/{item_id}",method="GET"} 2)"));
  CHECK(Value(text, "http_request_duration_seconds_sum") == Approx(0.204));
}

TEST_CASE("counts from many threads add up exactly", "[web][metrics]") {
  Metrics metrics("1.2.3");
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&metrics, t] {
      for (int i = 0; i < 5000; ++i) {
        metrics.ObserveRequest(t % 2 == 0 ? "/items" : "/users", "GET", 200 + (i % 2) * 300,
                               0.001);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const std::string text = metrics.Render();
  CHECK(HasLine(text, R"(http_requests_total{handler="/items",method="GET",status="2xx"} 5000)"));
  CHECK(HasLine(text, R"(http_requests_total{handler="/items",method="GET",status="5xx"} 5000)"));
  CHECK(HasLine(text, R"(http_requests_total{handler="/users",method="GET",status="2xx"} 5000)"));
  CHECK(HasLine(text,
                R"(http_request_duration_seconds_count{handler="/users",method="GET"} 10000)"));
}

TEST_CASE("logins, purges, cron runs and build info have their own families",
          "[web][metrics]") {
  Metrics metrics("1.2.3");
  metrics.CountLogin(LoginResult::kSuccess);
  metrics.CountLogin(LoginResult::kFailure);
  metrics.CountLogin(LoginResult::kFailure);
  metrics.CountSessionsPurged(3);
  metrics.CountSessionsPurged(0);
  metrics.RecordCronRun("purge_expired_sessions", CronResult::kSuccess, 1697402410);
  metrics.RecordCronRun("purge_expired_sessions", CronResult::kFailure, 1697402500);
  const std::string text = metrics.Render();

  CHECK(HasLine(text, R"(itemctl_logins_total{result="failure"} 2)"));
  CHECK(HasLine(text, R"(itemctl_logins_total{result="success"} 1)"));
  CHECK(HasLine(text, "itemctl_sessions_purged_total 3"));
  CHECK(HasLine(text, R"(itemctl_cron_runs_total{job="purge_expired_sessions",result="success"} 1)"));
  CHECK(HasLine(text, R"(itemctl_cron_runs_total{job="purge_expired_sessions",result="failure"} 1)"));
  CHECK(HasLine(
      text, R"(itemctl_cron_last_success_timestamp_seconds{job="purge_expired_sessions"} 1697402410)"));
  CHECK(HasLine(text, R"(itemctl_build_info{version="1.2.3"} 1)"));
  CHECK(HasLine(text, "# TYPE itemctl_cron_last_success_timestamp_seconds gauge"));
}

TEST_CASE("version rejections keep only versions the database knows", "[web][metrics]") {
  Metrics metrics("1.2.3");
  metrics.CountVersionRejection("0.1");  // no source yet: unknown
  int reads = 0;
  metrics.SetKnownVersionsSource(
      [&reads] {
        ++reads;
        return std::vector<std::string>{"0.1", "0.2", "1.0"};
      },
      std::chrono::hours(1));
  metrics.CountVersionRejection("0.1");
  metrics.CountVersionRejection("0.2");
  metrics.CountVersionRejection("0.1");
  metrics.CountVersionRejection("9.9-attacker-chosen");
  metrics.CountVersionRejection("another-one");
  const std::string text = metrics.Render();

  CHECK(Samples(text, "itemctl_version_rejections_total") ==
        std::vector<std::string>{R"(itemctl_version_rejections_total{version="0.1"} 2)",
                                 R"(itemctl_version_rejections_total{version="0.2"} 1)",
                                 R"(itemctl_version_rejections_total{version="unknown"} 3)"});
  // One read for the first lookup; misses within the refresh interval reuse it.
  CHECK(reads == 1);
}

TEST_CASE("active sessions are read from the source at every scrape", "[web][metrics]") {
  Metrics metrics("1.2.3");
  CHECK(Samples(metrics.Render(), "itemctl_active_sessions").empty());
  std::optional<std::map<std::string, std::int64_t>> counts =
      std::map<std::string, std::int64_t>{{"web", 2}, {"ios", 1}};
  metrics.SetActiveSessionsSource([&counts] { return counts; });
  std::string text = metrics.Render();
  CHECK(HasLine(text, "# TYPE itemctl_active_sessions gauge"));
  CHECK(Samples(text, "itemctl_active_sessions") ==
        std::vector<std::string>{R"(itemctl_active_sessions{platform="ios"} 1)",
                                 R"(itemctl_active_sessions{platform="web"} 2)"});

  counts = std::map<std::string, std::int64_t>{{"web", 1}};
  CHECK(Samples(metrics.Render(), "itemctl_active_sessions") ==
        std::vector<std::string>{R"(itemctl_active_sessions{platform="web"} 1)"});
  counts = std::nullopt;  // database down: the family is left out
  CHECK(Samples(metrics.Render(), "itemctl_active_sessions").empty());
}

TEST_CASE("database connections are read from the pool at every scrape", "[web][metrics]") {
  Metrics metrics("1.2.3");
  CHECK(Samples(metrics.Render(), "itemctl_db_connections").empty());
  core::ConnectionCounts counts{64, 0, 3};
  metrics.SetConnectionsSource([&counts] { return counts; });
  std::string text = metrics.Render();
  CHECK(HasLine(text, "# TYPE itemctl_db_connections gauge"));
  CHECK(HasLine(text, "# TYPE itemctl_db_connection_waiters gauge"));
  CHECK(Samples(text, "itemctl_db_connections") ==
        std::vector<std::string>{R"(itemctl_db_connections{state="idle"} 0)",
                                 R"(itemctl_db_connections{state="in_use"} 64)"});
  CHECK(Samples(text, "itemctl_db_connection_waiters") ==
        std::vector<std::string>{"itemctl_db_connection_waiters 3"});

  counts = core::ConnectionCounts{5, 4, 0};
  text = metrics.Render();
  CHECK(Samples(text, "itemctl_db_connections") ==
        std::vector<std::string>{R"(itemctl_db_connections{state="idle"} 4)",
                                 R"(itemctl_db_connections{state="in_use"} 1)"});
  CHECK(Samples(text, "itemctl_db_connection_waiters") ==
        std::vector<std::string>{"itemctl_db_connection_waiters 0"});
}

TEST_CASE("process metrics describe this process", "[web][metrics]") {
  Metrics metrics("1.2.3");
  const std::string text = metrics.Render();
  CHECK(HasLine(text, "# TYPE process_cpu_seconds_total counter"));
  CHECK(HasLine(text, "# TYPE process_resident_memory_bytes gauge"));
  CHECK(Value(text, "process_resident_memory_bytes") > 1024 * 1024);
  CHECK(Value(text, "process_open_fds") >= 3);
  CHECK(Value(text, "process_cpu_seconds_total") >= 0);
  const double started = Value(text, "process_start_time_seconds");
  const double now = static_cast<double>(std::time(nullptr));
  CHECK(started <= now + 1);
  CHECK(started > now - 3600);
}

TEST_CASE("a /proc stat line parses even when the command holds parentheses",
          "[web][metrics]") {
  const std::string line =
      "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 500 0 0 0 150 25 0 0 20 0 3 0 "
      "98765 123456789 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
  std::optional<ProcStat> stat = ParseProcStat(line);
  REQUIRE(stat);
  CHECK(stat->utime_ticks == 150);
  CHECK(stat->stime_ticks == 25);
  CHECK(stat->start_ticks == 98765);
  CHECK(stat->vsize_bytes == 123456789);
  CHECK(stat->rss_pages == 2048);
  CHECK_FALSE(ParseProcStat("4242 (truncated) S 1 2 3"));
  CHECK_FALSE(ParseProcStat("no parenthesis at all"));
}

}  // namespace itemctl::web
