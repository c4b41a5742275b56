#pragma once
// The route table of the API. Each route is a method, a FastAPI-style path
// template ("/items/{item_id}"), whether the X-Version check applies, whether
// a bearer token is required, and a handler that parses, calls core and
// renders. The router runs the common steps in SPEC order (version check,
// then authentication, then the handler), adds the Deprecation and Sunset
// headers when the request's version is announced for retirement, answers
// 404/405 in JSON, records the matched template of each request and tells
// observers (access log, metrics) about every response.
//
// Routes and observers are added before the server starts (not thread-safe);
// Dispatch and the request hooks are called concurrently by the workers.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/error.hpp"
#include "core/services/service_set.hpp"
#include "core/services/sessions.hpp"
#include "web/app_context.hpp"
#include "web/reply.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace itemctl::web {

enum class VersionCheck { kApplies, kExempt };
enum class Access { kPublic, kBearer };

// What a handler sees of its request. Valid only during the handler call.
class RequestContext {
 public:
  const httplib::Request& http() const { return http_; }
  // The raw value of path parameter `name`; empty when the template has none.
  std::string_view PathParam(std::string_view name) const;
  // PathParam parsed as an id >= 1 ("item_id must be an integer >= 1").
  core::Result<core::Id> PathId(std::string_view name) const;
  // The services over this request's Store; only for routes with
  // `uses_database`.
  const core::ServiceSet& services() const { return *services_; }
  // The authenticated caller; only for Access::kBearer routes.
  const core::Principal& principal() const { return *principal_; }
  // The caller acting through this request, with its client address for
  // the audit trail; only for Access::kBearer routes.
  core::Actor actor() const;

 private:
  friend class Router;
  RequestContext(const httplib::Request& http, const AppContext& app) : http_(http), app_(app) {}

  const httplib::Request& http_;
  const AppContext& app_;
  std::vector<std::pair<std::string_view, std::string_view>> params_;
  const core::ServiceSet* services_ = nullptr;
  const core::Principal* principal_ = nullptr;
};

using RouteHandler = std::function<core::Result<Reply>(RequestContext&)>;

struct Route {
  std::string method;  // GET, POST, PUT, PATCH or DELETE; GET also serves HEAD
  std::string path;    // template, parameters as {name}
  VersionCheck version_check = VersionCheck::kApplies;
  Access access = Access::kPublic;
  bool uses_database = true;
  RouteHandler handler;
};

// One finished request, as observers see it.
struct RequestRecord {
  const httplib::Request& request;
  const httplib::Response& response;
  std::string_view route;  // the matched template; empty when none matched
  double duration_seconds = 0;
};
using RequestObserver = std::function<void(const RequestRecord&)>;

// Serves GET/HEAD requests no route matches (static files); nullopt: 404.
using Fallback = std::function<std::optional<Reply>(const httplib::Request&)>;

class Router {
 public:
  explicit Router(const AppContext& app) : app_(app) {}

  void Add(Route route);
  void AddObserver(RequestObserver observer) { observers_.push_back(std::move(observer)); }
  void SetFallback(Fallback fallback) { fallback_ = std::move(fallback); }
  // Every registered route, in registration order (OpenAPI, metrics).
  const std::vector<Route>& routes() const { return routes_; }

  // The longest path routed; longer ones get 414 before any matching.
  static constexpr std::size_t kMaxPathLength = 2048;

  // httplib's pre-routing hook: starts the request clock. Returns true when
  // the request was answered here, because it has no body to read (no
  // Content-Length or Transfer-Encoding, or a method other than POST, PUT,
  // PATCH, DELETE) or its path is too long; false leaves it to httplib to
  // read the body and call Dispatch.
  bool BeginRequest(const httplib::Request& request, httplib::Response& response);
  // Answers a request whose body (if any) has been read.
  void Dispatch(const httplib::Request& request, httplib::Response& response);
  // httplib's logger hook, after the response was written: notifies observers.
  void EndRequest(const httplib::Request& request, const httplib::Response& response);

 private:
  struct Segment {
    std::string text;  // literal, or the parameter name
    bool parameter = false;
  };
  enum class MatchKind { kNotFound, kMethodNotAllowed, kMatched };
  struct Match {
    MatchKind kind = MatchKind::kNotFound;
    std::size_t route = 0;
    std::string allow;  // for 405: the methods the path does accept
  };

  Match Find(std::string_view method, std::string_view path) const;
  bool Matches(std::size_t route, const std::vector<std::string_view>& parts) const;
  Reply Handle(const httplib::Request& request);
  Reply Unmatched(const httplib::Request& request, std::string_view method, const Match& match);
  Reply Run(const Route& route, RequestContext& context);
  // Run's steps after the version check: authentication and the handler.
  Reply RunChecked(const Route& route, RequestContext& context);

  const AppContext& app_;
  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> patterns_;  // parallel to routes_
  std::vector<RequestObserver> observers_;
  Fallback fallback_;
};

}  // namespace itemctl::web
