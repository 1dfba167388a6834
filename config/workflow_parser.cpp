#include "config/workflow_parser.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "config/suggest.hpp"

namespace sif::config {

using workflows::Condition;
using workflows::Duration;
using workflows::Effects;
using workflows::Guard;
using workflows::ParamSpec;
using workflows::Recipient;
using workflows::SourceLoc;
using workflows::StateSpec;
using workflows::TimerSpec;
using workflows::TransitionSpec;
using workflows::Unit;
using workflows::ValueExpr;

namespace {

const std::vector<std::pair<std::string, Unit>>& unit_table() {
  static const std::vector<std::pair<std::string, Unit>> t = {
      {"days", Unit::kDays},     {"working_days", Unit::kWorkingDays}, {"weeks", Unit::kWeeks},
      {"months", Unit::kMonths}, {"half_terms", Unit::kHalfTerms},     {"terms", Unit::kTerms}};
  return t;
}

const std::vector<std::string>& unit_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [n, u] : unit_table()) v.push_back(n);
    return v;
  }();
  return names;
}

bool is_integer(std::string_view s) {
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') ++first;
  long long v = 0;
  auto [ptr, ec] = std::from_chars(first, last, v);
  return ec == std::errc() && ptr == last;
}

// The single `unit: count` entry of an `after`/`every`/`before` map. Reports a missing or
// unknown unit and more than one entry. Returns the unit and the count node.
std::optional<std::pair<Unit, YAML::Node>> unit_entry(const YAML::Node& node, std::string_view what,
                                                      YamlReader& r) {
  if (!r.expect_map(node, what)) return std::nullopt;
  if (node.size() != 1) {
    r.error(node, std::string(what) + " takes exactly one unit and count (found " + std::to_string(node.size()) + ")",
            "write e.g. { working_days: 15 }");
    return std::nullopt;
  }
  auto it = node.begin();
  std::string name = r.key(it->first, what);
  auto u = std::find_if(unit_table().begin(), unit_table().end(), [&](const auto& p) { return p.first == name; });
  if (u == unit_table().end()) {
    r.error(it->first, "unknown unit '" + name + "' in " + std::string(what), did_you_mean(name, unit_names()));
    return std::nullopt;
  }
  return std::make_pair(u->second, it->second);
}

std::optional<Duration> parse_duration(const YAML::Node& node, std::string_view what, YamlReader& r) {
  auto entry = unit_entry(node, what, r);
  if (!entry) return std::nullopt;
  auto count = r.integer(entry->second, std::string("the count of ") + std::string(what));
  if (!count) return std::nullopt;
  return Duration{static_cast<int>(*count), entry->first};
}

ValueExpr value_expr(const YAML::Node& node, std::string_view what, YamlReader& r) {
  auto text = r.string(node, what);
  if (!text) return {};
  return parse_value_expr(*text, r.loc(node), r);
}

std::map<std::string, ValueExpr> value_map(const YAML::Node& node, std::string_view what, YamlReader& r) {
  std::map<std::string, ValueExpr> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!r.expect_map(node, what)) return out;
  r.check_unique_keys(node, what);
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string name = r.key(it->first, what);
    if (name.empty()) continue;
    out.emplace(name, value_expr(it->second, "'" + name + "' in " + std::string(what), r));
  }
  return out;
}

std::vector<Recipient> parse_recipients(const YAML::Node& node, std::string_view what, YamlReader& r) {
  std::vector<Recipient> out;
  auto one = [&](const YAML::Node& item) {
    Recipient rc;
    rc.loc = r.loc(item);
    if (item.IsMap()) {
      r.check_keys(item, "a recipient", {"role", "when"});
      if (!item["role"]) {
        r.error(item, "a recipient needs a role", "write { role: appointing_authority, when: {...} }");
        return;
      }
      if (auto role = r.string(item["role"], "role")) rc.role = *role;
      rc.when = parse_guard(item["when"], r);
    } else if (auto role = r.string(item, what)) {
      rc.role = *role;
    } else {
      return;
    }
    out.push_back(std::move(rc));
  };
  if (node.IsSequence()) {
    for (const auto& item : node) one(item);
  } else {
    one(node);  // a single role: `to: governing_body`
  }
  return out;
}

