// GET /v1/schools/{id}/preview?event=TYPE&data.<k>=<v>...[&instance=ID]: what recording the
// event now would do, decided by the pure core on the stored snapshot (Engine::preview) and
// never committed: the state changes, every deadline set or cancelled with its date and why,
// and every notice with its recipients and rendered subject. Refusals answer exactly as
// POST /v1/schools/{id}/events would (400, 404, 409, 422).
#include <boost/json.hpp>

#include "daemon/api_common.hpp"
#include "daemon/engine.hpp"
#include "daemon/event_forms.hpp"
#include "notifications/letter.hpp"
#include "notifications/renderer.hpp"
#include "notifications/routing.hpp"
#include "storage/json_codec.hpp"
#include "workflows/definition.hpp"

namespace sif::daemon {

namespace json = boost::json;

namespace {

struct Titles {
  std::string workflow;
  std::string state;
};

Titles titles_of(const config::ConfigSet& cfg, const workflows::SchoolState& s, const std::string& instance,
                 const std::string& workflow, const std::string& state) {
  const workflows::Instance* inst = s.find(instance);
  const workflows::Framework* fw = definition_of(cfg, s.school.framework, inst ? inst->framework_version : 0);
  const workflows::WorkflowSpec* wf = fw ? fw->find_workflow(workflow) : nullptr;
  const workflows::StateSpec* st = wf && !state.empty() ? wf->find_state(state) : nullptr;
  return {wf && !wf->title.empty() ? wf->title : workflow, st && !st->title.empty() ? st->title : state};
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}

json::array addresses(const std::vector<notifications::Address>& v) {
  json::array a;
  for (const auto& x : v) a.push_back(json::string(x.email));
  return a;
}

// A notice as the dispatcher would build it, without sending: routed to the school's contacts
// (or the authority's defaults) and its subject rendered. Routing or rendering that would fail
// is said, not hidden: the notice would wait in the outbox and go dead.
json::object notice_json(const ApiRequest& r, const workflows::School& school, const workflows::NoticeEffect& n,
                         workflows::Date today) {
  json::object o;
  o["instance"] = n.instance;
  o["template"] = n.template_id;
  o["reason"] = n.reason;
  o["to_roles"] = strings(n.to);
  o["cc_roles"] = strings(n.cc);
  workflows::Data data = n.data;
  auto routed = notifications::route(n.to, n.cc, school, r.ctx.settings.notifications.contacts);
  if (routed) {
    o["to"] = addresses(routed->to);
    o["cc"] = addresses(routed->cc);
    data.emplace("recipients.to", notifications::names_of(routed->to, n.data));
    data.emplace("recipients.cc", notifications::names_of(routed->cc, n.data));
  } else {
    o["to"] = strings(n.to);
    o["cc"] = strings(n.cc);
    o["routing_problem"] = routed.error().message;
  }
  data.emplace("school.id", school.id);
  data.emplace("school.name", school.name);
  data.emplace("school.la", school.la);
  data.emplace("today", workflows::format_date(today));
  data.emplace("today_words", workflows::format_date_words(today));
  data.emplace("today.words", workflows::format_date_words(today));
  notifications::Renderer renderer(r.ctx.settings.config_dir / "templates");
  auto rendered = renderer.render(n.template_id, data, today);
  if (rendered) {
    o["subject"] = rendered->subject;
  } else {
    o["subject"] = "";
    o["render_problem"] = rendered.error().message;
  }
  return o;
}

}  // namespace

HttpResponse api_preview_event(ApiRequest& r) {
  const std::string& id = r.params.at("id");
  workflows::Event ev;
  ev.type = r.query_or("event");
  ev.instance = r.query_or("instance");
  if (auto bad = check_text(r.http, "event", ev.type, kMaxNameChars)) return std::move(*bad);
  if (auto bad = check_text(r.http, "instance", ev.instance, kMaxNameChars)) return std::move(*bad);
  if (ev.type.empty()) return bad_request(r.http, "event", "'event' (the event type, e.g. review.held) is required");
  if (ev.type.rfind("timer.", 0) == 0) {
    return bad_request(r.http, "event", "timer events are fired by the daemon, not recorded");
  }
  for (const auto& [key, value] : r.query) {
    if (!key.starts_with("data.")) continue;
    const std::string name = key.substr(5);
    if (name.empty()) return bad_request(r.http, key, "a data parameter names its field: data.<field>=<value>");
    if (auto bad = check_event_datum(r.http, name, value)) return std::move(*bad);
    ev.data[name] = value;
  }
  if (ev.data.size() > kMaxDataEntries) {
    return bad_request(r.http, "data", "'data' has " + std::to_string(ev.data.size()) + " entries; at most " +
                                           std::to_string(kMaxDataEntries) + " are allowed");
  }
  ev.actor = r.principal ? r.principal->name : "api";

  auto p = r.ctx.engine->preview(id, ev);
  if (!p) return event_error_response(r, id, p.error());
  const config::ConfigSet& cfg = *p->config;
  const workflows::Transition& t = p->transition;

  json::array states;
  for (const auto& h : t.history) {
    if (h.from == h.to) continue;  // stayed: no change of state to show
    Titles from = titles_of(cfg, p->before, h.instance, h.workflow, h.from);
    Titles to = titles_of(cfg, t.next, h.instance, h.workflow, h.to);
    states.push_back(json::object{{"instance", h.instance}, {"workflow", h.workflow}, {"workflow_title", to.workflow},
                                  {"from", h.from},         {"from_title", from.state}, {"to", h.to},
                                  {"to_title", to.state}});
  }
  json::array history;
  for (const auto& h : t.history) {
    history.push_back(json::object{{"instance", h.instance}, {"workflow", h.workflow}, {"event", h.event},
                                   {"from", h.from},         {"to", h.to},             {"note", h.note},
                                   {"date", workflows::format_date(h.date)}});
  }
  json::array set;
  for (const auto& pt : t.timers_set) {
    set.push_back(json::object{{"instance", pt.instance},
                               {"timer", pt.id},
                               {"title", pt.title},
                               {"kind", workflows::to_string(pt.kind)},
                               {"meaning", workflows::to_string(pt.meaning)},
                               {"due", workflows::format_date(pt.due)},
                               {"fires", workflows::format_date(pt.fires)},
                               {"provenance", storage::to_json(pt.provenance)}});
  }
  json::array cancelled;
  for (const auto& [instance, timer] : t.timers_cancelled) {
    const workflows::Instance* inst = p->before.find(instance);
    const workflows::PendingTimer* old = nullptr;
    if (inst) {
      for (const auto& pt : inst->timers) {
        if (pt.id == timer) old = &pt;
      }
    }
    // Re-armed on the same date (cancelled and set again by the diff): nothing changes for a person.
    // (Plain references: clang 14 cannot capture structured bindings in a lambda.)
    const std::string& instance_id = instance;
    const std::string& timer_id = timer;
    bool same = old && std::any_of(t.timers_set.begin(), t.timers_set.end(), [&](const workflows::PendingTimer& n) {
                  return n.instance == instance_id && n.id == timer_id && n.due == old->due;
                });
    if (same) continue;
    json::object c{{"instance", instance}, {"timer", timer}};
    c["title"] = old ? old->title : timer;
    c["due"] = old ? json::value(workflows::format_date(old->due)) : json::value(nullptr);
    cancelled.push_back(std::move(c));
  }
  json::array notices;
  for (const auto& n : t.notices) notices.push_back(notice_json(r, t.next.school, n, p->now.date));

  json::object body;
  body["school"] = id;
  body["event"] = ev.type;
  body["title"] = event_title(ev.type);
  body["allowed"] = true;
  body["category_from"] = p->before.category;
  body["category_to"] = t.next.category;
  body["states"] = std::move(states);
  body["deadlines_set"] = std::move(set);
  body["deadlines_cancelled"] = std::move(cancelled);
  body["notices"] = std::move(notices);
  body["history"] = std::move(history);
  body["started"] = strings(t.started);
  return json_response(r, 200, body);
}

}  // namespace sif::daemon
