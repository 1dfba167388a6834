// step(), start_school() and friends: dispatch of one event to the instances that take it, then
// the net timer diff. The effects themselves are applied by Runner (runner.hpp).
#include "workflows/interpreter.hpp"

#include <algorithm>
#include <set>

#include "workflows/event_schema.hpp"
#include "workflows/runner.hpp"

namespace sif::workflows {

namespace {

bool same_timer(const PendingTimer& a, const PendingTimer& b) {
  return a.id == b.id && a.kind == b.kind && a.due == b.due && a.fired == b.fired;
}

// timers_set / timers_cancelled as the difference between two states' pending timers.
void diff_timers(const SchoolState& before, Transition& t) {
  for (const auto& old : before.instances) {
    const Instance* now = t.next.find(old.id);
    for (const auto& pt : old.timers) {
      bool kept = now && std::any_of(now->timers.begin(), now->timers.end(),
                                     [&](const PendingTimer& n) { return same_timer(n, pt); });
      if (!kept) t.timers_cancelled.emplace_back(old.id, pt.id);
    }
  }
  for (const auto& now : t.next.instances) {
    const Instance* old = before.find(now.id);
    for (const auto& pt : now.timers) {
      bool had = old && std::any_of(old->timers.begin(), old->timers.end(),
                                    [&](const PendingTimer& o) { return same_timer(o, pt); });
      if (!had) {
        t.timers_set.push_back(pt);
        t.timers_set.back().instance = now.id;
      }
    }
  }
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

bool internal_event(std::string_view type) { return type.rfind("timer.", 0) == 0; }

const TimerSpec* spec_of(const Framework& fw, const Instance& inst, const std::string& timer_id) {
  const WorkflowSpec* wf = fw.find_workflow(inst.workflow);
  const StateSpec* st = wf ? wf->find_state(inst.state) : nullptr;
  if (!st) return nullptr;
  for (const auto& t : st->timers) {
    if (t.id == timer_id) return &t;
  }
  return nullptr;
}

// Events that an open window holds back: (event, the window) for each pending window timer.
std::vector<WaitingEvent> waiting_with(const StepContext* ctx, const Framework& framework, const SchoolState& state) {
  std::vector<WaitingEvent> out;
  for (const auto& inst : state.instances) {
    if (inst.final) continue;
    const Framework& fw = ctx ? ctx->for_version(inst.framework_version) : framework;
    for (const auto& t : inst.timers) {
      if (t.kind != TimerKind::kDeadline || t.meaning != TimerMeaning::kWindow) continue;
      const TimerSpec* spec = spec_of(fw, inst, t.id);
      if (!spec) continue;
      for (const auto& ev : spec->allows_after) out.push_back(WaitingEvent{ev, inst.id, t.id, t.title, t.due, t.fires});
    }
  }
  std::sort(out.begin(), out.end(), [](const WaitingEvent& a, const WaitingEvent& b) {
    return a.event != b.event ? a.event < b.event : a.closes < b.closes;
  });
  return out;
}

std::vector<std::string> allowed_with(const StepContext* ctx, const Framework& framework, const SchoolState& state) {
  std::set<std::string> waiting;
  for (const auto& w : waiting_with(ctx, framework, state)) waiting.insert(w.event);
  std::set<std::string> out;
  for (const auto& inst : state.instances) {
    if (inst.final) continue;
    const Framework& fw = ctx ? ctx->for_version(inst.framework_version) : framework;
    const WorkflowSpec* wf = fw.find_workflow(inst.workflow);
    const StateSpec* st = wf ? wf->find_state(inst.state) : nullptr;
    if (!st) continue;
    for (const auto& [type, ts] : st->on) {
      if (ts.empty() || internal_event(type)) continue;
      // "<child>.finished" is delivered by sif when a child finishes, never recorded by a person.
      if (type.size() > 9 && type.ends_with(".finished") &&
          fw.find_workflow(std::string_view(type).substr(0, type.size() - 9))) {
        continue;
      }
      if (!waiting.count(type)) out.insert(type);
    }
  }
  return {out.begin(), out.end()};
}

// The day the event happened: data["date"] (its effective date), else the day it is recorded.
// A person's event may be back-dated up to kMaxBackdateDays, never dated in the future; a
// meeting.scheduled's `date` is the meeting's, so that event happens the day it is recorded.
Result<Date> event_date(const Event& event, LocalTime now) {
  if (event.type == "meeting.scheduled") return now.date;
  auto it = event.data.find("date");
  if (it == event.data.end() || it->second.empty()) return now.date;
  Result<Date> d = parse_date(it->second);
  if (!d) return Error::invalid(event.type + ": `date` must be a real date written YYYY-MM-DD, not '" + it->second + "'", "date");
  return d;
}

// The back-dating limit and no future dates, for events a person records (checked once the
// event is known to be allowed now, so a refused event says why it is refused first).
Status check_date_limits(const Event& event, Date d, LocalTime now) {
  if (event.type == "meeting.scheduled" || internal_event(event.type)) return Ok{};
  if (d > now.date) {
    return Error::invalid(event.type + ": `date` " + format_date_words(d) + " is in the future; record it on the day, or " +
                              "leave `date` out to record it as today (" + format_date(now.date) + ")",
                          "date");
  }
  if (d < now.date - date::days{kMaxBackdateDays}) {
    return Error::invalid(event.type + ": `date` " + format_date_words(d) + " is more than " +
                              std::to_string(kMaxBackdateDays) + " days before today (" + format_date(now.date) +
                              "); sif accepts events back-dated up to that limit",
                          "date");
  }
  return Ok{};
}

Result<Transition> step_timer(const StepContext& ctx, const SchoolState& state, const Event& event, LocalTime now) {
  std::string timer_id = event.timer.empty() ? event.type.substr(6) : event.timer;
  const Instance* inst = nullptr;
  if (!event.instance.empty()) {
    inst = state.find(event.instance);
    if (!inst) return Error::not_found("no workflow instance '" + event.instance + "' at school " + state.school.id);
  } else {
    for (const auto& i : state.instances) {
      if (i.final) continue;
      for (const auto& t : i.timers) {
        if (t.id == timer_id && !inst) inst = &i;
      }
    }
  }
  const PendingTimer* pending = nullptr;
  if (inst && !inst->final) {
    for (const auto& t : inst->timers) {
      if (t.id == timer_id) pending = &t;
    }
  }
  if (!pending) {
    // Replaying or recovering a timer that already fired (or was cancelled) must change nothing.
    return Error::conflict("timer " + timer_id + " is not pending" +
                               (event.instance.empty() ? std::string() : " in instance " + event.instance),
                           "it has already fired or was cancelled");
  }
  const PendingTimer fired = *pending;
  Result<Date> date = fired.fires;
  if (event.data.count("date")) date = event_date(event, now);
  if (!date) return date.error();

  Runner r(ctx, now, state);
  const size_t idx = static_cast<size_t>(inst - state.instances.data());
  Event e = event;
  e.type = "timer." + timer_id;
  e.timer = timer_id;
  e.instance = inst->id;
  if (e.actor.empty()) e.actor = "system";
  auto& timers = r.state().instances[idx].timers;
  const size_t pos = static_cast<size_t>(pending - inst->timers.data());
  timers.erase(timers.begin() + static_cast<std::ptrdiff_t>(pos));
  if (Status st = r.fire_timer(idx, fired, pos, e, *date); !st) return st.error();
  diff_timers(state, r.out());
  return std::move(r.out());
}

}  // namespace

const Framework& StepContext::for_version(int version) const {
  if (version == framework.version || !versions) return framework;
  auto it = versions->find(version);
  return it == versions->end() ? framework : it->second;
}

Result<Transition> start_school(const StepContext& ctx, School school, std::string category, const std::string& actor,
                                LocalTime now) {
  if (school.framework.empty()) school.framework = ctx.framework.id;
  if (!category.empty() && !ctx.framework.find_category(category)) {
    std::string cats;
    for (const auto& c : ctx.framework.categories) cats += (cats.empty() ? "" : ", ") + c.id;
    return Error::invalid("category '" + category + "' is not one of framework " + ctx.framework.id + "'s categories",
                          "category: one of " + cats);
  }
  SchoolState empty;
  empty.school = std::move(school);
  empty.category = std::move(category);
  Runner r(ctx, now, empty);
  Event cause;
  cause.type = "instance.started";
  cause.actor = actor;
  for (const auto& wf : ctx.framework.workflows) {
    if (!wf.root) continue;
    Result<size_t> idx = r.start_instance(ctx.framework, wf, {}, "", cause, now.date, 0, "started for a new school");
    if (!idx) return idx.error();
  }
  diff_timers(empty, r.out());
  return std::move(r.out());
}

namespace {
std::string describe_contact(const Contact& c) {
  std::string out = c.name;
  if (!c.email.empty()) out += (out.empty() ? "<" : " <") + c.email + ">";
  if (out.empty()) out = c.address.empty() ? "(empty)" : "postal address only";
  return out;
}
}  // namespace

Result<Transition> change_contact(const StepContext& ctx, const SchoolState& state, const std::string& role,
                                  const std::optional<Contact>& contact, const std::string& actor, LocalTime now) {
  if (!ctx.framework.knows_role(role)) {
    std::string known;
    for (const auto& r : ctx.framework.known_roles()) known += (known.empty() ? "" : ", ") + r;
    return Error::invalid("'" + role + "' is not a role of " + ctx.framework.id + "; its roles: " + known, "role");
  }
  if (state.instances.empty()) return Error::invalid("school " + state.school.id + " has no workflow instance", "id");
  Transition t;
  t.next = state;
  auto& contacts = t.next.school.contacts;
  const auto was = contacts.find(role);
  const std::string previous = was == contacts.end() ? std::string() : describe_contact(was->second);
  Data data{{"role", role}};
  std::string note;
  if (!contact) {
    if (was == contacts.end()) {
      return Error::not_found("school " + state.school.id + " has no contact for " + role, "role");
    }
    contacts.erase(was);
    note = "contact for " + role + " removed (was " + previous + ")";
  } else {
    if (was != contacts.end() && was->second.name == contact->name && was->second.email == contact->email &&
        was->second.address == contact->address) {
      return t;  // nothing changes
    }
    data["name"] = contact->name;
    data["email"] = contact->email;
    data["address"] = contact->address;
    note = "contact for " + role + (previous.empty() ? " set: " : " changed from " + previous + " to ") +
           describe_contact(*contact);
    contacts[role] = *contact;
  }
  const Instance& first = state.instances.front();
  t.history.push_back({first.id, first.workflow, "school.contact.changed", first.state, first.state, std::move(data),
                       actor, now.date, std::move(note)});
  return t;
}

bool known_event(const StepContext& ctx, const std::string& type) {
  const auto& canonical = canonical_events();
  if (std::find(canonical.begin(), canonical.end(), type) != canonical.end()) return true;
  auto declares = [&](const Framework& fw) {
    for (const auto& wf : fw.workflows) {
      if (type == wf.id + ".finished") return true;
      for (const auto& st : wf.states) {
        if (st.on.count(type)) return true;
      }
    }
    return false;
  };
  if (declares(ctx.framework)) return true;
  if (ctx.versions) {
    for (const auto& [_, fw] : *ctx.versions) {
      if (declares(fw)) return true;
    }
  }
  return false;
}

Result<Transition> step(const StepContext& ctx, const SchoolState& state, const Event& event, LocalTime now) {
  if (event.type.empty()) return Error::invalid("an event needs a type", "type");
  if (!event.timer.empty() || internal_event(event.type)) return step_timer(ctx, state, event, now);
  if (!known_event(ctx, event.type)) {
    return Error::invalid("unknown event type '" + event.type + "': it is neither a canonical event nor one framework " +
                              ctx.framework.id + " declares (sifctl show SCHOOL lists the events allowed now)",
                          "type");
  }

  if (Status v = validate_event_data(event.type, event.data); !v) return v.error();
  Result<Date> date = event_date(event, now);
  if (!date) return date.error();

  // An event that may only follow a window is refused while the window is open, naming its
  // last day; the same event in an instance with no such window is not held back.
  for (const auto& w : waiting_with(&ctx, ctx.framework, state)) {
    if (w.event != event.type || (!event.instance.empty() && w.instance != event.instance)) continue;
    std::vector<std::string> allowed = allowed_with(&ctx, ctx.framework, state);
    return Error::conflict("event " + event.type + " is not allowed yet: it may only follow \"" + w.title +
                               "\", a period that runs to the end of " + format_date_words(w.last_day) +
                               " and closes at 00:00 on " + format_date_words(w.closes),
                           "allowed from " + format_date(w.closes) + "; allowed now: " +
                               (allowed.empty() ? std::string("(none)") : join(allowed, ", ")));
  }

  auto not_allowed = [&]() {
    std::vector<std::string> allowed = allowed_with(&ctx, ctx.framework, state);
    return Error::conflict("event " + event.type + " is not allowed now",
                           "allowed: " + (allowed.empty() ? std::string("(none)") : join(allowed, ", ")));
  };
  if (event.type.ends_with(".finished") &&
      ctx.framework.find_workflow(std::string_view(event.type).substr(0, event.type.size() - 9))) {
    return Error::conflict("event " + event.type + " is sent by sif when that workflow finishes; it cannot be recorded",
                           not_allowed().details);
  }

  auto handles = [&](const Instance& inst) {
    if (inst.final) return false;
    const WorkflowSpec* wf = ctx.for_version(inst.framework_version).find_workflow(inst.workflow);
    const StateSpec* st = wf ? wf->find_state(inst.state) : nullptr;
    if (!st) return false;
    auto it = st->on.find(event.type);
    return it != st->on.end() && !it->second.empty();
  };
  std::vector<size_t> targets;
  if (!event.instance.empty()) {
    const Instance* inst = state.find(event.instance);
    if (!inst) return Error::not_found("no workflow instance '" + event.instance + "' at school " + state.school.id);
    if (!handles(*inst)) return not_allowed();
    targets.push_back(static_cast<size_t>(inst - state.instances.data()));
  } else {
    for (size_t i = 0; i < state.instances.size(); ++i) {
      if (handles(state.instances[i])) targets.push_back(i);
    }
  }
  if (targets.empty()) return not_allowed();
  if (Status limits = check_date_limits(event, *date, now); !limits) return limits.error();

  Runner r(ctx, now, state);
  bool applied = false;
  std::vector<std::string> failed;
  for (size_t idx : targets) {
    // An earlier target's cascade may have finished this one.
    if (r.state().instances[idx].final) continue;
    Result<Runner::Outcome> o = r.deliver(idx, event, *date, 0);
    if (!o) return o.error();
    applied = applied || o->applied;
    failed.insert(failed.end(), o->failed.begin(), o->failed.end());
  }
  if (!applied) {
    // Each failed condition once, in the order first met (alternatives often share one).
    std::vector<std::string> once;
    for (auto& f : failed) {
      if (std::find(once.begin(), once.end(), f) == once.end()) once.push_back(std::move(f));
    }
    return Error::invalid("event " + event.type + " does not meet the conditions of any transition", join(once, "; "));
  }
  diff_timers(state, r.out());
  return std::move(r.out());
}

std::vector<std::string> allowed_events(const Framework& framework, const SchoolState& state) {
  return allowed_with(nullptr, framework, state);
}

std::optional<DueTimer> next_timer(const SchoolState& state, int fire_minutes) {
  std::optional<DueTimer> best;
  for (const auto& inst : state.instances) {
    if (inst.final) continue;
    for (const auto& t : inst.timers) {
      // Strictly before: at a tie the one created first (earlier instance, earlier in its list) wins.
      if (!best || fires_before(t, *best->timer, fire_minutes)) best = DueTimer{inst.id, &t};
    }
  }
  return best;
}

std::vector<WaitingEvent> waiting_events(const Framework& framework, const SchoolState& state) {
  return waiting_with(nullptr, framework, state);
}

Event timer_event(const std::string& instance, const PendingTimer& timer) {
  Event e;
  e.type = "timer." + timer.id;
  e.data["date"] = format_date(timer.fires);
  e.actor = "system";
  e.instance = instance;
  e.timer = timer.id;
  return e;
}

}  // namespace sif::workflows
