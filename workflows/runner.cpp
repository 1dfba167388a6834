#include "workflows/runner.hpp"

#include <algorithm>
#include <optional>

#include "workflows/notice_builder.hpp"

namespace sif::workflows {

namespace {

void append_note(std::string* note, const std::string& part) {
  if (part.empty()) return;
  if (!note->empty()) *note += "; ";
  *note += part;
}

std::string category_list(const Framework& fw) {
  std::string out;
  for (const auto& c : fw.categories) out += (out.empty() ? "" : ", ") + c.id;
  return out;
}

// Removes the pending timers of deadline `id` (and its reminders and escalations), and the
// deadline from the overdue list: cancelled or re-armed, it is no longer overdue.
void drop_timers(Instance& inst, const std::string& id) {
  std::erase_if(inst.timers, [&](const PendingTimer& t) { return deadline_id_of(t.id) == id; });
  std::erase_if(inst.overdue, [&](const OverdueDeadline& d) { return d.id == id; });
}

// Exit: every timer of the old state stops and nothing of it is overdue any more.
void leave_state(Instance& inst) {
  inst.timers.clear();
  inst.overdue.clear();
}

// A deadline fired and the instance stays in its state: it is overdue. A recurring deadline
// firing again replaces its entry, keeping its place.
void record_overdue(Instance& inst, OverdueDeadline d) {
  for (auto& o : inst.overdue) {
    if (o.id == d.id) {
      o = std::move(d);
      return;
    }
  }
  inst.overdue.push_back(std::move(d));
}

const OverdueDeadline* find_overdue(const Instance& inst, std::string_view id) {
  for (const auto& o : inst.overdue) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

std::string roles_text(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : ", ") + r;
  return out.empty() ? "(nobody: no recipient's condition held)" : out;
}

const TimerSpec* find_timer_spec(const StateSpec& st, std::string_view id) {
  for (const auto& t : st.timers) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

}  // namespace

Runner::Runner(const StepContext& ctx, LocalTime now, SchoolState state) : ctx_(ctx), now_(now) {
  out_.next = std::move(state);
}

Result<Runner::Where> Runner::where(size_t idx) const {
  const Instance& inst = out_.next.instances[idx];
  Where w;
  w.fw = &ctx_.for_version(inst.framework_version);
  w.wf = w.fw->find_workflow(inst.workflow);
  if (!w.wf) {
    return Error::corruption("instance '" + inst.id + "' runs workflow '" + inst.workflow +
                             "', which framework " + w.fw->id + " version " +
                             std::to_string(w.fw->version) + " does not define");
  }
  w.st = w.wf->find_state(inst.state);
  if (!w.st) {
    return Error::corruption("instance '" + inst.id + "' is in state '" + inst.state + "', which workflow '" +
                             inst.workflow + "' does not define");
  }
  return w;
}

EvalContext Runner::eval(size_t idx, const Event& event, Date date) const {
  EvalContext e;
  e.school = &out_.next;
  e.instance = &out_.next.instances[idx];
  e.event = &event;
  e.event_date = date;
  e.framework = &ctx_.for_version(out_.next.instances[idx].framework_version);
  e.calendar = &ctx_.calendar;
  e.period_date = period_date_;
  return e;
}

TimerEnv Runner::timer_env(const Framework& fw, size_t idx) const {
  const Instance& inst = out_.next.instances[idx];
  TimerEnv env;
  env.framework = &fw;
  env.workflow = inst.workflow;
  env.state = inst.state;
  env.calendar = &ctx_.calendar;
  env.today = now_.date;
  return env;
}

HistoryEntry Runner::history_for(size_t idx, const Event& event, Date date) const {
  const Instance& inst = out_.next.instances[idx];
  HistoryEntry h;
  h.instance = inst.id;
  h.workflow = inst.workflow;
  h.event = event.type;
  h.from = inst.state;
  h.to = inst.state;
  h.data = event.data;
  h.actor = event.actor;
  h.date = date;
  return h;
}

Result<size_t> Runner::start_instance(const Framework& fw, const WorkflowSpec& wf, const Data& params,
                                      const std::string& parent, const Event& cause, Date date, int depth,
                                      const std::string& note) {
  if (depth > kMaxCascadeDepth) {
    return Error::invalid("starting workflow '" + wf.id + "' nests more than " + std::to_string(kMaxCascadeDepth) +
                          " workflows deep; check the definition's `start:` effects for a loop");
  }
  Instance inst;
  for (const auto& p : wf.params) {
    auto it = params.find(p.name);
    if (it != params.end()) {
      inst.params[p.name] = it->second;
    } else if (!p.default_value.empty()) {
      inst.params[p.name] = p.default_value;
    } else {
      return Error::invalid("workflow '" + wf.id + "' needs the parameter '" + p.name + "'", p.loc.str());
    }
  }
  for (const auto& [k, v] : params) inst.params.emplace(k, v);  // undeclared extras are kept too

  SchoolState& s = out_.next;
  int same = 0;
  for (const auto& i : s.instances) same += i.workflow == wf.id ? 1 : 0;
  inst.id = same == 0 ? wf.id : wf.id + "#" + std::to_string(same + 1);
  for (int n = same + 2; s.find(inst.id); ++n) inst.id = wf.id + "#" + std::to_string(n);
  inst.workflow = wf.id;
  inst.framework_version = fw.version;
  inst.entered = date;
  inst.started = date;
  inst.parent = parent;
  s.next_instance += 1;
  s.instances.push_back(std::move(inst));
  const size_t idx = s.instances.size() - 1;
  out_.started.push_back(s.instances[idx].id);

  HistoryEntry h;
  h.instance = s.instances[idx].id;
  h.workflow = wf.id;
  h.event = "instance.started";
  h.to = wf.initial;
  h.data = s.instances[idx].params;
  h.actor = cause.actor;
  h.date = date;
  h.note = note;
  out_.history.push_back(std::move(h));

  if (!wf.find_state(wf.initial)) {
    return Error::invalid("workflow '" + wf.id + "' has initial state '" + wf.initial + "', which it does not define",
                          wf.loc.str());
  }
  if (Status st = enter(idx, fw, wf, wf.initial, cause, date, depth); !st) return st.error();
  if (out_.next.instances[idx].final) {
    if (Status st = finish(idx, cause, date, depth); !st) return st.error();
  }
  return idx;
}

Result<Runner::Outcome> Runner::deliver(size_t idx, const Event& event, Date date, int depth) {
  Result<Where> w = where(idx);
  if (!w) return w.error();
  Outcome o;
  auto it = w->st->on.find(event.type);
  if (it == w->st->on.end() || it->second.empty()) return o;
  o.handled = true;
  const TransitionSpec* chosen = nullptr;
  EvalContext e = eval(idx, event, date);
  for (const auto& t : it->second) {
    GuardCheck g = check_guard(e, t.when);
    if (g.ok) {
      chosen = &t;
      break;
    }
    for (auto& f : g.failed) o.failed.push_back(out_.next.instances[idx].id + ": " + f);
  }
  if (!chosen) return o;
  o.applied = true;
  if (Status st = apply_transition(idx, *w, *chosen, event, date, depth, ""); !st) return st.error();
  return o;
}

Status Runner::apply_transition(size_t idx, const Where& w, const TransitionSpec& t, const Event& event, Date date,
                                int depth, std::string note) {
  const bool leaves = !t.to.empty();
  if (leaves && !w.wf->find_state(t.to)) {
    return Error::invalid("transition to unknown state '" + t.to + "' in workflow '" + w.wf->id + "'", t.loc.str());
  }
  const size_t hidx = out_.history.size();
  out_.history.push_back(history_for(idx, event, date));
  if (leaves) out_.history[hidx].to = t.to;
  if (!t.source.empty()) append_note(&note, t.source);
  if (leaves && t.to == w.st->id) append_note(&note, "re-entered");

  if (Status st = pre_effects(idx, *w.fw, t.effects, event, date, &note); !st) return st;
  out_.history[hidx].note = note;  // before entry, which may add to it
  if (leaves) {
    // A stage's cadence goes on in another state of the same stage; re-entering a state starts it afresh.
    if (t.to != w.st->id) carried_ = carry_out(idx, *w.st);
    leave_state(out_.next.instances[idx]);
    if (Status st = enter(idx, *w.fw, *w.wf, t.to, event, date, depth); !st) return st;
  }
  const std::string reason = leaves ? "entered " + t.to : "on " + event.type;
  if (Status st = post_effects(idx, *w.fw, *w.wf, t.effects, event, date, depth, reason); !st) return st;
  if (leaves && out_.next.instances[idx].final) return finish(idx, event, date, depth);
  return Ok{};
}

Status Runner::enter(size_t idx, const Framework& fw, const WorkflowSpec& wf, const std::string& state_id,
                     const Event& event, Date date, int depth) {
  const StateSpec* st = wf.find_state(state_id);
  if (!st) return Error::invalid("unknown state '" + state_id + "' in workflow '" + wf.id + "'");
  {
    Instance& inst = out_.next.instances[idx];
    inst.state = state_id;
    inst.entered = date;
    leave_state(inst);
    inst.final = st->final;
  }
  Carried carried = std::move(carried_);
  carried_ = {};
  std::optional<OverdueDeadline> missed = std::move(missed_);
  missed_.reset();
  if (!st->final) {
    TimerEnv env = timer_env(fw, idx);
    for (const auto& spec : st->timers) {
      if (!spec.stage.empty()) {
        // The same cadence of the same stage was pending in the state just left: it goes on.
        bool kept = false;
        Instance& inst = out_.next.instances[idx];
        for (auto& [stage, t] : carried.timers) {
          if (stage != spec.stage || deadline_id_of(t.id) != spec.id) continue;
          inst.timers.push_back(t);
          kept = true;
        }
        if (kept) {
          for (const auto& o : carried.overdue) {
            if (o.id == spec.id) inst.overdue.push_back(o);
          }
          continue;
        }
      }
      if (!check_guard(eval(idx, event, date), spec.when).ok) continue;  // `when:` not met: not armed
      Result<std::vector<PendingTimer>> armed = arm_timer(env, eval(idx, event, date), spec);
      if (!armed) return armed.error();
      Instance& inst = out_.next.instances[idx];
      for (auto& t : *armed) {
        t.instance = inst.id;
        inst.timers.push_back(std::move(t));
      }
    }
  }
  // The deadline whose firing moved the instance here stays overdue in this state, before its
  // entry effects (so its notices can name it), unless this state has a deadline of its own id.
  if (missed && !st->final && !find_timer_spec(*st, missed->id)) {
    record_overdue(out_.next.instances[idx], std::move(*missed));
  }
  std::string note;
  if (Status s = pre_effects(idx, fw, st->on_enter, event, date, &note); !s) return s;
  if (!note.empty()) {
    // Entry effects worth noting (a category change) go on the entry that caused them.
    for (auto it = out_.history.rbegin(); it != out_.history.rend(); ++it) {
      if (it->instance == out_.next.instances[idx].id) {
        append_note(&it->note, note);
        break;
      }
    }
  }
  return post_effects(idx, fw, wf, st->on_enter, event, date, depth, "entered " + state_id);
}

Runner::Carried Runner::carry_out(size_t idx, const StateSpec& from) const {
  Carried c;
  const Instance& inst = out_.next.instances[idx];
  for (const auto& t : inst.timers) {
    const TimerSpec* spec = find_timer_spec(from, deadline_id_of(t.id));
    if (spec && !spec->stage.empty()) c.timers.emplace_back(spec->stage, t);
  }
  for (const auto& o : inst.overdue) {
    const TimerSpec* spec = find_timer_spec(from, o.id);
    if (spec && !spec->stage.empty()) c.overdue.push_back(o);
  }
  return c;
}

Status Runner::pre_effects(size_t idx, const Framework& fw, const Effects& e, const Event& event, Date date,
                           std::string* note) {
  for (const auto& a : e.set) {
    Instance& inst = out_.next.instances[idx];
    if (a.increment != 0) {
      long long cur = 0;
      auto it = inst.vars.find(a.var);
      if (it != inst.vars.end() && !it->second.empty()) {
        std::optional<long long> n = parse_integer(it->second);
        if (!n) {
          return Error::invalid("cannot increment vars." + a.var + ": its value '" + it->second +
                                    "' is not a whole number",
                                a.loc.str());
        }
        cur = *n;
      }
      inst.vars[a.var] = std::to_string(cur + a.increment);
      continue;
    }
    std::optional<std::string> v = evaluate(eval(idx, event, date), a.value);
    if (v) {
      inst.vars[a.var] = *v;
    } else {
      inst.vars.erase(a.var);  // every alternative absent: the variable has no value
    }
  }
  if (e.set_category) {
    std::optional<std::string> v = evaluate(eval(idx, event, date), *e.set_category);
    if (!v) {
      return Error::invalid("set_category: `" + to_string(*e.set_category) + "` has no value", e.set_category->loc.str());
    }
    if (!fw.find_category(*v)) {
      return Error::invalid("category '" + *v + "' is not one of framework " + fw.id + "'s categories",
                            "category: one of " + category_list(fw));
    }
    std::string& cat = out_.next.category;
    if (cat != *v) append_note(note, "category " + (cat.empty() ? std::string("(none)") : cat) + " -> " + *v);
    cat = *v;
  }
  for (const auto& id : e.cancel) drop_timers(out_.next.instances[idx], id);
  return Ok{};
}

Status Runner::post_effects(size_t idx, const Framework& fw, const WorkflowSpec& wf, const Effects& e,
                            const Event& event, Date date, int depth, const std::string& reason) {
  if (!e.restart.empty()) {
    const StateSpec* st = wf.find_state(out_.next.instances[idx].state);
    for (const auto& id : e.restart) {
      const TimerSpec* spec = st ? find_timer_spec(*st, id) : nullptr;
      if (!spec) {
        return Error::invalid("restart: state '" + out_.next.instances[idx].state + "' has no timer '" + id + "'");
      }
      drop_timers(out_.next.instances[idx], id);
      TimerBaseValue base{date, event.type};
      Result<std::vector<PendingTimer>> armed = arm_timer(timer_env(fw, idx), eval(idx, event, date), *spec, base);
      if (!armed) return armed.error();
      Instance& inst = out_.next.instances[idx];
      for (auto& t : *armed) {
        t.instance = inst.id;
        inst.timers.push_back(std::move(t));
      }
    }
  }
  for (const auto& [id, value] : e.reschedule) {
    const StateSpec* st = wf.find_state(out_.next.instances[idx].state);
    const TimerSpec* spec = st ? find_timer_spec(*st, id) : nullptr;
    if (!spec) {
      return Error::invalid("reschedule: state '" + out_.next.instances[idx].state + "' has no timer '" + id + "'");
    }
    std::optional<std::string> v = evaluate(eval(idx, event, date), value);
    Result<Date> day = v ? parse_date(*v) : Result<Date>(Error::invalid("no value"));
    if (!day) {
      return Error::invalid("reschedule of timer '" + id + "': `" + to_string(value) + "` gave " +
                                (v ? "'" + *v + "', which is not a date (YYYY-MM-DD)" : std::string("no value")),
                            value.loc.str().empty() ? "date" : value.loc.str());
    }
    // Booked again for the day it already falls on: nothing moves, and no reminder goes twice.
    const Instance& current = out_.next.instances[idx];
    // (A named copy: clang 14 cannot capture a structured binding.)
    const std::string& timer_id = id;
    if (std::any_of(current.timers.begin(), current.timers.end(), [&](const PendingTimer& t) {
          return t.kind == TimerKind::kDeadline && t.id == timer_id && t.due == *day;
        })) {
      continue;
    }
    drop_timers(out_.next.instances[idx], id);
    Result<std::vector<PendingTimer>> armed = arm_on(timer_env(fw, idx), *spec, *day, event.type);
    if (!armed) return armed.error();
    Instance& inst = out_.next.instances[idx];
    for (auto& t : *armed) {
      t.instance = inst.id;
      inst.timers.push_back(std::move(t));
    }
  }
  for (const auto& cs : e.start) {
    const WorkflowSpec* child = fw.find_workflow(cs.workflow);
    if (!child) return Error::invalid("start: framework " + fw.id + " has no workflow '" + cs.workflow + "'", cs.loc.str());
    if (cs.once && child_takes(idx, *child, event, date)) continue;  // the running one takes the event
    Data params;
    for (const auto& [k, expr] : cs.params) {
      std::optional<std::string> v = evaluate(eval(idx, event, date), expr);
      if (v) params[k] = *v;
    }
    const std::string parent = out_.next.instances[idx].id;
    Result<size_t> started = start_instance(fw, *child, params, parent, event, date, depth + 1, "started by " + parent);
    if (!started) return started.error();
  }
  for (const auto& n : e.notices) {
    out_.notices.push_back(build_notice(fw, wf, eval(idx, event, date), n, reason));
  }
  return Ok{};
}

bool Runner::child_takes(size_t idx, const WorkflowSpec& child, const Event& event, Date date) const {
  const std::string& parent = out_.next.instances[idx].id;
  for (size_t i = 0; i < out_.next.instances.size(); ++i) {
    const Instance& inst = out_.next.instances[i];
    if (inst.final || inst.parent != parent || inst.workflow != child.id) continue;
    const StateSpec* st = child.find_state(inst.state);
    if (!st) continue;
    auto it = st->on.find(event.type);
    if (it == st->on.end()) continue;
    const EvalContext e = eval(i, event, date);
    for (const auto& t : it->second) {
      if (check_guard(e, t.when).ok) return true;
    }
  }
  return false;
}

Status Runner::finish(size_t idx, const Event& cause, Date date, int depth) {
  const Instance& child = out_.next.instances[idx];
  if (child.parent.empty()) return Ok{};
  const Instance* parent = out_.next.find(child.parent);
  if (!parent) return Ok{};
  const size_t pidx = static_cast<size_t>(parent - out_.next.instances.data());
  Event fe;
  fe.type = child.workflow + ".finished";
  // `date`: the day the child finished (the effective date of what finished it), so a parent
  // can record when, as it would from an officer's event.
  fe.data = {{"outcome", child.state}, {"instance", child.id}, {"date", format_date(date)}};
  fe.actor = cause.actor;
  fe.instance = parent->id;
  // The child's outcome must never vanish silently: a parent that has already finished, does
  // not wait for the child or whose conditions do not match still gets an audit line.
  auto unheeded = [&](std::string note) {
    HistoryEntry h = history_for(pidx, fe, date);
    h.note = std::move(note);
    out_.history.push_back(std::move(h));
  };
  if (parent->final) {
    unheeded("not acted on: " + parent->id + " had already finished (in " + parent->state + ")");
    return Ok{};
  }
  if (depth + 1 > kMaxCascadeDepth) {
    return Error::invalid("workflow '" + child.workflow + "' finishing cascades more than " +
                          std::to_string(kMaxCascadeDepth) + " levels; check the definition for a loop");
  }
  Result<Outcome> o = deliver(pidx, fe, date, depth + 1);
  if (!o) return o.error();
  if (!o->applied) {
    unheeded(o->handled ? "no transition's conditions held" : "not handled in state " + out_.next.instances[pidx].state);
  }
  return Ok{};
}

Status Runner::fire_escalation(size_t idx, const Where& w, const TimerSpec* spec, const PendingTimer& fired,
                               size_t pos, const Event& event, Date date) {
  if (Status st = send_escalation(idx, w, spec, fired, event, date); !st) return st;
  // A recurring deadline already re-armed: this escalation now follows its next firing.
  std::optional<int> n = follow_up_index(fired.id, fired.kind);
  if (!spec || !spec->recurs() || !n || static_cast<size_t>(*n) > spec->escalations.size()) return Ok{};
  Instance& inst = out_.next.instances[idx];
  const PendingTimer* next = nullptr;
  for (const auto& t : inst.timers) {
    if (t.kind == TimerKind::kDeadline && t.id == spec->id) next = &t;
  }
  if (!next || !(fired.provenance.base < next->due)) return Ok{};
  Result<std::vector<PendingTimer>> again = escalations_for(timer_env(*w.fw, idx), *spec, *next);
  if (!again) return again.error();
  PendingTimer t = std::move((*again)[static_cast<size_t>(*n - 1)]);
  t.instance = inst.id;
  pos = std::min(pos, inst.timers.size());
  inst.timers.insert(inst.timers.begin() + static_cast<std::ptrdiff_t>(pos), std::move(t));
  return Ok{};
}

Status Runner::send_escalation(size_t idx, const Where& w, const TimerSpec* spec, const PendingTimer& fired,
                               const Event& event, Date date) {
  const Instance& inst = out_.next.instances[idx];
  const std::string deadline = deadline_id_of(fired.id);
  const Date deadline_due = fired.provenance.base;
  HistoryEntry h = history_for(idx, event, date);
  h.note = fired.title + " due " + format_date(deadline_due);
  std::optional<int> n = follow_up_index(fired.id, fired.kind);
  if (!find_overdue(inst, deadline)) {
    // Only reachable when an escalation is fired by hand before its deadline: nothing to escalate.
    append_note(&h.note, "not sent: the deadline is not overdue");
    out_.history.push_back(std::move(h));
    return Ok{};
  }
  if (!spec || !n || static_cast<size_t>(*n) > spec->escalations.size()) {
    append_note(&h.note, "not sent: the definition no longer has this escalation");
    out_.history.push_back(std::move(h));
    return Ok{};
  }
  // Counted to today when the escalation fires late (catch-up after downtime, a back-dated event).
  const Date as_of = std::max(date, now_.date);
  const int overdue_days = ctx_.calendar.working_days_between(deadline_due, as_of, spec->options);
  const Escalation& esc = spec->escalations[static_cast<size_t>(*n - 1)];
  NoticeEffect notice = build_escalation_notice(*w.fw, *w.wf, eval(idx, event, date), esc, *spec, fired, overdue_days);
  append_note(&h.note, std::to_string(overdue_days) + (overdue_days == 1 ? " working day" : " working days") +
                           " overdue; escalated to " + roles_text(notice.to));
  out_.history.push_back(std::move(h));
  out_.notices.push_back(std::move(notice));
  return Ok{};
}

Status Runner::fire_timer(size_t idx, const PendingTimer& fired, size_t pos, const Event& event, Date date) {
  period_date_ = fired.due;  // "calendar." paths read the period the timer's date is in
  Result<Where> w = where(idx);
  if (!w) return w.error();
  const TimerSpec* spec = find_timer_spec(*w->st, deadline_id_of(fired.id));

  if (fired.kind == TimerKind::kReminder) {
    // "This half-term" in a reminder's `unless:` is the half-term of the deadline it reminds of.
    period_date_ = fired.provenance.base;
    HistoryEntry h = history_for(idx, event, date);
    h.note = fired.title + " due " + format_date(fired.provenance.base);
    std::optional<int> n = follow_up_index(fired.id, fired.kind);
    if (!spec || !n || static_cast<size_t>(*n) > spec->reminders.size()) {
      out_.history.push_back(std::move(h));
      return Ok{};
    }
    const Reminder& reminder = spec->reminders[static_cast<size_t>(*n - 1)];
    const EvalContext e = eval(idx, event, date);
    if (!reminder.unless.all.empty() && check_guard(e, reminder.unless).ok) {
      std::string held;
      for (const auto& c : reminder.unless.all) held += (held.empty() ? "" : "; ") + describe_failure(e, c);
      append_note(&h.note, "reminder not sent: already done (" + held + ")");
      out_.history.push_back(std::move(h));
      return Ok{};
    }
    out_.history.push_back(std::move(h));
    out_.notices.push_back(build_reminder_notice(*w->fw, *w->wf, e, reminder, *spec, fired));
    return Ok{};
  }
  if (fired.kind == TimerKind::kEscalation) return fire_escalation(idx, *w, spec, fired, pos, event, date);

  // The transition the deadline takes: `on: timer.<id>` first, else the timer's `then`.
  std::vector<TransitionSpec> synthesized;
  const std::vector<TransitionSpec>* candidates = nullptr;
  if (auto it = w->st->on.find(event.type); it != w->st->on.end() && !it->second.empty()) {
    candidates = &it->second;
  } else if (spec && !spec->then.empty()) {
    TransitionSpec t;
    t.to = spec->then;
    t.source = spec->source;
    t.loc = spec->loc;
    synthesized.push_back(std::move(t));
    candidates = &synthesized;
  }
  const TransitionSpec* chosen = nullptr;
  std::vector<std::string> failed;
  if (candidates) {
    EvalContext e = eval(idx, event, date);
    for (const auto& t : *candidates) {
      GuardCheck g = check_guard(e, t.when);
      if (g.ok) {
        chosen = &t;
        break;
      }
      failed.insert(failed.end(), g.failed.begin(), g.failed.end());
    }
  }
  const bool stays = !chosen || chosen->to.empty();
  // Overdue from now until the state is left; recorded before an internal transition's effects,
  // so one that cancels this deadline also takes it off the list.
  const bool deadline = spec && spec->meaning == TimerMeaning::kDeadline;
  if (stays && deadline) {
    record_overdue(out_.next.instances[idx], OverdueDeadline{fired.id, fired.title, fired.due, fired.provenance});
  }
  // Recurring: armed again unless the state is left (entry re-arms it afresh on re-entry).
  if (spec && spec->recurs() && stays) {
    Result<std::vector<PendingTimer>> again = rearm_recurring(timer_env(*w->fw, idx), *spec, fired);
    if (!again) return again.error();
    Instance& inst = out_.next.instances[idx];
    // The last firing's escalations are still waiting (they are due after it): each is armed
    // for the next firing when it has fired (fire_escalation), so one id is pending once.
    std::erase_if(*again, [&](const PendingTimer& t) {
      return t.kind == TimerKind::kEscalation &&
             std::any_of(inst.timers.begin(), inst.timers.end(), [&](const PendingTimer& p) { return p.id == t.id; });
    });
    pos = std::min(pos, inst.timers.size());
    for (auto& t : *again) {
      t.instance = inst.id;
      inst.timers.insert(inst.timers.begin() + static_cast<std::ptrdiff_t>(pos++), std::move(t));
    }
  }
  std::string note = "deadline: " + fired.title + " due " + format_date(fired.due);
  if (spec && spec->recurs()) note += " (firing " + std::to_string(fired.fired + 1) + ")";
  if (!chosen) {
    HistoryEntry h = history_for(idx, event, date);
    if (!failed.empty()) {
      std::string f;
      for (const auto& s : failed) f += (f.empty() ? "" : "; ") + s;
      append_note(&note, "no transition's conditions held: " + f);
    } else if (!spec || !spec->recurs()) {
      append_note(&note, "no transition");
    }
    h.note = note;
    out_.history.push_back(std::move(h));
    return Ok{};
  }
  // Moved to another state by its own firing: overdue there until that state is left (enter()).
  // Re-entering the same state arms the deadline afresh instead.
  if (deadline && chosen->to != w->st->id) {
    missed_ = OverdueDeadline{fired.id, fired.title, fired.due, fired.provenance};
  }
  return apply_transition(idx, *w, *chosen, event, date, 0, note);
}

}  // namespace sif::workflows
