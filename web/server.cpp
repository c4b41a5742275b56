#include "web/server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

#include "core/services/audit_purge.hpp"
#include "core/services/scheduler.hpp"
#include "core/services/session_purge.hpp"
#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"
#include "web/access_log.hpp"
#include "web/app_context.hpp"
#include "web/elastic_thread_pool.hpp"
#include "web/http_status.hpp"
#include "web/operations.hpp"
#include "web/request_edge/guarded_server.hpp"
#include "web/router.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

// cpp-httplib serves each connection on one worker for its whole keep-alive
// life (up to keep_alive_max_requests), so the pool must cover the
// connections expected at once: SPEC §6 wants 256 without a timeout, and 64
// workers under 256 wrk connections left 79 requests timing out. Workers
// start as connections come and end after kIdleWorkerTimeout without one
// (ElasticThreadPool); SQLite connections open on first use.
int DefaultThreads() {
  unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<int>(std::max(256U, 32U * cores));
}

namespace {

// The most worker threads --threads may ask for.
constexpr int kMaxThreads = 4096;
// A worker with no connection to serve for this long ends (a burst of
// connections leaves no threads behind).
constexpr std::chrono::milliseconds kIdleWorkerTimeout{10000};
// Debian's libcpp-httplib is built with a listen backlog of 5, which drops
// connection bursts; the listening socket is re-armed with this one.
constexpr int kListenBacklog = 1024;

core::Error BadOption(std::string message) {
  return core::MakeError(core::Errc::kInvalidArgument, std::move(message));
}

core::Status ValidateOptions(const ServerOptions& o) {
  if (o.db_path.empty() || o.db_path == ":memory:") {
    return BadOption("database '" + o.db_path + "' cannot be served: the server needs a file");
  }
  if (o.host.empty()) return BadOption("listen host must not be empty");
  if (o.port < 0 || o.port > 65535) {
    return BadOption("port " + std::to_string(o.port) + " is out of range (0-65535)");
  }
  if (o.threads < 0 || o.threads > kMaxThreads) {
    return BadOption("threads must be between 1 and " + std::to_string(kMaxThreads) + ", got " +
                     std::to_string(o.threads));
  }
  if (o.max_body_bytes == 0) return BadOption("maximum body size must be at least 1 byte");
  if (o.keep_alive_max_requests == 0) {
    return BadOption("keep-alive maximum requests must be at least 1");
  }
  if (o.purge_interval_seconds < 1) return BadOption("purge interval must be at least 1 second");
  if (o.auth.access_ttl_seconds < 1 || o.auth.refresh_ttl_seconds < 1) {
    return BadOption("token lifetimes must be at least 1 second");
  }
  if (o.auth.max_sessions_per_user < 1) return BadOption("session cap must be at least 1");
  if (o.listing.default_limit < 1 || o.listing.max_limit < 1) {
    return BadOption("page limits must be at least 1");
  }
  if (o.throttle.max_failures_per_account < 1 || o.throttle.max_failures_per_address < 1) {
    return BadOption("login failure limits must be at least 1");
  }
  if (o.throttle.window_seconds < 1) {
    return BadOption("login failure window must be at least 1 second");
  }
  for (auto [name, value] : {std::pair{"keep-alive timeout", o.keep_alive_timeout_seconds},
                             std::pair{"read timeout", o.read_timeout_seconds},
                             std::pair{"write timeout", o.write_timeout_seconds}}) {
    if (value < 1) {
      return BadOption(std::string(name) + " must be at least 1 second, got " +
                       std::to_string(value));
    }
  }
  if (o.request_head_timeout_seconds < 1) {
    return BadOption("request head timeout must be at least 1 second, got " +
                     std::to_string(o.request_head_timeout_seconds));
  }
  return core::Ok();
}

// The request edge's limits and deadlines (SPEC §8).
EdgeOptions EdgeOptionsFor(const ServerOptions& o) {
  EdgeOptions edge;
  edge.limits.max_body = o.max_body_bytes;
  edge.limits.head_timeout = std::chrono::seconds(o.request_head_timeout_seconds);
  edge.limits.body_min_rate = o.body_min_rate;
  edge.limits.read_timeout = std::chrono::seconds(o.read_timeout_seconds);
  edge.limits.keep_alive_timeout = std::chrono::seconds(o.keep_alive_timeout_seconds);
  edge.limits.keep_alive_max_requests = o.keep_alive_max_requests;
  edge.write_timeout = std::chrono::seconds(o.write_timeout_seconds);
  edge.max_connections_per_address = o.max_connections_per_address;
  edge.trusted_proxies = o.trusted_proxies;
  return edge;
}

// Gives what httplib answers by itself (400, 413, 414...) a JSON body;
// false when the response already has one.
bool FillErrorBody(std::size_t max_body, httplib::Response& res) {
  if (!res.body.empty()) return false;
  std::string message = res.status == 413
                            ? "request body exceeds " + std::to_string(max_body) + " bytes"
                            : ReasonPhrase(res.status);
  Reply reply = DetailReply(res.status, message);
  res.set_content(reply.body, reply.content_type.c_str());
  return true;
}

// The last resort for a bug: logged, and a JSON 500 for the client.
void RenderException(const httplib::Request& req, httplib::Response& res,
                     std::exception_ptr failure) {
  std::string what = "unknown exception";
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  spdlog::error("{} {} failed: {}", req.method, req.path, what);
  Reply reply = DetailReply(500, ReasonPhrase(500));
  res.status = reply.status;
  res.set_content(reply.body, reply.content_type.c_str());
}

// One line per change of the database file's state, not one per request.
void LogDatabaseFileState(core::DatabaseFileState state, const std::string& message) {
  if (state == core::DatabaseFileState::kWritable) {
    spdlog::info("{}", message);
  } else {
    spdlog::warn("{}", message);
  }
}

// SPEC §5: the purge logs "Tokens: expired tokens deleted: N".
void LogCronRun(const core::Scheduler::Run& run) {
  if (!run.ok) {
    spdlog::error("{}: {}", run.job, run.message);
  } else if (!run.message.empty()) {
    spdlog::info("{}", run.message);
  }
}

class HttpServer final : public Server {
 public:
  HttpServer(const ServerOptions& options, const core::Clock& clock,
             const core::PasswordHasher& hasher, std::unique_ptr<core::Backend> backend)
      : options_(options),
        services_(std::move(backend), core::ServiceDeps{clock, &hasher, options.auth,
                                                        options.throttle, nullptr}),
        app_{services_, clock, options.listing, options.trusted_proxies},
        router_(app_),
        scheduler_(clock, [this](const core::Scheduler::Run& run) { RecordCronRun(run); }),
        http_(EdgeOptionsFor(options)) {
    AddApiRoutes(router_, app_);
    router_.AddObserver(AccessLogObserver());
    Configure();
    InstallHandlers();
  }

