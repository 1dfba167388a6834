// What the libFuzzer targets share: the shipped definitions (config/), loaded once per process,
// a check that aborts with a message (libFuzzer records the input that reached it as a crash),
// and a bounded run of the pure interpreter (start a school, offer it events, fire its timers).
//
// An abort here is a finding: an oracle the code under test broke. Each says which.
//
// Thread-safety: libFuzzer calls a target from one thread; the config is read-only once loaded.
#pragma once

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/calendar.hpp"
#include "workflows/interpreter.hpp"
#include "workflows/state.hpp"

namespace sif::fuzz {

// Fails the run: prints what broke and aborts (libFuzzer saves the input as crash-<sha1>).
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz oracle failed: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void require(bool ok, std::string_view what, std::string_view detail = {}) {
  if (!ok) fail(what, detail);
}

// The definitions shipped in config/ (frameworks, shared workflows, calendars, templates).
// Aborts with every located problem if they do not load: a fuzz run on a broken tree is void.
inline const config::ConfigSet& shipped_config() {
  static const std::shared_ptr<const config::ConfigSet> set = [] {
    std::vector<config::Diagnostic> diags;
    auto loaded = config::load_config_dir(config::default_config_dir(), &diags);
    if (!loaded) {
      std::string all;
      for (const auto& d : diags) all += d.str() + "\n";
      fail("the shipped config/ does not load: " + loaded.error().message, all);
    }
    return loaded.value();
  }();
  return *set;
}

// Runs a framework for a bounded number of rounds from a new school: each round takes the first
// event the state accepts (with `data` as its data), then fires the next pending timer, the way
// the engine would. Used on definitions the checker accepted: whatever they say, the interpreter
// must answer with a value or an Error, never crash. A timer the definition cannot apply is
// dropped, as Engine::fire_due drops it (it logs and records "not applied").
inline void exercise_framework(const workflows::Framework& fw, const workflows::Calendar& calendar,
                               const workflows::Data& data, int rounds) {
  workflows::StepContext ctx{fw, calendar, nullptr};
  workflows::School school;
  school.id = "9100001";
  school.name = "Fuzz Primary School";
  school.la = fw.id;
  school.framework = fw.id;
  school.region = fw.region;
  school.facts = {{"type", "community"}, {"phase", "primary"}};
  workflows::LocalTime now{workflows::make_date(2026, 9, 7), 9 * 60};
  auto t = workflows::start_school(ctx, school, fw.categories.empty() ? "" : fw.categories.front().id, "fuzz", now);
  if (!t) return;  // a definition may refuse to start (e.g. a param without a value): an Error is fine
  workflows::SchoolState state = std::move(t->next);
  const int fire_minutes = fw.fire_minutes();
  for (int round = 0; round < rounds; ++round) {
    for (const std::string& type : workflows::allowed_events(fw, state)) {
      workflows::Event e;
      e.type = type;
      e.data = data;
      e.actor = "fuzz";
      auto next = workflows::step(ctx, state, e, now);
      if (next) {
        state = std::move(next->next);
        break;
      }
    }
    auto due = workflows::next_timer(state, fire_minutes);
    if (!due) continue;
    const workflows::PendingTimer timer = *due->timer;
    const std::string instance = due->instance;
    now = std::max(now, workflows::fire_local(timer, fire_minutes));
    auto next = workflows::step(ctx, state, workflows::timer_event(instance, timer), now);
    if (next) {
      state = std::move(next->next);
    } else if (workflows::Instance* inst = state.find(instance)) {
      std::erase_if(inst->timers, [&](const workflows::PendingTimer& p) { return p.id == timer.id; });
    }
  }
}

}  // namespace sif::fuzz
