#include "daemon/session_http.hpp"

#include "daemon/clock.hpp"

namespace sif::daemon {

namespace http = boost::beast::http;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string cookie_attributes(bool secure) {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

}  // namespace

std::string session_cookie(const HttpRequest& req) {
  for (auto [it, end] = req.equal_range(http::field::cookie); it != end; ++it) {
    std::string_view rest = it->value();
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != kSessionCookie) continue;
      std::string_view value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      if (!value.empty()) return std::string(value);
    }
  }
  return {};
}

bool forwarded_https(const HttpRequest& req) {
  std::string_view proto = req["X-Forwarded-Proto"];
  // A chain of proxies lists one protocol each; the first is the browser's.
  return iequals(trim(proto.substr(0, proto.find(','))), "https");
}

std::string session_set_cookie(std::string_view id, bool secure) {
  return std::string(kSessionCookie) + "=" + std::string(id) + cookie_attributes(secure);
}

std::string session_clear_cookie(bool secure) {
  return std::string(kSessionCookie) + "=" + cookie_attributes(secure) + "; Max-Age=0";
}

std::string origin_problem(const HttpRequest& req) {
  auto origin_it = req.find(http::field::origin);
  if (origin_it == req.end()) return {};
  std::string_view origin = origin_it->value();
  std::string_view host = req[http::field::host];
  if (!host.empty() &&
      (iequals(origin, "http://" + std::string(host)) || iequals(origin, "https://" + std::string(host)))) {
    return {};
  }
  return "the request came from another site (Origin: " + std::string(origin) + "; sifd is " +
         (host.empty() ? std::string("a host the request did not name") : "http(s)://" + std::string(host)) +
         "), and a signed-in browser may change things only from sif's own pages";
}

std::string csrf_problem(const HttpRequest& req, const Session& session, std::string* field) {
  if (auto o = origin_problem(req); !o.empty()) {
    *field = "Origin";
    return o;
  }
  *field = "X-CSRF-Token";
  auto it = req.find("X-CSRF-Token");
  if (it == req.end() || trim(it->value()).empty()) {
    return "this request is signed in by the session cookie and changes something, so it needs the header "
           "X-CSRF-Token: the csrf value that POST or GET /v1/session answered";
  }
  if (!constant_time_equal(trim(it->value()), session.csrf)) {
    return "the X-CSRF-Token header is not this session's csrf token; read it again from GET /v1/session";
  }
  field->clear();
  return {};
}

HttpResponse csrf_refusal(const HttpRequest& req, std::string_view problem, std::string_view field) {
  boost::json::object details;
  if (!field.empty()) details["field"] = field;
  return error_response(req, 403, "csrf", problem, std::move(details));
}

Clock::steady_point session_now(const ApiContext& ctx) {
  const Clock* c = ctx.latency_clock ? ctx.latency_clock : ctx.clock;
  return c ? c->steady_now() : Clock::steady_point{};
}

}  // namespace sif::daemon
