// GET /v1/frameworks and /v1/frameworks/{id}: the loaded definitions, summarised, or as Mermaid
// stateDiagram-v2 diagrams (?format=mermaid, one per workflow, drawn by config/diagram.hpp;
// ?workflow=ID for just one).
#include <boost/json.hpp>

#include "config/diagram.hpp"
#include "daemon/api_common.hpp"
#include "daemon/engine.hpp"

namespace sif::daemon {

namespace json = boost::json;

namespace {

std::string value_text(const workflows::ValueExpr& v) {
  std::string s;
  for (const auto& a : v.alts) s += (s.empty() ? "" : " | ") + a.text;
  return s;
}

json::object framework_head(const workflows::Framework& f, const std::map<int, workflows::Framework>* versions) {
  json::object o;
  o["id"] = f.id;
  o["version"] = f.version;
  json::array vs;
  if (versions) {
    for (const auto& [v, _] : *versions) vs.push_back(v);
  }
  o["versions"] = std::move(vs);
  o["title"] = f.title;
  o["document"] = f.document;
  o["region"] = workflows::to_string(f.region);
  o["calendar"] = f.calendar;
  o["fire_time"] = f.fire_time.str();
  json::array cats;
  for (const auto& c : f.categories) cats.push_back(json::object{{"id", c.id}, {"title", c.title}, {"tier", c.tier}, {"source", c.source}});
  o["categories"] = std::move(cats);
  json::object roles;
  json::array own_roles;  // declared with own: true: contacts may be given for them too
  for (const auto& r : f.roles) {
    roles[r.id] = r.title;
    if (r.own) own_roles.push_back(json::value(r.id));
  }
  o["roles"] = std::move(roles);
  o["own_roles"] = std::move(own_roles);
  return o;
}

const char* condition_op(workflows::Condition::Op op) {
  using Op = workflows::Condition::Op;
  switch (op) {
    case Op::kEq: return "eq";
    case Op::kNe: return "ne";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not_in";
    case Op::kLt: return "lt";
    case Op::kLe: return "le";
    case Op::kGt: return "gt";
    case Op::kGe: return "ge";
    case Op::kPresent: return "present";
    case Op::kAbsent: return "absent";
  }
  return "eq";
}

json::object workflow_json(const workflows::WorkflowSpec& w, bool detail) {
  json::object o;
  o["id"] = w.id;
  o["title"] = w.title;
  o["root"] = w.root;
  o["initial"] = w.initial;
  o["source"] = w.source;
  if (!detail) {
    json::array states;
    for (const auto& s : w.states) states.push_back(json::string(s.id));
    o["states"] = std::move(states);
    return o;
  }
  json::array params;
  for (const auto& p : w.params) params.push_back(json::object{{"name", p.name}, {"default", p.default_value}, {"description", p.description}});
  o["params"] = std::move(params);
  json::array states;
  for (const auto& s : w.states) {
    json::object so;
    so["id"] = s.id;
    so["title"] = s.title;
    so["source"] = s.source;
    so["final"] = s.final;
    json::array timers;
    for (const auto& t : s.timers) {
      json::object to;
      to["id"] = t.id;
      to["title"] = t.title;
      to["count"] = value_text(t.count);
      to["unit"] = workflows::to_string(t.unit);
      to["from"] = t.from.kind == workflows::TimerBase::Kind::kEntered ? "state.entered" : value_text(t.from.path);
      to["then"] = t.then;
      to["recurring"] = t.recurs();
      to["kind"] = workflows::to_string(t.meaning);
      if (!t.at.empty()) to["at"] = t.at;
      to["reminders"] = t.reminders.size();
      to["escalations"] = t.escalations.size();
      to["source"] = t.source;
      to["describe"] = config::describe_timer(t);
      timers.push_back(std::move(to));
    }
    so["timers"] = std::move(timers);
    json::object on;
    for (const auto& [event, list] : s.on) {
      json::array ts;
      for (const auto& t : list) {
        json::array when;
        for (const auto& c : t.when.all) {
          json::array vals;
          for (const auto& v : c.values) vals.push_back(json::string(v));
          when.push_back(json::object{{"path", c.path}, {"op", condition_op(c.op)}, {"values", std::move(vals)}});
        }
        ts.push_back(json::object{{"to", t.to}, {"when", std::move(when)}, {"guard", config::describe_guard(t.when)},
                                  {"source", t.source}});
      }
      on[event] = std::move(ts);
    }
    so["on"] = std::move(on);
    states.push_back(std::move(so));
  }
  o["states"] = std::move(states);
  return o;
}

}  // namespace

HttpResponse api_list_frameworks(ApiRequest& r) {
  auto cfg = r.ctx.engine->config();
  json::array out;
  for (const auto& [id, versions] : cfg->frameworks) {
    if (versions.empty()) continue;
    const auto& f = versions.rbegin()->second;
    json::object o = framework_head(f, &versions);
    json::array wfs;
    for (const auto& w : f.workflows) wfs.push_back(workflow_json(w, false));
    o["workflows"] = std::move(wfs);
    out.push_back(std::move(o));
  }
  json::object body;
  body["frameworks"] = std::move(out);
  return json_response(r, 200, body);
}

HttpResponse api_show_framework(ApiRequest& r) {
  auto cfg = r.ctx.engine->config();
  const std::string& id = r.params.at("id");
  const auto* versions = cfg->versions(id);
  if (!versions || versions->empty()) return error_response(r.http, 404, "not_found", "no framework '" + id + "'");
  const workflows::Framework* f = &versions->rbegin()->second;
  if (auto v = r.query_or("version"); !v.empty()) {
    int n = 0;
    try {
      n = std::stoi(v);
    } catch (...) {
      return bad_request(r.http, "version", "version must be an integer");
    }
    auto it = versions->find(n);
    if (it == versions->end()) return error_response(r.http, 404, "not_found", "framework '" + id + "' has no version " + v);
    f = &it->second;
  }
  std::string format = r.query_or("format", "json");
  std::string only = r.query_or("workflow");
  if (!only.empty() && !f->find_workflow(only)) {
    return error_response(r.http, 404, "not_found", "framework '" + id + "' has no workflow '" + only + "'");
  }
  if (format == "mermaid") {
    std::string text;
    for (const auto& w : f->workflows) {
      if (!only.empty() && w.id != only) continue;
      if (!text.empty()) text += "\n";
      // The same drawing as docs/frameworks/ (config/diagram.hpp), under a title per workflow.
      text += "---\ntitle: " + w.id + (w.title.empty() ? "" : " — " + w.title) + "\n---\n" + config::to_mermaid(*f, w);
    }
    return text_response(r, 200, std::move(text), "text/plain; charset=utf-8");
  }
  if (format != "json") return bad_request(r.http, "format", "format must be 'json' or 'mermaid'");
  json::object o = framework_head(*f, versions);
  json::array wfs;
  for (const auto& w : f->workflows) {
    if (!only.empty() && w.id != only) continue;
    wfs.push_back(workflow_json(w, true));
  }
  o["workflows"] = std::move(wfs);
  return json_response(r, 200, o);
}

}  // namespace sif::daemon
