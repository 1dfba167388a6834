// A scenario driver for the framework tests of wiltshire-2019, bristol-2025 and telford-2014:
// loads the shipped config (config/), builds the framework's calendar, starts one school and
// drives it with officers' events and due timers, keeping every notice and fired timer so a
// test can read as the document's timeline.
//
// Officers' events are recorded at 09:00 on their date; a timer fires at 08:00 on its due date
// (the framework's fire time), so a meeting recorded on the day a deadline falls comes after
// the deadline's timer, as it would in the daemon.
//
// Thread-safety: a Scenario is used by one test at a time.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "notifications/renderer.hpp"
#include "workflows/calendar.hpp"
#include "workflows/interpreter.hpp"
#include "workflows/state.hpp"

namespace sif::fwa_test {

using workflows::Data;
using workflows::Date;

inline Date d(int y, unsigned m, unsigned day) { return workflows::make_date(y, m, day); }
inline std::string iso(Date x) { return workflows::format_date(x); }

inline const config::ConfigSet& shipped_config() {
  static std::shared_ptr<const config::ConfigSet> set = [] {
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

// Renders a notice as the dispatcher would (recipients named by their role titles here, since
// the scenario school has no contacts). REQUIRES the template to render.
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

struct FiredTimer {
  std::string instance;
  std::string id;
  Date due;
};

class Scenario {
 public:
  explicit Scenario(const std::string& framework_id)
      : fw_(find(framework_id)),
        calendar_(fw_.region, shipped_config().term_calendar(fw_)),
        ctx_{fw_, calendar_, shipped_config().versions(framework_id)} {}

  // Registers the school on `on` with the given type (a GIAS slug: community, voluntary_aided,
  // academy_converter, ...).
  void start(Date on, const std::string& type = "community", const std::string& category = "") {
    workflows::School s;
    s.id = "9100001";
    s.name = "Scenario Primary School";
    s.la = fw_.id;
    s.framework = fw_.id;
    s.region = fw_.region;
    s.facts = {{"type", type}, {"phase", "primary"}};
    auto t = workflows::start_school(ctx_, s, category, "test", workflows::LocalTime{on, 9 * 60});
    INFO((t ? std::string() : t.error().message + " " + t.error().details));
    REQUIRE(t);
    take(std::move(t.value()));
  }

  // An officer's event at 09:00 on `on`; timers due on or before `on` fire first.
  // REQUIRES: the event is accepted.
  void event(Date on, const std::string& type, Data data = {}) {
    run_until(on);
    auto t = try_event(on, type, std::move(data));
    INFO(type << " on " << iso(on) << ": " << (t ? std::string() : t.error().message + " | " + t.error().details));
    REQUIRE(t);
    take(std::move(t.value()));
  }

  // The same without requiring success; the state is unchanged.
  workflows::Result<workflows::Transition> try_event(Date on, const std::string& type, Data data = {}) {
    workflows::Event e;
    e.type = type;
    e.data = std::move(data);
    e.actor = "officer";
    return workflows::step(ctx_, state_, e, workflows::LocalTime{on, 9 * 60});
  }

  // Fires, in order, every timer due on or before `until`.
  void run_until(Date until) {
    for (int guard = 0; guard < 10000; ++guard) {
      auto next = workflows::next_timer(state_);
      if (!next || next->timer->due > until) return;
      const workflows::PendingTimer fired = *next->timer;
      const std::string instance = next->instance;
      auto t = workflows::step(ctx_, state_, workflows::timer_event(instance, fired),
                               workflows::LocalTime{fired.due, 8 * 60});
      INFO("timer " << instance << "/" << fired.id << " due " << iso(fired.due) << ": "
                    << (t ? std::string() : t.error().message + " | " + t.error().details));
      REQUIRE(t);
      fired_.push_back({instance, fired.id, fired.due});
      take(std::move(t.value()));
    }
    FAIL("timers did not settle");
  }

  const workflows::SchoolState& state() const { return state_; }
  const std::string& category() const { return state_.category; }

  // The current state of the newest instance of `workflow` ("" when none).
  std::string state_of(const std::string& workflow) const {
    const workflows::Instance* found = instance(workflow);
    return found ? found->state : std::string();
  }
  bool finished(const std::string& workflow) const {
    const workflows::Instance* found = instance(workflow);
    return found && found->final;
  }
  const workflows::Instance* instance(const std::string& workflow) const {
    const workflows::Instance* found = nullptr;
    for (const auto& i : state_.instances) {
      if (i.workflow == workflow) found = &i;
    }
    return found;
  }
  std::string var(const std::string& workflow, const std::string& name) const {
    const workflows::Instance* i = instance(workflow);
    if (!i) return {};
    auto it = i->vars.find(name);
    return it == i->vars.end() ? std::string() : it->second;
  }

  // Due date of pending timer `id` (a deadline, or "<id>#reminderN") of the newest instance of
  // `workflow`; "" when it is not pending.
  std::string due(const std::string& workflow, const std::string& id) const {
    const workflows::Instance* i = instance(workflow);
    if (!i || i->final) return {};
    for (const auto& t : i->timers) {
      if (t.id == id) return iso(t.due);
    }
    return {};
  }

  // Notices sent since the last call of take_notices(), oldest first.
  std::vector<workflows::NoticeEffect> take_notices() {
    std::vector<workflows::NoticeEffect> out;
    out.swap(notices_);
    return out;
  }
  std::vector<FiredTimer> take_fired() {
    std::vector<FiredTimer> out;
    out.swap(fired_);
    return out;
  }

 private:
  static const workflows::Framework& find(const std::string& id) {
    const workflows::Framework* f = shipped_config().latest(id);
    REQUIRE(f != nullptr);
    return *f;
  }
  // Every notice must go to someone and render completely.
  void take(workflows::Transition t) {
    state_ = std::move(t.next);
    for (auto& n : t.notices) {
      INFO("notice " << n.template_id << " (" << n.reason << ")");
      CHECK_FALSE(n.to.empty());
      const notifications::Rendered r = render(n, t.history.empty() ? Date{} : t.history.back().date);
      CHECK_FALSE(r.subject.empty());
      CHECK(r.text.find("{{") == std::string::npos);
      notices_.push_back(std::move(n));
    }
  }

  const workflows::Framework& fw_;
  workflows::Calendar calendar_;
  workflows::StepContext ctx_;
  workflows::SchoolState state_;
  std::vector<workflows::NoticeEffect> notices_;
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

inline std::string value(const workflows::NoticeEffect& n, const std::string& key) {
  auto it = n.data.find(key);
  return it == n.data.end() ? std::string() : it->second;
}

// "instance/timer@date" for each fired timer: compact, readable expectations.
inline std::vector<std::string> fired_list(const std::vector<FiredTimer>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.id + "@" + iso(f.due));
  return out;
}

using Roles = std::vector<std::string>;

}  // namespace sif::fwa_test
