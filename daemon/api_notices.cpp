// GET /v1/notices (the outbox, newest first, with filters and an id cursor), GET
// /v1/notices/{id} (one notice with its rendered letter) and POST /v1/notices/{id}/retry.
//
// A row's subject, recipients and letter are rendered as the dispatcher renders them
// (notifications/letter.hpp) from the row's template and data and the school's contacts now: a
// sent notice with the date it was sent, any other with today's. Only the last error of a
// notice's delivery attempts is kept (last_error, attempts), not a log of each.
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <map>

#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/local_time.hpp"
#include "notifications/letter.hpp"

namespace sif::daemon {

namespace json = boost::json;

namespace {

json::object notice_json(const storage::OutboxRow& n) {
  json::object o;
  o["id"] = n.id;
  o["key"] = n.key;
  o["school"] = n.school;
  o["instance"] = n.instance;
  o["workflow"] = n.workflow;
  o["template"] = n.template_id;
  json::array to, cc;
  for (const auto& x : n.to) to.push_back(json::string(x));
  for (const auto& x : n.cc) cc.push_back(json::string(x));
  o["to"] = std::move(to);
  o["cc"] = std::move(cc);
  o["reason"] = n.reason;
  o["status"] = storage::to_string(n.status);
  o["attempts"] = n.attempts;
  o["last_error"] = n.last_error;
  o["created_at"] = format_utc(from_unix_seconds(n.created_at));
  o["next_attempt_at"] = format_utc(from_unix_seconds(n.next_attempt_at));
  o["sent_at"] = n.sent_at ? json::value(format_utc(from_unix_seconds(*n.sent_at))) : json::value(nullptr);
  return o;
}

json::array addresses_json(const std::vector<notifications::Address>& list) {
  json::array out;
  for (const auto& a : list) out.push_back(json::object{{"name", a.name}, {"email", a.email}, {"role", a.role}});
  return out;
}

// Renders rows' letters for one answer, reading each school once.
class Letters {
 public:
  // REQUIRES: db outlives the Letters (the request's read connection).
  Letters(ApiRequest& r, storage::Database& db)
      : r_(r), db_(db), renderer_(r.ctx.settings.config_dir / "templates"), today_(to_london(r.ctx.clock->now_utc()).date) {}

  // Adds subject, recipients (or recipients_error) and, with_body, body (or render_error).
  workflows::Status describe(const storage::OutboxRow& row, json::object& o, bool with_body) {
    const workflows::School* school = nullptr;
    if (!row.school.empty()) {
      auto it = schools_.find(row.school);
      if (it == schools_.end()) {
        auto loaded = db_.load_school(row.school);
        if (!loaded) return loaded.error();
        std::optional<workflows::School> s;
        if (*loaded) s = std::move((*loaded)->state.school);
        it = schools_.emplace(row.school, std::move(s)).first;
      }
      if (it->second) school = &*it->second;
    }
    notifications::Recipients recipients;
    auto routed = notifications::recipients_of(row, school, r_.ctx.settings.notifications.contacts);
    if (routed) {
      recipients = *routed;
      o["recipients"] = json::object{{"to", addresses_json(recipients.to)}, {"cc", addresses_json(recipients.cc)}};
    } else {
      o["recipients"] = nullptr;
      o["recipients_error"] = routed.error().message;
    }
    // The letter as it went out (its day), or as it would go today.
    const workflows::Date day = row.sent_at ? to_london(from_unix_seconds(*row.sent_at)).date : today_;
    auto letter = notifications::render_letter(renderer_, row, school, recipients, day);
    if (letter) {
      o["subject"] = letter->subject;
      if (with_body) o["body"] = letter->text;
    } else {
      o["subject"] = nullptr;
      if (with_body) o["body"] = nullptr;
      o["render_error"] = letter.error().message;
    }
    return workflows::Ok{};
  }

