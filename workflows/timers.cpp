#include "workflows/timers.hpp"

#include <algorithm>

namespace sif::workflows {

namespace {

Provenance base_provenance(const TimerEnv& env, const TimerSpec& spec) {
  Provenance p;
  p.framework = env.framework ? env.framework->id : std::string();
  p.framework_version = env.framework ? env.framework->version : 0;
  p.workflow = env.workflow;
  p.state = env.state;
  p.timer = spec.id;
  p.rule = spec.source;
  p.calendar = env.calendar->describe();
  return p;
}

Result<Date> add_checked(const TimerEnv& env, const TimerSpec& spec, Date base, Duration d,
                         std::vector<SkippedDay>* skipped) {
  Result<Date> r = env.calendar->add(base, d, spec.options, skipped);
  if (!r) {
    return Error::invalid("timer '" + spec.id + "' in state '" + env.state + "': " + r.error().message,
                          r.error().details.empty() ? spec.loc.str() : r.error().details);
  }
  return r;
}

// Records the non-working days from `from` (inclusive) towards `to` (exclusive), stepping one day
// at a time in the direction of `to`, each with why it was passed over and `what` happened.
void record_moved(const TimerEnv& env, Date from, Date to, const char* what, std::vector<SkippedDay>* skipped) {
  const date::days step{from < to ? 1 : -1};
  for (Date d = from; d != to; d += step) {
    std::optional<std::string> name = env.calendar->holiday_name(d);
    const date::weekday wd{d};
    skipped->push_back(SkippedDay{d, (name ? *name : (wd == date::Saturday ? "Saturday" : "Sunday")) + " (" + what + ")"});
  }
}

// A prompt computed in calendar units that lands on a weekend or bank holiday moves to the next
// working day; the days passed over are part of its provenance. A term-time prompt
// (`skip_school_holidays: true`) also moves out of the school holidays, to the next teaching
// day. A count of 0 (on the day of the base: a placement, a meeting on its booked date) stays
// where it is.
Date settle_prompt(const TimerEnv& env, const TimerSpec& spec, Date due, int count, Unit unit,
                   std::vector<SkippedDay>* skipped) {
  if (spec.meaning != TimerMeaning::kPrompt || count == 0 || unit == Unit::kWorkingDays) return due;
  if (spec.options.skip_school_holidays) {
    std::vector<SkippedDay> passed;
    Date moved = env.calendar->countable_day_on_or_after(due, spec.options, &passed);
    for (auto& p : passed) skipped->push_back({p.date, p.reason + " (prompt moved to the next teaching day)"});
    return moved;
  }
  Date moved = env.calendar->working_day_on_or_after(due);
  record_moved(env, due, moved, "prompt moved to the next working day", skipped);
  return moved;
}

// The day a deadline, window or prompt fires (PendingTimer::fires).
Date fire_date(const TimerEnv& env, TimerMeaning meaning, Date due) {
  switch (meaning) {
    case TimerMeaning::kDeadline: return env.calendar->working_day_on_or_after(due + date::days{1});
    case TimerMeaning::kWindow: return due + date::days{1};
    case TimerMeaning::kPrompt: return due;
  }
  return due;
}

PendingTimer main_timer(const TimerEnv& env, const TimerSpec& spec, Date due) {
  PendingTimer t;
  t.id = spec.id;
  t.kind = TimerKind::kDeadline;
  t.meaning = spec.meaning;
  t.title = spec.title.empty() ? spec.id : spec.title;
  t.due = due;
  t.fires = fire_date(env, spec.meaning, due);
  return t;
}

}  // namespace

std::string reminder_id(const std::string& timer_id, int n) { return timer_id + "#reminder" + std::to_string(n); }

std::string escalation_id(const std::string& timer_id, int n) {
  return timer_id + "#escalation" + std::to_string(n);
}

std::optional<int> follow_up_index(const std::string& timer_id, TimerKind kind) {
  const std::string marker = kind == TimerKind::kEscalation ? "#escalation" : "#reminder";
  auto at = timer_id.find(marker);
  if (at == std::string::npos) return std::nullopt;
  std::optional<long long> n = parse_integer(timer_id.substr(at + marker.size()));
  if (!n || *n < 1 || *n > 1000) return std::nullopt;
  return static_cast<int>(*n);
}

std::string deadline_id_of(const std::string& timer_id) {
  auto hash = timer_id.find('#');
  return hash == std::string::npos ? timer_id : timer_id.substr(0, hash);
}

Result<TimerBaseValue> timer_base(const EvalContext& eval, const TimerSpec& spec) {
  if (spec.from.kind == TimerBase::Kind::kEntered || spec.from.path.empty()) {
    if (!eval.instance) return Error::invalid("timer '" + spec.id + "': no instance to count from");
    return TimerBaseValue{eval.instance->entered, "entered"};
  }
  std::string chosen;
  std::optional<std::string> v = evaluate(eval, spec.from.path, &chosen);
  if (!v) {
    return Error::invalid("timer '" + spec.id + "': `from: " + to_string(spec.from.path) + "` has no value",
                          spec.loc.str());
  }
  Result<Date> d = parse_date(*v);
  if (!d) {
    return Error::invalid("timer '" + spec.id + "': `from: " + to_string(spec.from.path) + "` gave '" + *v +
                              "', which is not a date (YYYY-MM-DD)",
                          spec.loc.str());
  }
  std::string base_event;
  if (chosen == "state.entered") {
    base_event = "entered";
  } else if (chosen.rfind("event.", 0) == 0 && eval.event) {
    base_event = eval.event->type;
  } else {
    base_event = chosen;
  }
  return TimerBaseValue{*d, base_event};
}

Result<int> timer_count(const EvalContext& eval, const TimerSpec& spec) {
  std::optional<std::string> v = evaluate(eval, spec.count);
  if (!v) {
    return Error::invalid("timer '" + spec.id + "': the count `" + to_string(spec.count) + "` has no value",
                          spec.loc.str());
  }
  std::optional<long long> n = parse_integer(*v);
  if (!n || *n < -100000 || *n > 100000) {
    return Error::invalid("timer '" + spec.id + "': the count `" + to_string(spec.count) + "` gave '" + *v +
                              "', which is not a whole number",
                          spec.loc.str());
  }
  return static_cast<int>(*n);
}

Result<std::vector<PendingTimer>> reminders_for(const TimerEnv& env, const TimerSpec& spec,
                                                const PendingTimer& deadline) {
  std::vector<PendingTimer> out;
  int n = 0;
  for (const auto& r : spec.reminders) {
    ++n;
    Duration back{-r.before.count, r.before.unit};
    std::vector<SkippedDay> skipped;
    Result<Date> due = add_checked(env, spec, deadline.due, back, &skipped);
    if (!due) return due.error();
    // A reminder counted in calendar units that lands on a weekend or bank holiday goes out on
    // the working day before, so it still comes ahead of the deadline.
    if (r.before.unit != Unit::kWorkingDays && !env.calendar->is_working_day(*due)) {
      const Date moved = env.calendar->working_day_on_or_before(*due);
      record_moved(env, *due, moved, "reminder moved to the working day before", &skipped);
      *due = moved;
    }
    PendingTimer t;
    t.id = reminder_id(spec.id, n);
    t.kind = TimerKind::kReminder;
    t.meaning = spec.meaning;
    t.title = "Reminder: " + (spec.title.empty() ? spec.id : spec.title);
    t.due = *due;
    t.fires = *due;
    if (*due < env.today) {
      // Its date passed before the deadline was known (a meeting booked late, a back-dated
      // event): sent at once, marked late, while the deadline itself is still ahead. Once the
      // deadline has passed too, the deadline's own firing says so and a reminder would not.
      if (deadline.due < env.today) continue;
      t.fires = env.today;
      t.late = true;
    }
    t.provenance = base_provenance(env, spec);
    t.provenance.base_event = "timer." + spec.id;
    t.provenance.base = deadline.due;
    t.provenance.duration = back;
    t.provenance.skipped = std::move(skipped);
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<PendingTimer>> escalations_for(const TimerEnv& env, const TimerSpec& spec,
                                                  const PendingTimer& deadline) {
  std::vector<PendingTimer> out;
  int n = 0;
  for (const auto& e : spec.escalations) {
    ++n;
    std::vector<SkippedDay> skipped;
    Result<Date> due = add_checked(env, spec, deadline.due, e.after, &skipped);
    if (!due) return due.error();
    PendingTimer t;
    t.id = escalation_id(spec.id, n);
    t.kind = TimerKind::kEscalation;
    t.meaning = spec.meaning;
    t.title = "Overdue: " + (spec.title.empty() ? spec.id : spec.title);
    t.due = *due;
    t.fires = std::max(*due, deadline.fires);  // never before the deadline is overdue
    t.fired = deadline.fired;  // which firing of a recurring deadline it follows
    t.provenance = base_provenance(env, spec);
    t.provenance.base_event = "timer." + spec.id;
    t.provenance.base = deadline.due;
    t.provenance.duration = e.after;
    t.provenance.skipped = std::move(skipped);
    out.push_back(std::move(t));
  }
  return out;
}

namespace {

// The deadline followed by its reminders and escalations.
Result<std::vector<PendingTimer>> with_follow_ups(const TimerEnv& env, const TimerSpec& spec, PendingTimer deadline) {
  Result<std::vector<PendingTimer>> reminders = reminders_for(env, spec, deadline);
  if (!reminders) return reminders.error();
  Result<std::vector<PendingTimer>> escalations = escalations_for(env, spec, deadline);
  if (!escalations) return escalations.error();
  std::vector<PendingTimer> out;
  out.push_back(std::move(deadline));
  for (auto& r : *reminders) out.push_back(std::move(r));
  for (auto& e : *escalations) out.push_back(std::move(e));
  return out;
}

}  // namespace

namespace {

// An anchored timer (`at:`): due on the anchor's first occurrence on or after `from`.
Result<std::vector<PendingTimer>> arm_anchored(const TimerEnv& env, const TimerSpec& spec, Date from,
                                               const std::string& base_event, int fired) {
  Result<Date> due = env.calendar->next_anchor(from, spec.at);
  if (!due) {
    return Error::invalid("timer '" + spec.id + "' in state '" + env.state + "': " + due.error().message,
                          due.error().details.empty() ? spec.loc.str() : due.error().details);
  }
  std::vector<SkippedDay> skipped;
  PendingTimer t = main_timer(env, spec, settle_prompt(env, spec, *due, 1, Unit::kDays, &skipped));
  t.fired = fired;
  t.provenance = base_provenance(env, spec);
  t.provenance.base_event = base_event;
  t.provenance.base = from;
  t.provenance.anchor = spec.at;
  t.provenance.skipped = std::move(skipped);
  return with_follow_ups(env, spec, std::move(t));
}

}  // namespace

Result<std::vector<PendingTimer>> arm_timer(const TimerEnv& env, const EvalContext& eval, const TimerSpec& spec,
                                            std::optional<TimerBaseValue> base) {
  if (!base) {
    Result<TimerBaseValue> b = timer_base(eval, spec);
    if (!b) return b.error();
    base = *b;
  }
  if (!spec.at.empty()) {
    // `after:` with `at:`: the first occurrence of the anchor at least that long after the base
    // ("the start of the autumn term at least three months after the categorisation").
    Date from = base->date;
    if (!spec.count.empty()) {
      Result<int> n = timer_count(eval, spec);
      if (!n) return n.error();
      if (*n != 0) {
        Result<Date> shifted = add_checked(env, spec, from, Duration{*n, spec.unit}, nullptr);
        if (!shifted) return shifted.error();
        from = *shifted;
      }
    }
    Result<std::vector<PendingTimer>> armed = arm_anchored(env, spec, from, base->base_event, 0);
    if (armed && !armed->empty()) (*armed)[0].provenance.base = base->date;
    // The reminders and escalations were computed from the deadline, not the base: unchanged.
    return armed;
  }
  Result<int> count = timer_count(eval, spec);
  if (!count) return count.error();
  Duration d{*count, spec.unit};
  std::vector<SkippedDay> skipped;
  Result<Date> due = add_checked(env, spec, base->date, d, &skipped);
  if (!due) return due.error();

  PendingTimer t = main_timer(env, spec, settle_prompt(env, spec, *due, *count, spec.unit, &skipped));
  t.provenance = base_provenance(env, spec);
  t.provenance.base_event = base->base_event;
  t.provenance.base = base->date;
  t.provenance.duration = d;
  t.provenance.skipped = std::move(skipped);
  return with_follow_ups(env, spec, std::move(t));
}

Result<std::vector<PendingTimer>> arm_on(const TimerEnv& env, const TimerSpec& spec, Date day,
                                         const std::string& base_event) {
  PendingTimer t = main_timer(env, spec, day);
  t.provenance = base_provenance(env, spec);
  t.provenance.base_event = base_event;
  t.provenance.base = day;
  t.provenance.duration = Duration{0, Unit::kDays};
  return with_follow_ups(env, spec, std::move(t));
}

Result<std::vector<PendingTimer>> rearm_recurring(const TimerEnv& env, const TimerSpec& spec,
                                                  const PendingTimer& fired_timer) {
  std::vector<PendingTimer> out;
  if (!spec.at.empty() && spec.recurring) {
    // The next occurrence after the one that fired (as computed, before any move off a holiday).
    // (A prompt moved off a weekend is later than its anchor; either way the next is after it.)
    Date after = fired_timer.due + date::days{1};
    if (spec.max_repeats > 0 && fired_timer.fired + 1 >= spec.max_repeats) return out;
    return arm_anchored(env, spec, after, "timer." + spec.id, fired_timer.fired + 1);
  }
  if (!spec.every) return out;
  int fired = fired_timer.fired + 1;
  if (spec.max_repeats > 0 && fired >= spec.max_repeats) return out;
  // A series of prompts stays on its own rhythm: counted from the previous date as computed,
  // not as moved off a bank holiday (every 4 weeks from Monday stays on Mondays).
  Date previous = fired_timer.due;
  if (spec.meaning == TimerMeaning::kPrompt && fired_timer.provenance.duration.count != 0) {
    Result<Date> unmoved = env.calendar->add(fired_timer.provenance.base, fired_timer.provenance.duration, spec.options);
    if (unmoved && *unmoved <= fired_timer.due) previous = *unmoved;
  }
  std::vector<SkippedDay> skipped;
  Result<Date> due = add_checked(env, spec, previous, *spec.every, &skipped);
  if (!due) return due.error();
  Date settled = settle_prompt(env, spec, *due, spec.every->count, spec.every->unit, &skipped);
  // Occurrences that a holiday moves onto the day already prompted (weekly visits over the
  // Easter holiday, all due the first day back) are that one prompt, not a pile of them: the
  // series goes on from the first occurrence that falls after it.
  std::vector<SkippedDay> covered;
  for (int guard = 0; settled <= fired_timer.due && guard < 400; ++guard) {
    covered.push_back({*due, "occurrence covered by the prompt of " + format_date(fired_timer.due)});
    previous = *due;
    skipped.clear();
    due = add_checked(env, spec, previous, *spec.every, &skipped);
    if (!due) return due.error();
    settled = settle_prompt(env, spec, *due, spec.every->count, spec.every->unit, &skipped);
  }
  skipped.insert(skipped.begin(), covered.begin(), covered.end());
  PendingTimer t = main_timer(env, spec, settled);
  t.title = fired_timer.title;
  t.fired = fired;
  t.provenance = base_provenance(env, spec);
  t.provenance.base_event = "timer." + spec.id;
  t.provenance.base = previous;
  t.provenance.duration = *spec.every;
  t.provenance.skipped = std::move(skipped);
  return with_follow_ups(env, spec, std::move(t));
}

}  // namespace sif::workflows
