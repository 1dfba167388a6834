#include "workflows/evaluator.hpp"

#include "workflows/law.hpp"

#include <algorithm>
#include <charconv>

namespace sif::workflows {

namespace {

constexpr std::string_view kPrefixes[] = {"event.", "school.", "vars.", "params.", "state.",
                                          "timers.", "law.", "calendar.", "workflows."};

std::optional<std::string> lookup(const Data& d, std::string_view key) {
  auto it = d.find(std::string(key));
  if (it == d.end()) return std::nullopt;
  return it->second;
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last) return std::nullopt;
  return v;
}

bool looks_like_date(std::string_view s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && parse_date(s).has_value();
}

// Comparison operand: a literal, or a path's value (so `{ ge: params.max }` works too).
std::optional<std::string> operand(const EvalContext& ctx, const std::string& v) {
  if (is_path(v)) return resolve_path(ctx, v);
  return v;
}

// -1, 0, 1; nothing when the two are not comparable (neither both numbers nor both dates).
std::optional<int> compare(std::string_view a, std::string_view b) {
  auto na = parse_number(a);
  auto nb = parse_number(b);
  if (na && nb) return *na < *nb ? -1 : (*na > *nb ? 1 : 0);
  if (looks_like_date(a) && looks_like_date(b)) return a < b ? -1 : (a > b ? 1 : 0);
  return std::nullopt;
}

bool equal(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto c = compare(a, b);
  return c && *c == 0 && parse_number(a) && parse_number(b);
}

const char* op_word(Condition::Op op) {
  switch (op) {
    case Condition::Op::kEq: return "eq";
    case Condition::Op::kNe: return "ne";
    case Condition::Op::kIn: return "in";
    case Condition::Op::kNotIn: return "not_in";
    case Condition::Op::kLt: return "lt";
    case Condition::Op::kLe: return "le";
    case Condition::Op::kGt: return "gt";
    case Condition::Op::kGe: return "ge";
    case Condition::Op::kPresent: return "present";
    case Condition::Op::kAbsent: return "absent";
  }
  return "?";
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

bool is_path(std::string_view word) {
  for (auto p : kPrefixes) {
    if (word.size() > p.size() && word.substr(0, p.size()) == p) return true;
  }
  return false;
}

std::optional<std::string> resolve_path(const EvalContext& ctx, std::string_view path) {
  auto dot = path.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view root = path.substr(0, dot);
  std::string_view rest = path.substr(dot + 1);

  if (root == "event") {
    if (!ctx.event) return std::nullopt;
    // The date the event names: when it happened, or for meeting.scheduled the meeting's date
    // (its effective date, ctx.event_date, is then the day it was recorded).
    if (rest == "date") {
      auto it = ctx.event->data.find("date");
      if (it != ctx.event->data.end() && !it->second.empty()) return it->second;
      return format_date(ctx.event_date);
    }
    if (rest == "type") return ctx.event->type;
    if (rest == "actor") return ctx.event->actor;
    return lookup(ctx.event->data, rest);
  }
  if (root == "school") {
    if (!ctx.school) return std::nullopt;
    const School& s = ctx.school->school;
    if (rest == "id") return s.id;
    if (rest == "name") return s.name;
    if (rest == "la") return s.la;
    if (rest == "framework") return s.framework;
    if (rest == "region") return std::string(to_string(s.region));
    if (rest == "category") {
      if (ctx.school->category.empty()) return std::nullopt;
      return ctx.school->category;
    }
    return lookup(s.facts, rest);
  }
  if (root == "calendar") {
    if (!ctx.calendar) return std::nullopt;
    std::optional<HalfTerm> ht = ctx.calendar->half_term_containing(ctx.period_date.value_or(ctx.event_date));
    if (!ht) return std::nullopt;
    if (rest == "half_term_start") return format_date(ht->start);
    if (rest == "half_term_end") return format_date(ht->end);
    // A term is a pair of half-terms: "Autumn 1" and "Autumn 2", and so on.
    const auto& hts = ctx.calendar->terms().half_terms;
    for (std::size_t i = 0; i < hts.size(); ++i) {
      if (hts[i].start != ht->start) continue;
      const bool second = ht->name.ends_with(" 2");
      const HalfTerm& first_half = second && i > 0 ? hts[i - 1] : hts[i];
      const HalfTerm& second_half = !second && i + 1 < hts.size() ? hts[i + 1] : hts[i];
      if (rest == "term_start") return format_date(first_half.start);
      if (rest == "term_end") return format_date(second_half.end);
    }
    return std::nullopt;
  }
  if (root == "workflows") {
    // The state of the school's running instance of that workflow (the one started last, if
    // several run), or nothing when none runs: "workflows.warning_notice: { absent: true }".
    if (!ctx.school) return std::nullopt;
    const Instance* running = nullptr;
    for (const auto& i : ctx.school->instances) {
      if (!i.final && i.workflow == rest) running = &i;
    }
    if (!running) return std::nullopt;
    return running->state;
  }
  if (root == "law") {
    if (!ctx.framework) return std::nullopt;
    std::optional<Nation> nation = parse_nation(ctx.framework->nation);
    if (!nation) return std::nullopt;
    return law_value(*nation, ctx.event_date, rest);
  }
  if (!ctx.instance) return std::nullopt;
  const Instance& inst = *ctx.instance;
  if (root == "vars") return lookup(inst.vars, rest);
  if (root == "params") return lookup(inst.params, rest);
  if (root == "state") {
    if (rest == "entered") return format_date(inst.entered);
    if (rest == "id") return inst.state;
    return std::nullopt;
  }
  if (root == "timers") {
    for (const auto& t : inst.timers) {
      if (t.kind == TimerKind::kDeadline && t.id == rest) return format_date(t.due);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> evaluate(const EvalContext& ctx, const ValueExpr& expr, std::string* chosen) {
  for (const auto& alt : expr.alts) {
    std::optional<std::string> v = alt.is_path ? resolve_path(ctx, alt.text) : std::optional(alt.text);
    if (v) {
      if (chosen) *chosen = alt.text;
      return v;
    }
  }
  return std::nullopt;
}

std::optional<std::string> evaluate(const EvalContext& ctx, const ValueExpr& expr) {
  return evaluate(ctx, expr, nullptr);
}

std::string to_string(const ValueExpr& expr) {
  std::string out;
  for (const auto& alt : expr.alts) {
    if (!out.empty()) out += " | ";
    out += alt.text;
  }
  return out;
}

std::optional<long long> parse_integer(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long v = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last) return std::nullopt;
  return v;
}

bool holds(const EvalContext& ctx, const Condition& c) {
  std::optional<std::string> v = resolve_path(ctx, c.path);
  if (c.op == Condition::Op::kAbsent) return !v.has_value();
  if (!v) return false;
  auto first = [&]() -> std::optional<std::string> {
    if (c.values.empty()) return std::nullopt;
    return operand(ctx, c.values.front());
  };
  auto any_equal = [&]() {
    return std::any_of(c.values.begin(), c.values.end(), [&](const std::string& w) {
      auto o = operand(ctx, w);
      return o && equal(*v, *o);
    });
  };
  switch (c.op) {
    case Condition::Op::kPresent: return true;
    case Condition::Op::kAbsent: return false;  // handled above
    case Condition::Op::kEq: {
      // `event.x: [a, b]` may reach here with several values: treat it as `in`.
      if (c.values.size() > 1) return any_equal();
      auto o = first();
      return o && equal(*v, *o);
    }
    case Condition::Op::kNe: {
      auto o = first();
      return o && !equal(*v, *o);
    }
    case Condition::Op::kIn: return any_equal();
    case Condition::Op::kNotIn: return !any_equal();
    case Condition::Op::kLt:
    case Condition::Op::kLe:
    case Condition::Op::kGt:
    case Condition::Op::kGe: {
      auto o = first();
      if (!o) return false;
      auto cmp = compare(*v, *o);
      if (!cmp) return false;
      switch (c.op) {
        case Condition::Op::kLt: return *cmp < 0;
        case Condition::Op::kLe: return *cmp <= 0;
        case Condition::Op::kGt: return *cmp > 0;
        default: return *cmp >= 0;
      }
    }
  }
  return false;
}

std::string describe_failure(const EvalContext& ctx, const Condition& c) {
  std::string want;
  switch (c.op) {
    case Condition::Op::kEq:
      want = c.values.size() == 1 ? c.values.front() : "[" + join(c.values, ", ") + "]";
      break;
    case Condition::Op::kIn:
    case Condition::Op::kNotIn:
      want = std::string("{ ") + op_word(c.op) + ": [" + join(c.values, ", ") + "] }";
      break;
    case Condition::Op::kPresent:
    case Condition::Op::kAbsent:
      want = std::string("{ ") + op_word(c.op) + ": true }";
      break;
    default:
      want = std::string("{ ") + op_word(c.op) + ": " + (c.values.empty() ? "" : c.values.front()) + " }";
      break;
  }
  std::optional<std::string> v = resolve_path(ctx, c.path);
  return c.path + ": " + want + " (" + (v ? "was " + *v : std::string("absent")) + ")";
}

GuardCheck check_guard(const EvalContext& ctx, const Guard& g) {
  GuardCheck out;
  for (const auto& c : g.all) {
    if (!holds(ctx, c)) {
      out.ok = false;
      out.failed.push_back(describe_failure(ctx, c));
    }
  }
  return out;
}

}  // namespace sif::workflows
