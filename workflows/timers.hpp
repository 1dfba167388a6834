// Arming timers: turning a TimerSpec into PendingTimers (the deadline, its reminders and its
// escalations) with the full provenance of each date: framework and version, workflow, state,
// timer, rule, base event and date, count and unit, calendar, and every day skipped.
//
// What the date means decides when a timer fires (TimerMeaning): a deadline the working day
// after its due date, a window at 00:00 the day after its last day, a prompt on its day (moved
// off weekends and bank holidays when counted in calendar units); `at:` timers fall on a calendar
// anchor.
// Reminders get ids "<timer>#reminder<N>" (1-based, in declaration order). One already in the past
// (before `today`) while its deadline is still ahead fires today, marked late; once the deadline
// has passed too it is not armed. One counted in calendar units that lands on a non-working day
// moves to the working day before.
// Escalations get ids "<timer>#escalation<N>", due `after` the deadline, never firing before it,
// and are armed even when already in the past: they only fire while the deadline is overdue,
// which is never stale.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workflows/calendar.hpp"
#include "workflows/definition.hpp"
#include "workflows/evaluator.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::workflows {

// Where the timer lives and what it is computed on.
struct TimerEnv {
  const Framework* framework = nullptr;
  std::string workflow;
  std::string state;
  const Calendar* calendar = nullptr;
  Date today{};  // now.date: reminders due before it are not armed
};

// The base a timer counts from: ValueExpr `from`, or the date the state was entered.
struct TimerBaseValue {
  Date date{};
  std::string base_event;  // "entered", the event type, or the path the date came from
};
Result<TimerBaseValue> timer_base(const EvalContext& eval, const TimerSpec& spec);

// The count of `after`, evaluated; Error::invalid naming the timer when it is not an integer.
Result<int> timer_count(const EvalContext& eval, const TimerSpec& spec);

// The deadline (fired = 0), its reminders, then its escalations. `base` overrides the spec's
// `from` (restart: from today).
Result<std::vector<PendingTimer>> arm_timer(const TimerEnv& env, const EvalContext& eval, const TimerSpec& spec,
                                            std::optional<TimerBaseValue> base = std::nullopt);

// The timer falling on `day` itself (reschedule: a meeting booked for that day), with its
// reminders and escalations counted from it.
Result<std::vector<PendingTimer>> arm_on(const TimerEnv& env, const TimerSpec& spec, Date day,
                                         const std::string& base_event);

// A recurring timer after its firing `fired` (1-based): due at the previous due + every, with its
// reminders and escalations. Empty when max_repeats is reached or the timer does not recur.
Result<std::vector<PendingTimer>> rearm_recurring(const TimerEnv& env, const TimerSpec& spec,
                                                  const PendingTimer& fired_timer);

// The reminders of one deadline.
Result<std::vector<PendingTimer>> reminders_for(const TimerEnv& env, const TimerSpec& spec,
                                                const PendingTimer& deadline);

// The escalations of one deadline: each `after` its due date.
Result<std::vector<PendingTimer>> escalations_for(const TimerEnv& env, const TimerSpec& spec,
                                                  const PendingTimer& deadline);

// "<timer>#reminder<n>", "<timer>#escalation<n>"; and back: the deadline id of a reminder or
// escalation id (or the id itself).
std::string reminder_id(const std::string& timer_id, int n);
std::string escalation_id(const std::string& timer_id, int n);
std::string deadline_id_of(const std::string& timer_id);
// N of "<timer>#reminder<N>" (kind kReminder) or "<timer>#escalation<N>" (kEscalation);
// nullopt when the id has no such suffix or N is not a positive whole number.
std::optional<int> follow_up_index(const std::string& timer_id, TimerKind kind);

}  // namespace sif::workflows