workflows::NoticeSpec parse_notice(const YAML::Node& node, YamlReader& r) {
  workflows::NoticeSpec n;
  n.loc = r.loc(node);
  r.check_keys(node, "a notice", {"template", "to", "cc", "data", "source"});
  if (node["template"]) {
    if (auto t = r.string(node["template"], "template")) n.template_id = *t;
  } else {
    r.error(node, "a notice needs a template", "add template: <name of a file in config/templates/>");
  }
  if (node["to"]) {
    n.to = parse_recipients(node["to"], "to", r);
  } else {
    r.error(node, "a notice needs recipients", "add to: [<role>, ...]");
  }
  if (node["cc"]) n.cc = parse_recipients(node["cc"], "cc", r);
  n.data = value_map(node["data"], "data", r);
  if (node["source"]) {
    if (auto s = r.string(node["source"], "source")) n.source = *s;
  }
  return n;
}

workflows::ChildStart parse_child_start(const YAML::Node& node, YamlReader& r) {
  workflows::ChildStart c;
  c.loc = r.loc(node);
  if (node.IsScalar()) {  // `start: [warning_notice]`: no params
    c.workflow = node.Scalar();
    return c;
  }
  if (!r.expect_map(node, "an item of start")) return c;
  r.check_keys(node, "an item of start", {"workflow", "params", "once"});
  if (auto once = node["once"]) {
    if (auto b = r.boolean(once, "once")) c.once = *b;
  }
  if (node["workflow"]) {
    if (auto w = r.string(node["workflow"], "workflow")) c.workflow = *w;
  } else {
    r.error(node, "an item of start needs a workflow", "write { workflow: <workflow id>, params: {...} }");
  }
  c.params = value_map(node["params"], "params", r);
  return c;
}

void parse_assignments(const YAML::Node& node, YamlReader& r, std::vector<workflows::Assignment>* out) {
  if (!r.expect_map(node, "set")) return;
  r.check_unique_keys(node, "set");
  for (auto it = node.begin(); it != node.end(); ++it) {
    workflows::Assignment a;
    a.var = r.key(it->first, "set");
    a.loc = r.loc(it->first);
    const YAML::Node v = it->second;
    if (v.IsMap()) {
      r.check_keys(v, "'" + a.var + "' in set", {"increment"});
      if (!v["increment"]) {
        r.error(v, "'" + a.var + "' in set: a map here must be { increment: N }");
        continue;
      }
      auto n = r.integer(v["increment"], "increment");
      if (!n) continue;
      if (*n == 0) {
        r.error(v["increment"], "increment: 0 changes nothing", "give a non-zero whole number");
        continue;
      }
      a.increment = static_cast<int>(*n);
    } else {
      a.value = value_expr(v, "'" + a.var + "' in set", r);
      if (a.value.empty()) continue;
    }
    out->push_back(std::move(a));
  }
}

TransitionSpec parse_transition(const YAML::Node& node, const SourceLoc& fallback, YamlReader& r) {
  TransitionSpec t;
  t.loc = fallback;
  if (!node.IsDefined() || node.IsNull()) return t;  // `note.recorded:` accepted, nothing happens
  t.loc = r.loc(node);
  if (!r.expect_map(node, "a transition")) return t;
  std::vector<std::string> keys = {"when", "to", "source"};
  keys.insert(keys.end(), effect_keys().begin(), effect_keys().end());
  r.check_keys(node, "a transition", keys);
  t.when = parse_guard(node["when"], r);
  if (node["to"]) {
    if (auto to = r.string(node["to"], "to")) t.to = *to;
  }
  if (node["source"]) {
    if (auto s = r.string(node["source"], "source")) t.source = *s;
  }
  t.effects = parse_effects(node, r);
  return t;
}

const std::vector<std::pair<std::string, Condition::Op>>& op_table() {
  static const std::vector<std::pair<std::string, Condition::Op>> t = {
      {"eq", Condition::Op::kEq}, {"ne", Condition::Op::kNe}, {"in", Condition::Op::kIn},
      {"not_in", Condition::Op::kNotIn}, {"lt", Condition::Op::kLt}, {"le", Condition::Op::kLe},
      {"gt", Condition::Op::kGt}, {"ge", Condition::Op::kGe}, {"present", Condition::Op::kPresent},
      {"absent", Condition::Op::kAbsent}};
  return t;
}

const std::vector<std::string>& op_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [n, op] : op_table()) v.push_back(n);
    return v;
  }();
  return names;
}

