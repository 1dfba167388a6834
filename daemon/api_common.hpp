// What every /v1 handler shares: the services it may use (ApiContext), the parsed request
// (ApiRequest: path parameters, query, the authenticated principal), and JSON answers including
// the error shape { "error": { "code", "message", "details" } }.
//
// Status mapping for workflows::ErrorCode (see docs/api.md):
//   kInvalidInput -> 400 when the request itself is malformed (bad_request()), 422 when the
//                    engine refused the event's data (error_response with kInvalidInput)
//   kNotFound -> 404, kConflict -> 409, kTransient -> 503, kIo / kCorruption -> 500.
//
// Thread-safety: handlers may run on any thread; ApiContext members are thread-safe or immutable.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/answer_cache.hpp"
#include "daemon/auth.hpp"
#include "daemon/daemon_config.hpp"
#include "daemon/feed_token.hpp"
#include "daemon/http_server.hpp"
#include "daemon/metrics.hpp"
#include "daemon/readiness.hpp"
#include "daemon/session_store.hpp"
#include "daemon/text_encoding.hpp"
#include "workflows/result.hpp"

namespace sif::daemon {

class Engine;
class Scheduler;
class Clock;

struct ApiContext {
  Engine* engine = nullptr;        // required for /v1 routes
  Scheduler* scheduler = nullptr;  // required for POST /v1/clock
  Clock* clock = nullptr;          // required
  // Measures request latency. The manual clock's steady reading jumps when the clock is
  // advanced, so the server passes a SystemClock here; null: use `clock`.
  const Clock* latency_clock = nullptr;
  const Authenticator* auth = nullptr;
  Metrics* metrics = nullptr;
  const std::atomic<bool>* ready = nullptr;  // /readyz: 200 once recovery is done
  DaemonConfig settings;                     // la_frameworks, dashboard_dir
  // Reloads definitions (POST /v1/reload, SIGHUP). Returns the located errors on failure.
  std::function<workflows::Status()> reload;
  // Wakes the notice worker (a retried notice leaves now, not at the next poll); may be empty.
  std::function<void()> wake_notices;
  // /readyz's checks (daemon/readiness.hpp); empty: only `ready` counts.
  std::vector<ReadinessCheck> readiness;
  // Console sign-in sessions (daemon/session_store.hpp); the Router makes one when null.
  std::shared_ptr<SessionStore> sessions;
  // Calendar feed tokens (daemon/feed_token.hpp); null: no feed key, so no feed URLs.
  std::shared_ptr<const FeedTokens> feeds;
  // Case files kept while they stay true (daemon/answer_cache.hpp); null: built every time.
  std::shared_ptr<AnswerCache> answers;
};

struct ApiRequest {
  const HttpRequest& http;
  std::map<std::string, std::string> params;  // path parameters, percent-decoded
  std::map<std::string, std::string> query;   // query parameters, percent-decoded
  std::optional<Principal> principal;
  ApiContext& ctx;
  std::optional<Session> session = std::nullopt;  // set when the sif_session cookie authenticated it
  // The request as the server owns it (Router::handle_async); null through Router::handle.
  std::shared_ptr<const HttpRequest> shared_http = nullptr;

  std::string query_or(const std::string& key, const std::string& fallback = {}) const;
};

// An ApiRequest kept past its handler's return, for an answer built later (an asynchronous
// write's completion). REQUIRES: made from an ApiRequest with shared_http set; the context
// outlives it.
struct ApiRequestCopy {
  std::shared_ptr<const HttpRequest> http;
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> query;
  std::optional<Principal> principal;
  ApiContext* ctx = nullptr;
  std::optional<Session> session;

