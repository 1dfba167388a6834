// TransitionSummary <-> JSON: the body answered for an applied event, and stored under its
// idempotency key so a repeated request gets exactly the same answer.
#include <boost/json.hpp>

#include "daemon/engine.hpp"

namespace sif::daemon {

namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<std::string> str_list(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_array()) return out;
  for (const auto& e : v->as_array()) {
    if (e.is_string()) out.emplace_back(e.as_string());
  }
  return out;
}

std::int64_t integer(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return 0;
}

const json::array& array(const json::object& o, std::string_view key) {
  static const json::array kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

}  // namespace

json::value to_json(const TransitionSummary& s) {
  json::array changes;
  for (const auto& c : s.changes) {
    changes.push_back(json::object{{"instance", c.instance}, {"workflow", c.workflow}, {"event", c.event},
                                   {"from", c.from}, {"to", c.to}, {"note", c.note}});
  }
  json::array timers;
  for (const auto& t : s.timers_set) {
    timers.push_back(json::object{{"instance", t.instance}, {"timer", t.timer}, {"kind", t.kind},
                                  {"title", t.title}, {"due", t.due}, {"meaning", t.meaning}, {"fires", t.fires}});
  }
  json::array cancelled;
  for (const auto& [instance, timer] : s.timers_cancelled) {
    cancelled.push_back(json::object{{"instance", instance}, {"timer", timer}});
  }
  json::array notices;
  for (const auto& n : s.notices) {
    notices.push_back(json::object{{"outbox_id", n.outbox_id}, {"instance", n.instance},
                                   {"template", n.template_id}, {"to", strings(n.to)}, {"cc", strings(n.cc)}});
  }
  json::object o;
  o["school"] = s.school;
  o["seq"] = s.seq;
  o["event"] = s.event;
  o["category"] = s.category;
  o["changes"] = std::move(changes);
  o["timers_set"] = std::move(timers);
  o["timers_cancelled"] = std::move(cancelled);
  o["notices"] = std::move(notices);
  o["started"] = strings(s.started);
  return o;
}

workflows::Result<TransitionSummary> transition_summary_from_json(const json::value& v) {
  if (!v.is_object()) return workflows::Error::corruption("a stored response is not a JSON object");
  const auto& o = v.as_object();
  TransitionSummary s;
  s.school = str(o, "school");
  s.seq = integer(o, "seq");
  s.event = str(o, "event");
  s.category = str(o, "category");
  for (const auto& e : array(o, "changes")) {
    if (!e.is_object()) continue;
    const auto& c = e.as_object();
    s.changes.push_back({str(c, "instance"), str(c, "workflow"), str(c, "event"), str(c, "from"), str(c, "to"),
                         str(c, "note")});
  }
  for (const auto& e : array(o, "timers_set")) {
    if (!e.is_object()) continue;
    const auto& t = e.as_object();
    s.timers_set.push_back({str(t, "instance"), str(t, "timer"), str(t, "kind"), str(t, "title"), str(t, "due"),
                            str(t, "meaning").empty() ? "prompt" : str(t, "meaning"), str(t, "fires")});
  }
  for (const auto& e : array(o, "timers_cancelled")) {
    if (!e.is_object()) continue;
    s.timers_cancelled.emplace_back(str(e.as_object(), "instance"), str(e.as_object(), "timer"));
  }
  for (const auto& e : array(o, "notices")) {
    if (!e.is_object()) continue;
    const auto& n = e.as_object();
    s.notices.push_back({integer(n, "outbox_id"), str(n, "instance"), str(n, "template"), str_list(n, "to"),
                         str_list(n, "cc")});
  }
  s.started = str_list(o, "started");
  return s;
}

}  // namespace sif::daemon
