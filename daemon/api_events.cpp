// POST /v1/schools/{id}/events: record one canonical or framework event.
#include <algorithm>
#include <boost/json.hpp>

#include "daemon/api_common.hpp"
#include "daemon/engine.hpp"
#include "workflows/definition.hpp"

namespace sif::daemon {

namespace json = boost::json;

namespace {

// Event data travel as strings (the core's Data); numbers and booleans are accepted and written
// as JSON writes them, so {"compliance_working_days": 15} works as well as "15".
std::optional<std::string> scalar_text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_double()) return json::serialize(v);
  return std::nullopt;
}

}  // namespace

std::optional<HttpResponse> check_event_datum(const HttpRequest& req, const std::string& key, const std::string& value) {
  const std::string field = "data." + key;
  if (auto bad = check_text(req, field, key, kMaxDataKeyChars)) return bad;
  if (auto bad = check_text(req, field, value, kMaxDataValueChars, /*multiline=*/true)) return bad;
  return check_date_range(req, field, value);
}

HttpResponse event_error_response(ApiRequest& r, const std::string& school, const workflows::Error& e) {
  if (e.code == workflows::ErrorCode::kConflict) {
    json::object details;
    json::array allowed;
    if (auto a = r.ctx.engine->allowed_events(school)) {
      for (const auto& x : *a) allowed.push_back(json::string(x));
    }
    details["allowed_events"] = std::move(allowed);
    if (!e.details.empty()) details["text"] = e.details;
    return error_response(r.http, 409, "conflict", e.message, std::move(details));
  }
  if (e.code == workflows::ErrorCode::kInvalidInput) {
    json::object details;
    if (!e.details.empty()) details["field"] = e.details;
    return error_response(r.http, 422, "unprocessable", e.message, std::move(details));
  }
  return error_response(r.http, e);
}

namespace {

// What POST /v1/schools/{id}/events asks, checked (nullopt from parse_event: *refusal holds the 400).
struct EventAsked {
  std::string school;
  workflows::Event event;
  std::string key;
};

std::optional<EventAsked> parse_event(ApiRequest& r, std::optional<HttpResponse>* refusal) {
  auto refuse = [&](HttpResponse res) -> std::optional<EventAsked> {
    *refusal = std::move(res);
    return std::nullopt;
  };
  const std::string& id = r.params.at("id");
  std::optional<HttpResponse> err;
  auto body = json_body(r, &err);
  if (!body) return refuse(std::move(*err));
  workflows::Event ev;
  std::string key;
  for (auto [field, out] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"type", &ev.type}, {"actor", &ev.actor}, {"idempotency_key", &key}, {"instance", &ev.instance}}) {
    auto v = string_member(*body, field);
    if (!v) return refuse(bad_request(r.http, field, v.error().message));
    if (auto bad = check_text(r.http, field, *v, kMaxNameChars)) return refuse(std::move(*bad));
    *out = std::move(*v);
  }
  if (ev.type.empty()) return refuse(bad_request(r.http, "type", "'type' (the event type, e.g. review.held) is required"));
  if (ev.type.rfind("timer.", 0) == 0) {
    return refuse(bad_request(r.http, "type", "timer events are fired by the daemon, not recorded"));
  }
  if (auto it = body->find("data"); it != body->end() && !it->value().is_null()) {
    if (!it->value().is_object()) return refuse(bad_request(r.http, "data", "'data' must be an object"));
    const auto& data = it->value().as_object();
    if (data.size() > kMaxDataEntries) {
      return refuse(bad_request(r.http, "data", "'data' has " + std::to_string(data.size()) + " entries; at most " +
                                             std::to_string(kMaxDataEntries) + " are allowed"));
    }
    for (const auto& kv : data) {
      const std::string field = "data." + std::string(kv.key());
      auto text = scalar_text(kv.value());
      if (!text) return refuse(bad_request(r.http, field, "event data values must be strings, numbers or booleans"));
      if (auto bad = check_event_datum(r.http, std::string(kv.key()), *text)) return refuse(std::move(*bad));
      ev.data[std::string(kv.key())] = std::move(*text);
    }
  }
  if (key.empty()) {
    key = std::string(r.http["Idempotency-Key"]);
    if (auto bad = check_text(r.http, "Idempotency-Key", key, kMaxNameChars)) return refuse(std::move(*bad));
  }
  if (ev.actor.empty()) ev.actor = r.principal ? r.principal->name : "api";
  return EventAsked{id, std::move(ev), std::move(key)};
}

// The answer to a recorded (or refused) event, and its metrics.
HttpResponse event_answer(ApiRequest& r, const std::string& id, const std::string& type,
                          const workflows::Result<EventOutcome>& out) {
  if (r.ctx.metrics) {
    // Refused types of no known name count as "other", so a caller cannot grow the label set.
    const auto& canonical = workflows::canonical_events();
    bool known = out.has_value() || std::find(canonical.begin(), canonical.end(), type) != canonical.end();
    r.ctx.metrics->event_recorded(known ? type : "other", out.has_value());
  }
  if (!out) return event_error_response(r, id, out.error());
  if (r.ctx.metrics && !out->replayed) r.ctx.metrics->transitions(static_cast<int64_t>(out->summary.changes.size()));
  auto res = json_response(r, out->effect == Effect::kRegistered ? 201 : 200, out->body);
  if (out->replayed) res.set("Idempotent-Replayed", "true");
  return res;
}

}  // namespace

HttpResponse api_record_event(ApiRequest& r) {
  std::optional<HttpResponse> refusal;
  auto asked = parse_event(r, &refusal);
  if (!asked) return std::move(*refusal);
  const std::string type = asked->event.type;
  auto out = r.ctx.engine->record_event(asked->school, std::move(asked->event), std::move(asked->key));
  return event_answer(r, asked->school, type, out);
}

// The io thread only parses and queues; the writer thread calls back once the commit returned,
// and the answer (metrics, a 409's allowed events) is built back on the connection's strand.
void api_record_event_async(ApiRequest& r, const HttpResponder& reply) {
  std::optional<HttpResponse> refusal;
  auto asked = parse_event(r, &refusal);
  if (!asked) {
    auto res = std::make_shared<HttpResponse>(std::move(*refusal));
    return reply([res] { return std::move(*res); });
  }
  auto again = std::make_shared<const ApiRequestCopy>(ApiRequestCopy::of(r));
  const std::string school = asked->school;
  const std::string type = asked->event.type;
  r.ctx.engine->record_event_async(
      school, std::move(asked->event), std::move(asked->key),
      [reply, again, school, type](workflows::Result<EventOutcome> out) {
        auto kept = std::make_shared<const workflows::Result<EventOutcome>>(std::move(out));
        reply([again, school, type, kept] {
          ApiRequest api = again->request();
          return event_answer(api, school, type, *kept);
        });
      });
}

}  // namespace sif::daemon
