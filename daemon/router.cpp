#include "daemon/router.hpp"

#include <spdlog/spdlog.h>

#include "daemon/clock.hpp"
#include "daemon/session_http.hpp"

namespace sif::daemon {

namespace http = boost::beast::http;

bool match_pattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params) {
  params->clear();
  while (true) {
    bool pend = pattern.empty();
    bool send = path.empty();
    if (pend || send) return pend && send;
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto pn = pattern.find('/');
    auto sn = path.find('/');
    std::string_view pseg = pattern.substr(0, pn);
    std::string_view sseg = path.substr(0, sn);
    if (pseg.size() >= 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (sseg.empty()) return false;
      (*params)[std::string(pseg.substr(1, pseg.size() - 2))] = percent_decode(sseg);
    } else if (pseg != sseg) {
      return false;
    }
    pattern = pn == std::string_view::npos ? std::string_view{} : pattern.substr(pn);
    path = sn == std::string_view::npos ? std::string_view{} : path.substr(sn);
  }
}

void add_security_headers(HttpResponse& res) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  const auto type = res[http::field::content_type];
  if (type.starts_with("text/html") || type.starts_with("image/svg+xml")) {
    // Everything the console loads comes from sifd itself, as files (/console/app.js, app.css):
    // no inline script or style runs, and nothing may frame it. An SVG opened on its own is a
    // document too, so it gets the same policy.
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'");
    res.set("X-Frame-Options", "DENY");
  }
}

Router::Router(ApiContext ctx) : ctx_(std::move(ctx)) {
  if (!ctx_.sessions) ctx_.sessions = std::make_shared<SessionStore>();
  using V = http::verb;
  const auto viewer = std::optional<Role>(Role::kViewer);
  const auto officer = std::optional<Role>(Role::kOfficer);
  const auto admin = std::optional<Role>(Role::kAdmin);
  routes_ = {
      {V::get, "/healthz", std::nullopt, api_healthz},
      {V::get, "/readyz", std::nullopt, api_readyz},
      {V::get, "/", std::nullopt, api_dashboard},
      {V::get, "/index.html", std::nullopt, api_dashboard},
      {V::get, "/console/{file}", std::nullopt, api_console_asset},
      {V::post, "/v1/session", std::nullopt, api_create_session},
      {V::get, "/v1/session", viewer, api_get_session},
      {V::delete_, "/v1/session", std::nullopt, api_delete_session},
      {V::get, "/metrics", viewer, api_metrics},
      {V::get, "/v1/schools", viewer, api_list_schools},
      {V::post, "/v1/schools", admin, api_register_school},
      {V::post, "/v1/schools/import", admin, api_import_schools},
      {V::get, "/v1/schools/{id}", viewer, api_show_school},
      {V::post, "/v1/schools/{id}/events", officer, api_record_event, api_record_event_async},
      {V::get, "/v1/schools/{id}/history", viewer, api_history},
      {V::put, "/v1/schools/{id}/contacts/{role}", admin, api_put_contact},
      {V::delete_, "/v1/schools/{id}/contacts/{role}", admin, api_delete_contact},
      {V::get, "/v1/schools/{id}/preview", viewer, api_preview_event},
      {V::get, "/v1/deadlines", viewer, api_deadlines},
      {V::get, "/v1/deadlines.ics", viewer, api_deadlines_ics},
      {V::get, "/v1/frameworks", viewer, api_list_frameworks},
      {V::get, "/v1/frameworks/{id}", viewer, api_show_framework},
      {V::get, "/v1/overview", viewer, api_overview},
      {V::get, "/v1/notices", viewer, api_notices},
      {V::get, "/v1/notices/{id}", viewer, api_show_notice},
      {V::post, "/v1/notices/{id}/retry", officer, api_retry_notice},
      {V::get, "/v1/clock", viewer, api_get_clock},
      {V::post, "/v1/clock", admin, api_set_clock},
      {V::post, "/v1/audit/verify", admin, api_audit_verify},
      {V::post, "/v1/reload", admin, api_reload},
  };
}

HttpResponse Router::handle(const HttpRequest& req) {
  const Clock* timing = ctx_.latency_clock ? ctx_.latency_clock : ctx_.clock;
  auto start = timing ? timing->steady_now() : Clock::steady_point{};
  HttpResponse res;
  try {
    res = *dispatch(req, nullptr, nullptr);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {}: {}", std::string(req.method_string()), log_target(req), e.what());
    res = error_response(req, 500, "internal", "internal error; see the daemon log");
  }
  return finish(req, std::move(res), start);
}

void Router::handle_async(std::shared_ptr<const HttpRequest> req, HttpResponder respond) {
  const Clock* timing = ctx_.latency_clock ? ctx_.latency_clock : ctx_.clock;
  auto start = timing ? timing->steady_now() : Clock::steady_point{};
  // What an asynchronous handler's answer goes through: built on the connection's strand, then
  // timed and logged as handle() does.
  const HttpResponder reply = [this, req, respond, start](std::function<HttpResponse()> make) {
    respond([this, req, start, make = std::move(make)] {
      HttpResponse res;
      try {
        res = make();
      } catch (const std::exception& e) {
        spdlog::error("http: {} {}: {}", std::string(req->method_string()), log_target(*req), e.what());
        res = error_response(*req, 500, "internal", "internal error; see the daemon log");
      }
      return finish(*req, std::move(res), start);
    });
  };
  std::optional<HttpResponse> res;
  try {
    res = dispatch(*req, req, &reply);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {}: {}", std::string(req->method_string()), log_target(*req), e.what());
    res = error_response(*req, 500, "internal", "internal error; see the daemon log");
  }
  if (!res) return;
  auto done = std::make_shared<HttpResponse>(finish(*req, std::move(*res), start));
  respond([done] { return std::move(*done); });
}

