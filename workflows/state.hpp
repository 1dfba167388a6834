// Runtime values the interpreter reads and returns: a school's facts and workflow instances,
// an event, and the transition (new state plus effects) that step() decides.
//
// These are plain values: storage/ serialises SchoolState as the snapshot, and history rows,
// timers and outbox rows from a Transition's effects.
//
// Thread-safety: plain values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workflows/calendar.hpp"
#include "workflows/date.hpp"
#include "workflows/definition.hpp"

namespace sif::workflows {

using Data = std::map<std::string, std::string>;

// Why a deadline falls on the date it does: enough for a letter or an officer to explain it.
struct Provenance {
  std::string framework;        // "leicester-2007"
  int framework_version = 0;
  std::string workflow;         // "warning_notice"
  std::string state;            // "issued"
  std::string timer;            // "compliance_end"
  std::string rule;             // the document section, e.g. "Appendix 9.12"
  std::string base_event;       // event type that set the base ("warning_notice.issued", "entered")
  Date base;                    // the date counted from
  Duration duration;            // count and unit
  std::string anchor;           // or the calendar anchor it fell on ("start of autumn term")
  std::string calendar;         // Calendar::describe()
  std::vector<SkippedDay> skipped;  // non-working days passed over (working-day units)
};

enum class TimerKind { kDeadline, kReminder, kEscalation };
const char* to_string(TimerKind k);
struct PendingTimer;

// When a pending timer fires, in Europe/London: `fires` at the framework's fire time, or at
// 00:00 for the closing of a window (the first moment after its last day).
LocalTime fire_local(const PendingTimer& t, int fire_minutes);
// The one order in which timers fire (the daemon, simulate and the tests alike): by fire
// instant; at the same instant reminders, then deadlines, windows and prompts, then escalations
// (an escalation needs its deadline to have fired); otherwise neither is before the other and
// next_timer() keeps creation order (instances in order, each instance's timers in order).
int fire_rank(TimerKind k);
bool fires_before(const PendingTimer& a, const PendingTimer& b, int fire_minutes);

// A timer waiting in an instance. It fires on `due` at the framework's fire time.
// `due` is the date people see (the last day of a deadline or window, the day of a prompt);
// `fires` is when sif acts on it: the next working day after a deadline, 00:00 the day after a
// window, the day itself for prompts, reminders and escalations (see TimerMeaning).
struct PendingTimer {
  std::string id;               // the TimerSpec id; "<id>#reminder<N>", "<id>#escalation<N>"
  std::string instance;         // the instance it belongs to ("main", "warning_notice#2")
  TimerKind kind = TimerKind::kDeadline;
  TimerMeaning meaning = TimerMeaning::kPrompt;  // of the deadline it belongs to
  std::string title;
  Date due;
  Date fires;                   // the day it fires (see above); == due in older snapshots
  bool late = false;            // a reminder armed after its own date had passed: sent at once
  int fired = 0;                // recurring timers: how many times it has fired so far
  Provenance provenance;
};

// A deadline of the instance's current state that has passed while the instance stayed in it
// (its timer fired and no transition left the state). Kept until the instance leaves the state
// or finishes; a recurring deadline that fires again replaces its entry (the latest due).
struct OverdueDeadline {
  std::string id;               // the TimerSpec id ("review_due")
  std::string title;            // the deadline's title for people
  Date due;                     // the date it fell due (recurring: the latest firing)
  Provenance provenance;        // why it fell due on that date
};

struct Instance {
  std::string id;               // unique within the school: "main", "warning_notice#2"
  std::string workflow;
  int framework_version = 0;    // the definition version it started on
  std::string state;
  Date entered;                 // date the current state was entered
  Date started;
  bool final = false;           // reached a final state; kept for history, no longer active
  std::string parent;           // parent instance id, or empty
  Data params;
  Data vars;
  std::vector<PendingTimer> timers;
  // Deadlines of the current state that have passed while the instance stayed in it, in the
  // order they first fell due. Invariant: empty when final; cleared on every exit.
  std::vector<OverdueDeadline> overdue;
};

struct Contact {
  std::string name;
  std::string email;
  std::string address;          // postal address for letters
};

struct School {
  std::string id;               // URN
  std::string name;
  std::string la;               // local authority name
  std::string framework;        // framework id
  Region region = Region::kEnglandAndWales;
  Data facts;                   // type, phase, and anything else guards may read
  std::map<std::string, Contact> contacts;  // canonical role -> contact
};

struct SchoolState {
  School school;
  std::string category;         // current category (support level), may be empty
  int next_instance = 1;        // for unique instance ids
  std::vector<Instance> instances;  // creation order; finished ones stay (final = true)

  const Instance* find(std::string_view instance_id) const;
  Instance* find(std::string_view instance_id);
};

struct Event {
  std::string type;             // "review.held", "timer.review_due"
  Data data;
  std::string actor;            // who recorded it ("system" for timers)
  std::string instance;         // target instance: required for timer events, optional otherwise
  std::string timer;            // for timer events: the PendingTimer id that fired
};

struct HistoryEntry {
  std::string instance;
  std::string workflow;
  std::string event;
  std::string from;             // state before ("" when the instance started)
  std::string to;               // state after (== from for internal transitions)
  Data data;                    // event data
  std::string actor;
  Date date;                    // effective date
  std::string note;             // e.g. "started by main", "category red -> amber"
};

struct NoticeEffect {
  std::string instance;
  std::string workflow;
  std::string template_id;
  std::vector<std::string> to;  // roles
  std::vector<std::string> cc;  // roles
  Data data;                    // everything the template may use
  std::string reason;           // "entered issued", "reminder for compliance_end"
};

struct Transition {
  SchoolState next;
  std::vector<HistoryEntry> history;
  // The net change to pending timers, as a diff of state.instances[*].timers and next's:
  // apply timers_cancelled first, then timers_set (a re-armed timer is in both). The timer that
  // fired is in timers_cancelled. Each PendingTimer names its instance in .instance.
  std::vector<PendingTimer> timers_set;
  std::vector<std::pair<std::string, std::string>> timers_cancelled;  // (instance, timer id)
  std::vector<NoticeEffect> notices;
  std::vector<std::string> started;          // instance ids started
};

}  // namespace sif::workflows