// Like YamlReader::check_keys, knowing the usual spellings from elsewhere (">=" or "gte" for ge).
void check_ops(const YAML::Node& test, const std::string& path, YamlReader& r) {
  static const std::map<std::string, std::string> kAliases = {
      {"gte", "ge"}, {">=", "ge"}, {"lte", "le"}, {"<=", "le"}, {">", "gt"},  {"<", "lt"},
      {"==", "eq"},  {"=", "eq"},  {"neq", "ne"}, {"!=", "ne"}, {"nin", "not_in"}, {"exists", "present"}};
  r.check_unique_keys(test, "the test of '" + path + "'");
  for (auto t = test.begin(); t != test.end(); ++t) {
    std::string op = r.key(t->first, "the test of '" + path + "'");
    if (op.empty() || std::find(op_names().begin(), op_names().end(), op) != op_names().end()) continue;
    auto alias = kAliases.find(op);
    r.error(t->first, "unknown key '" + op + "' in the test of '" + path + "'",
            alias != kAliases.end() ? "did you mean '" + alias->second + "'?" : did_you_mean(op, op_names()));
  }
}

}  // namespace

const std::vector<std::string>& effect_keys() {
  static const std::vector<std::string> keys = {"set",     "set_category", "cancel", "restart",
                                                "reschedule", "start",   "notices"};
  return keys;
}

Guard parse_guard(const YAML::Node& node, YamlReader& r, const char* key) {
  Guard g;
  if (!node.IsDefined() || node.IsNull()) return g;
  if (!r.expect_map(node, key)) return g;
  r.check_unique_keys(node, key);
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string path = r.key(it->first, key);
    if (path.empty()) continue;
    SourceLoc at = r.loc(it->first);
    const YAML::Node test = it->second;
    auto add = [&](Condition::Op op, std::vector<std::string> values) {
      g.all.push_back(Condition{path, op, std::move(values), at});
    };
    if (!test.IsDefined() || test.IsNull()) {
      r.error(it->first, "condition on '" + path + "' has no test",
              "write e.g. " + path + ": value, " + path + ": [a, b] or " + path + ": { present: true }");
    } else if (test.IsScalar()) {
      add(Condition::Op::kEq, {test.Scalar()});
    } else if (test.IsSequence()) {
      auto values = r.strings(test, "'" + path + "'");
      if (values.empty()) {
        r.error(test, "condition on '" + path + "' lists no values", "list the values it may take");
      } else {
        add(Condition::Op::kIn, std::move(values));
      }
    } else {
      if (test.size() == 0) r.error(test, "condition on '" + path + "' has no test", did_you_mean("", op_names()));
      check_ops(test, path, r);
      for (auto t = test.begin(); t != test.end(); ++t) {
        std::string op_name = t->first.IsScalar() ? t->first.Scalar() : std::string();
        auto op = std::find_if(op_table().begin(), op_table().end(), [&](const auto& p) { return p.first == op_name; });
        if (op == op_table().end()) continue;  // reported by check_keys
        std::string what = op_name + " of '" + path + "'";
        switch (op->second) {
          case Condition::Op::kIn:
          case Condition::Op::kNotIn: {
            auto values = r.strings(t->second, what);
            if (values.empty() && t->second.IsSequence()) r.error(t->second, what + " lists no values");
            if (!values.empty()) add(op->second, std::move(values));
            break;
          }
          case Condition::Op::kPresent:
          case Condition::Op::kAbsent: {
            auto b = r.boolean(t->second, what);
            if (!b) break;
            bool present = (op->second == Condition::Op::kPresent) == *b;
            add(present ? Condition::Op::kPresent : Condition::Op::kAbsent, {});
            break;
          }
          default:
            if (auto v = r.string(t->second, what)) add(op->second, {*v});
        }
      }
    }
  }
  return g;
}

Effects parse_effects(const YAML::Node& map, YamlReader& r) {
  Effects e;
  if (auto n = map["set"]) parse_assignments(n, r, &e.set);
  if (auto n = map["set_category"]) {
    ValueExpr v = value_expr(n, "set_category", r);
    if (!v.empty()) e.set_category = std::move(v);
  }
  if (auto n = map["cancel"]) e.cancel = r.strings(n, "cancel");
  if (auto n = map["restart"]) e.restart = r.strings(n, "restart");
  if (auto n = map["reschedule"]) {
    if (r.expect_map(n, "reschedule")) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        std::string id = r.key(it->first, "reschedule");
        if (id.empty()) continue;
        ValueExpr v = value_expr(it->second, "reschedule of " + id, r);
        if (!v.empty()) e.reschedule.emplace(id, std::move(v));
      }
    }
  }
  if (auto n = map["start"]) {
    if (r.expect_list(n, "start")) {
      for (const auto& item : n) e.start.push_back(parse_child_start(item, r));
    }
  }
  if (auto n = map["notices"]) {
    if (r.expect_list(n, "notices")) {
      for (const auto& item : n) {
        if (r.expect_map(item, "a notice")) e.notices.push_back(parse_notice(item, r));
      }
    }
  }
  return e;
}

