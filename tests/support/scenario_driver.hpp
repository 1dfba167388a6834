// The framework-scenario driver: runs one school through a shipped framework definition
// (config/) on real dates, with the pure interpreter and no daemon, so a test can read as the
// published document's timeline.
//
//   Scenario s("wiltshire-2019");
//   s.start(d(2025, 9, 8));                                      // register the school
//   s.event(d(2025, 9, 10), "category.agreed", {{"category", "secure"}});
//   s.run_until(d(2026, 9, 8));                                  // fire what falls due
//   CHECK(s.due("support", "annual_categorisation") == "2027-09-08");
//   auto ns = s.take_notices();                                  // what went out since last time
//   CHECK(notice(ns, "wiltshire-categorisation-due").to == Roles{"link_adviser", ...});
//   CHECK(s.one("csc-update", d(2026, 2, 9)).to == Roles{"la_lead"});  // or by date
//
// Time is simulated the way the daemon's scheduler would see it: before an officer's event on a
// date, every timer that fires on or before that date fires, in next_timer() order, at the
// instant fire_local() gives (the framework's fire_time on PendingTimer::fires; 00:00 for the
// close of a window); the event itself is recorded at 09:00. A deadline fires on the working day
// after its due date, so something recorded on the deadline's last day is on time; a window
// closes at 00:00 the day after its last day; prompts and reminders fire on their own day. Dates
// are the effective dates of the events; tests write them as literals worked out by hand. An
// event is recorded on the day given (its `date`, if the test passes one, may only be that day
// or earlier: the interpreter refuses a future date).
//
// Every notice sent is checked as the dispatcher would need it (someone to send it to, a template
// that renders completely) and kept, with its date, in a log a test can query two ways: the
// notices since the last take_notices(), or those with a template on a given date. Fired timers
// are kept likewise for take_fired().
//
// Thread-safety: a Scenario belongs to one test; shipped_config() and render() share a
// process-wide, read-only config loaded on first use (Catch runs tests on one thread).
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "notifications/renderer.hpp"
#include "workflows/calendar.hpp"
#include "workflows/interpreter.hpp"
#include "workflows/state.hpp"

namespace sif::test {

using workflows::Data;
using workflows::Date;
using Roles = std::vector<std::string>;

inline Date d(int y, unsigned m, unsigned day) { return workflows::make_date(y, m, day); }
inline std::string iso(Date x) { return workflows::format_date(x); }

// The definitions in config/, loaded once. Fails the test (with the loader's diagnostics) when
// the shipped config does not load.
inline const config::ConfigSet& shipped_config() {
  static const std::shared_ptr<const config::ConfigSet> set = [] {
    std::vector<config::Diagnostic> diags;
    auto loaded = config::load_config_dir(config::default_config_dir(), &diags);
    std::string all;
    for (const auto& x : diags) all += x.str() + "\n";
    INFO(all);
    REQUIRE(loaded);
    return loaded.value();
  }();
  return *set;
}

// Renders a notice as the dispatcher would on `today`, naming the recipients by their role
// titles (the scenario school has no contacts). REQUIRES: the template renders.
inline notifications::Rendered render(const workflows::NoticeEffect& n, Date today) {
  static const notifications::Renderer renderer(shipped_config().dir / "templates");
  Data data = n.data;
  auto names = [&](const std::vector<std::string>& roles) {
    std::string out;
    for (const auto& r : roles) {
      auto it = n.data.find("role." + r);
      out += (out.empty() ? "" : ", ") + (it == n.data.end() ? r : it->second);
    }
    return out;
  };
  data.emplace("recipients.to", names(n.to));
  data.emplace("recipients.cc", names(n.cc));
  auto r = renderer.render(n.template_id, data, today);
  INFO(n.template_id << ": " << (r ? std::string() : r.error().message + " " + r.error().details));
  REQUIRE(r);
  return r.value();
}

// The school a scenario registers. Written with designated initialisers, naming only what the
// test cares about: s.start(on, {.type = "voluntary_aided", .category = "causing_concern"}).
struct ScenarioSchool {
  std::string id = "9100001";                 // URN
  std::string name = "Scenario Primary School";
  std::string type = "community";             // a GIAS slug: community, academy_converter, ...
  std::string category{};                     // registered in this category; "" for none
  Data facts{};                               // more facts, as the register gives them
  std::string la{};                           // its authority (GIAS name); "" for the framework's id
};

struct SentNotice {
  Date on;                                    // the date of the step that sent it
  workflows::NoticeEffect notice;
};

struct FiredTimer {
  std::string instance;
  std::string id;                             // a deadline, or "<id>#reminderN"
  Date due;                                   // the date people see (a deadline's last day)
  Date fires;                                 // the day it fired
  bool late = false;                          // a reminder armed after its own date had passed
};

class Scenario {
 public:
  // REQUIRES: the shipped config has the framework.
  explicit Scenario(const std::string& framework_id)
      : fw_(find(framework_id)),
        fire_minute_(fw_.fire_minutes()),
        calendar_(fw_.region, shipped_config().term_calendar(fw_)),
        ctx_{fw_, calendar_, shipped_config().versions(framework_id)} {}

