// The interpreter: step(definition, state, event, now) -> transition. Pure and deterministic:
// the same inputs give the same outputs, so any school can be simulated months ahead and
// replayed from its history without a daemon.
//
// Dispatch: an event with .instance set goes to that instance only; otherwise to every active
// instance whose current state handles the event type, in creation order. An event that no
// active instance handles is a kConflict error whose details list the events that are allowed.
// A handled event whose guards all fail is kInvalidInput (422) naming the conditions.
//
// Cascades run inside one step: entering a state applies its entry effects and arms its timers;
// starting a child runs its initial state; a child reaching a final state delivers
// "<child workflow>.finished" with data {outcome: <final state>, instance: <id>} to its parent.
//
// Decisions worth knowing (the implementation is in runner.cpp; see docs/definitions.md too):
//   - Canonical event data is validated first (event_schema.hpp). The event's date is
//     data["date"] when present, else now.date; `event.date` paths, state.entered and history
//     use it, so a back-dated event counts its deadlines from when it happened.
//   - Timer events ("timer.<id>", .timer set; timer_event() builds them) fire the PendingTimer
//     of that id; one not pending is kConflict, so replay and recovery are idempotent. A
//     deadline takes `on: timer.<id>`, else its `then:`; if no transition applies it is only
//     recorded. A recurring timer is armed again (previous due + every, .fired + 1, up to
//     max_repeats) unless the transition leaves the state. A reminder only sends its notice.
//   - A deadline that fires while the instance stays in its state (no transition, or an internal
//     one) is added to Instance::overdue (a recurring one updates its entry); leaving the state
//     or finishing clears the list; `cancel:`/`restart:` of the deadline removes it.
//   - A deadline whose firing moves the instance to another state (its `then:`, or an
//     `on: timer.<id>` transition) is overdue there: the new state's Instance::overdue holds it
//     (id, title, due) from entry, before the entry effects (so an entry notice can use
//     overdue.<id>), until that state is left. Not when the new state is final, is the same
//     state (re-entry arms the deadline afresh), or declares a timer of the same id.
//   - An escalation ("<timer>#escalation<N>", armed with its deadline, due `after` it) only
//     sends its notice, and only while its deadline is overdue. It is cancelled with the
//     state's timers. A recurring deadline's escalation, once fired, is armed again after the
//     deadline's next due date (one pending timer per escalation id).
//   - A reminder already in the past (due < now.date) while its deadline is still ahead fires
//     at once, marked late; once the deadline has passed too it is not armed. Escalations are
//     always armed.
//   - Transition::timers_set / timers_cancelled are the net diff of pending timers (apply the
//     cancellations first); the fired timer counts as cancelled.
//   - A child runs on its parent's framework version; its initial state sees the event that
//     started it. Instance ids: the workflow id, then "<workflow>#2", "#3", ...
//   - "<child>.finished" that the parent does not take is recorded in its history, not an
//     error; a person cannot record a "<workflow>.finished" event (kConflict).
//   - next_timer(): fires_before() order (state.hpp): by the instant it fires (PendingTimer::
//     fires at the fire time; a window's close at 00:00), reminders before deadlines before
//     escalations, then creation order. The daemon asks next_timer() which of a school's due
//     timers goes first, so it fires in this order whatever storage's ORDER BY says.
//   - A deadline fires on the working day after its due date (overdue from then), a window at
//     00:00 after its last day, a prompt on its day (TimerMeaning). The timer event's date is
//     the day it fires.
//   - Event dates: data["date"] is when it happened, up to kMaxBackdateDays before today and
//     never after it; meeting.scheduled's `date` is the meeting's, not the event's.
//   - An event named in an open window's allows_after is refused (kConflict) naming the
//     window's last day, whether or not a state would take it.
//
// Thread-safety: pure functions.
#pragma once

#include <map>

#include "workflows/calendar.hpp"
#include "workflows/definition.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::workflows {

struct StepContext {
  const Framework& framework;  // the newest loaded version: used for new instances
  const Calendar& calendar;    // the school's region and its authority's term dates
  // Older versions still running (version -> definition); an instance runs on the version it
  // started on. May be null when only one version exists.
  const std::map<int, Framework>* versions = nullptr;

  // The definition an instance of `version` runs on (falls back to `framework`).
  const Framework& for_version(int version) const;
};

// A new school: starts every root workflow. `category` may be empty.
Result<Transition> start_school(const StepContext& ctx, School school, std::string category,
                                const std::string& actor, LocalTime now);

// The school's contact for `role` set to `contact`, or removed (nullopt), as an officer keeps a
// school's record up to date after registration. `role` must be one the framework knows (a
// canonical role or one of its own); removing a contact the school does not have is kNotFound.
// The change is written to the history as event "school.contact.changed" on the school's first
// instance, in the state it is in (no state, timer or notice changes); a contact set to what it
// already is gives a Transition with no history entry, which the caller need not commit.
Result<Transition> change_contact(const StepContext& ctx, const SchoolState& state, const std::string& role,
                                  const std::optional<Contact>& contact, const std::string& actor, LocalTime now);

// One event. REQUIRES: state.school.framework == ctx.framework.id
Result<Transition> step(const StepContext& ctx, const SchoolState& state, const Event& event, LocalTime now);

// Events the active instances accept now, sorted and unique.
std::vector<std::string> allowed_events(const Framework& framework, const SchoolState& state);

// The earliest pending timer across the school's active instances, if any.
struct DueTimer {
  std::string instance;
  const PendingTimer* timer = nullptr;
};
// The one firing order of fires_before() (state.hpp); `fire_minutes` is the framework's fire time.
std::optional<DueTimer> next_timer(const SchoolState& state, int fire_minutes = 8 * 60);

// An event held back by an open window (`allows_after:`): refused until `closes`.
struct WaitingEvent {
  std::string event;
  std::string instance;
  std::string timer;
  std::string title;   // the window's title
  Date last_day;       // the window includes this day
  Date closes;         // the day after: the event is allowed from 00:00
};
// Every event an open window holds back, by event then closing date. allowed_events() leaves
// these out.
std::vector<WaitingEvent> waiting_events(const Framework& framework, const SchoolState& state);

// How far back a person may date an event (`date`), in days before the day it is recorded.
inline constexpr int kMaxBackdateDays = 366;

// The event a due timer delivers.
Event timer_event(const std::string& instance, const PendingTimer& timer);

}  // namespace sif::workflows