TimerSpec parse_timer(const YAML::Node& node, YamlReader& r, SourceLoc* then_loc) {
  TimerSpec t;
  t.loc = r.loc(node);
  r.check_keys(node, "a timer",
               {"id", "title", "kind", "when", "after", "from", "skip_school_holidays", "every", "max_repeats", "then",
                "allows_after", "stage", "at", "recurring", "reminders", "escalate", "overdue", "source"});
  if (node["id"]) {
    if (auto id = r.string(node["id"], "id")) t.id = *id;
  } else {
    r.error(node, "a timer needs an id", "add id: <name>; the timer fires the event timer.<name>");
  }
  if (auto title = node["title"]) {
    if (auto s = r.string(title, "title")) t.title = *s;
  }
  if (node["after"]) {
    if (auto entry = unit_entry(node["after"], "after", r)) {
      t.unit = entry->first;
      t.count = value_expr(entry->second, "the count of after", r);
      for (const auto& alt : t.count.alts) {
        if (!alt.is_path && !is_integer(alt.text)) {
          r.error(entry->second, "the count of after must be a whole number or a path (found '" + alt.text + "')",
                  "write e.g. 15 or \"event.compliance_working_days | 15\"");
        }
      }
    }
  }
  if (auto at = node["at"]) {
    if (auto v = r.string(at, "at")) {
      t.at = *v;
      if (!node["after"]) t.count = ValueExpr::literal("0");
      if (!workflows::Calendar::valid_anchor(t.at)) {
        r.error(at, "at '" + t.at + "' is not a calendar anchor",
                "use \"MM-DD\" (e.g. \"09-01\"), \"start of autumn term\", \"start of spring term\", "
                "\"start of summer term\", \"start of term\", \"start of half-term\", \"end of half-term\" or "
                "\"end of term\"");
      }
    }
  }
  if (!node["after"] && !node["at"]) {
    r.error(node, "timer '" + t.id + "' needs after: { <unit>: <count> } or at: <calendar anchor>",
            "e.g. after: { working_days: 15 }, or at: \"start of autumn term\"");
  }
  if (auto rec = node["recurring"]) {
    if (auto b = r.boolean(rec, "recurring")) t.recurring = *b;
    if (t.recurring && !node["at"]) r.error(rec, "recurring: is for a timer with at:", "for a duration write every: { <unit>: <count> }");
  }
  if (node["every"] && node["at"]) {
    r.error(node["every"], "timer '" + t.id + "' has at: and every:", "with at: write recurring: true to repeat at each occurrence");
  }
  if (auto from = node["from"]) {
    ValueExpr v = value_expr(from, "from", r);
    if (!v.empty()) t.from = workflows::TimerBase{workflows::TimerBase::Kind::kPath, std::move(v)};
  }
  if (auto skip = node["skip_school_holidays"]) {
    if (auto b = r.boolean(skip, "skip_school_holidays")) t.options.skip_school_holidays = *b;
  }
  if (auto every = node["every"]) {
    if (auto d = parse_duration(every, "every", r)) {
      if (d->count <= 0) {
        r.error(every, "every must be a positive interval", "e.g. every: { weeks: 3 }");
      } else {
        t.every = d;
      }
    }
  }
  if (auto kind = node["kind"]) {
    t.meaning_loc = r.loc(kind);
    if (auto k = r.string(kind, "kind")) {
      if (auto m = workflows::parse_timer_meaning(*k)) {
        t.meaning = *m;
        t.meaning_declared = true;
      } else {
        r.error(kind, "kind '" + *k + "' is not a kind of timer",
                "use kind: deadline (by a date; overdue from the next working day), window (a period that "
                "includes its last day) or prompt (a day to do something)");
      }
    }
  }
  if (auto overdue = node["overdue"]) {
    r.error(overdue, "overdue: is replaced by the timer's kind",
            "write kind: deadline for a date by which something must be done (overdue from the next working "
            "day after it), or kind: prompt for a reminder to act that is never overdue");
  }
  if (auto when = node["when"]) t.when = parse_guard(when, r);
  if (auto allows = node["allows_after"]) t.allows_after = r.strings(allows, "allows_after");
  if (auto stage = node["stage"]) {
    if (auto v = r.string(stage, "stage")) t.stage = *v;
  }
  if (auto max = node["max_repeats"]) {
    if (auto n = r.integer(max, "max_repeats")) {
      if (*n < 0) {
        r.error(max, "max_repeats must not be negative", "give the number of firings, or leave it out for no limit");
      } else {
        t.max_repeats = static_cast<int>(*n);
      }
    }
  }
  if (auto then = node["then"]) {
    if (auto s = r.string(then, "then")) {
      t.then = *s;
      if (then_loc) *then_loc = r.loc(then);
    }
  }
  if (auto reminders = node["reminders"]) {
    if (r.expect_list(reminders, "reminders")) {
      for (const auto& item : reminders) {
        if (!r.expect_map(item, "a reminder")) continue;
        workflows::Reminder rem;
        rem.loc = r.loc(item);
        rem.template_id = "deadline-reminder";
        r.check_keys(item, "a reminder", {"before", "to", "template", "unless"});
        if (item["before"]) {
          if (auto d = parse_duration(item["before"], "before", r)) {
            if (d->count <= 0) {
              r.error(item["before"], "a reminder comes before its deadline: the count must be positive",
                      "e.g. before: { working_days: 5 }");
            }
            rem.before = *d;
          }
        } else {
          r.error(item, "a reminder needs before: { <unit>: <count> }", "e.g. before: { working_days: 5 }");
        }
        if (item["to"]) {
          rem.to = parse_recipients(item["to"], "to", r);
        } else {
          r.error(item, "a reminder needs recipients", "add to: [<role>, ...]");
        }
        if (auto tpl = item["template"]) {
          if (auto s = r.string(tpl, "template")) rem.template_id = *s;
        }
        if (auto unless = item["unless"]) rem.unless = parse_guard(unless, r, "unless");
        t.reminders.push_back(std::move(rem));
      }
    }
  }
  if (auto escalate = node["escalate"]) {
    if (r.expect_list(escalate, "escalate")) {
      for (const auto& item : escalate) {
        if (!r.expect_map(item, "an escalation")) continue;
        workflows::Escalation esc;
        esc.loc = r.loc(item);
        esc.template_id = "deadline-overdue";
        r.check_keys(item, "an escalation", {"after", "to", "template"});
        if (item["after"]) {
          if (auto d = parse_duration(item["after"], "after", r)) {
            if (d->count <= 0) {
              r.error(item["after"], "an escalation comes after its deadline has passed: the count must be positive",
                      "e.g. after: { working_days: 5 }");
            }
            esc.after = *d;
          }
        } else {
          r.error(item, "an escalation needs after: { <unit>: <count> }", "e.g. after: { working_days: 5 }");
        }
        if (item["to"]) {
          esc.to = parse_recipients(item["to"], "to", r);
        } else {
          r.error(item, "an escalation needs recipients", "add to: [<role>, ...], e.g. the role above the officer");
        }
        if (auto tpl = item["template"]) {
          if (auto s = r.string(tpl, "template")) esc.template_id = *s;
        }
        t.escalations.push_back(std::move(esc));
      }
    }
  }
  if (auto source = node["source"]) {
    if (auto s = r.string(source, "source")) t.source = *s;
  }
  return t;
}