  // Registers the school on `on` (a primary school in the framework's own authority).
  // REQUIRES: called once, first; the registration is accepted.
  void start(Date on, const ScenarioSchool& school = {}) {
    workflows::School s;
    s.id = school.id;
    s.name = school.name;
    s.la = school.la.empty() ? fw_.id : school.la;
    // The school keeps its authority's term dates (config/calendars), as the daemon gives them.
    if (!school.la.empty()) calendar_ = workflows::Calendar(fw_.region, shipped_config().term_calendar(fw_, school.la));
    s.framework = fw_.id;
    s.region = fw_.region;
    s.facts = {{"type", school.type}, {"phase", "primary"}};
    for (const auto& [k, v] : school.facts) s.facts[k] = v;
    auto t = workflows::start_school(ctx_, s, school.category, "test", workflows::LocalTime{on, kEventMinute});
    INFO((t ? std::string() : t.error().message + " " + t.error().details));
    REQUIRE(t);
    take(std::move(t.value()), on);
  }

  // An officer's event on `on`, after the timers due on or before `on` have fired.
  // REQUIRES: the event is accepted. Returns the applied transition.
  workflows::Transition event(Date on, const std::string& type, Data data = {}) {
    auto t = try_event(on, type, std::move(data));
    INFO(type << " on " << iso(on) << ": " << (t ? std::string() : t.error().message + " | " + t.error().details));
    REQUIRE(t);
    return std::move(t.value());
  }

  // The same for a test that expects a refusal: the due timers fire first, as in the daemon; a
  // refused event changes nothing, an accepted one is applied as event() applies it.
  workflows::Result<workflows::Transition> try_event(Date on, const std::string& type, Data data = {}) {
    run_until(on);
    workflows::Event e;
    e.type = type;
    e.data = std::move(data);
    e.actor = "officer";
    auto t = workflows::step(ctx_, state_, e, workflows::LocalTime{on, kEventMinute});
    if (t) take(t.value(), on);
    return t;
  }

  // Fires, in order, every timer that fires on or before `until` (PendingTimer::fires), each at
  // its fire_local() instant. REQUIRES: each firing is accepted.
  void run_until(Date until) {
    for (int guard = 0; guard < 10000; ++guard) {
      auto next = workflows::next_timer(state_, fire_minute_);
      if (!next || next->timer->fires > until) return;
      const workflows::PendingTimer fired = *next->timer;
      const std::string instance = next->instance;
      auto t = workflows::step(ctx_, state_, workflows::timer_event(instance, fired),
                               workflows::fire_local(fired, fire_minute_));
      INFO("timer " << instance << "/" << fired.id << " due " << iso(fired.due) << " fires "
                    << iso(fired.fires) << ": "
                    << (t ? std::string() : t.error().message + " | " + t.error().details));
      REQUIRE(t);
      fired_.push_back({instance, fired.id, fired.due, fired.fires, fired.late});
      take(std::move(t.value()), fired.fires);
    }
    FAIL("timers did not settle");
  }

  const workflows::SchoolState& state() const { return state_; }
  const std::string& category() const { return state_.category; }

  // The newest instance of `workflow`, active or finished. Fails the test when there is none,
  // so the accessors below never compare against a workflow that never started.
  const workflows::Instance& instance(const std::string& workflow) const {
    const workflows::Instance* found = nullptr;
    for (const auto& i : state_.instances) {
      if (i.workflow == workflow) found = &i;
    }
    if (found == nullptr) FAIL("no instance of " << workflow);
    return *found;
  }
  std::string state_of(const std::string& workflow) const { return instance(workflow).state; }
  bool finished(const std::string& workflow) const { return instance(workflow).final; }
  // A variable of the newest instance of `workflow`; "" when unset.
  std::string var(const std::string& workflow, const std::string& name) const {
    const auto& vars = instance(workflow).vars;
    auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  }

