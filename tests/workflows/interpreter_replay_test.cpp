// Determinism and replay: the same inputs give the same outputs, and re-applying the recorded
// events (timer events included) from the start gives the same state. Versions: an instance
// runs on the definition it started on.
#include <catch2/catch.hpp>

#include "interpreter_test_support.hpp"

using namespace sif::workflows;
using namespace sif::workflows::testing;

namespace {

// main (root): monitoring + category.agreed -> supported
//   supported (visit every 2 weeks, max 4, +visits; review_due 6 weeks, reminder 3 working days
//              before, then reviewing; on_enter notice)
//   reviewing + review.held [sufficient] -> supported; [insufficient] -> (internal) / start wn
//             + wn.finished -> monitoring
// wn: open (close: 5 working days, then closed); closed: final
Framework framework(int version = 1) {
  Framework f = base_framework();
  f.version = version;
  WorkflowSpec main;
  main.id = "main";
  main.root = true;
  main.initial = "monitoring";
  StateSpec monitoring = state("monitoring");
  monitoring.on["category.agreed"] = {go("supported")};
  StateSpec supported = state("supported");
  TimerSpec visit = timer("visit", 2, Unit::kWeeks);
  visit.every = Duration{2, Unit::kWeeks};
  visit.max_repeats = 4;
  supported.timers.push_back(visit);
  TimerSpec review = timer("review_due", 6, Unit::kWeeks, "reviewing");
  review.reminders.push_back(reminder(3, Unit::kWorkingDays, {"link_adviser"}));
  supported.timers.push_back(review);
  supported.on_enter.notices.push_back(notice("support-letter", {"headteacher"}));
  TransitionSpec count = go();
  count.effects.set.push_back(Assignment{"visits", {}, 1, {}});
  supported.on["timer.visit"] = {count};
  StateSpec reviewing = state("reviewing");
  TransitionSpec start = go_when("", {eq("event.progress", "insufficient")});
  start.effects.start.push_back(ChildStart{"wn", {}, {}});
  reviewing.on["review.held"] = {go_when("supported", {eq("event.progress", "sufficient")}), start};
  reviewing.on["wn.finished"] = {go("monitoring")};
  main.states = {monitoring, supported, reviewing};

  WorkflowSpec wn;
  wn.id = "wn";
  wn.initial = "open";
  StateSpec open = state("open");
  open.timers.push_back(timer("close", 5, Unit::kWorkingDays, "closed"));
  wn.states = {open, state("closed", true)};
  f.workflows = {main, wn};
  return f;
}

struct Applied {
  Event event;
  LocalTime now;
};

struct Run {
  std::vector<Transition> transitions;
  std::vector<Applied> applied;
  std::string text;
};

// Walks the events in date order, firing every timer due on or before each event's day first.
Run drive(const StepContext& ctx, const std::vector<std::pair<Date, Event>>& events, Date until) {
  Run r;
  auto t = start_school(ctx, test_school(), "", "admin", at(2025, 9, 1));
  REQUIRE(t);
  SchoolState s = t->next;
  r.transitions.push_back(*t);
  auto fire_until = [&](Date d) {
    for (int guard = 0; guard < 100; ++guard) {
      auto due = next_timer(s);
      if (!due || due->timer->due > d) return;
      Applied a{timer_event(due->instance, *due->timer), LocalTime{due->timer->due, 8 * 60}};
      auto x = step(ctx, s, a.event, a.now);
      REQUIRE(x);
      s = x->next;
      r.transitions.push_back(*x);
      r.applied.push_back(a);
    }
  };
  for (const auto& [d, e] : events) {
    fire_until(d);
    Applied a{e, LocalTime{d, 12 * 60}};
    auto x = step(ctx, s, e, a.now);
    REQUIRE(x);
    s = x->next;
    r.transitions.push_back(*x);
    r.applied.push_back(a);
  }
  fire_until(until);
  for (const auto& x : r.transitions) r.text += dump(x) + "----\n";
  return r;
}

std::vector<std::pair<Date, Event>> scenario() {
  return {
      {make_date(2025, 9, 8), ev("category.agreed", {{"category", "red"}})},
      {make_date(2025, 10, 22), ev("review.held", {{"date", "2025-10-22"}, {"progress", "insufficient"}})},
  };
}

}  // namespace

