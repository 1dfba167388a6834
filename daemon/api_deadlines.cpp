// GET /v1/deadlines (JSON) and /v1/deadlines.ics (RFC 5545): upcoming timers across schools.
#include <boost/json.hpp>

#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/ics.hpp"
#include "daemon/local_time.hpp"
#include "daemon/overdue.hpp"

namespace sif::daemon {

namespace json = boost::json;

json::object deadline_json(const storage::TimerRow& t);  // api_schools.cpp

namespace {

struct Range {
  workflows::Date from;
  workflows::Date to;
};

// ?from=&to= (ISO dates). Defaults: today (Europe/London) and 90 days after `from`.
std::optional<Range> parse_range(ApiRequest& r, std::optional<HttpResponse>* err) {
  Range out;
  out.from = to_london(r.ctx.clock->now_utc()).date;
  if (auto f = r.query_or("from"); !f.empty()) {
    auto d = workflows::parse_date(f);
    if (!d) {
      *err = bad_request(r.http, "from", "'from' must be an ISO date (YYYY-MM-DD): " + d.error().message);
      return std::nullopt;
    }
    if (auto bad = check_date_range(r.http, "from", f)) {
      *err = std::move(*bad);
      return std::nullopt;
    }
    out.from = *d;
  }
  out.to = out.from + date::days{90};
  if (auto t = r.query_or("to"); !t.empty()) {
    auto d = workflows::parse_date(t);
    if (!d) {
      *err = bad_request(r.http, "to", "'to' must be an ISO date (YYYY-MM-DD): " + d.error().message);
      return std::nullopt;
    }
    if (auto bad = check_date_range(r.http, "to", t)) {
      *err = std::move(*bad);
      return std::nullopt;
    }
    out.to = *d;
  }
  if (out.to < out.from) {
    *err = bad_request(r.http, "to", "'to' is before 'from'");
    return std::nullopt;
  }
  return out;
}

std::string explain(const storage::TimerRow& t) {
  const auto& p = t.provenance;
  std::string s = t.title.empty() ? t.timer : t.title;
  s += "\nSchool: " + t.school_name + " (" + t.school + ")";
  s += "\nWorkflow: " + t.workflow + " (" + t.instance + "), state " + p.state;
  s += "\nDue: " + workflows::format_date_words(t.due);
  s += "\nWhy: " + std::to_string(p.duration.count) + " " + workflows::to_string(p.duration.unit) + " from " +
       workflows::format_date(p.base) + " (" + p.base_event + ")";
  s += "\nRule: " + p.framework + " v" + std::to_string(p.framework_version) + ", " +
       (p.rule.empty() ? p.timer : p.rule);
  s += "\nCalendar: " + p.calendar;
  std::string skipped;
  for (const auto& d : p.skipped) {
    if (d.reason == "Saturday" || d.reason == "Sunday") continue;
    skipped += (skipped.empty() ? "" : "; ") + workflows::format_date(d.date) + " " + d.reason;
  }
  if (!skipped.empty()) s += "\nSkipped: " + skipped;
  return s;
}

}  // namespace

HttpResponse api_deadlines(ApiRequest& r) {
  std::optional<HttpResponse> err;
  auto range = parse_range(r, &err);
  if (!range) return std::move(*err);
  const std::string overdue_mode = r.query_or("overdue");
  if (!overdue_mode.empty() && overdue_mode != "only") {
    return bad_request(r.http, "overdue", "'overdue' may only be 'only' (list nothing but overdue deadlines)");
  }
  std::string kind = r.query_or("kind");
  std::string school = r.query_or("school");
  // Overdue deadlines are always listed (daemon/overdue.hpp), whatever the range: they are past.
  json::array overdue;
  if (kind.empty() || kind == workflows::to_string(workflows::TimerKind::kDeadline)) {
    auto items = r.ctx.engine->overdue(to_london(r.ctx.clock->now_utc()).date);
    if (!items) return error_response(r.http, items.error());
    for (const auto& item : *items) {
      if (!school.empty() && school != item.school) continue;
      overdue.push_back(to_json(item));
    }
  }
  json::array out;
  if (overdue_mode.empty()) {
    auto rows = r.ctx.engine->reader()->deadlines_between(range->from, range->to);
    if (!rows) return error_response(r.http, rows.error());
    for (const auto& t : *rows) {
      if (!kind.empty() && kind != workflows::to_string(t.kind)) continue;
      if (!school.empty() && school != t.school) continue;
      out.push_back(deadline_json(t));
    }
  }
  json::object body;
  body["from"] = workflows::format_date(range->from);
  body["to"] = workflows::format_date(range->to);
  body["count"] = out.size();
  body["overdue_count"] = overdue.size();
  body["overdue"] = std::move(overdue);
  body["deadlines"] = std::move(out);
  return json_response(r, 200, body);
}

HttpResponse api_deadlines_ics(ApiRequest& r) {
  std::optional<HttpResponse> err;
  auto range = parse_range(r, &err);
  if (!range) return std::move(*err);
  // A calendar subscription wants the long view: a year unless asked otherwise.
  if (r.query_or("to").empty()) range->to = range->from + date::days{366};
  auto rows = r.ctx.engine->reader()->deadlines_between(range->from, range->to);
  if (!rows) return error_response(r.http, rows.error());
  std::vector<IcsEvent> events;
  for (const auto& t : *rows) {
    IcsEvent e;
    e.uid = deadline_uid(t.school, t.instance, t.timer);
    e.date = t.due;
    e.summary = deadline_summary(t.kind == workflows::TimerKind::kReminder, t.title, t.timer, t.school_name);
    e.description = explain(t);
    events.push_back(std::move(e));
  }
  auto now = std::chrono::floor<std::chrono::seconds>(r.ctx.clock->now_utc());
  auto res = text_response(r, 200, render_ics(events, now), "text/calendar; charset=utf-8");
  res.set(boost::beast::http::field::content_disposition, "inline; filename=\"sif-deadlines.ics\"");
  return res;
}

}  // namespace sif::daemon
