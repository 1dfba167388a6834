// Semantic checks of a framework; see checker.hpp for the list.
#include "config/checker.hpp"

#include "workflows/law.hpp"
#include "workflows/school_types.hpp"

#include <algorithm>
#include <charconv>
#include <deque>
#include <map>
#include <set>

#include "config/suggest.hpp"
#include "config/yaml_reader.hpp"
#include "workflows/date.hpp"

namespace sif::config {

using workflows::Condition;
using workflows::Effects;
using workflows::Framework;
using workflows::Guard;
using workflows::Recipient;
using workflows::SourceLoc;
using workflows::StateSpec;
using workflows::TimerSpec;
using workflows::TransitionSpec;
using workflows::ValueExpr;
using workflows::WorkflowSpec;

namespace {

const std::vector<std::string> kPathRoots = {"event", "school", "vars",     "params",
                                             "state", "timers", "law", "calendar", "workflows"};
const char* kPathHint =
    "a path is event.<field>, school.<fact>, vars.<name>, params.<name>, state.entered, timers.<timer id>, "
    "law.<notice>.<field>, calendar.<period boundary> or workflows.<workflow id>";

bool is_number(std::string_view s) {
  if (s.empty()) return false;
  double v = 0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, v);
  return ec == std::errc() && ptr == last;
}

bool is_date(std::string_view s) { return s.size() == 10 && workflows::parse_date(s).has_value(); }

template <typename T, typename Id>
std::vector<std::string> ids_of(const std::vector<T>& items, Id id) {
  std::vector<std::string> out;
  for (const auto& t : items) out.push_back(id(t));
  return out;
}

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

class Checker {
 public:
  Checker(const Framework& f, const CheckEnvironment& env, std::vector<Diagnostic>* out)
      : f_(f), env_(env), out_(out) {
    for (const auto& w : f.workflows) workflow_ids_.push_back(w.id);
    for (const auto& c : f.categories) category_ids_.push_back(c.id);
    if (env.templates) template_ids_.assign(env.templates->begin(), env.templates->end());
  }

  void run() {
    check_top_level();
    check_categories();
    check_roles();
    check_workflows();
    check_own_roles_used();
  }

 private:
  void error(const SourceLoc& at, std::string message, std::string hint = {}) {
    out_->push_back(Diagnostic{at.line > 0 || at.file.empty() ? at : with_file(at), std::move(message), std::move(hint)});
  }
  void warning(const SourceLoc& at, std::string message, std::string hint = {}) {
    error(at, std::move(message), std::move(hint));
    out_->back().severity = Diagnostic::Severity::kWarning;
  }
  SourceLoc with_file(const SourceLoc& at) const { return at.file.empty() ? f_.loc : at; }
  SourceLoc or_root(const SourceLoc& at) const { return at.line > 0 ? at : f_.loc; }

  // Reports the second and later elements sharing an id.
  template <typename T, typename Id>
  void duplicates(const std::vector<T>& items, Id id, std::string_view kind, std::string_view where) {
    std::map<std::string, const T*> seen;
    for (const auto& t : items) {
      const std::string& k = id(t);
      if (k.empty()) continue;
      auto [it, inserted] = seen.emplace(k, &t);
      if (!inserted) {
        error(t.loc, std::string(kind) + " " + q(k) + " is declared twice" + std::string(where),
              "first at line " + std::to_string(it->second->loc.line) + "; rename or remove one");
      }
    }
  }