TEST_CASE("the same inputs give the same outputs", "[interpreter][replay]") {
  Framework fw = framework();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  Run a = drive(ctx, scenario(), make_date(2026, 1, 31));
  Run b = drive(ctx, scenario(), make_date(2026, 1, 31));
  CHECK(a.text == b.text);
  CHECK(a.transitions.size() > 8);
}

TEST_CASE("replaying the recorded events from the start gives the same state", "[interpreter][replay]") {
  Framework fw = framework();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  Run run = drive(ctx, scenario(), make_date(2026, 1, 31));
  const SchoolState& last = run.transitions.back().next;
  // Where the scenario ends: visits fired 3 times before the review (every 2 weeks from 8 Sep:
  // 22 Sep, 6 Oct, 20 Oct), reminder then deadline 20 Oct, child started 22 Oct and closed
  // 5 working days later (29 Oct), which took main back to monitoring.
  CHECK(inst(last, "main").state == "monitoring");
  CHECK(inst(last, "main").vars.at("visits") == "3");
  CHECK(inst(last, "wn").state == "closed");
  CHECK(inst(last, "main").entered == make_date(2025, 10, 29));

  SchoolState s = start_school(ctx, test_school(), "", "admin", at(2025, 9, 1))->next;
  for (const auto& a : run.applied) {
    auto x = step(ctx, s, a.event, a.now);
    REQUIRE(x);
    s = x->next;
  }
  CHECK(dump(s) == dump(last));

  // Re-applying any timer event again changes nothing: it is refused as not pending.
  for (const auto& a : run.applied) {
    if (a.event.timer.empty()) continue;
    auto again = step(ctx, s, a.event, a.now);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::kConflict);
  }
}

TEST_CASE("the timeline of the scenario, firing by firing", "[interpreter][replay]") {
  Framework fw = framework();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  Run run = drive(ctx, scenario(), make_date(2026, 1, 31));
  std::vector<std::string> lines;
  for (const auto& t : run.transitions) {
    for (const auto& h : t.history) lines.push_back(format_date(h.date) + " " + h.instance + " " + h.event + " " + h.to);
  }
  CHECK(lines == std::vector<std::string>{
                     "2025-09-01 main instance.started monitoring",
                     "2025-09-08 main category.agreed supported",
                     "2025-09-22 main timer.visit supported",
                     "2025-10-06 main timer.visit supported",
                     "2025-10-15 main timer.review_due#reminder1 supported",  // 3 working days before Mon 20 Oct
                     "2025-10-20 main timer.visit supported",
                     "2025-10-20 main timer.review_due reviewing",
                     "2025-10-22 main review.held reviewing",
                     "2025-10-22 wn instance.started open",
                     "2025-10-29 wn timer.close closed",  // 23, 24, 27, 28, 29
                     "2025-10-29 main wn.finished monitoring",
                 });
}

TEST_CASE("an instance runs on the definition version it started on", "[interpreter][replay]") {
  Framework v1 = framework(1);
  Framework v2 = framework(2);
  // Version 2 sends category.agreed straight to reviewing.
  v2.workflows[0].states[0].on["category.agreed"] = {go("reviewing")};
  Calendar cal = test_calendar();
  StepContext ctx1{v1, cal};
  SchoolState old_school = start_school(ctx1, test_school(), "", "admin", at(2025, 9, 1))->next;
  CHECK(inst(old_school, "main").framework_version == 1);

  std::map<int, Framework> versions{{1, v1}, {2, v2}};
  StepContext ctx2{v2, cal, &versions};
  CHECK(&ctx2.for_version(1) == &versions.at(1));
  CHECK(&ctx2.for_version(2) == &v2);
  CHECK(&ctx2.for_version(7) == &v2);  // unknown: the newest
  CHECK(&ctx1.for_version(2) == &v1);  // no versions map: the one framework

  auto a = step(ctx2, old_school, ev("category.agreed", {{"category", "red"}}), at(2025, 9, 8));
  REQUIRE(a);
  CHECK(inst(a->next, "main").state == "supported");  // version 1's rule
  CHECK(a->timers_set.front().provenance.framework_version == 1);

  SchoolState new_school = start_school(ctx2, test_school(), "", "admin", at(2025, 9, 1))->next;
  CHECK(inst(new_school, "main").framework_version == 2);
  auto b = step(ctx2, new_school, ev("category.agreed", {{"category", "red"}}), at(2025, 9, 8));
  REQUIRE(b);
  CHECK(inst(b->next, "main").state == "reviewing");
}
