// Operations endpoints: clock, audit, reload, metrics, health, dashboard (notices: api_notices.cpp).
#include <boost/json.hpp>
#include <spdlog/spdlog.h>
#include <fstream>
#include <sstream>

#include "config/settings_reader.hpp"
#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/local_time.hpp"
#include "daemon/scheduler.hpp"

namespace sif::daemon {

namespace json = boost::json;
using workflows::Error;
using workflows::Result;

namespace {
// The whole span of the calendar (1995-2040) is under 46 years; nothing longer is meaningful.
constexpr std::chrono::seconds kMaxDuration{50LL * 366 * 86400};
}  // namespace

Result<std::chrono::seconds> parse_duration_text(std::string_view text) {
  std::chrono::seconds total{0};
  std::string_view rest = text;
  if (rest.empty()) return Error::invalid("empty duration; write e.g. 30d, 12h, 2w", "advance");
  while (!rest.empty()) {
    size_t i = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i == 0 || i > 9 || i == rest.size()) {
      return Error::invalid("'" + std::string(text) + "' is not a duration; write e.g. 30d, 12h, 2w, 90m", "advance");
    }
    long n = std::stol(std::string(rest.substr(0, i)));
    char unit = rest[i];
    long mult = 0;
    switch (unit) {
      case 's': mult = 1; break;
      case 'm': mult = 60; break;
      case 'h': mult = 3600; break;
      case 'd': mult = 86400; break;
      case 'w': mult = 7 * 86400; break;
      default:
        return Error::invalid("unknown unit '" + std::string(1, unit) + "' in '" + std::string(text) + "' (s, m, h, d, w)",
                              "advance");
    }
    total += std::chrono::seconds(n * mult);
    // Each part is below 10^9 weeks, so one addition cannot overflow; stop before many could.
    if (total > kMaxDuration) {
      return Error::invalid("'" + std::string(text) + "' is longer than " + std::to_string(kMaxDuration.count() / 86400) +
                                " days, more than sif's calendar spans",
                            "advance");
    }
    rest.remove_prefix(i + 1);
  }
  return total;
}

Result<std::chrono::system_clock::time_point> parse_instant(std::string_view text) {
  std::string s(text);
  if (s.size() == 10) {
    auto d = workflows::parse_date(s);
    if (!d) return d.error();
    return london_to_utc(*d, 0);
  }
  if (auto t = config::parse_utc_instant(s)) return *t;
  return Error::invalid("'" + s + "' is not an ISO 8601 instant (e.g. 2026-09-01T07:00:00Z) or date", "to");
}

namespace {

json::object clock_json(Clock& clock) {
  auto now = clock.now_utc();
  auto local = to_london(now);
  json::object o;
  o["mode"] = clock.is_manual() ? "manual" : "system";
  o["now"] = format_utc(now);
  int h = local.minutes / 60, m = local.minutes % 60;
  std::string hhmm = std::string(h < 10 ? "0" : "") + std::to_string(h) + ":" + (m < 10 ? "0" : "") + std::to_string(m);
  o["local"] = workflows::format_date(local.date) + " " + hhmm;
  o["local_date"] = workflows::format_date(local.date);
  o["timezone"] = "Europe/London";
  return o;
}

}  // namespace

HttpResponse api_get_clock(ApiRequest& r) { return json_response(r, 200, clock_json(*r.ctx.clock)); }

HttpResponse api_set_clock(ApiRequest& r) {
  if (!r.ctx.clock->is_manual() || !r.ctx.scheduler) {
    return error_response(r.http, 409, "conflict", "the clock can only be moved when sifd runs with --clock manual");
  }
  std::optional<HttpResponse> err;
  auto body = json_body(r, &err);
  if (!body) return std::move(*err);
  auto advance = string_member(*body, "advance");
  if (!advance) return bad_request(r.http, "advance", advance.error().message);
  auto to = string_member(*body, "to");
  if (!to) return bad_request(r.http, "to", to.error().message);
  if (advance->empty() == to->empty()) {
    return bad_request(r.http, "advance", "give exactly one of {\"advance\": \"30d\"} or {\"to\": \"2026-09-01T07:00:00Z\"}");
  }
  Clock::time_point target;
  auto before = r.ctx.clock->now_utc();
  // The clock stays within the days the calendar knows: timers beyond them cannot be computed.
  const Clock::time_point latest = london_to_utc(workflows::last_supported_day(), 23 * 60 + 59);
  const char* field = advance->empty() ? "to" : "advance";
  if (!advance->empty()) {
    auto d = parse_duration_text(*advance);
    if (!d) return bad_request(r.http, "advance", d.error().message);
    if (d->count() <= 0) return bad_request(r.http, "advance", "'advance' must be a positive duration, e.g. 30d");
    if (*d > std::chrono::duration_cast<std::chrono::seconds>(latest - before)) {
      target = latest + std::chrono::seconds(1);  // refused just below, with the range
    } else {
      target = before + *d;
    }
  } else {
    auto t = parse_instant(*to);
    if (!t) return bad_request(r.http, "to", t.error().message);
    if (*t < before) return bad_request(r.http, "to", "the manual clock only moves forward; now is " + format_utc(before));
    target = *t;
  }
  if (target > latest) {
    json::object details;
    details["field"] = field;
    details["now"] = format_utc(before);
    details["latest"] = format_utc(latest);
    return error_response(r.http, 400, "out_of_range",
                          std::string("'") + field + "' would move the clock past " + format_utc(latest) +
                              ", the end of the dates sif's calendar knows (" + workflows::supported_span_text() +
                              "); now is " + format_utc(before),
                          std::move(details));
  }
  auto fired = r.ctx.scheduler->advance_to(target);
  if (!fired) return error_response(r.http, fired.error());
  json::object o = clock_json(*r.ctx.clock);
  o["previous"] = format_utc(before);
  o["fired"] = *fired;
  return json_response(r, 200, o);
}