  static ApiRequestCopy of(const ApiRequest& r) {
    return {r.shared_http, r.params, r.query, r.principal, &r.ctx, r.session};
  }
  ApiRequest request() const { return ApiRequest{*http, params, query, principal, *ctx, session, http}; }
};

// The request's path without its query, for the log: the .ics feed's ?token= must not reach it.
std::string log_target(const HttpRequest& req);

// JSON answers.
HttpResponse json_response(const ApiRequest& r, unsigned status, const boost::json::value& body);
HttpResponse text_response(const ApiRequest& r, unsigned status, std::string body, std::string_view content_type);
HttpResponse error_response(const HttpRequest& req, unsigned status, std::string_view code, std::string_view message,
                            boost::json::object details = {});
// Maps an engine/storage error to its status (kInvalidInput -> 422 here).
HttpResponse error_response(const HttpRequest& req, const workflows::Error& e);
// 400 naming the field.
HttpResponse bad_request(const HttpRequest& req, std::string_view field, std::string_view message);

unsigned status_for(workflows::ErrorCode code);

// Parses the request body as a JSON object; on failure *error holds the 400 answer.
std::optional<boost::json::object> json_body(const ApiRequest& r, std::optional<HttpResponse>* error);

// A JSON string member or "" when absent; kInvalidInput (naming the field) if present but not
// a string.
workflows::Result<std::string> string_member(const boost::json::object& o, std::string_view key);

// ---- limits on what one request may carry (docs/api.md: Limits) -----------------------------
// Beyond them a request is refused with a 400 naming the field; nothing is applied.
inline constexpr std::size_t kMaxNameChars = 200;        // actor, idempotency key, type, instance, id, name, LA
inline constexpr std::size_t kMaxDataEntries = 64;       // entries in an event's data or a school's facts
inline constexpr std::size_t kMaxDataKeyChars = 64;      // a data or fact key
inline constexpr std::size_t kMaxDataValueChars = 20000; // a data value (a warning notice's grounds)

// Empty when `value` is acceptable as a one-line name (multiline: also newlines and tabs): at
// most `max` characters (UTF-8 code points), no control characters. Otherwise why not, as the
// rest of a sentence whose subject the caller names ("has control characters, which are not
// allowed"; "is 201 characters long; ...").
std::string text_problem(std::string_view value, std::size_t max, bool multiline = false);
// The 400 for a string member over its limit or with control characters, or nullopt.
std::optional<HttpResponse> check_text(const HttpRequest& req, std::string_view field, std::string_view value,
                                       std::size_t max, bool multiline = false);
// A value written as a date (YYYY-MM-DD) outside the calendar's supported span is a 400 naming
// the field and the span (code out_of_range); anything else is left to the engine.
std::optional<HttpResponse> check_date_range(const HttpRequest& req, std::string_view field, std::string_view value);

// Events (api_events.cpp; the preview answers as recording would).
// The 400 for one datum of an event's data (key and value limits, a date outside the calendar's
// span), or nullopt.
std::optional<HttpResponse> check_event_datum(const HttpRequest& req, const std::string& key, const std::string& value);
// An event the engine refused: 409 (kConflict, details.allowed_events and .text), 422
// (kInvalidInput, details.field), else error_response(e).
HttpResponse event_error_response(ApiRequest& r, const std::string& school, const workflows::Error& e);

// form: '+' means a space (query strings), not in paths.
std::string percent_decode(std::string_view s, bool form = false);
std::map<std::string, std::string> parse_query(std::string_view query);

// ---- handlers (api_*.cpp) -------------------------------------------------------------------
HttpResponse api_list_schools(ApiRequest& r);
HttpResponse api_register_school(ApiRequest& r);
HttpResponse api_import_schools(ApiRequest& r);
HttpResponse api_show_school(ApiRequest& r);
// PUT /v1/schools/{id}/contacts/{role} {name, email, address} and DELETE of the same (admin).
HttpResponse api_put_contact(ApiRequest& r);
HttpResponse api_delete_contact(ApiRequest& r);
HttpResponse api_history(ApiRequest& r);
HttpResponse api_record_event(ApiRequest& r);
// The same answered when its commit returns, without holding the io thread (Router::handle_async).
void api_record_event_async(ApiRequest& r, const HttpResponder& reply);
HttpResponse api_preview_event(ApiRequest& r);  // api_preview.cpp
HttpResponse api_deadlines(ApiRequest& r);
HttpResponse api_deadlines_ics(ApiRequest& r);
HttpResponse api_list_frameworks(ApiRequest& r);
HttpResponse api_show_framework(ApiRequest& r);
HttpResponse api_notices(ApiRequest& r);       // api_notices.cpp
HttpResponse api_show_notice(ApiRequest& r);   // api_notices.cpp
HttpResponse api_overview(ApiRequest& r);      // api_overview.cpp
HttpResponse api_retry_notice(ApiRequest& r);
HttpResponse api_get_clock(ApiRequest& r);
HttpResponse api_set_clock(ApiRequest& r);
HttpResponse api_audit_verify(ApiRequest& r);
HttpResponse api_reload(ApiRequest& r);
HttpResponse api_metrics(ApiRequest& r);
HttpResponse api_healthz(ApiRequest& r);
HttpResponse api_readyz(ApiRequest& r);
HttpResponse api_dashboard(ApiRequest& r);
HttpResponse api_console_asset(ApiRequest& r);   // api_session.cpp
HttpResponse api_create_session(ApiRequest& r);  // api_session.cpp
HttpResponse api_get_session(ApiRequest& r);
HttpResponse api_delete_session(ApiRequest& r);

// Registers the rows of a parsed CSV (shared by the import route and the seed register).
struct ImportReport {
  int rows = 0;
  std::vector<std::string> registered;     // school ids, committed
  std::vector<boost::json::object> issues; // {line, column, message}, in line order
  TextEncoding encoding = TextEncoding::kUtf8;  // what the file was read as
  // valid_only: storage failed part-way and the rest was not attempted; `registered` is
  // exactly what committed.
  std::optional<workflows::Error> stopped;
};
// Parses `csv` (decoded as `encoding` says) and registers its schools. Each row's framework is
// `framework` when given, else settings.la_frameworks[LA]; its region is the framework's.
// Without valid_only the import is one transaction (Engine::register_schools, kAllOrNothing):
// any issue, or any failure, means nothing is registered (report.registered empty, issues
// filled). With valid_only the good rows are registered in chunks (BulkMode::kChunked). Fails
// with kInvalidInput when the text is not a usable CSV at all (undecodable, no header), and with
// the storage error (kIo, kTransient) when an all-or-nothing import could not commit.
workflows::Result<ImportReport> import_register(Engine& engine, const DaemonConfig& settings, std::string_view csv,
                                                const std::string& framework, bool valid_only,
                                                const std::string& actor,
                                                TextEncoding encoding = TextEncoding::kAuto);

}  // namespace sif::daemon

namespace sif::daemon {
// "30d", "12h", "2w", "90m", "45s" (and combinations "1d12h"). kInvalidInput otherwise.
workflows::Result<std::chrono::seconds> parse_duration_text(std::string_view text);
// "2026-09-01T07:00:00Z", "2026-09-01T08:00:00+01:00", "2026-09-01T07:00Z", or a date
// "2026-09-01" (midnight Europe/London).
workflows::Result<std::chrono::system_clock::time_point> parse_instant(std::string_view text);
}  // namespace sif::daemon
