// Request routing and query parameters: web::Router (path splitting,
// template matching, 404/405, the trailing-slash redirect, path ids) over
// the real route table of web::AddApiRoutes, and the QueryReader reads and
// core::MakePageRequest the list routes run on page, limit, name,
// description, username and activated. Input: the first byte picks the
// method, the rest is the request target, split and decoded the way
// httplib does before it calls the router.
// The routes keep their templates but get a handler that parses instead of
// calling core, so no database is needed.
// Invariants: the status is one the router can give; a path id read is
// >= 1; an accepted page request has page >= 1 and 1 <= limit <= the maximum.

#include <httplib.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/domain/validation.hpp"
#include "core/services/password_hasher.hpp"
#include "core/storage/open_backend.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "web/app_context.hpp"
#include "web/request_parsing.hpp"
#include "web/router.hpp"
#include "web/routes.hpp"

namespace core = itemctl::core;
namespace web = itemctl::web;
using itemctl::fuzz::Require;

namespace {

constexpr std::array<const char*, 8> kMethods = {"GET",   "HEAD",   "POST",    "PUT",
                                                 "PATCH", "DELETE", "OPTIONS", "get"};

// The list handlers' reads, as routes_items.cpp and routes_users.cpp make them.
core::Result<web::Reply> ReadQuery(web::RequestContext& ctx) {
  web::QueryReader query(ctx.http());
  (void)query.String("name");
  (void)query.String("description");
  (void)query.String("username");
  (void)query.Bool("activated");
  std::optional<std::int64_t> page = query.Integer("page", 1);
  std::optional<std::int64_t> limit = query.Integer("limit", 1);
  if (!query.ok()) return query.error();
  Require(!page || *page >= 1, "a read page is >= 1");
  Require(!limit || *limit >= 1, "a read limit is >= 1");
  const core::ListingConfig listing;
  core::Result<core::PageRequest> request = core::MakePageRequest(page, limit, listing);
  if (!request) return request.error();
  Require(request->page >= 1, "a page request has page >= 1");
  Require(request->limit >= 1 && request->limit <= listing.max_limit,
          "a page request has 1 <= limit <= max");
  return web::Reply::Json(200, {{"page", request->page}, {"limit", request->limit}});
}

web::RouteHandler ParsingHandler(const std::string& path) {
  std::vector<std::string> ids;
  for (std::size_t open = path.find('{'); open != std::string::npos;
       open = path.find('{', open + 1)) {
    ids.push_back(path.substr(open + 1, path.find('}', open) - open - 1));
  }
  return [ids](web::RequestContext& ctx) -> core::Result<web::Reply> {
    for (const std::string& name : ids) {
      core::Result<core::Id> id = ctx.PathId(name);
      if (!id) return id.error();
      Require(*id >= 1, "a path id is >= 1");
    }
    return ReadQuery(ctx);
  };
}

struct Fixture {
  core::ManualClock clock{1697402410};
  core::PasswordHasher hasher{"fuzz-pepper-0123456789abcdef", {8, 1, 1}};
  // An in-memory database no route here touches.
  core::ServiceHub services{
      std::move(*core::OpenBackend({.url = ":memory:", .mode = core::OpenMode::kCreateIfMissing})),
      core::ServiceDeps{clock, &hasher}};
  web::AppContext app{services, clock, {}, {}};
  web::Router router{app};

  Fixture() {
    web::Router real(app);
    web::AddApiRoutes(real, app);
    for (const web::Route& route : real.routes()) {
      router.Add({
          .method = route.method,
          .path = route.path,
          .version_check = web::VersionCheck::kExempt,
          .access = web::Access::kPublic,
          .uses_database = false,
          .handler = ParsingHandler(route.path),
      });
    }
  }
};

// What httplib's Server::parse_request_line does with the target.
void SplitTarget(httplib::Request& request) {
  std::size_t count = 0;
  const std::string& target = request.target;
  httplib::detail::split(target.data(), target.data() + target.size(), '?',
                         [&](const char* b, const char* e) {
                           if (count == 0) {
                             request.path = httplib::detail::decode_url(std::string(b, e), false);
                           } else if (count == 1 && e > b) {
                             httplib::detail::parse_query_text(std::string(b, e), request.params);
                           }
                           ++count;
                         });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture();
  if (size == 0) return 0;
  httplib::Request request;
  request.method = kMethods[data[0] % kMethods.size()];
  request.target.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  SplitTarget(request);

  httplib::Response response;
  fixture->router.BeginRequest(request, response);
  fixture->router.EndRequest(request, response);
  const int status = response.status;
  Require(status == 200 || status == 307 || status == 404 || status == 405 || status == 414 ||
              status == 422,
          "the router answers 200, 307, 404, 405, 414 or 422");
  return 0;
}