 private:
  ApiRequest& r_;
  storage::Database& db_;
  notifications::Renderer renderer_;
  workflows::Date today_;
  std::map<std::string, std::optional<workflows::School>> schools_;
};

// A notice id path parameter, or the 400 naming it.
std::optional<std::int64_t> notice_id(ApiRequest& r, std::optional<HttpResponse>* err) {
  const std::string& text = r.params.at("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    *err = bad_request(r.http, "id", "notice id must be a positive integer (the ID column of `sifctl notices`)");
    return std::nullopt;
  }
  return std::stoll(text);
}

}  // namespace

HttpResponse api_notices(ApiRequest& r) {
  std::optional<storage::OutboxStatus> status;
  if (auto s = r.query_or("status"); !s.empty() && s != "all") {
    if (s == "failed") s = "dead";
    auto st = storage::parse_outbox_status(s);
    if (!st) return bad_request(r.http, "status", "status must be pending, sent, dead (or failed) or all");
    status = *st;
  }
  int limit = 200;
  if (auto l = r.query_or("limit"); !l.empty()) {
    if (l.find_first_not_of("0123456789") != std::string::npos || l.size() > 6) {
      return bad_request(r.http, "limit", "limit must be a non-negative integer (0: every notice)");
    }
    limit = std::stoi(l);
  }
  std::int64_t before = 0;
  if (auto b = r.query_or("before"); !b.empty()) {
    if (b.size() > 18 || b.find_first_not_of("0123456789") != std::string::npos || std::stoll(b) == 0) {
      return bad_request(r.http, "before", "'before' must be a notice id (the next_before of the previous page)");
    }
    before = std::stoll(b);
  }
  const std::string school = r.query_or("school"), template_id = r.query_or("template");
  if (auto bad = check_text(r.http, "school", school, kMaxNameChars)) return std::move(*bad);
  if (auto bad = check_text(r.http, "template", template_id, kMaxNameChars)) return std::move(*bad);
  auto db = r.ctx.engine->reader();
  auto rows = db->outbox_list(status, school, template_id, before, limit);
  if (!rows) return error_response(r.http, rows.error());
  Letters letters(r, *db);
  json::array out;
  for (const auto& n : *rows) {
    json::object o = notice_json(n);
    if (auto st = letters.describe(n, o, false); !st) return error_response(r.http, st.error());
    out.push_back(std::move(o));
  }
  json::object body;
  body["count"] = out.size();
  // A full page may have more below it; an empty or short one is the last.
  const bool more = limit > 0 && rows->size() == static_cast<std::size_t>(limit);
  body["next_before"] = more ? json::value(rows->back().id) : json::value(nullptr);
  body["notices"] = std::move(out);
  return json_response(r, 200, body);
}

HttpResponse api_show_notice(ApiRequest& r) {
  std::optional<HttpResponse> err;
  auto id = notice_id(r, &err);
  if (!id) return std::move(*err);
  auto db = r.ctx.engine->reader();
  auto row = db->outbox_get(*id);
  if (!row) return error_response(r.http, row.error());
  if (!row->has_value()) return error_response(r.http, 404, "not_found", "no notice with id " + std::to_string(*id));
  json::object o = notice_json(**row);
  Letters letters(r, *db);
  if (auto st = letters.describe(**row, o, true); !st) return error_response(r.http, st.error());
  return json_response(r, 200, o);
}

HttpResponse api_retry_notice(ApiRequest& r) {
  std::optional<HttpResponse> err;
  auto parsed = notice_id(r, &err);
  if (!parsed) return std::move(*err);
  const std::int64_t id = *parsed;
  const std::string text = std::to_string(id);
  auto& db = r.ctx.engine->database();
  auto row = db.outbox_get(id);
  if (!row) return error_response(r.http, row.error());
  if (!row->has_value()) return error_response(r.http, 404, "not_found", "no notice with id " + text);
  if ((*row)->status == storage::OutboxStatus::kSent) {
    return error_response(r.http, 409, "conflict",
                          "notice " + text + " was already sent (at " +
                              format_utc(from_unix_seconds((*row)->sent_at.value_or(0))) + "); nothing to retry");
  }
  auto retried = db.outbox_retry(id, to_unix_seconds(r.ctx.clock->now_utc()));
  if (!retried) return error_response(r.http, retried.error());
  spdlog::info("notice {} ({}, school {}) retried by {}; last error was: {}", id, (*row)->template_id, (*row)->school,
               r.principal ? r.principal->name : std::string("?"), (*row)->last_error);
  if (r.ctx.wake_notices) r.ctx.wake_notices();
  auto now_row = db.outbox_get(id);
  if (!now_row) return error_response(r.http, now_row.error());
  if (!now_row->has_value()) return error_response(r.http, 404, "not_found", "no notice with id " + text);
  return json_response(r, 200, notice_json(**now_row));
}

}  // namespace sif::daemon
