// How a console session travels over HTTP: the `sif_session` cookie that names it, the
// Set-Cookie values that start and end it, and the cross-site checks a request authenticated by
// the cookie must pass before it may change anything (docs/api.md: Sessions).
//
// A browser attaches the cookie to every request to sifd, including one a hostile page makes it
// send; SameSite=Strict already keeps the cookie off cross-site requests in current browsers,
// and these checks stop the rest. A write authenticated by the cookie must carry
// X-CSRF-Token equal to its session's csrf (a page on another site cannot read it), and an
// Origin header, when present, must be sifd's own (http:// or https:// + the Host header).
// Bearer-token requests need neither: a browser never adds an Authorization header by itself.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <string>
#include <string_view>

#include "daemon/api_common.hpp"
#include "daemon/session_store.hpp"

namespace sif::daemon {

inline constexpr std::string_view kSessionCookie = "sif_session";

// The value of the `sif_session` cookie among the request's Cookie headers, or "".
std::string session_cookie(const HttpRequest& req);

// True when a proxy in front said the browser came over TLS (X-Forwarded-Proto: https).
bool forwarded_https(const HttpRequest& req);

// Set-Cookie values: one that names session `id`, and one that makes the browser drop it.
// Both: Path=/; HttpOnly; SameSite=Strict, and Secure when `secure`.
std::string session_set_cookie(std::string_view id, bool secure);
std::string session_clear_cookie(bool secure);

// Why a cookie-authenticated request that is not GET or HEAD may not go on, as a sentence
// naming what is missing or wrong, with *field naming the header; "" when it may.
std::string csrf_problem(const HttpRequest& req, const Session& session, std::string* field);
// Why the request's Origin header is not sifd's own ("" when absent or http(s)://Host).
std::string origin_problem(const HttpRequest& req);
// The 403 `csrf` answer for one of those problems.
HttpResponse csrf_refusal(const HttpRequest& req, std::string_view problem, std::string_view field);

// The monotonic reading sessions age by: the latency clock when the context has one (real time
// even under --clock manual, whose advances must not sign anyone out), else ctx.clock.
Clock::steady_point session_now(const ApiContext& ctx);

}  // namespace sif::daemon
