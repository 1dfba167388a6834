// POST/GET/DELETE /v1/session (console sign-in) and GET /console/{file} (the console's static
// files). The router authenticates GET /v1/session; signing in and out need no prior session.
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "daemon/api_common.hpp"
#include "daemon/session_http.hpp"

namespace sif::daemon {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// What the console needs to know about who is signed in. csrf is null for a bearer request
// (it needs none); feed_url is null when sifd has no feed key (the database could not keep one).
HttpResponse session_answer(const ApiRequest& r, const Principal& p, const std::string* csrf) {
  json::object body;
  body["name"] = p.name;
  body["role"] = to_string(p.role);
  body["csrf"] = csrf ? json::value(*csrf) : json::value(nullptr);
  body["email"] = p.email.empty() ? json::value(nullptr) : json::value(p.email);
  body["feed_url"] = r.ctx.feeds ? json::value(feed_url(*r.ctx.feeds, p)) : json::value(nullptr);
  auto res = json_response(r, 200, body);
  // The csrf token and the feed URL are credentials: no cache may keep them.
  res.set(http::field::cache_control, "no-store");
  return res;
}

// [a-z0-9_-]+\.(js|css|svg|png) -> its content type; "" for a name that may not be served.
std::string_view asset_type(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  for (char c : name.substr(0, dot)) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return {};
  }
  std::string_view ext = name.substr(dot + 1);
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  return {};
}

}  // namespace

HttpResponse api_create_session(ApiRequest& r) {
  // A page on another site must not sign a browser in under a token of its choosing.
  if (auto problem = origin_problem(r.http); !problem.empty()) return csrf_refusal(r.http, problem, "Origin");
  std::optional<HttpResponse> err;
  auto body = json_body(r, &err);
  if (!body) return std::move(*err);
  auto token = string_member(*body, "token");
  if (!token) return bad_request(r.http, "token", token.error().message);
  if (token->empty()) return bad_request(r.http, "token", "sign in with {\"token\": \"YOUR-API-TOKEN\"}");
  std::optional<Principal> who;
  if (r.ctx.auth) who = r.ctx.auth->authenticate("Bearer " + *token);
  if (!who) {
    return error_response(r.http, 401, "unauthorized", "that token is not one sifd knows; check it with whoever gave it",
                          {{"field", "token"}});
  }
  // Signing in again replaces the session the browser had.
  if (auto old = session_cookie(r.http); !old.empty()) r.ctx.sessions->forget(old);
  Session s = r.ctx.sessions->create(*who, session_now(r.ctx));
  spdlog::info("session: {} ({}) signed in", s.principal.name, to_string(s.principal.role));
  auto res = session_answer(r, s.principal, &s.csrf);
  res.set(http::field::set_cookie, session_set_cookie(s.id, forwarded_https(r.http)));
  return res;
}

HttpResponse api_get_session(ApiRequest& r) {
  // REQUIRES: the router authenticated the request (route role viewer).
  return session_answer(r, *r.principal, r.session ? &r.session->csrf : nullptr);
}

HttpResponse api_delete_session(ApiRequest& r) {
  if (auto id = session_cookie(r.http); !id.empty()) {
    if (auto s = r.ctx.sessions->find(id, session_now(r.ctx))) {
      std::string field;
      if (auto problem = csrf_problem(r.http, *s, &field); !problem.empty()) return csrf_refusal(r.http, problem, field);
      r.ctx.sessions->forget(id);
      spdlog::info("session: {} signed out", s->principal.name);
    }
  }
  // Whether or not the session was still live, the browser drops the cookie.
  auto res = make_response(r.http, 204, std::string());
  res.erase(http::field::content_type);
  res.set(http::field::set_cookie, session_clear_cookie(forwarded_https(r.http)));
  res.set(http::field::cache_control, "no-store");
  return res;
}

HttpResponse api_console_asset(ApiRequest& r) {
  const std::string& name = r.params["file"];
  const std::string_view type = asset_type(name);
  // Only plain names of the kinds the console uses: no path, no dot files, nothing else in the
  // directory (index.html is served at / and /index.html).
  if (type.empty()) return error_response(r.http, 404, "not_found", "no such console file: " + name);
  if (r.ctx.settings.dashboard_dir.empty()) return error_response(r.http, 404, "not_found", "no console configured");
  const auto path = r.ctx.settings.dashboard_dir / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return error_response(r.http, 404, "not_found", "no such console file: " + name);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return error_response(r.http, 404, "not_found", "console file " + name + " cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  auto res = text_response(r, 200, ss.str(), type);
  res.set(http::field::cache_control, "no-cache");
  return res;
}

}  // namespace sif::daemon