  void check_top_level() {
    if (!env_.expected_id.empty() && !f_.id.empty() && f_.id != env_.expected_id) {
      error(or_root(env_.notes.id),
            "framework id " + q(f_.id) + " differs from its file name " + q(env_.expected_id + ".yaml"),
            "rename the file to " + f_.id + ".yaml or write id: " + env_.expected_id);
    }
    if (f_.version < 1) {
      error(or_root(env_.notes.version), "version must be 1 or more (found " + std::to_string(f_.version) + ")",
            "start at version: 1 and add one for each published change");
    }
    if (env_.calendars && f_.calendar != "default" && !env_.calendars->count(f_.calendar)) {
      std::vector<std::string> ids(env_.calendars->begin(), env_.calendars->end());
      std::string hint = closest(f_.calendar, ids);
      error(or_root(env_.notes.calendar),
            "no term calendar " + q(f_.calendar) + " (calendars/" + f_.calendar + ".yaml does not exist)",
            hint.empty() ? "add calendars/" + f_.calendar + ".yaml, or write calendar: default for the default pattern"
                         : "did you mean " + q(hint) + "?");
    }
    if (!f_.workflows.empty() &&
        std::none_of(f_.workflows.begin(), f_.workflows.end(), [](const auto& w) { return w.root; })) {
      error(f_.loc, "no workflow has root: true, so nothing starts when a school is registered",
            "mark the workflow every school starts in with root: true");
    }
  }

  void check_categories() {
    duplicates(f_.categories, [](const auto& c) -> const std::string& { return c.id; }, "category", "");
  }

  void check_roles() {
    duplicates(f_.roles, [](const auto& r) -> const std::string& { return r.id; }, "role", "");
    const auto& canonical = workflows::canonical_roles();
    for (const auto& r : f_.roles) {
      if (r.own) {
        check_own_role(r);
        continue;
      }
      if (!workflows::is_canonical_role(r.id)) {
        std::string best = closest(r.id, canonical);
        error(r.loc, q(r.id) + " is not a canonical role",
              best.empty() ? "use one of: " + join(canonical) +
                                 " (give it your document's title as its value); for a role of this framework's own, "
                                 "write " + r.id + ": { title: <its title>, own: true }"
                           : "did you mean " + q(best) + "?");
      }
    }
  }

  // A role of the framework's own: never a canonical id (that would be two meanings for one
  // name), never nearly one (a misspelt canonical role must not quietly become a new role),
  // snake_case like the canonical ids, and titled, since letters print role.<id>.
  void check_own_role(const workflows::RoleSpec& r) {
    if (workflows::is_canonical_role(r.id)) {
      error(r.loc, q(r.id) + " is a canonical role, so it cannot be declared own: true",
            "remove own: true to give " + r.id + " this framework's title, or choose an id of its own");
      return;
    }
    if (!workflows::is_snake_case_id(r.id)) {
      error(r.loc, "own role " + q(r.id) + " is not snake_case",
            "write its id in lower-case words joined by '_', e.g. " + snake_case(r.id));
      return;
    }
    if (std::string best = closest(r.id, workflows::canonical_roles()); !best.empty()) {
      error(r.loc, "own role " + q(r.id) + " is nearly the canonical role " + q(best),
            "did you mean " + q(best) + "? (a role of your own needs an id no canonical role nearly has)");
      return;
    }
    declared_own_.push_back(&r);  // a sound id: check_own_roles_used asks whether anything uses it
    if (r.title.empty()) {
      error(r.loc, "own role " + q(r.id) + " has no title",
            "write " + r.id + ": { title: <its title in your document>, own: true }");
    }
  }

  static std::string snake_case(std::string_view id) {
    std::string out;
    for (char c : id) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (word) {
        out += c;
      } else if (!out.empty() && out.back() != '_') {
        out += '_';
      }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "review_team_chair" : out;
  }

  void check_workflows() {
    duplicates(f_.workflows, [](const auto& w) -> const std::string& { return w.id; }, "workflow", "");
    for (const auto& w : f_.workflows) {
      if (!env_.notes.unresolved_workflows.count(w.id)) check_workflow(w);
    }
  }