  // Metrics, docs and static files, registered after the API routes so the
  // OpenAPI completeness check sees every route. kInvalidArgument for a bad
  // --static-dir; kInternal for an undocumented route.
  core::Status AddOperations() {
    core::Result<std::unique_ptr<OperationsSurface>> ops =
        OperationsSurface::Create(app_, options_.static_dir);
    if (!ops) return ops.error();
    ops_ = std::move(*ops);
    http_.SetRefusalObserver(
        [this](RefusalReason reason) { ops_->metrics().CountRefusal(RefusalLabel(reason)); });
    services_.SetSessionEvents(&ops_->session_events());
    return ops_->Register(router_);
  }

  // Registers the background jobs; fails only on options Create() checked.
  core::Status AddJobs() {
    auto count_purged = [this](std::int64_t n) { ops_->metrics().CountSessionsPurged(n); };
    const std::chrono::seconds interval(options_.purge_interval_seconds);
    core::Status sessions = scheduler_.Add(core::kSessionPurgeJob, interval,
                                           core::MakeSessionPurgeJob(services_, count_purged));
    if (!sessions) return sessions;
    return scheduler_.Add(core::kAuditPurgeJob, interval,
                          core::MakeAuditPurgeJob(services_, options_.audit_retention_seconds));
  }

  core::Status Listen() override;
  int port() const override { return port_; }
  void Run() override;
  void Stop() override;

 private:
  void RecordCronRun(const core::Scheduler::Run& run) {
    LogCronRun(run);
    if (ops_ == nullptr) return;
    ops_->metrics().RecordCronRun(
        run.job, run.ok ? CronResult::kSuccess : CronResult::kFailure, run.finished_at);
  }
  // Thread pool, socket options, limits and timeouts of SPEC §6.
  void Configure();
  // Routes every request through router_; JSON for whatever httplib answers.
  void InstallHandlers();