TimerSpec parse_timer(const YAML::Node& node, YamlReader& r) { return parse_timer(node, r, nullptr); }

StateSpec parse_state(const YAML::Node& key, const YAML::Node& body, YamlReader& r) {
  StateSpec s;
  s.id = r.key(key, "states");
  s.loc = r.loc(key);
  if (!body.IsDefined() || body.IsNull()) return s;
  if (!r.expect_map(body, "state '" + s.id + "'")) return s;
  r.check_keys(body, "state '" + s.id + "'", {"title", "source", "final", "on_enter", "timers", "on"});
  if (auto n = body["title"]) {
    if (auto v = r.string(n, "title")) s.title = *v;
  }
  if (auto n = body["source"]) {
    if (auto v = r.string(n, "source")) s.source = *v;
  }
  if (auto n = body["final"]) {
    if (auto v = r.boolean(n, "final")) s.final = *v;
  }
  if (auto n = body["on_enter"]; n && !n.IsNull()) {
    if (r.expect_map(n, "on_enter")) {
      r.check_keys(n, "on_enter", effect_keys());
      s.on_enter = parse_effects(n, r);
    }
  }
  std::vector<std::pair<std::string, SourceLoc>> thens;  // timer id -> where `then:` was written
  if (auto n = body["timers"]; n && !n.IsNull()) {
    if (r.expect_list(n, "timers")) {
      for (const auto& item : n) {
        if (!r.expect_map(item, "a timer")) continue;
        SourceLoc then_loc;
        s.timers.push_back(parse_timer(item, r, &then_loc));
        const TimerSpec& t = s.timers.back();
        if (!t.then.empty() && !t.id.empty()) thens.emplace_back(t.id, then_loc);
      }
    }
  }
  if (auto n = body["on"]; n && !n.IsNull()) {
    if (r.expect_map(n, "on")) {
      r.check_unique_keys(n, "on");
      for (auto it = n.begin(); it != n.end(); ++it) {
        std::string event = r.key(it->first, "on");
        if (event.empty() || s.on.count(event)) continue;  // duplicates reported above
        SourceLoc at = r.loc(it->first);
        // A copy: `it->second` lives in a temporary proxy, too short for a range-for.
        const YAML::Node value = it->second;
        std::vector<TransitionSpec> list;
        if (value.IsSequence()) {
          if (value.size() == 0) {
            r.error(value, "'" + event + "' lists no transitions", "write " + event + ": {} to accept it and do nothing");
          }
          for (const auto& item : value) list.push_back(parse_transition(item, r.loc(item), r));
        } else {
          list.push_back(parse_transition(value, at, r));
        }
        s.on.emplace(event, std::move(list));
      }
    }
  }
  // `then: X` is shorthand for `on: timer.<id>: { to: X }`; materialise it so the interpreter
  // sees one kind of transition.
  std::set<std::string> materialised;
  for (const auto& [id, at] : thens) {
    const TimerSpec* timer = nullptr;
    for (const auto& t : s.timers) {
      if (t.id == id) {
        timer = &t;
        break;
      }
    }
    std::string event = "timer." + id;
    if (materialised.count(event)) continue;  // duplicate timer ids: the checker reports them
    if (auto existing = s.on.find(event); existing != s.on.end()) {
      SourceLoc other = existing->second.empty() ? s.loc : existing->second.front().loc;
      r.error(at, "timer '" + id + "' has then: " + timer->then + " and state '" + s.id + "' also handles " + event +
                      " (line " + std::to_string(other.line) + ")",
              "keep one: remove then:, or remove the " + event + " transition");
      continue;
    }
    TransitionSpec t;
    t.to = timer->then;
    t.source = timer->source;
    t.loc = at;
    s.on[event].push_back(std::move(t));
    materialised.insert(event);
  }
  return s;
}

