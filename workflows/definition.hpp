// The framework definition model: what config/ parses from YAML and the interpreter runs.
//
// A Framework has categories (support levels), roles (canonical role -> the framework's title,
// and roles of its own that no canonical role fits), params, and workflows. A Workflow is a state machine: states with entry effects, timers and
// transitions on events. Every element remembers where it was written (SourceLoc) so checks
// and errors can say file:line:column.
//
// Expressions are kept small on purpose, so that a council officer can read them and the
// checker can validate them:
//   - a Path names a value: "event.<field>", "school.<fact>" (type, phase, region, la,
//     category, or any contact-free fact), "vars.<name>" (the instance's variables),
//     "params.<name>" (the workflow's parameters), "state.entered" (date the state was entered).
//   - a Condition is path -> test; all conditions of a guard must hold (AND).
//   - a ValueExpr is a literal, or "a | b | 15": the first alternative that has a value.
//
// Thread-safety: immutable after loading; share freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workflows/calendar.hpp"

namespace sif::workflows {

struct SourceLoc {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
  std::string str() const;  // "file:line:column"
};

// "event.date | params.start | 15": alternatives tried left to right; a literal always has a value.
struct ValueExpr {
  struct Alt {
    bool is_path = false;
    std::string text;  // the path ("event.date") or the literal ("15", "red")
  };
  std::vector<Alt> alts;
  SourceLoc loc;

