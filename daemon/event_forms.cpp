#include "daemon/event_forms.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <optional>

#include "daemon/overdue.hpp"
#include "workflows/definition.hpp"
#include "workflows/event_schema.hpp"

namespace sif::daemon {

namespace json = boost::json;
using Kind = workflows::EventFieldSpec::Kind;

namespace {

constexpr std::string_view kEvent = "event.";

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::kText: return "text";
    case Kind::kDate: return "date";
    case Kind::kChoice: return "choice";
    case Kind::kPositiveInteger: return "positive_integer";
  }
  return "text";
}

std::string words(std::string s) {
  for (char& c : s) {
    if (c == '_' || c == '.') c = ' ';
  }
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// The field name of an `event.<name>` path, or nullopt.
std::optional<std::string> event_field(std::string_view path) {
  if (!path.starts_with(kEvent) || path.size() == kEvent.size()) return std::nullopt;
  return std::string(path.substr(kEvent.size()));
}

// What the definition reads of one field of the event.
struct Use {
  std::optional<Kind> kind;          // from how it is used (date, positive integer)
  std::vector<std::string> literals; // compared with, in a guard (eq, in)
  bool compared_otherwise = false;   // a guard test that is no choice (ne, lt, present...)
  int transitions_testing = 0;       // candidate transitions whose guard tests it
};

class Collector {
 public:
  std::map<std::string, Use> uses;
  std::vector<std::string> order;  // first-use order

  Use& use(const std::string& name) {
    auto [it, fresh] = uses.try_emplace(name);
    if (fresh) order.push_back(name);
    return it->second;
  }
  void value(const workflows::ValueExpr& v, std::optional<Kind> kind = std::nullopt) {
    for (const auto& alt : v.alts) {
      if (!alt.is_path) continue;
      if (auto f = event_field(alt.text)) {
        Use& u = use(*f);
        if (kind && !u.kind) u.kind = kind;
      }
    }
  }
  // The guard's conditions on event fields; returns the fields it tests.
  std::vector<std::string> guard(const workflows::Guard& g) {
    std::vector<std::string> tested;
    for (const auto& c : g.all) {
      auto f = event_field(c.path);
      if (!f) continue;
      Use& u = use(*f);
      using Op = workflows::Condition::Op;
      if (c.op == Op::kEq || c.op == Op::kIn) {
        for (const auto& v : c.values) {
          if (std::find(u.literals.begin(), u.literals.end(), v) == u.literals.end()) u.literals.push_back(v);
        }
      } else {
        u.compared_otherwise = true;
      }
      if (c.op != Op::kAbsent) tested.push_back(*f);
    }
    return tested;
  }
  void recipients(const std::vector<workflows::Recipient>& rs) {
    for (const auto& r : rs) guard(r.when);
  }
  void effects(const workflows::Effects& e) {
    for (const auto& n : e.notices) {
      for (const auto& [k, v] : n.data) value(v);
      recipients(n.to);
      recipients(n.cc);
    }
    for (const auto& c : e.start) {
      for (const auto& [k, v] : c.params) value(v);
    }
    for (const auto& a : e.set) value(a.value);
    if (e.set_category) value(*e.set_category);
    for (const auto& [timer, v] : e.reschedule) value(v, Kind::kDate);
  }
  void timers(const workflows::StateSpec& st) {
    for (const auto& t : st.timers) {
      value(t.count, Kind::kPositiveInteger);
      if (t.from.kind == workflows::TimerBase::Kind::kPath) value(t.from.path, Kind::kDate);
      guard(t.when);
    }
  }
};

}  // namespace

std::string event_title(const std::string& type) { return words(type); }

json::array event_forms(const config::ConfigSet& cfg, const workflows::SchoolState& s,
                        const std::vector<std::string>& allowed) {
  json::array out;
  for (const auto& type : allowed) {
    Collector col;
    json::array instances;
    int candidates = 0;
    std::map<std::string, int> testing;  // field -> candidate transitions whose guard tests it
    for (const auto& inst : s.instances) {
      if (inst.final) continue;
      const workflows::Framework* fw = definition_of(cfg, s.school.framework, inst.framework_version);
      const workflows::WorkflowSpec* wf = fw ? fw->find_workflow(inst.workflow) : nullptr;
      const workflows::StateSpec* st = wf ? wf->find_state(inst.state) : nullptr;
      if (!st) continue;
      auto it = st->on.find(type);
      if (it == st->on.end() || it->second.empty()) continue;
      instances.push_back(json::string(inst.id));
      for (const auto& t : it->second) {
        ++candidates;
        std::vector<std::string> tested = col.guard(t.when);
        std::sort(tested.begin(), tested.end());
        tested.erase(std::unique(tested.begin(), tested.end()), tested.end());
        for (const auto& f : tested) ++testing[f];
        col.effects(t.effects);
        if (!t.to.empty() && t.to != st->id) {
          if (const workflows::StateSpec* to = wf->find_state(t.to)) {
            col.effects(to->on_enter);
            col.timers(*to);
          }
        }
      }
    }

    json::array fields;
    std::vector<std::string> named;
    auto field_json = [](const std::string& name, Kind kind, bool required, const std::vector<std::string>& choices,
                         std::string label) {
      json::array cs;
      for (const auto& c : choices) cs.push_back(json::string(c));
      return json::object{{"name", name},           {"kind", kind_name(kind)}, {"required", required},
                          {"choices", std::move(cs)}, {"label", std::move(label)}};
    };
    json::array one_of;
    const workflows::EventSchema* schema = workflows::find_event_schema(type);
    if (schema) {
      for (const auto& f : schema->fields) {
        fields.push_back(field_json(f.name, f.kind, f.required, f.choices,
                                    f.name == "date" && type == "meeting.scheduled" ? "Date of the meeting"
                                                                                    : words(f.name)));
        named.push_back(f.name);
      }
      for (const auto& n : schema->one_of) one_of.push_back(json::string(n));
    }
    for (const auto& name : col.order) {
      if (std::find(named.begin(), named.end(), name) != named.end()) continue;
      const Use& u = col.uses.at(name);
      Kind kind = Kind::kText;
      std::vector<std::string> choices;
      if (!u.literals.empty() && !u.compared_otherwise) {
        kind = Kind::kChoice;
        choices = u.literals;
      } else if (u.kind) {
        kind = *u.kind;
      }
      if (name == "date") kind = Kind::kDate;
      const bool required = candidates > 0 && testing[name] == candidates;
      fields.push_back(field_json(name, kind, required, choices, words(name)));
      named.push_back(name);
    }
    // A support category given as free text is one of the framework's own: offer them.
    if (const workflows::Framework* fw = cfg.latest(s.school.framework); fw && !fw->categories.empty()) {
      for (auto& f : fields) {
        auto& o = f.as_object();
        if (o.at("name").as_string() != "category" || o.at("kind").as_string() != kind_name(Kind::kText) || !o.at("choices").as_array().empty()) continue;
        json::array cs;
        for (const auto& c : fw->categories) cs.push_back(json::string(c.id));
        o["kind"] = kind_name(Kind::kChoice);
        o["choices"] = std::move(cs);
      }
    }
    if (std::find(named.begin(), named.end(), "date") == named.end()) {
      fields.push_back(field_json("date", Kind::kDate, false, {}, "Date it happened (empty: today)"));
    }
    out.push_back(json::object{{"type", type},
                               {"title", event_title(type)},
                               {"instances", std::move(instances)},
                               {"fields", std::move(fields)},
                               {"one_of", std::move(one_of)}});
  }
  return out;
}

}  // namespace sif::daemon
