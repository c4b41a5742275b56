// `itemctl serve`: migrates and bootstraps the database, then runs the HTTP
// API (web::Server) until SIGINT or SIGTERM, letting requests in flight end.

#include <pthread.h>
#include <signal.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

#include "cmd/commands.hpp"
#include "cmd/serve_settings.hpp"
#include "web/server.hpp"

namespace itemctl::cmd {

namespace {

// A login waits this long for an Argon2 worker before 503 + Retry-After (SPEC §8).
constexpr std::chrono::seconds kHashSlotWait{1};

// Waits for SIGINT/SIGTERM on its own thread and stops the server. The
// signals must be blocked in every thread, so construct this before any
// other thread starts.
class SignalWatcher {
 public:
  explicit SignalWatcher(web::Server& server) : server_(server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    thread_ = std::thread([this] { Watch(); });
  }
  // Wakes the watcher if no signal came (the server stopped on its own).
  ~SignalWatcher() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_ = true;
      if (!signalled_) pthread_kill(thread_.native_handle(), SIGTERM);
    }
    thread_.join();
  }
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void Watch() {
    int received = 0;
    sigwait(&signals_, &received);
    std::lock_guard<std::mutex> lock(mutex_);
    signalled_ = true;
    if (finished_) return;
    spdlog::info("Received {}, stopping: letting requests in flight finish",
                 received == SIGINT ? "SIGINT" : "SIGTERM");
    server_.Stop();
  }

  web::Server& server_;
  sigset_t signals_;
  std::mutex mutex_;
  bool signalled_ = false;
  bool finished_ = false;
  std::thread thread_;
};

void BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

core::Status RunServe(Context& ctx, const ServeOptions& o) {
  // Before any thread exists, so that only the watcher ever sees them.
  BlockStopSignals();
  ctx.SetHashingLimits(core::HashingLimits{o.hash_concurrency, kHashSlotWait, {}});
  core::Result<web::ServerOptions> parsed = ToServerOptions(ctx.options().db_path, o);
  if (!parsed) return parsed.error();
  const web::ServerOptions& options = *parsed;
  core::Result<core::BootstrapReport> report = BootstrapDatabase(ctx);
  if (!report) return report.error();
  if (core::Status shown = PrintAdminCredentials(ctx, *report); !shown) return shown;
  core::Result<const core::PasswordHasher*> hasher = ctx.Hasher();
  if (!hasher) return hasher.error();
  core::Result<std::unique_ptr<web::Server>> server =
      web::Server::Create(options, ctx.clock(), **hasher);
  if (!server) return server.error();
  if (core::Status s = (*server)->Listen(); !s) return s;
  ctx.out() << "itemctl serving on http://" << options.host << ":" << (*server)->port()
            << " (database " << ctx.DatabaseName() << ")" << std::endl;
  {
    SignalWatcher watcher(**server);
    (*server)->Run();
  }
  spdlog::info("Server stopped");
  return core::Ok();
}

}  // namespace

void AddServeCommands(CLI::App& root, Action& chosen) {
  CLI::App* serve = root.add_subcommand(
      "serve", "Run the HTTP API (migrates and creates the admin on first run)");
  serve->footer(
      "Each flag falls back to its key in the --config file's [serve] section, then to the\n"
      "ITEMCTL_* variable shown, then to its default. `itemctl config show` lists the result.");
  auto o = std::make_shared<ServeOptions>();
  AddServeSettings(serve, *o);
  serve->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return RunServe(ctx, *o); };
  });
}

}  // namespace itemctl::cmd