  // Due date of pending timer `id` (a deadline, or "<id>#reminderN") of the newest instance of
  // `workflow`: the date people see (a deadline's or window's last day); "" when it is not pending.
  std::string due(const std::string& workflow, const std::string& id) const {
    const workflows::PendingTimer* t = pending(workflow, id);
    return t ? iso(t->due) : std::string();
  }
  // The day that timer fires (PendingTimer::fires): a deadline's next working day after its due
  // date, the day after a window's last day; "" when it is not pending.
  std::string fires(const std::string& workflow, const std::string& id) const {
    const workflows::PendingTimer* t = pending(workflow, id);
    return t ? iso(t->fires) : std::string();
  }
  // Pending timer `id` of the newest instance of `workflow`, for what due() does not show (its
  // count of firings, its provenance: a stage's cadence kept across states). Fails the test when
  // it is not pending.
  const workflows::PendingTimer& timer(const std::string& workflow, const std::string& id) const {
    const workflows::PendingTimer* t = pending(workflow, id);
    if (t == nullptr) FAIL("no pending timer " << id << " in " << workflow);
    return *t;
  }
  // Ids of the deadlines the newest instance of `workflow` has overdue, in the order they fell due.
  std::vector<std::string> overdue(const std::string& workflow) const {
    std::vector<std::string> out;
    for (const auto& o : instance(workflow).overdue) out.push_back(o.id);
    return out;
  }

  // Notices sent since the last call, oldest first.
  std::vector<workflows::NoticeEffect> take_notices() {
    std::vector<workflows::NoticeEffect> out;
    for (; taken_ < sent_.size(); ++taken_) out.push_back(sent_[taken_].notice);
    return out;
  }
  // Every notice with this template sent on `on`, in order (take_notices() does not affect it).
  std::vector<workflows::NoticeEffect> sent(const std::string& template_id, Date on) const {
    std::vector<workflows::NoticeEffect> out;
    for (const auto& s : sent_) {
      if (s.on == on && s.notice.template_id == template_id) out.push_back(s.notice);
    }
    return out;
  }
  // The only notice with this template sent on `on`; fails unless there is exactly one.
  workflows::NoticeEffect one(const std::string& template_id, Date on) const {
    auto v = sent(template_id, on);
    INFO(template_id << " on " << iso(on));
    REQUIRE(v.size() == 1);
    return v.front();
  }

  // Timers fired since the last call, in firing order.
  std::vector<FiredTimer> take_fired() {
    std::vector<FiredTimer> out;
    out.swap(fired_);
    return out;
  }

 private:
  static constexpr int kEventMinute = 9 * 60;  // officers' events: 09:00

  static const workflows::Framework& find(const std::string& id) {
    const workflows::Framework* f = shipped_config().latest(id);
    INFO("framework " << id);
    REQUIRE(f != nullptr);
    return *f;
  }
  const workflows::PendingTimer* pending(const std::string& workflow, const std::string& id) const {
    const workflows::Instance& i = instance(workflow);
    if (i.final) return nullptr;
    for (const auto& t : i.timers) {
      if (t.id == id) return &t;
    }
    return nullptr;
  }

  // Applies a step's transition. Every notice must go to someone and render completely.
  void take(workflows::Transition t, Date on) {
    state_ = std::move(t.next);
    for (auto& n : t.notices) {
      INFO("notice " << n.template_id << " (" << n.reason << ")");
      CHECK_FALSE(n.to.empty());
      const notifications::Rendered r = render(n, on);
      CHECK_FALSE(r.subject.empty());
      CHECK(r.text.find("{{") == std::string::npos);
      sent_.push_back({on, std::move(n)});
    }
  }

  const workflows::Framework& fw_;
  const int fire_minute_;
  workflows::Calendar calendar_;
  workflows::StepContext ctx_;
  workflows::SchoolState state_;
  std::vector<SentNotice> sent_;  // every notice, in sending order
  std::size_t taken_ = 0;         // sent_[0, taken_) have been returned by take_notices()
  std::vector<FiredTimer> fired_;
};

// The notice with this template among `ns` (the last one when several); fails when absent.
inline const workflows::NoticeEffect& notice(const std::vector<workflows::NoticeEffect>& ns, const std::string& tmpl) {
  auto it = std::find_if(ns.rbegin(), ns.rend(), [&](const auto& n) { return n.template_id == tmpl; });
  if (it == ns.rend()) {
    std::string got;
    for (const auto& n : ns) got += n.template_id + " ";
    INFO("notices: " << got);
    FAIL("no notice with template " << tmpl);
  }
  return *it;
}

inline std::vector<std::string> templates(const std::vector<workflows::NoticeEffect>& ns) {
  std::vector<std::string> out;
  for (const auto& n : ns) out.push_back(n.template_id);
  return out;
}

// A notice's data value; "" when absent.
inline std::string value(const workflows::NoticeEffect& n, const std::string& key) {
  auto it = n.data.find(key);
  return it == n.data.end() ? std::string() : it->second;
}

// "timer@date" for each fired timer, the date being the day it fired: compact, readable
// expectations. A timer that fired on another day than its due date (a deadline, the day after
// its last day; a window, at 00:00 after it) adds " (due <date>)"; a late reminder adds " (late)".
inline std::vector<std::string> fired_list(const std::vector<FiredTimer>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) {
    std::string s = f.id + "@" + iso(f.fires);
    if (f.due != f.fires) s += " (due " + iso(f.due) + ")";
    if (f.late) s += " (late)";
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace sif::test
