// Serves /docs, /openapi.json, the Redoc bundle and /logo.png with the
// operations components on a bare httplib server, for the browser test.
// Usage: itemctl_docs_server DIR. Creates DIR/docs.db with the activated
// user `docs` (password `docs-password-1`), listens on an ephemeral
// 127.0.0.1 port, prints "port N" and serves until stdin closes.

#include <httplib.h>

#include <iostream>
#include <string>
#include <thread>

#include "core/domain/clock.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/users.hpp"
#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"
#include "web/docs.hpp"
#include "web/openapi.hpp"
#include "web/static_files.hpp"

using namespace itemctl;

namespace {

// The database with the docs user, and the services over it.
std::unique_ptr<core::ServiceHub> CreateDatabase(const std::string& path, const core::Clock& clock,
                                                 const core::PasswordHasher& hasher) {
  auto backend = core::OpenBackend({.url = path, .mode = core::OpenMode::kCreateIfMissing});
  if (!backend) return nullptr;
  auto hub = std::make_unique<core::ServiceHub>(std::move(*backend),
                                                core::ServiceDeps{clock, &hasher});
  auto services = hub->Acquire();
  if (!services || !(*services)->schema().ApplyPending(clock.Now())) return nullptr;
  core::Users users = (*services)->users();
  if (!users.Add(core::Actor::System(), {"docs", core::kRoleUser, "docs-password-1"})) {
    return nullptr;
  }
  return hub;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: itemctl_docs_server DIR\n";
    return 2;
  }
  const std::string db_path = std::string(argv[1]) + "/docs.db";
  core::SystemClock clock;
  core::PasswordHasher hasher("docs-test-pepper-0123456789", core::Argon2Params{8, 1, 1});
  std::unique_ptr<core::ServiceHub> hub = CreateDatabase(db_path, clock, hasher);
  if (!hub) {
    std::cerr << "itemctl_docs_server: cannot create " << db_path << "\n";
    return 1;
  }
  web::Docs docs(web::BuildOpenApi("1.0.0"), web::SessionsPasswordCheck(*hub));
  web::StaticFiles files = web::StaticFiles::Embedded();

  httplib::Server server;
  auto serve = [](const core::Result<web::AssetResponse>& response, httplib::Response& res) {
    if (response) {
      web::WriteResponse(*response, res);
    } else {
      res.status = 503;
    }
  };
  server.Get(web::kDocsPath, [&](const httplib::Request& req, httplib::Response& res) {
    serve(docs.Page(req.get_header_value("Authorization"), req.remote_addr), res);
  });
  server.Get(web::kOpenApiPath, [&](const httplib::Request& req, httplib::Response& res) {
    serve(docs.OpenApi(req.get_header_value("Authorization"), req.remote_addr), res);
  });
  server.Get(web::kRedocBundlePath, [&](const httplib::Request& req, httplib::Response& res) {
    web::WriteResponse(docs.Bundle(web::ConditionalHeadersOf(req)), res);
  });
  server.Get(R"(/.+)", [&](const httplib::Request& req, httplib::Response& res) {
    web::WriteResponse(files.Lookup(req.path, web::ConditionalHeadersOf(req)), res);
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) return 1;
  std::thread stopper([&server] {
    std::string ignored;
    while (std::getline(std::cin, ignored)) {
    }
    server.stop();
  });
  std::cout << "port " << port << std::endl;
  server.listen_after_bind();
  stopper.join();
  return 0;
}
