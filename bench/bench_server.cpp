// A stand-alone web::Server for bench/wrk.sh, so the API can be measured
// without the CLI: prepares the database (migrations, admin, item 1), then
// serves until SIGINT or SIGTERM, with the access log on stdout.
//
//   itemctl_bench_server DB_PATH PORT [THREADS]
// The admin password is ITEMCTL_ADMIN_PASSWORD (default "bench-admin-password");
// SPDLOG_LEVEL=warn turns the access log off.

#include <signal.h>
#include <spdlog/cfg/env.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "core/domain/actor.hpp"
#include "core/services/bootstrap.hpp"
#include "core/services/items.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"
#include "web/server.hpp"

using namespace itemctl;

namespace {

int Fail(const std::string& what, const core::Error& error) {
  std::cerr << "bench_server: " << what << ": " << error.message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: itemctl_bench_server DB_PATH PORT [THREADS]\n";
    return 2;
  }
  // Blocked before any thread starts, so only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // SPDLOG_LEVEL=warn measures without the access log.
  spdlog::cfg::load_env_levels();

  const char* env_password = std::getenv("ITEMCTL_ADMIN_PASSWORD");
  std::string admin_password = env_password != nullptr ? env_password : "bench-admin-password";
  core::SystemClock clock;
  core::PasswordHasher hasher("bench-pepper-not-a-secret-0123456789");

  {
    auto backend = core::OpenBackend({.url = argv[1], .mode = core::OpenMode::kCreateIfMissing});
    if (!backend) return Fail("open", backend.error());
    core::ServiceHub hub(std::move(*backend), core::ServiceDeps{clock, &hasher});
    auto services = hub.Acquire();
    if (!services) return Fail("open", services.error());
    auto report = core::Bootstrap(**services, admin_password);
    if (!report) return Fail("bootstrap", report.error());
    core::Items items = (*services)->items();
    if (!items.Get(1)) {
      auto added = items.Add(core::Actor::System(), 1, {"bench item", "Fetched by wrk"});
      if (!added) return Fail("item", added.error());
    }
  }

  web::ServerOptions options;
  options.db_path = argv[1];
  options.port = std::atoi(argv[2]);
  options.threads = argc > 3 ? std::atoi(argv[3]) : 0;
  // wrk's connections all come from 127.0.0.1: trusted, so not capped.
  options.trusted_proxies = *web::TrustedProxies::Parse({"127.0.0.1"});
  auto server = web::Server::Create(options, clock, hasher);
  if (!server) return Fail("create", server.error());
  if (core::Status listening = (*server)->Listen(); !listening) {
    return Fail("listen", listening.error());
  }
  spdlog::info("bench server listening on 127.0.0.1:{}", (*server)->port());

  std::thread watcher([&stop_signals, &server] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    (*server)->Stop();
  });
  (*server)->Run();
  watcher.join();
  return 0;
}
