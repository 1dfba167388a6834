#include "config/diagram.hpp"

#include <set>
#include <sstream>
#include <tuple>


namespace sif::config {

namespace {

using workflows::Condition;
using workflows::Guard;
using workflows::StateSpec;
using workflows::TimerSpec;
using workflows::TransitionSpec;
using workflows::Unit;
using workflows::WorkflowSpec;

// Words mermaid reads as syntax when they stand as a state id.
bool is_keyword(const std::string& id) {
  static const std::set<std::string> kWords = {"end", "state", "note", "direction", "class",
                                               "classDef", "style", "click", "as", "stateDiagram",
                                               "stateDiagram-v2", "left", "right", "of", "graph"};
  return kWords.count(id) != 0;
}

bool plain_id(const std::string& id) {
  if (id.empty()) return false;
  const char c0 = id[0];
  if (!((c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 == '_')) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return !is_keyword(id);
}

std::string node(const std::string& id) {
  if (plain_id(id)) return id;
  std::string out = "s_";
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

// Text that stays on one line and cannot end a mermaid statement or open an HTML tag.
std::string label_text(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      case ';':
        out += ',';
        break;
      case '<':
        out += " lt ";
        break;
      case '>':
        out += " gt ";
        break;
      case '"':
        out += '\'';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string unit_words(Unit u, bool plural) {
  switch (u) {
    case Unit::kDays:
      return plural ? "days" : "day";
    case Unit::kWorkingDays:
      return plural ? "working days" : "working day";
    case Unit::kWeeks:
      return plural ? "weeks" : "week";
    case Unit::kMonths:
      return plural ? "months" : "month";
    case Unit::kHalfTerms:
      return plural ? "half-terms" : "half-term";
    case Unit::kTerms:
      return plural ? "terms" : "term";
  }
  return "";
}

std::string count_and_unit(const std::string& count, Unit unit) {
  return count + " " + unit_words(unit, count != "1" && count != "-1");
}

std::string join_values(const std::vector<std::string>& vs) {
  std::string out;
  for (const auto& v : vs) out += (out.empty() ? "" : ", ") + v;
  return out;
}

std::string describe_condition(const Condition& c) {
  const std::string first = c.values.empty() ? std::string{} : c.values.front();
  switch (c.op) {
    case Condition::Op::kEq:
      return c.path + " = " + first;
    case Condition::Op::kNe:
      return c.path + " != " + first;
    case Condition::Op::kIn:
      return c.path + " in (" + join_values(c.values) + ")";
    case Condition::Op::kNotIn:
      return c.path + " not in (" + join_values(c.values) + ")";
    case Condition::Op::kLt:
      return c.path + " lt " + first;
    case Condition::Op::kLe:
      return c.path + " le " + first;
    case Condition::Op::kGt:
      return c.path + " gt " + first;
    case Condition::Op::kGe:
      return c.path + " ge " + first;
    case Condition::Op::kPresent:
      return c.path + " present";
    case Condition::Op::kAbsent:
      return c.path + " absent";
  }
  return c.path;
}

std::string starts_suffix(const TransitionSpec& t) {
  std::string out;
  for (const auto& s : t.effects.start) out += (out.empty() ? " / start " : ", ") + s.workflow;
  return out;
}

const TimerSpec* find_timer(const StateSpec& st, const std::string& id) {
  for (const auto& t : st.timers) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

class Writer {
 public:
  void line(const std::string& s) { out_ << "  " << s << "\n"; }

  // One arrow, once: the same arrow written twice (e.g. a timer's then: and a transition on
  // the same timer) is drawn once.
  void arrow(const std::string& from, const std::string& to, const std::string& label) {
    auto key = std::make_tuple(from, to, label);
    if (!seen_.insert(key).second) return;
    line(from + " --> " + to + (label.empty() ? "" : " : " + label_text(label)));
  }

  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::set<std::tuple<std::string, std::string, std::string>> seen_;
};

void draw_state(const StateSpec& st, Writer& w) {
  const std::string id = node(st.id);
  w.line(id + " : " + label_text(st.title.empty() ? st.id : st.title));
  for (const auto& s : st.on_enter.start) w.line(id + " : starts " + label_text(s.workflow));

  // Timers with then: (shorthand for a transition on timer.<id>).
  for (const auto& t : st.timers) {
    if (!t.then.empty()) w.arrow(id, node(t.then), describe_timer(t));
  }
  for (const auto& [event, transitions] : st.on) {
    const bool is_timer = event.rfind("timer.", 0) == 0;
    const TimerSpec* timer = is_timer ? find_timer(st, event.substr(6)) : nullptr;
    for (const auto& t : transitions) {
      if (t.to.empty()) continue;  // internal: no state change to draw
      std::string label = timer ? describe_timer(*timer) : event;
      const std::string guard = describe_guard(t.when);
      if (!guard.empty()) label += " [" + guard + "]";
      label += starts_suffix(t);
      w.arrow(id, node(t.to), label);
    }
  }
  if (st.final) w.arrow(id, "[*]", "");
}

}  // namespace

std::string describe_timer(const TimerSpec& timer) {
  // "a | b" is the language's "first that has a value"; in a diagram "a or b" reads better and
  // keeps '|' (edge-label syntax elsewhere in mermaid) out of the label.
  std::string count;
  for (const auto& alt : timer.count.alts) count += (count.empty() ? "" : " or ") + alt.text;
  if (!timer.at.empty()) {
    std::string shift;
    if (!timer.count.alts.empty() && !(timer.count.alts.size() == 1 && timer.count.alts[0].text == "0")) {
      shift = " at least " + count_and_unit(count, timer.unit) + " on";
    }
    return std::string("at the next ") + timer.at + shift + (timer.recurring ? ", each time" : "");
  }
  std::string out = "after " + count_and_unit(count, timer.unit);
  if (timer.every) {
    out += ", every " + count_and_unit(std::to_string(timer.every->count), timer.every->unit);
  }
  return out;
}

std::string describe_guard(const Guard& guard) {
  std::string out;
  for (const auto& c : guard.all) out += (out.empty() ? "" : " and ") + describe_condition(c);
  return out;
}

std::string to_mermaid(const workflows::Framework& /*framework*/, const WorkflowSpec& workflow) {
  Writer w;
  if (!workflow.initial.empty()) w.arrow("[*]", node(workflow.initial), "");
  for (const auto& st : workflow.states) draw_state(st, w);
  return "stateDiagram-v2\n" + w.str();
}

}  // namespace sif::config