  ServerOptions options_;
  core::ServiceHub services_;
  AppContext app_;
  std::unique_ptr<OperationsSurface> ops_;  // outlives router_, which calls it
  Router router_;
  core::Scheduler scheduler_;  // the expired-session purge, while Run() serves
  GuardedServer http_;  // httplib behind the request edge
  std::atomic<int> listen_fd_{-1};
  int port_ = 0;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> in_run_{false};
};

void HttpServer::Configure() {
  int threads = options_.threads > 0 ? options_.threads : DefaultThreads();
  http_.new_task_queue = [threads] {
    return new ElasticThreadPool(static_cast<std::size_t>(threads), kIdleWorkerTimeout);
  };
  // Without it every response waits for the peer's delayed ACK (~40 ms).
  http_.set_tcp_nodelay(true);
  // Only SO_REUSEADDR: httplib's default also sets SO_REUSEPORT, which lets a
  // second server silently share the port instead of failing to listen.
  http_.set_socket_options([this](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_fd_ = sock;
  });
  http_.set_keep_alive_max_count(options_.keep_alive_max_requests);
  http_.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  http_.set_read_timeout(options_.read_timeout_seconds);
  http_.set_write_timeout(options_.write_timeout_seconds);
  http_.set_payload_max_length(options_.max_body_bytes);
}

void HttpServer::InstallHandlers() {
  using HttpLib = httplib::Server;
  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return router_.BeginRequest(req, res) ? HttpLib::HandlerResponse::Handled
                                          : HttpLib::HandlerResponse::Unhandled;
  });
  // Requests with a body come here once httplib has read it (or refused it
  // with 413); the router does the matching.
  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    router_.Dispatch(req, res);
  };
  http_.Post(".*", dispatch).Put(".*", dispatch).Patch(".*", dispatch).Delete(".*", dispatch);
  std::size_t max_body = options_.max_body_bytes;
  http_.set_error_handler(
      HttpLib::HandlerWithResponse([max_body](const httplib::Request&, httplib::Response& res) {
        return FillErrorBody(max_body, res) ? HttpLib::HandlerResponse::Handled
                                            : HttpLib::HandlerResponse::Unhandled;
      }));
  http_.set_exception_handler(RenderException);
  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    router_.EndRequest(req, res);
  });
}

core::Status HttpServer::Listen() {
  int bound = -1;
  if (options_.port == 0) {
    bound = http_.bind_to_any_port(options_.host);
  } else if (http_.bind_to_port(options_.host, options_.port)) {
    bound = options_.port;
  }
  if (bound <= 0) {
    return core::MakeError(core::Errc::kInvalidArgument,
                           "cannot listen on " + options_.host + ":" +
                               std::to_string(options_.port) +
                               ": address in use, unknown or not local");
  }
  port_ = bound;
  // Calling listen() again on a listening socket only changes its backlog.
  if (listen_fd_ >= 0) ::listen(listen_fd_, kListenBacklog);
  return core::Ok();
}

void HttpServer::Run() {
  in_run_ = true;
  if (!stop_requested_ && listen_fd_ >= 0) {
    scheduler_.Start();
    http_.listen_after_bind();
    scheduler_.Stop();
  }
  in_run_ = false;
}

void HttpServer::Stop() {
  stop_requested_ = true;
  // httplib's stop() does nothing until its accept loop has started; wait for
  // that when Run() is on its way in, so a Stop() racing Run() is not lost.
  while (in_run_ && !http_.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  http_.stop();
}

}  // namespace

core::Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options,
                                                     const core::Clock& clock,
                                                     const core::PasswordHasher& hasher) {
  core::Status valid = ValidateOptions(options);
  if (!valid) return valid.error();
  core::Result<std::unique_ptr<core::Backend>> backend = core::OpenBackend(
      {.url = options.db_path, .mode = core::OpenMode::kMustExist,
       .on_file_state = LogDatabaseFileState});
  if (!backend) return backend.error();
  {
    core::Result<core::StoreLease> store = (*backend)->Acquire(core::LeaseUse::kRead);
    if (!store) return store.error();
    if (core::Status current = (*store)->schema().RequireCurrent(); !current) {
      return current.error();
    }
  }
  auto server = std::make_unique<HttpServer>(options, clock, hasher, std::move(*backend));
  if (core::Status ops = server->AddOperations(); !ops) return ops.error();
  if (core::Status jobs = server->AddJobs(); !jobs) return jobs.error();
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace itemctl::web
