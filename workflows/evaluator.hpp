// Evaluation of the definition language's small expressions against one moment of one school:
// paths ("event.progress", "school.type", "vars.n", "params.x", "state.entered",
// "timers.<id>"), value expressions ("event.date | state.entered | 15") and guard conditions.
//
// An EvalContext is a view: it borrows the school state, the instance and the event, so it must
// not outlive them (and must be rebuilt after the instance vector grows). Nothing here fails:
// an unknown or missing path simply has no value, which every test but `absent` treats as false.
//
// Thread-safety: pure functions over borrowed values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/definition.hpp"
#include "workflows/state.hpp"

namespace sif::workflows {

struct EvalContext {
  const SchoolState* school = nullptr;  // facts and current category; may be null
  const Instance* instance = nullptr;   // vars, params, state, timers; may be null
  const Event* event = nullptr;         // the event being handled; may be null
  Date event_date{};                    // effective date of the event ("event.date")
  const Framework* framework = nullptr; // its nation chooses the law for "law." paths; may be null
  const Calendar* calendar = nullptr;   // the school's calendar for "calendar." paths; may be null
  // The day "calendar." paths are about when it is not the event's date: for a timer's firing,
  // the timer's own date (a half-term check due on the last teaching day and fired at 00:00 the
  // day after still counts that half-term).
  std::optional<Date> period_date;
};

// True for a word the language treats as a path: it contains a dot and starts with
// event., school., vars., params., state., timers., law., calendar. or workflows.
// "law.<notice>.<field>" is the statute in force in the framework's nation on the event's
// date (law.hpp), e.g. law.warning_notice.initial_period_working_days.
// "calendar.half_term_start", "calendar.half_term_end", "calendar.term_start",
// "calendar.term_end": the half-term or term of the school's calendar containing the event's
// date, or for a timer's firing the timer's date (the next one when it falls in a holiday), so
// a quota counts what was dated within it.
// "workflows.<workflow id>": the state of the school's running instance of that workflow (the
// one started last, if several), absent when none runs.
bool is_path(std::string_view word);

// The value a path names, or nothing when it has none.
std::optional<std::string> resolve_path(const EvalContext& ctx, std::string_view path);

// The first alternative that has a value (a literal always has one).
std::optional<std::string> evaluate(const EvalContext& ctx, const ValueExpr& expr);
// Like evaluate, and also says which alternative gave the value (its text).
std::optional<std::string> evaluate(const EvalContext& ctx, const ValueExpr& expr, std::string* chosen);

// "event.date | state.entered": for messages.
std::string to_string(const ValueExpr& expr);

// Parses a whole string as a (possibly negative) integer.
std::optional<long long> parse_integer(std::string_view text);

bool holds(const EvalContext& ctx, const Condition& c);
// "event.progress: sufficient (was insufficient)": how a failed condition is reported.
std::string describe_failure(const EvalContext& ctx, const Condition& c);

struct GuardCheck {
  bool ok = true;
  std::vector<std::string> failed;  // describe_failure() of each condition that did not hold
};
GuardCheck check_guard(const EvalContext& ctx, const Guard& g);

}  // namespace sif::workflows