std::vector<ParamSpec> parse_params(const YAML::Node& node, YamlReader& r) {
  std::vector<ParamSpec> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!r.expect_map(node, "params")) return out;
  for (auto it = node.begin(); it != node.end(); ++it) {
    ParamSpec p;
    p.name = r.key(it->first, "params");
    p.loc = r.loc(it->first);
    const YAML::Node v = it->second;
    if (v.IsScalar()) {
      p.default_value = v.Scalar();  // shorthand: `name: default`
    } else if (v.IsMap()) {
      r.check_keys(v, "param '" + p.name + "'", {"default", "description"});
      if (auto d = v["default"]) {
        if (auto s = r.string(d, "default")) p.default_value = *s;
      }
      if (auto d = v["description"]) {
        if (auto s = r.string(d, "description")) p.description = *s;
      }
    } else if (!v.IsNull()) {
      r.error(v, "param '" + p.name + "' must be a map (found a list)",
              "write { default: \"3\", description: \"...\" }");
    }
    out.push_back(std::move(p));
  }
  return out;
}

void parse_workflow_body(const YAML::Node& body, YamlReader& r, workflows::WorkflowSpec* wf) {
  if (auto n = body["title"]) {
    if (auto v = r.string(n, "title")) wf->title = *v;
  }
  if (auto n = body["source"]) {
    if (auto v = r.string(n, "source")) wf->source = *v;
  }
  if (auto n = body["initial"]) {
    if (auto v = r.string(n, "initial")) wf->initial = *v;
  }
  wf->params = parse_params(body["params"], r);
  if (auto n = body["states"]; n && !n.IsNull()) {
    if (r.expect_map(n, "states")) {
      for (auto it = n.begin(); it != n.end(); ++it) wf->states.push_back(parse_state(it->first, it->second, r));
    }
  }
}

}  // namespace sif::config
