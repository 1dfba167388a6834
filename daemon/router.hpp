// The HTTP API's dispatcher: handle(request) -> response, without touching a socket (the
// HttpServer owns the transport), so every route can be tested by calling handle() directly.
//
// For each request: match the route table (method + path pattern with {params}); 404 for an
// unknown path, 405 (with Allow) for a known path with another method; authenticate the bearer
// token, else the console's session cookie (a write signed in by the cookie needs X-CSRF-Token
// and a same-site Origin, else 403 csrf), else on the .ics feed a feed token or a viewer
// ?token= (401 without any, except /healthz, /readyz, sign-in and the console's static files);
// check the route's least role (403); call the handler; catch exceptions (500); record the
// request's latency in Metrics. handle_async() does the same but lets a route with an
// asynchronous handler (a write: its answer comes when its commit returns) answer later.
//
// Thread-safety: handle() may be called from several threads at once; the route table is
// immutable after construction and ApiContext's members are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/http_server.hpp"

namespace sif::daemon {

// Headers on every answer: nosniff and no referrer; on HTML, a Content-Security-Policy that
// allows only sifd's own assets and no framing.
void add_security_headers(HttpResponse& res);

class Router {
 public:
  using Fn = HttpResponse (*)(ApiRequest&);
  // Answers through `reply`, now or later (from any thread).
  using AsyncFn = void (*)(ApiRequest&, const HttpResponder& reply);
  struct Route {
    boost::beast::http::verb method;
    std::string pattern;    // "/v1/schools/{id}/events"
    std::optional<Role> role;  // nullopt: no token needed
    Fn fn;                   // handle()
    AsyncFn async = nullptr; // handle_async(), when set (else fn)
  };

  // REQUIRES: ctx's pointers outlive the router.
  explicit Router(ApiContext ctx);

  HttpResponse handle(const HttpRequest& req);
  // For HttpServer: answers through `respond` (latency, security headers and the log as
  // handle()); a route's AsyncFn answers after this returns.
  void handle_async(std::shared_ptr<const HttpRequest> req, HttpResponder respond);

  const std::vector<Route>& routes() const { return routes_; }
  ApiContext& context() { return ctx_; }

 private:
  // nullopt: the route's AsyncFn took the request and answers through *reply.
  std::optional<HttpResponse> dispatch(const HttpRequest& req, const std::shared_ptr<const HttpRequest>& shared,
                                       const HttpResponder* reply);
  HttpResponse finish(const HttpRequest& req, HttpResponse res, Clock::steady_point start);

  ApiContext ctx_;
  std::vector<Route> routes_;
};

// Matches "/v1/schools/{id}" against "/v1/schools/123" filling params (percent-decoded).
bool match_pattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params);

}  // namespace sif::daemon