  static ValueExpr literal(std::string v);
  static ValueExpr path(std::string p);
  bool empty() const { return alts.empty(); }
};

// One test on one value. An absent value fails every test except `absent`.
struct Condition {
  enum class Op { kEq, kNe, kIn, kNotIn, kLt, kLe, kGt, kGe, kPresent, kAbsent };
  std::string path;                 // "event.progress", "school.type", "vars.insufficient_reviews"
  Op op = Op::kEq;
  std::vector<std::string> values;  // one for comparisons, many for in/not_in, none for present/absent
  SourceLoc loc;
};

struct Guard {
  std::vector<Condition> all;  // empty: always true
};

// A recipient role, optionally only when a guard holds (e.g. the appointing authority only for
// voluntary-aided, voluntary-controlled and foundation schools).
struct Recipient {
  std::string role;
  Guard when;
  SourceLoc loc;
};

struct NoticeSpec {
  std::string template_id;           // config/templates/<template_id>.*
  std::vector<Recipient> to;
  std::vector<Recipient> cc;
  std::map<std::string, ValueExpr> data;  // extra named values for the template
  std::string source;                // the document section this notice comes from
  SourceLoc loc;
};

struct ChildStart {
  std::string workflow;                       // a workflow of the same framework
  std::map<std::string, ValueExpr> params;    // overrides of the child's declared params
  // `once: true`: not started while an active child of this workflow (of the same parent) takes
  // the event itself: a meeting already booked takes a new date for it (it is moved, not
  // booked twice); once that meeting is held, the next booking starts a new one.
  SourceLoc loc;
  bool once = false;
};

// vars.<name> = value, or += increment (counters such as "insufficient reviews so far").
struct Assignment {
  std::string var;
  ValueExpr value;   // used when !increment
  int increment = 0; // non-zero: add to the current integer value (absent counts as 0)
  SourceLoc loc;
};

// Everything an entry or a transition may do besides changing state.
struct Effects {
  std::vector<NoticeSpec> notices;
  std::vector<ChildStart> start;
  std::vector<Assignment> set;
  std::optional<ValueExpr> set_category;  // the school's category (support level) becomes this
  std::vector<std::string> cancel;        // timer ids of this state to cancel (e.g. report sent)
  std::vector<std::string> restart;       // timer ids of this state to arm again from now
  // timer id -> the date it now falls on (a meeting booked for a day): the timer and its
  // reminders are counted from that date; a reminder already past goes out at once, marked late.
  std::map<std::string, ValueExpr> reschedule;
  bool empty() const;
};

// Where a timer counts from.
struct TimerBase {
  enum class Kind { kEntered, kPath };
  Kind kind = Kind::kEntered;  // the date the state was entered
  ValueExpr path;              // kPath: e.g. "event.date | state.entered"
};

struct Reminder {
  Duration before;              // e.g. 5 working days before the deadline
  std::vector<Recipient> to;
  std::string template_id;      // default "deadline-reminder"
  // `unless:` not sent when this holds as the reminder falls due (the work is already done:
  // both visits of a "two each half-term" quota recorded). `calendar.` paths read the period
  // of the deadline's date. Empty: always sent.
  Guard unless;
  SourceLoc loc;
};

// A notice to the role above when a deadline has passed and the instance is still in its state:
// due `after` the deadline's due date (same calendar rules as the deadline), cancelled with the
// state's other timers when the state is left.
struct Escalation {
  Duration after;               // e.g. 5 working days after the deadline; positive
  std::vector<Recipient> to;
  std::string template_id;      // default "deadline-overdue"
  SourceLoc loc;
};

// What a timer's date means (docs/definitions.md, "What a date means"); every timer declares one.
//   deadline  "within N working days", "by D": met by anything recorded on D. The date shown is
//             D; the timer fires at the start of the next working day after D, when the
//             deadline is overdue (its `then:`, overdue list, escalations), never on D.
//   window    a period that includes its last day D (the initial period for representations, a
//             compliance period, a timescale a letter sets). Events allowed inside it are
//             accepted through D; the timer fires at 00:00 on the day after D, when the window
//             has closed; `allows_after:` events are refused until then, naming D.
//   prompt    a day to do something (arrange a visit, hold a meeting, review): falls on a
//             working day (a computed date on a weekend or bank holiday moves to the next
//             working day, unless it counts 0 from its base) and fires on it. Never overdue.
enum class TimerMeaning { kDeadline, kWindow, kPrompt };
const char* to_string(TimerMeaning m);
std::optional<TimerMeaning> parse_timer_meaning(std::string_view text);

struct TimerSpec {
  std::string id;               // unique within its state; fires event "timer.<id>"
  std::string title;            // for people: "Final evaluation report to the governing body"
  Unit unit = Unit::kDays;
  ValueExpr count;              // integer literal or "event.compliance_working_days | params.compliance_working_days"
  TimerBase from;
  AddOptions options;           // skip_school_holidays
  std::optional<Duration> every;  // recurring: re-armed this long after each firing while in the state
  // `at:` a calendar anchor instead of `after:` (Calendar::next_anchor: "09-01", "start of autumn
  // term", "end of half-term", ...): due on its first occurrence on or after the base date.
  std::string at;
  bool recurring = false;       // with `at:`: armed again at the next occurrence after each firing
  bool recurs() const { return every.has_value() || (recurring && !at.empty()); }
  int max_repeats = 0;          // recurring only: stop after this many firings (0: no limit)
  std::string then;             // shorthand: on timer.<id> go to this state
  std::vector<Reminder> reminders;
  std::vector<Escalation> escalations;
  // `kind:`. Only a deadline becomes overdue when it fires (Instance::overdue, the officers'
  // digest): in its state if the instance stays, or in the state its firing moves it to, until
  // that state is left. Only a deadline may escalate.
  TimerMeaning meaning = TimerMeaning::kPrompt;
  bool meaning_declared = false;  // the loader saw `kind:`; the checker refuses a timer without
  SourceLoc meaning_loc;
  // `when:`: the timer is armed only when this holds as the state is entered (e.g. the initial
  // period for representations exists only under the Act as first enacted).
  Guard when;
  // window only: events of this state refused until the window has closed (409 naming its last
  // day), e.g. warning_notice.not_complied before the end of the compliance period.
  std::vector<std::string> allows_after;
  // `stage:` the cadence belongs to a stage of several states (Telford's 4b and 4b established):
  // moving to another state that declares a timer of the same id and stage keeps the pending
  // timer (and its reminders, escalations, count of firings and overdue entry) instead of
  // arming it afresh. Empty: the timer belongs to its state alone.
  std::string stage;
  std::string source;           // document section
  SourceLoc loc;
};

struct TransitionSpec {
  Guard when;
  std::string to;               // empty: stay in the state (internal transition, no re-entry)
  Effects effects;
  std::string source;
  SourceLoc loc;
};

struct StateSpec {
  std::string id;
  std::string title;
  std::string source;
  bool final = false;
  Effects on_enter;
  std::vector<TimerSpec> timers;
  // event type -> candidate transitions, first whose guard holds wins; none holds: rejected (422).
  std::map<std::string, std::vector<TransitionSpec>> on;
  SourceLoc loc;
};

struct ParamSpec {
  std::string name;
  std::string default_value;  // empty: required when started
  std::string description;
  SourceLoc loc;
};

struct WorkflowSpec {
  std::string id;
  std::string title;
  std::string source;
  std::string initial;
  bool root = false;            // started for every school of the framework on registration
  std::vector<ParamSpec> params;
  std::vector<StateSpec> states;  // declaration order (diagrams and docs follow it)
  SourceLoc loc;