HttpResponse api_audit_verify(ApiRequest& r) {
  auto rep = r.ctx.engine->reader()->verify_audit();  // a long read: beside the writer, not on it
  if (!rep) return error_response(r.http, rep.error());
  json::object o;
  o["ok"] = rep->ok;
  o["schools"] = rep->schools;
  o["rows"] = rep->rows;
  if (!rep->ok) {
    o["school"] = rep->school;
    o["seq"] = rep->seq;
    o["problem"] = rep->problem;
    o["expected_hash"] = rep->expected_hash;
    o["stored_hash"] = rep->stored_hash;
  }
  return json_response(r, 200, o);
}

HttpResponse api_reload(ApiRequest& r) {
  if (!r.ctx.reload) return error_response(r.http, 409, "conflict", "reload is not available in this process");
  auto st = r.ctx.reload();
  if (!st) {
    return error_response(r.http, 422, "invalid_config", st.error().message, {{"diagnostics", st.error().details}});
  }
  json::object o;
  o["reloaded"] = true;
  json::array fws;
  for (const auto& [id, versions] : r.ctx.engine->config()->frameworks) {
    if (!versions.empty()) fws.push_back(json::object{{"id", id}, {"version", versions.rbegin()->first}});
  }
  o["frameworks"] = std::move(fws);
  return json_response(r, 200, o);
}

HttpResponse api_metrics(ApiRequest& r) {
  MetricGauges g;
  g.ready = r.ctx.ready && r.ctx.ready->load();
  {
    auto db = r.ctx.engine->reader();
    if (auto n = db->school_count()) g.schools = *n;
    if (auto n = db->timer_count()) g.timers_pending = *n;
    if (auto n = db->outbox_count(storage::OutboxStatus::kPending)) g.outbox_pending = *n;
    if (auto n = db->outbox_count(storage::OutboxStatus::kDead)) g.outbox_failed = *n;
  }
  if (auto c = r.ctx.engine->overdue_census(to_london(r.ctx.clock->now_utc()).date)) g.deadlines_overdue = c->count;
  if (r.ctx.scheduler) g.timers_fired = r.ctx.scheduler->fired_total();
  if (r.ctx.answers) {
    const auto st = r.ctx.answers->stats();
    g.answer_cache_hits = static_cast<int64_t>(st.hits);
    g.answer_cache_misses = static_cast<int64_t>(st.misses);
    g.answer_cache_bytes = static_cast<int64_t>(st.bytes);
  }
  std::string text = r.ctx.metrics ? r.ctx.metrics->render(g) : std::string();
  return text_response(r, 200, std::move(text), "text/plain; version=0.0.4; charset=utf-8");
}

HttpResponse api_healthz(ApiRequest& r) { return json_response(r, 200, json::object{{"status", "ok"}}); }

HttpResponse api_readyz(ApiRequest& r) {
  bool ready = r.ctx.ready && r.ctx.ready->load();
  if (r.ctx.readiness.empty()) return json_response(r, ready ? 200 : 503, json::object{{"ready", ready}});
  Readiness checked = run_readiness(r.ctx.readiness);  // started, database, notices: daemon/readiness.hpp
  return json_response(r, checked.ready ? 200 : 503, checked.body);
}

HttpResponse api_dashboard(ApiRequest& r) {
  if (r.ctx.settings.dashboard_dir.empty()) return error_response(r.http, 404, "not_found", "no dashboard configured");
  std::ifstream in(r.ctx.settings.dashboard_dir / "index.html", std::ios::binary);
  if (!in) return error_response(r.http, 404, "not_found", "dashboard not found in " + r.ctx.settings.dashboard_dir.string());
  std::stringstream ss;
  ss << in.rdbuf();
  auto res = text_response(r, 200, ss.str(), "text/html; charset=utf-8");
  res.set(boost::beast::http::field::cache_control, "no-cache");
  return res;
}

}  // namespace sif::daemon