  void check_workflow(const WorkflowSpec& w) {
    const std::string in = " in workflow " + q(w.id);
    duplicates(w.params, [](const auto& p) -> const std::string& { return p.name; }, "param", in);
    duplicates(w.states, [](const auto& s) -> const std::string& { return s.id; }, "state", in);
    if (w.root) {
      for (const auto& p : w.params) {
        if (p.default_value.empty()) {
          error(p.loc, "param " + q(p.name) + " of root workflow " + q(w.id) + " has no default",
                "a root workflow starts on registration with no params: give it default: <value>");
        }
      }
    }
    if (w.states.empty()) {
      error(w.loc, "workflow " + q(w.id) + " has no states", "add states: with at least an initial state");
      return;
    }
    const auto state_ids = ids_of(w.states, [](const auto& s) { return s.id; });
    bool initial_ok = false;
    if (w.initial.empty()) {
      error(w.loc, "workflow " + q(w.id) + " has no initial state",
            "add initial: <state id>, e.g. initial: " + w.states.front().id);
    } else if (!w.find_state(w.initial)) {
      error(w.loc, "unknown state " + q(w.initial) + " in initial of workflow " + q(w.id),
            did_you_mean(w.initial, state_ids));
    } else {
      initial_ok = true;
    }
    for (const auto& s : w.states) check_state(w, s, state_ids);
    if (initial_ok) check_reachable(w);
  }

  void check_reachable(const WorkflowSpec& w) {
    std::set<std::string> seen = {w.initial};
    std::deque<const StateSpec*> queue = {w.find_state(w.initial)};
    while (!queue.empty()) {
      const StateSpec* s = queue.front();
      queue.pop_front();
      for (const auto& [event, list] : s->on) {
        for (const auto& t : list) {
          if (t.to.empty() || seen.count(t.to)) continue;
          if (const StateSpec* next = w.find_state(t.to)) {
            seen.insert(t.to);
            queue.push_back(next);
          }
        }
      }
    }
    std::set<std::string> reported;
    for (const auto& s : w.states) {
      if (seen.count(s.id) || !reported.insert(s.id).second) continue;
      error(s.loc, "state " + q(s.id) + " of workflow " + q(w.id) + " cannot be reached from its initial state " +
                       q(w.initial),
            "add a transition (to: " + s.id + ") or a timer's then: leading to it, or remove it");
    }
  }

  // The transition materialised from a timer's `then:`, if `t` is one.
  static const TimerSpec* then_timer(const StateSpec& s, const std::string& event, const TransitionSpec& t) {
    if (event.rfind("timer.", 0) != 0) return nullptr;
    for (const auto& timer : s.timers) {
      if ("timer." + timer.id == event && !timer.then.empty() && timer.then == t.to && t.when.all.empty()) {
        return &timer;
      }
    }
    return nullptr;
  }

  void check_state(const WorkflowSpec& w, const StateSpec& s, const std::vector<std::string>& state_ids) {
    const std::string in = " in state " + q(s.id);
    duplicates(s.timers, [](const auto& t) -> const std::string& { return t.id; }, "timer", in);
    const auto timer_ids = ids_of(s.timers, [](const auto& t) { return t.id; });

    check_effects(w, s, &s, s.on_enter, s.loc);
    for (const auto& t : s.timers) check_timer(w, s, t);

    bool way_out = false;
    for (const auto& [event, list] : s.on) {
      check_event_name(s, event, list, timer_ids);
      for (const auto& t : list) {
        const StateSpec* target = &s;
        if (!t.to.empty()) {
          target = w.find_state(t.to);
          if (!target) {
            const TimerSpec* timer = then_timer(s, event, t);
            std::string where = timer ? "then of timer " + q(timer->id) : "to";
            error(t.loc, "unknown state " + q(t.to) + " in " + where + " (workflow " + q(w.id) + ")",
                  did_you_mean(t.to, state_ids));
          }
          if (t.to != s.id) way_out = true;
        }
        check_guard(w, t.when);
        check_effects(w, s, target, t.effects, t.loc);
      }
    }
    if (s.final) {
      if (!s.timers.empty() || !s.on.empty()) {
        error(s.loc, "final state " + q(s.id) + " has " + (s.timers.empty() ? "transitions" : "timers") +
                         " that can never run: an instance in a final state is finished",
              "remove them, or remove final: true");
      }
    } else if (!way_out) {
      error(s.loc, "state " + q(s.id) + " of workflow " + q(w.id) + " has no way out",
            "mark it final: true or add a transition (or a timer's then:) to another state");
    }
  }

