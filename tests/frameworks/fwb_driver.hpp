// A scenario driver for the csc-2020, leicester-2007 and warning-notice scenario tests: loads the
// shipped config, starts one school and drives it with workflows::step, firing due timers in
// order (as the daemon's scheduler does, at the framework's fire time) when the clock is moved.
//
// Every notice and every history line of every step is kept, so a test can ask "which notices
// went out on 12 December" and check their recipients and data. Dates given to the driver are
// the effective dates of the events; tests write them as literals worked out by hand.
//
// Thread-safety: one driver per test.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/calendar.hpp"
#include "workflows/interpreter.hpp"

namespace fwb {

using namespace sif::workflows;

inline Date d(int y, unsigned m, unsigned day) { return make_date(y, m, day); }
inline std::string iso(int y, unsigned m, unsigned day) { return format_date(make_date(y, m, day)); }

inline std::shared_ptr<const sif::config::ConfigSet> shipped_config() {
  static std::shared_ptr<const sif::config::ConfigSet> cs = [] {
    std::vector<sif::config::Diagnostic> diags;
    auto r = sif::config::load_config_dir(sif::config::default_config_dir(), &diags);
    std::string all;
    for (const auto& x : diags) all += x.str() + "\n";
    INFO(all);
    REQUIRE(r);
    return *r;
  }();
  return cs;
}

struct Sent {
  Date on;
  NoticeEffect notice;
};

class Driver {
 public:
  explicit Driver(const std::string& framework_id)
      : cs_(shipped_config()),
        fw_(cs_->latest(framework_id)),
        cal_(fw_ ? fw_->region : Region::kEnglandAndWales, fw_ ? cs_->term_calendar(*fw_) : TermCalendar{}),
        ctx_{*fw_, cal_, cs_->versions(framework_id)} {
    REQUIRE(fw_ != nullptr);
  }

  // Registers the school on `on` (10:00).
  void start(const std::string& id, const std::string& name, const std::string& type, Date on,
             const std::string& category = "") {
    School s;
    s.id = id;
    s.name = name;
    s.la = fw_->id == "csc-2020" ? "Cardiff" : "Leicester";
    s.framework = fw_->id;
    s.region = fw_->region;
    s.facts["type"] = type;
    s.facts["phase"] = "primary";
    now_ = LocalTime{on, 10 * 60};
    auto t = start_school(ctx_, s, category, "admin", now_);
    REQUIRE(t);
    absorb(*t, on);
  }

  // Fires every timer due on or before `until`, in due order, at the fire time.
  void advance_to(Date until) {
    for (int guard = 0; guard < 500; ++guard) {
      auto due = next_timer(state_);
      if (!due || due->timer->due > until) break;
      const Date on = due->timer->due;
      now_ = LocalTime{on, 8 * 60};
      auto t = step(ctx_, state_, timer_event(due->instance, *due->timer), now_);
      INFO("timer " << due->timer->id << " of " << due->instance << " due " << format_date(on));
      REQUIRE(t);
      absorb(*t, on);
    }
    if (now_.date < until) now_ = LocalTime{until, 10 * 60};
  }

  // Records an event on `on` (timers due before it fire first). Returns the result so that a
  // test can check refusals; a successful step is applied.
  Result<Transition> try_event(const std::string& type, Data data, Date on) {
    advance_to(on);
    now_ = LocalTime{on, 10 * 60};
    Event e;
    e.type = type;
    e.data = std::move(data);
    e.actor = "officer";
    auto t = step(ctx_, state_, e, now_);
    if (t) absorb(*t, on);
    return t;
  }

  Transition event(const std::string& type, Data data, Date on) {
    auto t = try_event(type, std::move(data), on);
    INFO(type << " on " << format_date(on) << ": " << (t ? std::string("ok") : t.error().message));
    REQUIRE(t);
    return *t;
  }

  // The most recent instance of `workflow` (active or finished).
  const Instance& inst(const std::string& workflow) const {
    const Instance* found = nullptr;
    for (const auto& i : state_.instances) {
      if (i.workflow == workflow) found = &i;
    }
    INFO("no instance of " << workflow);
    REQUIRE(found != nullptr);
    return *found;
  }
  std::string state_of(const std::string& workflow) const { return inst(workflow).state; }

  // The due date of a pending deadline (or reminder id "<timer>#reminder1") of `workflow`.
  std::string due(const std::string& workflow, const std::string& timer) const {
    for (const auto& t : inst(workflow).timers) {
      if (t.id == timer) return format_date(t.due);
    }
    return "(not pending)";
  }

  std::string category() const { return state_.category; }
  const SchoolState& state() const { return state_; }

  // Notices sent on `on` with this template (all of them, in order).
  std::vector<NoticeEffect> sent(const std::string& template_id, Date on) const {
    std::vector<NoticeEffect> out;
    for (const auto& s : sent_) {
      if (s.on == on && s.notice.template_id == template_id) out.push_back(s.notice);
    }
    return out;
  }
  // The only notice with this template sent on `on`.
  NoticeEffect one(const std::string& template_id, Date on) const {
    auto v = sent(template_id, on);
    INFO(template_id << " on " << format_date(on));
    REQUIRE(v.size() == 1);
    return v.front();
  }
  size_t count_sent(const std::string& template_id) const {
    size_t n = 0;
    for (const auto& s : sent_) n += s.notice.template_id == template_id ? 1 : 0;
    return n;
  }

 private:
  void absorb(const Transition& t, Date on) {
    state_ = t.next;
    for (const auto& n : t.notices) sent_.push_back(Sent{on, n});
  }

  std::shared_ptr<const sif::config::ConfigSet> cs_;
  const Framework* fw_;
  Calendar cal_;
  StepContext ctx_;
  SchoolState state_;
  LocalTime now_{};
  std::vector<Sent> sent_;
};

inline std::vector<std::string> roles(std::vector<std::string> v) { return v; }

}  // namespace fwb