HttpResponse Router::finish(const HttpRequest& req, HttpResponse res, Clock::steady_point start) {
  const Clock* timing = ctx_.latency_clock ? ctx_.latency_clock : ctx_.clock;
  if (ctx_.metrics && timing) {
    std::chrono::duration<double> took = timing->steady_now() - start;
    ctx_.metrics->request(std::string(req.method_string()), res.result_int(), took.count());
  }
  spdlog::debug("http: {} {} -> {}", std::string(req.method_string()), log_target(req), res.result_int());
  add_security_headers(res);
  return res;
}

std::optional<HttpResponse> Router::dispatch(const HttpRequest& req, const std::shared_ptr<const HttpRequest>& shared,
                                             const HttpResponder* reply) {
  std::string_view target = req.target();
  auto qmark = target.find('?');
  std::string_view path = target.substr(0, qmark);
  std::string_view query = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
  http::verb method = req.method();

  std::map<std::string, std::string> params;
  const Route* found = nullptr;
  std::string allow;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> p;
    if (!match_pattern(r.pattern, path, &p)) continue;
    if (r.method == method) {
      // A literal route wins over a pattern one ("/v1/schools/import" vs "/v1/schools/{id}").
      if (!found || r.pattern.find('{') == std::string::npos) {
        found = &r;
        params = std::move(p);
      }
    } else {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(r.method));
    }
  }
  if (!found) {
    if (!allow.empty()) {
      auto res = error_response(req, 405, "method_not_allowed",
                                std::string(req.method_string()) + " is not allowed on " + std::string(path),
                                {{"allow", allow}});
      res.set(http::field::allow, allow);
      return res;
    }
    return error_response(req, 404, "not_found", "no such endpoint: " + std::string(path));
  }

  ApiRequest api{req, std::move(params), parse_query(query), std::nullopt, ctx_, std::nullopt, shared};
  if (found->role) {
    auto auth = req[http::field::authorization];
    std::optional<Principal> who;
    if (ctx_.auth && !auth.empty()) who = ctx_.auth->authenticate(auth);
    // Without an Authorization header, the console's session cookie (docs/api.md: Sessions). A
    // browser sends it by itself, also on requests another site makes it send, so a write
    // signed in by it must prove it comes from sif's own page (session_http.hpp).
    bool session_ended = false;
    if (auth.empty()) {
      if (std::string id = session_cookie(req); !id.empty()) {
        auto s = ctx_.sessions->find(id, session_now(ctx_));
        // A session is only as good as the token it was signed in with.
        if (s && ctx_.auth && !ctx_.auth->has_principal(s->principal.name, s->principal.role)) {
          ctx_.sessions->forget(id);
          s.reset();
        }
        if (s) {
          if (method != http::verb::get && method != http::verb::head) {
            std::string field;
            if (auto problem = csrf_problem(req, *s, &field); !problem.empty()) return csrf_refusal(req, problem, field);
          }
          who = s->principal;
          api.session = std::move(s);
        } else {
          session_ended = true;
        }
      }
    }
    // A calendar feed token (feed_token.hpp): read-only, for the .ics feed only.
    if (!who && auth.empty() && found->fn == api_deadlines_ics && api.query.count("feed")) {
      if (ctx_.feeds && ctx_.auth) who = ctx_.feeds->verify(api.query["feed"], *ctx_.auth);
      if (!who) {
        return error_response(req, 401, "unauthorized",
                              ctx_.feeds ? "the feed token is not valid: its name or role has changed in sifd's token "
                                           "configuration, or it was removed; copy the feed URL again from the console"
                                         : "calendar feed tokens are off: sifd could not keep their key in its "
                                           "database (see the daemon log)",
                              {{"field", "feed"}});
      }
    }
    // Calendar applications cannot send headers: the .ics feed also takes ?token=. A URL ends up
    // in calendar apps, proxies and logs, so only a read-only (viewer) token may be given there.
    if (!who && auth.empty() && found->fn == api_deadlines_ics && ctx_.auth && api.query.count("token")) {
      who = ctx_.auth->authenticate("Bearer " + api.query["token"]);
      if (who && who->role != Role::kViewer) {
        return error_response(req, 401, "unauthorized",
                              "a token in a URL must be a viewer (read-only) token; token '" + who->name + "' is " +
                                  to_string(who->role) + ": configure a viewer token for calendar feeds",
                              {{"field", "token"}});
      }
    }
    if (!who) {
      return error_response(req, 401, "unauthorized",
                            !auth.empty()   ? "the bearer token is not valid"
                            : session_ended ? "the console session has ended (signed out, 12 hours without use, sifd "
                                              "restarted, or its token was removed); sign in again"
                                            : "this endpoint needs a bearer token (Authorization: Bearer TOKEN) "
                                              "or a console session (POST /v1/session)");
    }
    if (!role_allows(who->role, *found->role)) {
      return error_response(req, 403, "forbidden",
                            "this needs the " + std::string(to_string(*found->role)) + " role; token '" + who->name +
                                "' has " + to_string(who->role),
                            {{"required_role", to_string(*found->role)}, {"role", to_string(who->role)}});
    }
    api.principal = std::move(who);
  }
  if (reply && shared && found->async) {
    found->async(api, *reply);
    return std::nullopt;
  }
  return found->fn(api);
}

}  // namespace sif::daemon