  void check_event_name(const StateSpec& s, const std::string& event, const std::vector<TransitionSpec>& list,
                        const std::vector<std::string>& timer_ids) {
    SourceLoc at = list.empty() ? s.loc : list.front().loc;
    if (event.rfind("timer.", 0) == 0) {
      std::string id = event.substr(6);
      if (std::find(timer_ids.begin(), timer_ids.end(), id) == timer_ids.end()) {
        std::string hint = did_you_mean(id, timer_ids);
        error(at, "state " + q(s.id) + " handles " + q(event) + " but has no timer " + q(id),
              hint.empty() ? "timer events come from the state's own timers: add one with id: " + id : hint);
      }
      return;
    }
    const std::string suffix = ".finished";
    if (event.size() > suffix.size() && event.compare(event.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::string child = event.substr(0, event.size() - suffix.size());
      if (std::find(workflow_ids_.begin(), workflow_ids_.end(), child) != workflow_ids_.end()) return;
      std::string best = closest(child, workflow_ids_);
      if (!best.empty()) {
        error(at, "event " + q(event) + " names no workflow of this framework",
              "did you mean " + q(best + suffix) + "?");
      }
      return;
    }
    // A framework may add events of its own, but one a slip away from a canonical event is
    // almost certainly a typo that would make the canonical one be refused.
    const auto& canonical = workflows::canonical_events();
    if (std::find(canonical.begin(), canonical.end(), event) != canonical.end()) return;
    for (const auto& c : canonical) {
      if (edit_distance(event, c) <= 1) {
        error(at, "event " + q(event) + " is not a canonical event", "did you mean " + q(c) + "?");
        return;
      }
    }
  }

  void check_timer(const WorkflowSpec& w, const StateSpec& s, const TimerSpec& t) {
    if (t.id.empty()) return;  // the loader reported it
    if (!t.meaning_declared && t.meaning_loc.line == 0) {  // a bad kind: is the loader's error
      error(t.loc, "timer " + q(t.id) + " does not say what its date means",
            "add kind: deadline (something must be done by the date: overdue from the next working day), "
            "kind: window (a period that includes its last day: events allowed in it until the end of that day) "
            "or kind: prompt (a day to do something: moved off weekends and bank holidays); see "
            "docs/definitions.md, \"What a date means\"");
    }
    if (!t.escalations.empty() && t.meaning != workflows::TimerMeaning::kDeadline) {
      error(t.escalations.front().loc, "timer " + q(t.id) + " escalates, but only a deadline can be overdue",
            "make it kind: deadline, or remove escalate:");
    }
    if (!t.allows_after.empty() && t.meaning != workflows::TimerMeaning::kWindow) {
      error(t.loc, "timer " + q(t.id) + " has allows_after, which only a window has",
            "make it kind: window, or remove allows_after");
    }
    for (const auto& ev : t.allows_after) {
      bool taken = false;
      for (const auto& st : w.states) taken = taken || st.on.count(ev) > 0;
      if (!taken) {
        error(t.loc, "timer " + q(t.id) + " holds back event " + q(ev) + ", which no state of workflow " + q(w.id) +
                         " takes",
              "name an event a later state handles, e.g. the one recorded once the period has ended");
      }
    }
    check_guard(w, t.when);
    if (!s.on.count("timer." + t.id) && t.reminders.empty() && !s.final) {
      if (t.escalations.empty()) {
        error(t.loc,
              "timer " + q(t.id) + " can never have an effect: state " + q(s.id) + " handles no timer." + t.id,
              "add then: <state>, or a transition on timer." + t.id + ", or remove the timer");
      }
    }
    check_value(w, t.count, "the count of timer " + q(t.id));
    if (t.from.kind == workflows::TimerBase::Kind::kPath) {
      check_value(w, t.from.path, "from");
      for (const auto& alt : t.from.path.alts) {
        if (!alt.is_path && !is_date(alt.text)) {
          error(t.from.path.loc, "from " + q(alt.text) + " is neither a path nor a date",
                std::string("write e.g. \"event.date | state.entered\" or a date YYYY-MM-DD; ") + kPathHint);
        }
      }
    }
    if (t.max_repeats > 0 && !t.recurs()) {
      error(t.loc, "timer " + q(t.id) + " has max_repeats but is not recurring",
            "add every: { <unit>: <count> }, or remove max_repeats");
    }
    for (const auto& r : t.reminders) {
      check_recipients(w, r.to);
      check_guard(w, r.unless);
      check_template(r.template_id, r.loc,
                     r.template_id == "deadline-reminder" ? " (the default for reminders)" : std::string());
    }
    check_escalations(w, s, t);
  }

  // An escalation only fires while the instance is still in the state after its deadline.
  void check_escalations(const WorkflowSpec& w, const StateSpec& s, const TimerSpec& t) {
    if (t.escalations.empty()) return;
    for (const auto& e : t.escalations) {
      check_recipients(w, e.to);
      check_template(e.template_id, e.loc,
                     e.template_id == "deadline-overdue" ? " (the default for escalations)" : std::string());
      // A recurring deadline's escalation follows one firing at a time: one due after the next
      // firing would be late for it and skip it. Comparable only in the same unit.
      if (t.every && t.every->unit == e.after.unit && e.after.count >= t.every->count) {
        error(e.loc,
              "escalation of timer " + q(t.id) + " is due " + std::to_string(e.after.count) + " " +
                  workflows::to_string(e.after.unit) + " after the deadline, but the deadline recurs every " +
                  std::to_string(t.every->count) + " " + workflows::to_string(t.every->unit) +
                  ", so it would go out after the next firing",
              "make after shorter than every");
      }
    }
    // When the deadline always leaves the state its escalations are cancelled before they are due.
    // (The loader has already turned `then:` into a transition on timer.<id>.)
    std::string leaves;
    auto on = s.on.find("timer." + t.id);
    if (!t.then.empty()) {
      leaves = "its then: " + q(t.then) + " leaves the state";
    } else if (on != s.on.end() && !on->second.empty()) {
      bool always_leaves = true;
      bool unconditional = false;
      for (const auto& tr : on->second) {
        if (tr.to.empty()) always_leaves = false;
        if (tr.when.all.empty()) {
          unconditional = true;
          break;  // later transitions are never taken
        }
      }
      if (always_leaves && unconditional) leaves = "every transition on timer." + t.id + " leaves the state";
    }
    if (!leaves.empty()) {
      error(t.escalations.front().loc,
            "the escalations of timer " + q(t.id) + " can never fire: " + leaves +
                " when the deadline passes, which cancels them",
            "remove escalate:, or let the deadline stay in state " + q(s.id) +
                " (a transition on timer." + t.id + " without to:)");
    }
  }

  void check_effects(const WorkflowSpec& w, const StateSpec& from, const StateSpec* after, const Effects& e,
                     const SourceLoc& at) {
    for (const auto& a : e.set) {
      if (a.increment == 0) check_value(w, a.value, "set " + a.var);
    }
    if (e.set_category) {
      check_value(w, *e.set_category, "set_category");
      for (const auto& alt : e.set_category->alts) {
        if (alt.is_path || f_.find_category(alt.text)) continue;
        std::string hint = did_you_mean(alt.text, category_ids_);
        error(e.set_category->loc, "set_category " + q(alt.text) + " is not a declared category",
              hint.empty() ? "declare it under categories:" : hint);
      }
    }
    auto timers_of = [](const StateSpec& s) { return ids_of(s.timers, [](const auto& t) { return t.id; }); };
    for (const auto& id : e.cancel) {
      auto ids = timers_of(from);
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
      std::string hint = did_you_mean(id, ids);
      error(at, "cancel names " + q(id) + ", which is not a timer of state " + q(from.id),
            hint.empty() ? "cancel stops timers of the state being handled; it has none by that id" : hint);
    }
    if (after) {
      for (const auto& id : e.restart) {
        auto ids = timers_of(*after);
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
        std::string hint = did_you_mean(id, ids);
        error(at, "restart names " + q(id) + ", which is not a timer of state " + q(after->id),
              hint.empty() ? "restart re-arms a timer of the state the instance is in after the transition" : hint);
      }
      for (const auto& [id, value] : e.reschedule) {
        check_value(w, value, "reschedule of " + q(id));
        auto ids = timers_of(*after);
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
        std::string hint = did_you_mean(id, ids);
        error(at, "reschedule names " + q(id) + ", which is not a timer of state " + q(after->id),
              hint.empty() ? "reschedule moves a timer of the state the instance is in after the transition" : hint);
      }
    }
    for (const auto& c : e.start) check_start(w, c);
    for (const auto& n : e.notices) {
      check_template(n.template_id, n.loc, "");
      check_recipients(w, n.to);
      check_recipients(w, n.cc);
      for (const auto& [name, v] : n.data) check_value(w, v, "data " + name);
    }
  }

  void check_start(const WorkflowSpec& parent, const workflows::ChildStart& c) {
    if (c.workflow.empty()) return;
    const WorkflowSpec* child = f_.find_workflow(c.workflow);
    if (!child) {
      error(c.loc, "unknown workflow " + q(c.workflow) + " in start", did_you_mean(c.workflow, workflow_ids_));
      return;
    }
    const auto declared = ids_of(child->params, [](const auto& p) { return p.name; });
    for (const auto& [name, v] : c.params) {
      check_value(parent, v, "param " + name);
      if (std::find(declared.begin(), declared.end(), name) != declared.end()) continue;
      std::string hint = did_you_mean(name, declared);
      error(v.loc.line ? v.loc : c.loc, "workflow " + q(c.workflow) + " declares no param " + q(name),
            hint.empty() ? "declare it under the child's params:, or remove it" : hint);
    }
    for (const auto& p : child->params) {
      if (p.default_value.empty() && !c.params.count(p.name)) {
        error(c.loc, "starting workflow " + q(c.workflow) + " without its required param " + q(p.name),
              "pass params: { " + p.name + ": <value> }, or give the param a default");
      }
    }
  }

  void check_template(const std::string& id, const SourceLoc& at, const std::string& note) {
    if (!env_.templates || id.empty() || env_.templates->count(id)) return;
    std::string hint = closest(id, template_ids_);
    error(at, "template " + q(id) + note + " not found in templates/",
          hint.empty() ? "add templates/" + id + ".txt" : "did you mean " + q(hint) + "?");
  }

  // A copy guarded by a law condition that no regime of the framework's nation meets (the
  // Secretary of State's copy, s.60(6A), for a Welsh framework) never goes out, so its role
  // need not be declared.
  bool law_never_requires(const Guard& g) const {
    auto nation = workflows::parse_nation(f_.nation);
    if (!nation) return false;
    for (const auto& c : g.all) {
      if (c.op != Condition::Op::kEq || c.values.size() != 1 || c.path.rfind("law.", 0) != 0) continue;
      std::string_view field = std::string_view(c.path).substr(4);
      bool ever = false;
      for (const auto& l : workflows::warning_notice_laws()) {
        if (l.nation != *nation) continue;
        auto v = workflows::law_value(*nation, l.from, field);
        if (v && *v == c.values[0]) ever = true;
      }
      if (!ever) return true;
    }
    return false;
  }

  // A role of the framework's own that no notice, reminder or escalation is addressed to is
  // most likely a notice that forgot it (Telford's Review Team chair, who chairs the reviews,
  // once had no prompt): a warning, since sifd.yaml's digest may still name it.
  void check_own_roles_used() {
    for (const auto* role : declared_own_) {
      const auto& r = *role;
      if (addressed_.count(r.id)) continue;
      warning(r.loc, "own role " + q(r.id) + " is declared but no notice, reminder or escalation is addressed to it",
              "add it to the to: or cc: of the notices it should receive, or remove it");
    }
  }

  void check_recipients(const WorkflowSpec& w, const std::vector<Recipient>& list) {
    const auto& canonical = workflows::canonical_roles();
    for (const auto& r : list) {
      check_guard(w, r.when);
      if (r.role.empty()) continue;
      addressed_.insert(r.role);
      const workflows::RoleSpec* declared = f_.find_role(r.role);
      if (declared && declared->own) continue;  // a role of the framework's own, declared
      if (!workflows::is_canonical_role(r.role)) {
        // Canonical roles first: a misspelt canonical role is refused with the role meant, never
        // taken for a new one.
        std::string best = closest(r.role, canonical);
        if (best.empty()) best = closest(r.role, f_.known_roles());
        error(r.loc, "unknown role " + q(r.role),
              best.empty() ? "roles are canonical (" + join(canonical) +
                                 ") or declared under roles: with own: true"
                           : "did you mean " + q(best) + "?");
      } else if (!declared && !law_never_requires(r.when)) {
        error(r.loc, "role " + q(r.role) + " is not declared in roles:",
              "add " + r.role + ": <its title in your document> under roles:");
      }
    }
  }

  void check_guard(const WorkflowSpec& w, const Guard& g) {
    for (const auto& c : g.all) {
      check_path(w, c.path, c.loc, "condition");
      if (c.path == "school.type" || c.path == "school.phase") {
        // A type or phase no school can have would make the guard silently never (or always) hold.
        const bool type = c.path == "school.type";
        for (const auto& v : c.values) {
          if (is_path_word(v) || (type ? workflows::is_known_school_type(v) : workflows::is_known_school_phase(v))) {
            continue;
          }
          const auto& known = type ? workflows::known_school_types() : workflows::known_school_phases();
          std::string best = closest(v, known);
          error(c.loc, c.path + " is compared with " + q(v) + ", which no school has",
                best.empty() ? std::string(type ? "school types" : "phases") + " are GIAS's, as slugs: " + join(known)
                             : "did you mean " + q(best) + "?");
        }
      }
      bool ordered = c.op == Condition::Op::kLt || c.op == Condition::Op::kLe || c.op == Condition::Op::kGt ||
                     c.op == Condition::Op::kGe;
      for (const auto& v : c.values) {
        if (is_path_word(v)) {
          check_path(w, v, c.loc, "condition on " + c.path);
          continue;
        }
        check_literal(v, c.loc);
        if (ordered && !is_number(v) && !is_date(v)) {
          error(c.loc, "condition on " + q(c.path) + " compares with " + q(v) + ", which is neither a number nor a date",
                "lt, le, gt and ge compare numbers or dates (YYYY-MM-DD); use eq or in for words");
        }
      }
    }
  }

  void check_value(const WorkflowSpec& w, const ValueExpr& v, const std::string& what) {
    for (const auto& alt : v.alts) {
      if (alt.is_path) {
        check_path(w, alt.text, v.loc, what);
      } else {
        check_literal(alt.text, v.loc);
      }
    }
  }

  // A literal such as "evnt.date" is almost certainly a misspelt path.
  void check_literal(const std::string& text, const SourceLoc& at) {
    auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 >= text.size()) return;
    std::string root = text.substr(0, dot);
    if (root.find(' ') != std::string::npos) return;
    std::string best = closest(root, kPathRoots);
    if (best.empty()) return;
    error(at, q(text) + " reads as a literal, not a path",
          "did you mean " + q(best + text.substr(dot)) + "?");
  }

