#include "web/router.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <exception>

#include "core/services/versions.hpp"
#include "web/http_status.hpp"
#include "web/login_guard.hpp"
#include "web/request_parsing.hpp"
#include "web/sunset_headers.hpp"

namespace itemctl::web {

namespace {

using SteadyClock = std::chrono::steady_clock;

// The request a worker thread is serving. httplib runs one request at a time
// per worker, from the pre-routing hook to the logger hook, so a thread-local
// ties the two hooks together without touching the (const) request.
struct ActiveRequest {
  SteadyClock::time_point start;
  const std::string* route = nullptr;
  bool started = false;
};
thread_local ActiveRequest t_active;

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  for (;;) {
    std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// Whether httplib must read a body before dispatch. It reads bodies only for
// these methods, and reads a request with neither Content-Length nor
// Transfer-Encoding until the peer closes (a bodyless `curl -X POST` would
// wait for the read timeout), although such a request has no body at all
// (RFC 9112 §6.3).
bool CarriesBody(const httplib::Request& request) {
  const std::string& method = request.method;
  bool body_method = method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
  return body_method &&
         (request.has_header("Content-Length") || request.has_header("Transfer-Encoding"));
}

void Write(const Reply& reply, httplib::Response& response) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (reply.content_type.empty()) {
    response.body = reply.body;
  } else {
    response.set_content(reply.body, reply.content_type.c_str());
  }
}

}  // namespace

core::Actor RequestContext::actor() const {
  core::Actor actor = principal().actor();
  actor.address = ClientAddressOf(app_, http_);
  return actor;
}

std::string_view RequestContext::PathParam(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return {};
}

core::Result<core::Id> RequestContext::PathId(std::string_view name) const {
  return ParseId(name, PathParam(name));
}

void Router::Add(Route route) {
  std::vector<Segment> pattern;
  for (std::string_view part : SplitPath(route.path)) {
    bool parameter = part.size() > 2 && part.front() == '{' && part.back() == '}';
    if (parameter) part = part.substr(1, part.size() - 2);
    pattern.push_back(Segment{std::string(part), parameter});
  }
  patterns_.push_back(std::move(pattern));
  routes_.push_back(std::move(route));
}

bool Router::Matches(std::size_t route, const std::vector<std::string_view>& parts) const {
  const std::vector<Segment>& pattern = patterns_[route];
  if (pattern.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (pattern[i].parameter ? parts[i].empty() : pattern[i].text != parts[i]) return false;
  }
  return true;
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  std::vector<std::string_view> parts = SplitPath(path);
  Match match;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!Matches(i, parts)) continue;
    if (routes_[i].method == method) {
      match.kind = MatchKind::kMatched;
      match.route = i;
      return match;
    }
    match.kind = MatchKind::kMethodNotAllowed;
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += routes_[i].method;
  }
  return match;
}

bool Router::BeginRequest(const httplib::Request& request, httplib::Response& response) {
  t_active = ActiveRequest{SteadyClock::now(), nullptr, true};
  // httplib matches its handlers with std::regex, whose recursion depth grows
  // with the path: overlong paths never reach it.
  if (CarriesBody(request) && request.path.size() <= kMaxPathLength) return false;
  Dispatch(request, response);
  return true;
}

void Router::Dispatch(const httplib::Request& request, httplib::Response& response) {
  Write(Handle(request), response);
}

void Router::EndRequest(const httplib::Request& request, const httplib::Response& response) {
  ActiveRequest active = t_active;
  t_active = ActiveRequest{};
  double seconds = 0;
  if (active.started) {
    seconds = std::chrono::duration<double>(SteadyClock::now() - active.start).count();
  }
  RequestRecord record{
      request, response,
      active.route != nullptr ? std::string_view(*active.route) : std::string_view(), seconds};
  for (const RequestObserver& observer : observers_) {
    // An observer runs after the response left, outside httplib's exception
    // handling: a throw here would end the worker thread.
    try {
      observer(record);
    } catch (const std::exception& e) {
      spdlog::error("request observer failed: {}", e.what());
    } catch (...) {
      spdlog::error("request observer failed");
    }
  }
}

Reply Router::Handle(const httplib::Request& request) {
  if (request.path.size() > kMaxPathLength) return DetailReply(414, ReasonPhrase(414));
  std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
  Match match = Find(method, request.path);
  if (match.kind != MatchKind::kMatched) return Unmatched(request, method, match);

  const Route& route = routes_[match.route];
  t_active.route = &route.path;
  RequestContext context(request, app_);
  std::vector<std::string_view> parts = SplitPath(request.path);
  const std::vector<Segment>& pattern = patterns_[match.route];
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].parameter) context.params_.emplace_back(pattern[i].text, parts[i]);
  }
  return Run(route, context);
}

Reply Router::Unmatched(const httplib::Request& request, std::string_view method,
                        const Match& match) {
  if (match.kind == MatchKind::kMethodNotAllowed) {
    Reply reply = DetailReply(405, ReasonPhrase(405));
    reply.headers.emplace_back("Allow", match.allow);
    return reply;
  }
  // Like Starlette, "/items/" redirects to "/items" when that exists.
  const std::string& path = request.path;
  if (path.size() > 1 && path.back() == '/') {
    std::string_view trimmed = std::string_view(path).substr(0, path.size() - 1);
    if (Find(method, trimmed).kind != MatchKind::kNotFound) {
      std::size_t query = request.target.find('?');
      std::string location(trimmed);
      if (query != std::string::npos) location += request.target.substr(query);
      return Reply::Redirect(location);
    }
  }
  if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
    if (std::optional<Reply> served = fallback_(request)) return std::move(*served);
  }
  return DetailReply(404, ReasonPhrase(404));
}

Reply Router::Run(const Route& route, RequestContext& context) {
  std::optional<core::ServiceLease> lease;
  bool needs_database = route.uses_database || route.access == Access::kBearer ||
                        route.version_check == VersionCheck::kApplies;
  if (needs_database) {
    // GET (and HEAD) only read, so they keep working on a read-only file.
    core::LeaseUse use = route.method == "GET" ? core::LeaseUse::kRead : core::LeaseUse::kWrite;
    core::Result<core::ServiceLease> acquired = app_.services.Acquire(use);
    if (!acquired) return ErrorReply(acquired.error());
    lease.emplace(std::move(*acquired));
    context.services_ = &**lease;
  }

  const httplib::Request& request = context.http();
  std::optional<core::VersionSunset> sunset;
  if (route.version_check == VersionCheck::kApplies && request.has_header("X-Version")) {
    core::Result<core::VersionStatus> status =
        context.services_->versions().Check(request.get_header_value("X-Version"));
    if (!status) return ErrorReply(status.error());
    sunset = status->sunset;
  }

  // Every answer past the version check, errors included, tells a client on
  // a retiring version so.
  Reply reply = RunChecked(route, context);
  if (sunset) AddSunsetHeaders(*sunset, reply);
  return reply;
}

Reply Router::RunChecked(const Route& route, RequestContext& context) {
  const httplib::Request& request = context.http();
  std::optional<core::Principal> principal;
  if (route.access == Access::kBearer) {
    core::Result<std::string> token = BearerToken(request);
    if (!token) return ErrorReply(token.error());
    core::Result<core::Principal> caller = context.services_->sessions().Authenticate(*token);
    if (!caller) return ErrorReply(caller.error());
    principal.emplace(std::move(*caller));
    context.principal_ = &*principal;
  }

  core::Result<Reply> reply = route.handler(context);
  if (!reply) return ErrorReply(reply.error());
  return std::move(*reply);
}

}  // namespace itemctl::web
