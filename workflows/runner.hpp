// The machinery behind step(): applies transitions, entry and effects to a working copy of a
// school's state, in the order docs/definitions.md fixes, and collects history and notices.
//
//   transition:  set -> set_category -> cancel -> [exit: drop the old state's timers and overdue list
//                -> enter: arm timers, keep the deadline that fired as overdue (a timer's own
//                transition), then on_enter effects in the same order]
//                -> restart -> start -> notices -> (final?) deliver "<wf>.finished" to the parent
//
// Instances are addressed by index into SchoolState::instances: starting a child appends to the
// vector, so references are re-fetched after anything that may start one. Cascades (a child
// started, a child finishing into its parent) carry a depth; past kMaxCascadeDepth the step
// fails rather than loop.
//
// Internal to workflows/: interpreter.cpp is its only user.
// Thread-safety: one Runner per step, used by one thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workflows/definition.hpp"
#include "workflows/evaluator.hpp"
#include "workflows/interpreter.hpp"
#include "workflows/state.hpp"
#include "workflows/timers.hpp"

namespace sif::workflows {

inline constexpr int kMaxCascadeDepth = 16;

class Runner {
 public:
  Runner(const StepContext& ctx, LocalTime now, SchoolState state);

  SchoolState& state() { return out_.next; }
  Transition& out() { return out_; }

  // Starts `wf` (of framework version `fw`) with `params` overriding its declared defaults; the
  // new instance enters its initial state. `cause` is the event that started it (its data is
  // what `event.*` paths in the initial state read). Returns the new instance's index.
  Result<size_t> start_instance(const Framework& fw, const WorkflowSpec& wf, const Data& params,
                                const std::string& parent, const Event& cause, Date date, int depth,
                                const std::string& note);

  struct Outcome {
    bool handled = false;              // the current state has transitions for the event
    bool applied = false;              // one of them was taken
    std::vector<std::string> failed;   // conditions that failed when none was taken
  };
  // Offers `event` to one instance: the first transition whose guard holds is applied.
  Result<Outcome> deliver(size_t idx, const Event& event, Date date, int depth);

  // A pending timer of instance idx fired. REQUIRES: `fired` was pending there, at index `pos`
  // of its timers, and is already removed from it. A recurring timer is armed again at `pos`, so
  // timers due on the same day keep firing in declaration order.
  Status fire_timer(size_t idx, const PendingTimer& fired, size_t pos, const Event& event, Date date);

 private:
  struct Where {
    const Framework* fw = nullptr;
    const WorkflowSpec* wf = nullptr;
    const StateSpec* st = nullptr;
  };
  Result<Where> where(size_t idx) const;
  EvalContext eval(size_t idx, const Event& event, Date date) const;
  TimerEnv timer_env(const Framework& fw, size_t idx) const;

  Status apply_transition(size_t idx, const Where& w, const TransitionSpec& t, const Event& event, Date date,
                          int depth, std::string note);
  Status enter(size_t idx, const Framework& fw, const WorkflowSpec& wf, const std::string& state_id,
               const Event& event, Date date, int depth);
  // The pending stage timers (TimerSpec::stage) of the state being left, with their stage and
  // overdue entries, for enter() to keep where the new state declares the same timer and stage.
  struct Carried {
    std::vector<std::pair<std::string, PendingTimer>> timers;  // (stage, timer)
    std::vector<OverdueDeadline> overdue;
  };
  Carried carry_out(size_t idx, const StateSpec& from) const;
  // set, set_category, cancel. `note` collects what a person should see in history.
  Status pre_effects(size_t idx, const Framework& fw, const Effects& e, const Event& event, Date date,
                     std::string* note);
  // restart, start, notices.
  Status post_effects(size_t idx, const Framework& fw, const WorkflowSpec& wf, const Effects& e,
                      const Event& event, Date date, int depth, const std::string& reason);
  Status finish(size_t idx, const Event& cause, Date date, int depth);
  // An active child of instance idx running `child` whose state takes the event (a transition
  // whose conditions hold), for `start: once`.
  bool child_takes(size_t idx, const WorkflowSpec& child, const Event& event, Date date) const;
  // An escalation fired (it was at `pos` of the timers): its notice goes out while its deadline
  // is overdue, else only history; for a recurring deadline it is then armed for the next firing.
  Status fire_escalation(size_t idx, const Where& w, const TimerSpec* spec, const PendingTimer& fired, size_t pos,
                         const Event& event, Date date);
  Status send_escalation(size_t idx, const Where& w, const TimerSpec* spec, const PendingTimer& fired,
                         const Event& event, Date date);

  HistoryEntry history_for(size_t idx, const Event& event, Date date) const;

  const StepContext& ctx_;
  LocalTime now_;
  std::optional<Date> period_date_;  // a timer's date while it fires (EvalContext::period_date)
  Transition out_;
  Carried carried_;  // set by apply_transition for the enter() that follows; consumed there
  // A deadline whose firing leaves its state (fire_timer), for the enter() that follows to keep
  // as overdue in the new state; consumed there.
  std::optional<OverdueDeadline> missed_;
};

}  // namespace sif::workflows