  void check_path(const WorkflowSpec& w, const std::string& path, const SourceLoc& at, const std::string& what) {
    auto dot = path.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 >= path.size()) {
      error(at, q(path) + " in " + what + " is not a path", kPathHint);
      return;
    }
    std::string root = path.substr(0, dot);
    std::string rest = path.substr(dot + 1);
    if (std::find(kPathRoots.begin(), kPathRoots.end(), root) == kPathRoots.end()) {
      std::string best = closest(root, kPathRoots);
      error(at, "unknown path root " + q(root) + " in " + q(path),
            best.empty() ? std::string(kPathHint) : "did you mean " + q(best + "." + rest) + "?");
      return;
    }
    if (root == "state" && rest != "entered") {
      error(at, "unknown path " + q(path), "the only state path is state.entered");
    } else if (root == "params") {
      auto declared = ids_of(w.params, [](const auto& p) { return p.name; });
      if (std::find(declared.begin(), declared.end(), rest) == declared.end()) {
        std::string hint = did_you_mean(rest, declared);
        error(at, "workflow " + q(w.id) + " has no param " + q(rest) + " (in " + q(path) + ")",
              hint.empty() ? "declare it under params:" : hint);
      }
    } else if (root == "calendar") {
      static const std::vector<std::string> kCalendar = {"half_term_start", "half_term_end", "term_start", "term_end"};
      if (std::find(kCalendar.begin(), kCalendar.end(), rest) == kCalendar.end()) {
        std::string hint = did_you_mean(rest, kCalendar);
        error(at, "unknown path " + q(path),
              hint.empty() ? "calendar paths: calendar.half_term_start, half_term_end, term_start, term_end" : hint);
      }
    } else if (root == "law") {
      const auto& fields = workflows::law_fields();
      if (std::find(fields.begin(), fields.end(), rest) == fields.end()) {
        std::string hint = did_you_mean(rest, fields);
        error(at, "sif knows no law value " + q(path),
              hint.empty() ? "law paths are law.<notice>.<field>; docs/frameworks/warning-notice.md lists them" : hint);
      }
    } else if (root == "workflows") {
      if (std::find(workflow_ids_.begin(), workflow_ids_.end(), rest) == workflow_ids_.end()) {
        std::string hint = did_you_mean(rest, workflow_ids_);
        error(at, "framework " + q(f_.id) + " has no workflow " + q(rest) + " (in " + q(path) + ")",
              hint.empty() ? "workflows.<id> names a workflow of this framework (its state while one runs)" : hint);
      }
    } else if (root == "timers") {
      std::vector<std::string> ids;
      for (const auto& s : w.states) {
        for (const auto& t : s.timers) ids.push_back(t.id);
      }
      if (std::find(ids.begin(), ids.end(), rest) == ids.end()) {
        std::string hint = did_you_mean(rest, ids);
        error(at, "workflow " + q(w.id) + " has no timer " + q(rest) + " (in " + q(path) + ")",
              hint.empty() ? "timers.<id> names a timer of this workflow" : hint);
      }
    }
  }

  const Framework& f_;
  const CheckEnvironment& env_;
  std::vector<Diagnostic>* out_;
  std::vector<std::string> workflow_ids_;
  std::vector<std::string> category_ids_;
  std::vector<std::string> template_ids_;
  std::set<std::string> addressed_;  // roles some notice, reminder or escalation is addressed to
  std::vector<const workflows::RoleSpec*> declared_own_;  // own roles whose ids are sound
};

}  // namespace

void check_framework(const Framework& f, const CheckEnvironment& env, std::vector<Diagnostic>* out) {
  Checker(f, env, out).run();
}

}  // namespace sif::config