  const StateSpec* find_state(std::string_view id) const;
};

struct CategorySpec {
  std::string id;         // as the framework writes it: "secure plus", "amber", "4a"
  std::string title;
  std::string tier;       // optional grouping: universal / targeted / intensive
  std::string source;
  SourceLoc loc;
};

// A role a framework names. Either a canonical role (canonical_roles()) with the framework's
// title for it, or, with `own: true`, a role of the framework's own that no canonical role fits
// (Telford's chair of the Review Team): a snake_case id that is not a canonical one. Contacts
// and routing treat both alike; only the checker and the contact checks tell them apart.
struct RoleSpec {
  std::string id;         // canonical role (headteacher, link_adviser, ...) or an own role's id
  std::string title;      // the framework's title: "School Improvement Advisor"
  SourceLoc loc;
  bool own = false;       // `own: true`: declared by this framework, not canonical
  std::string source;     // the document's words for it
};

struct Framework {
  std::string id;         // "wiltshire-2019"
  int version = 1;
  std::string title;
  std::string document;   // the published document this definition follows
  Region region = Region::kEnglandAndWales;
  std::string calendar;   // term calendar id (config/calendars/<id>.yaml); "default" if none
  TimeOfDay fire_time{8 * 60};  // local time timers fire on their due date
  // `nation:` england or wales: which statute governs its notices (law.hpp).
  std::string nation = "england";
  std::vector<CategorySpec> categories;
  std::vector<RoleSpec> roles;
  std::vector<WorkflowSpec> workflows;
  SourceLoc loc;

  const WorkflowSpec* find_workflow(std::string_view id) const;
  const CategorySpec* find_category(std::string_view id) const;
  const RoleSpec* find_role(std::string_view id) const;
  // A role a school of this framework may have a contact for: a canonical role, or one this
  // framework declares (own roles included).
  bool knows_role(std::string_view id) const;
  // Every such role: the canonical ones, then this framework's own, in declaration order.
  std::vector<std::string> known_roles() const;
  int fire_minutes() const { return fire_time.minutes; }
};

// The canonical roles and events of DESIGN.md; a framework may add events of its own.
const std::vector<std::string>& canonical_roles();
bool is_canonical_role(std::string_view id);
const std::vector<std::string>& canonical_events();
// An id written as the canonical ones are: lower-case words of letters and digits joined by
// single '_', starting with a letter ("review_team_chair"; not "Chair", "chair_", "a__b").
bool is_snake_case_id(std::string_view id);

}  // namespace sif::workflows
