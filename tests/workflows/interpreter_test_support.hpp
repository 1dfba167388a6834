// Helpers for the interpreter tests: build small Frameworks in C++ (no YAML), a fixed calendar,
// and a stable text dump of a SchoolState/Transition for determinism and replay comparisons.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "workflows/calendar.hpp"
#include "workflows/definition.hpp"
#include "workflows/evaluator.hpp"
#include "workflows/interpreter.hpp"
#include "workflows/state.hpp"

namespace sif::workflows::testing {

// "event.x | params.y | 15" -> alternatives, paths recognised as the loader does.
inline ValueExpr expr(const std::string& text) {
  ValueExpr e;
  std::string cur;
  auto flush = [&]() {
    auto b = cur.find_first_not_of(' ');
    auto en = cur.find_last_not_of(' ');
    std::string w = b == std::string::npos ? "" : cur.substr(b, en - b + 1);
    if (!w.empty()) e.alts.push_back({is_path(w), w});
    cur.clear();
  };
  for (char c : text) {
    if (c == '|') {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  return e;
}

inline Condition cond(std::string path, Condition::Op op, std::vector<std::string> values = {}) {
  Condition c;
  c.path = std::move(path);
  c.op = op;
  c.values = std::move(values);
  return c;
}
inline Condition eq(std::string path, std::string v) { return cond(std::move(path), Condition::Op::kEq, {std::move(v)}); }

inline TransitionSpec go(std::string to = {}) {
  TransitionSpec t;
  t.to = std::move(to);
  return t;
}
inline TransitionSpec go_when(std::string to, std::vector<Condition> all) {
  TransitionSpec t = go(std::move(to));
  t.when.all = std::move(all);
  return t;
}

inline TimerSpec timer(std::string id, int count, Unit unit, std::string then = {}) {
  TimerSpec t;
  t.id = std::move(id);
  t.title = "Title of " + t.id;
  t.count = ValueExpr::literal(std::to_string(count));
  t.unit = unit;
  t.then = std::move(then);
  t.source = "Rule " + t.id;
  return t;
}

inline Reminder reminder(int count, Unit unit, std::vector<std::string> roles, std::string tmpl = {}) {
  Reminder r;
  r.before = Duration{count, unit};
  for (auto& role : roles) r.to.push_back(Recipient{std::move(role), {}, {}});
  r.template_id = std::move(tmpl);
  return r;
}

inline NoticeSpec notice(std::string tmpl, std::vector<std::string> to, std::vector<std::string> cc = {}) {
  NoticeSpec n;
  n.template_id = std::move(tmpl);
  for (auto& r : to) n.to.push_back(Recipient{std::move(r), {}, {}});
  for (auto& r : cc) n.cc.push_back(Recipient{std::move(r), {}, {}});
  return n;
}

inline StateSpec state(std::string id, bool final = false) {
  StateSpec s;
  s.id = std::move(id);
  s.title = "Title of " + s.id;
  s.final = final;
  return s;
}

inline Framework base_framework() {
  Framework f;
  f.id = "test-2025";
  f.version = 1;
  f.title = "Test framework";
  f.region = Region::kEnglandAndWales;
  for (const char* c : {"green", "amber", "red"}) f.categories.push_back(CategorySpec{c, c, "", "", {}});
  for (const char* r : {"headteacher", "governing_body", "link_adviser", "la_lead", "ofsted", "appointing_authority"}) {
    f.roles.push_back(RoleSpec{r, std::string("Title ") + r, {}, false, {}});
  }
  return f;
}

inline Calendar test_calendar() { return Calendar(Region::kEnglandAndWales, default_term_calendar(2023, 2030)); }

inline School test_school() {
  School s;
  s.id = "100001";
  s.name = "Example Primary";
  s.la = "Example Borough";
  s.framework = "test-2025";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  s.contacts["headteacher"] = Contact{"Ann Head", "head@example.org", "1 School Lane"};
  return s;
}

inline LocalTime at(int y, unsigned m, unsigned d) { return LocalTime{make_date(y, m, d), 9 * 60}; }

inline Event ev(std::string type, Data data = {}, std::string actor = "officer") {
  Event e;
  e.type = std::move(type);
  e.data = std::move(data);
  e.actor = std::move(actor);
  return e;
}

inline const Instance& inst(const SchoolState& s, const std::string& id) {
  const Instance* i = s.find(id);
  if (!i) throw std::runtime_error("no instance " + id);  // test-only
  return *i;
}

inline const PendingTimer* pending(const SchoolState& s, const std::string& instance, const std::string& timer_id) {
  const Instance* i = s.find(instance);
  if (!i) return nullptr;
  for (const auto& t : i->timers) {
    if (t.id == timer_id) return &t;
  }
  return nullptr;
}

inline std::string dump(const SchoolState& s) {
  std::ostringstream o;
  o << "school " << s.school.id << " category=" << s.category << " next=" << s.next_instance << "\n";
  for (const auto& i : s.instances) {
    o << " instance " << i.id << " wf=" << i.workflow << " v" << i.framework_version << " state=" << i.state
      << " entered=" << format_date(i.entered) << " started=" << format_date(i.started) << " final=" << i.final
      << " parent=" << i.parent << "\n";
    for (const auto& [k, v] : i.params) o << "  param " << k << "=" << v << "\n";
    for (const auto& [k, v] : i.vars) o << "  var " << k << "=" << v << "\n";
    for (const auto& t : i.timers) {
      o << "  timer " << t.id << " " << to_string(t.kind) << " due=" << format_date(t.due) << " fired=" << t.fired
        << " base=" << format_date(t.provenance.base) << " " << t.provenance.base_event << " "
        << t.provenance.duration.count << " " << to_string(t.provenance.duration.unit) << " skipped="
        << t.provenance.skipped.size() << "\n";
    }
  }
  return o.str();
}

inline std::string dump(const Transition& t) {
  std::ostringstream o;
  o << dump(t.next);
  for (const auto& h : t.history) {
    o << "history " << h.instance << " " << h.event << " " << h.from << "->" << h.to << " " << format_date(h.date)
      << " by " << h.actor << " (" << h.note << ")\n";
  }
  for (const auto& p : t.timers_set) o << "set " << p.instance << "/" << p.id << " " << format_date(p.due) << "\n";
  for (const auto& [i, id] : t.timers_cancelled) o << "cancel " << i << "/" << id << "\n";
  for (const auto& n : t.notices) {
    o << "notice " << n.template_id << " " << n.instance << " to=";
    for (const auto& r : n.to) o << r << ",";
    o << " cc=";
    for (const auto& r : n.cc) o << r << ",";
    o << " (" << n.reason << ") " << n.data.size() << " keys\n";
  }
  for (const auto& s : t.started) o << "started " << s << "\n";
  return o.str();
}

}  // namespace sif::workflows::testing
