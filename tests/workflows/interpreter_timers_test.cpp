// Timers: every unit with hand-checked dates, provenance, reminders, recurring timers, cancel and
// restart, and timer events (then, stale ones refused).
#include <catch2/catch.hpp>

#include "interpreter_test_support.hpp"

using namespace sif::workflows;
using namespace sif::workflows::testing;

namespace {

// wn (root):
//   idle   + warning_notice.issued -> issued
//          + category.agreed       -> visiting
//          + plan.agreed           -> units
//   issued (compliance_end: "event.compliance_working_days | params.compliance_working_days" working
//           days from "event.date | state.entered", then review, reminder 5 working days before)
//          + plan.agreed            -> (internal) / cancel compliance_end
//          + meeting.scheduled      -> (internal) / restart compliance_end
//   review + warning_notice.complied -> done
//   visiting (visit: after 1 week, every 1 week, max 3)  + timer.visit -> (internal) / visits += 1
//   units  (d20: 20 days, w3: 3 weeks, m1: 1 month, ht1: 1 half-term, t1: 1 term, wd10h: 10
//           working days skipping school holidays; none has a transition)
//   done: final
Framework framework() {
  Framework f = base_framework();
  WorkflowSpec wf;
  wf.id = "wn";
  wf.root = true;
  wf.initial = "idle";
  wf.params.push_back(ParamSpec{"compliance_working_days", "15", "", {}});

  StateSpec idle = state("idle");
  idle.on["warning_notice.issued"] = {go("issued")};
  idle.on["category.agreed"] = {go("visiting")};
  idle.on["plan.agreed"] = {go("units")};

  StateSpec issued = state("issued");
  TimerSpec ce = timer("compliance_end", 0, Unit::kWorkingDays, "review");
  ce.count = expr("event.compliance_working_days | params.compliance_working_days");
  ce.from.kind = TimerBase::Kind::kPath;
  ce.from.path = expr("event.date | state.entered");
  ce.source = "Appendix 9.12";
  ce.reminders.push_back(reminder(5, Unit::kWorkingDays, {"link_adviser"}));
  issued.timers.push_back(ce);
  TransitionSpec cancel = go();
  cancel.effects.cancel = {"compliance_end"};
  issued.on["plan.agreed"] = {cancel};
  TransitionSpec restart = go();
  restart.effects.restart = {"compliance_end"};
  issued.on["meeting.scheduled"] = {restart};

  StateSpec review = state("review");
  review.on["warning_notice.complied"] = {go("done")};

  StateSpec visiting = state("visiting");
  TimerSpec visit = timer("visit", 1, Unit::kWeeks);
  visit.every = Duration{1, Unit::kWeeks};
  visit.max_repeats = 3;
  visiting.timers.push_back(visit);
  TransitionSpec count = go();
  count.effects.set.push_back(Assignment{"visits", {}, 1, {}});
  visiting.on["timer.visit"] = {count};

  StateSpec units = state("units");
  units.timers.push_back(timer("d20", 20, Unit::kDays));
  units.timers.push_back(timer("w3", 3, Unit::kWeeks));
  units.timers.push_back(timer("m1", 1, Unit::kMonths));
  units.timers.push_back(timer("ht1", 1, Unit::kHalfTerms));
  units.timers.push_back(timer("t1", 1, Unit::kTerms));
  TimerSpec wd10h = timer("wd10h", 10, Unit::kWorkingDays);
  wd10h.options.skip_school_holidays = true;
  units.timers.push_back(wd10h);
  units.timers.push_back(timer("wd10", 10, Unit::kWorkingDays));

  wf.states = {idle, issued, review, visiting, units, state("done", true)};
  f.workflows.push_back(wf);
  return f;
}

// Six half-terms of 2025-26, written out so the expected dates can be checked by hand.
TermCalendar terms() {
  TermCalendar t{"test", "v1", {}, {}};
  t.half_terms.push_back(HalfTerm{make_date(2025, 9, 3), make_date(2025, 10, 24), "Autumn 1"});
  t.half_terms.push_back(HalfTerm{make_date(2025, 11, 3), make_date(2025, 12, 19), "Autumn 2"});
  t.half_terms.push_back(HalfTerm{make_date(2026, 1, 5), make_date(2026, 2, 13), "Spring 1"});
  t.half_terms.push_back(HalfTerm{make_date(2026, 2, 23), make_date(2026, 3, 27), "Spring 2"});
  t.half_terms.push_back(HalfTerm{make_date(2026, 4, 13), make_date(2026, 5, 22), "Summer 1"});
  t.half_terms.push_back(HalfTerm{make_date(2026, 6, 1), make_date(2026, 7, 22), "Summer 2"});
  return t;
}

struct Fixture {
  Framework fw = framework();
  Calendar cal{Region::kEnglandAndWales, terms()};
  StepContext ctx{fw, cal};

  SchoolState started() { return start_school(ctx, test_school(), "", "admin", at(2025, 9, 1))->next; }

  Transition apply(const SchoolState& s, Event e, LocalTime now) {
    auto t = step(ctx, s, e, now);
    if (!t) FAIL(t.error().message << " / " << t.error().details);
    return *t;
  }
  Transition fire(const SchoolState& s, const std::string& instance, const std::string& timer_id) {
    const PendingTimer* p = pending(s, instance, timer_id);
    REQUIRE(p != nullptr);
    return apply(s, timer_event(instance, *p), LocalTime{p->due, 8 * 60});
  }
};

std::vector<std::string> skipped_reasons(const PendingTimer& t) {
  std::vector<std::string> out;
  for (const auto& s : t.provenance.skipped) out.push_back(format_date(s.date) + " " + s.reason);
  return out;
}

}  // namespace

TEST_CASE("issued: 15 working days from Mon 1 Dec 2025 is Mon 22 Dec 2025, with provenance", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "standards"}}),
                         at(2025, 12, 1));
  const PendingTimer* ce = pending(t.next, "wn", "compliance_end");
  REQUIRE(ce);
  CHECK(ce->due == make_date(2025, 12, 22));
  CHECK(ce->kind == TimerKind::kDeadline);
  CHECK(ce->title == "Title of compliance_end");
  CHECK(ce->instance == "wn");
  const Provenance& p = ce->provenance;
  CHECK(p.framework == "test-2025");
  CHECK(p.framework_version == 1);
  CHECK(p.workflow == "wn");
  CHECK(p.state == "issued");
  CHECK(p.timer == "compliance_end");
  CHECK(p.rule == "Appendix 9.12");
  CHECK(p.base_event == "warning_notice.issued");
  CHECK(p.base == make_date(2025, 12, 1));
  CHECK(p.duration == Duration{15, Unit::kWorkingDays});
  CHECK(p.calendar == "england-and-wales/test@v1");
  CHECK(skipped_reasons(*ce) == std::vector<std::string>{"2025-12-06 Saturday", "2025-12-07 Sunday",
                                                         "2025-12-13 Saturday", "2025-12-14 Sunday",
                                                         "2025-12-20 Saturday", "2025-12-21 Sunday"});
  // Reminder: 5 working days before Mon 22 Dec is Mon 15 Dec.
  const PendingTimer* r = pending(t.next, "wn", "compliance_end#reminder1");
  REQUIRE(r);
  CHECK(r->kind == TimerKind::kReminder);
  CHECK(r->due == make_date(2025, 12, 15));
  CHECK(r->provenance.base == make_date(2025, 12, 22));
  CHECK(r->provenance.duration == Duration{-5, Unit::kWorkingDays});
}

TEST_CASE("issued: the count from event data, 25 working days from 1 Dec 2025 crosses Christmas", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(),
                         ev("warning_notice.issued",
                            {{"date", "2025-12-01"}, {"grounds", "standards"}, {"compliance_working_days", "25"}}),
                         at(2025, 12, 1));
  const PendingTimer* ce = pending(t.next, "wn", "compliance_end");
  REQUIRE(ce);
  // Dec: 2-5 (4), 8-12 (9), 15-19 (14), 22-24 (17), 25 Christmas Day, 26 Boxing Day, 29-31 (20),
  // Jan: 1 New Year's Day, 2 (21), 5-8 (25) -> Thursday 8 January 2026.
  CHECK(ce->due == make_date(2026, 1, 8));
  auto skipped = skipped_reasons(*ce);
  CHECK(std::count(skipped.begin(), skipped.end(), "2025-12-25 Christmas Day") == 1);
  CHECK(std::count(skipped.begin(), skipped.end(), "2025-12-26 Boxing Day") == 1);
  CHECK(std::count(skipped.begin(), skipped.end(), "2026-01-01 New Year's Day") == 1);
  CHECK(skipped.size() == 13);  // 5 weekends (10 days) + 3 bank holidays
  // 5 working days before Thu 8 Jan: 7, 6, 5, Fri 2 Jan, (1 Jan skipped), Wed 31 Dec.
  const PendingTimer* r = pending(t.next, "wn", "compliance_end#reminder1");
  REQUIRE(r);
  CHECK(r->due == make_date(2025, 12, 31));
}

TEST_CASE("units: days, weeks, months, half-terms, terms, working days with school holidays", "[interpreter][timers]") {
  Fixture f;
  auto due = [&](const SchoolState& s, const char* id) {
    const PendingTimer* p = pending(s, "wn", id);
    REQUIRE(p);
    return format_date(p->due);
  };
  Transition a = f.apply(f.started(), ev("plan.agreed", {{"plan", "RAP"}, {"date", "2025-09-10"}}), at(2025, 9, 10));
  CHECK(due(a.next, "d20") == "2025-09-30");
  CHECK(due(a.next, "w3") == "2025-10-01");
  CHECK(due(a.next, "m1") == "2025-10-10");
  CHECK(due(a.next, "ht1") == "2025-11-10");  // day 7 of Autumn 1 -> day 7 of Autumn 2
  CHECK(due(a.next, "t1") == "2026-01-12");   // day 7 of Spring 1
  CHECK(due(a.next, "wd10") == "2025-09-24");
  CHECK(due(a.next, "wd10h") == "2025-09-24");

  Transition b = f.apply(f.started(), ev("plan.agreed", {{"plan", "RAP"}, {"date", "2025-12-15"}}), at(2025, 12, 15));
  CHECK(due(b.next, "ht1") == "2026-02-13");    // day 42 of Autumn 2 clamps to the end of Spring 1
  CHECK(due(b.next, "wd10") == "2025-12-31");   // 16-19, 22-24, (25, 26), 29-31
  CHECK(due(b.next, "wd10h") == "2026-01-12");  // 16-19, then the holiday to 4 Jan, 5-9, 12

  Transition c = f.apply(f.started(), ev("plan.agreed", {{"plan", "RAP"}, {"date", "2026-01-31"}}), at(2026, 1, 31));
  // Clamped to the month's end, Sat 28 Feb 2026; a prompt moves to the next working day.
  CHECK(due(c.next, "m1") == "2026-03-02");
  // Day 26 of Spring 1 -> day 26 of Spring 2 is Sat 21 Mar: the next teaching day, Mon 23 Mar.
  CHECK(due(c.next, "ht1") == "2026-03-23");
  // -> day 26 of Summer 1 is Sat 9 May: Mon 11 May.
  CHECK(due(c.next, "t1") == "2026-05-11");
}

TEST_CASE("a reminder firing sends its notice and changes nothing else", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}}),
                         at(2025, 12, 1));
  auto o = next_timer(t.next);
  REQUIRE(o);
  CHECK(o->timer->id == "compliance_end#reminder1");
  Transition r = f.fire(t.next, "wn", "compliance_end#reminder1");
  CHECK(inst(r.next, "wn").state == "issued");
  CHECK(pending(r.next, "wn", "compliance_end#reminder1") == nullptr);
  CHECK(pending(r.next, "wn", "compliance_end") != nullptr);
  CHECK(r.timers_set.empty());
  CHECK(r.timers_cancelled == std::vector<std::pair<std::string, std::string>>{{"wn", "compliance_end#reminder1"}});
  REQUIRE(r.notices.size() == 1);
  CHECK(r.notices[0].template_id == "deadline-reminder");
  CHECK(r.notices[0].to == std::vector<std::string>{"link_adviser"});
  CHECK(r.notices[0].data.at("deadline.compliance_end") == "2025-12-22");
  CHECK(r.notices[0].data.at("reminder.deadline.words") == "Monday 22 December 2025");
  CHECK(r.notices[0].reason == "reminder for compliance_end");
  REQUIRE(r.history.size() == 1);
  CHECK(r.history[0].event == "timer.compliance_end#reminder1");
  CHECK(r.history[0].from == "issued");
  CHECK(r.history[0].to == "issued");
  CHECK(r.history[0].actor == "system");
  CHECK(r.history[0].date == make_date(2025, 12, 15));
}

TEST_CASE("issued + timer.compliance_end -> review (then:), cancelling the rest", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}}),
                         at(2025, 12, 1));
  // Deadline fires before its reminder did (e.g. recovery after downtime): the reminder goes too.
  Transition d = f.fire(t.next, "wn", "compliance_end");
  CHECK(inst(d.next, "wn").state == "review");
  CHECK(inst(d.next, "wn").entered == make_date(2025, 12, 22));
  CHECK(inst(d.next, "wn").timers.empty());
  CHECK(d.timers_cancelled.size() == 2);
  REQUIRE(d.history.size() == 1);
  CHECK(d.history[0].event == "timer.compliance_end");
  CHECK(d.history[0].to == "review");
  CHECK(d.history[0].note == "deadline: Title of compliance_end due 2025-12-22; Appendix 9.12");
}

TEST_CASE("a timer event for a timer not pending is a conflict (replay is idempotent)", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}}),
                         at(2025, 12, 1));
  Event e = timer_event("wn", *pending(t.next, "wn", "compliance_end"));
  Transition once = f.apply(t.next, e, at(2025, 12, 22));
  auto twice = step(f.ctx, once.next, e, at(2025, 12, 22));
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == ErrorCode::kConflict);
  CHECK(twice.error().message == "timer compliance_end is not pending in instance wn");
}

TEST_CASE("a timer event without an instance finds the instance holding it", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}}),
                         at(2025, 12, 1));
  Transition d = f.apply(t.next, ev("timer.compliance_end", {}, "system"), at(2025, 12, 22));
  CHECK(inst(d.next, "wn").state == "review");
}

TEST_CASE("a back-dated event arms its deadline but no reminder already past", "[interpreter][timers]") {
  Fixture f;
  // 15 working days from Mon 3 Nov 2025: 4-7 (4), 10-14 (9), 17-21 (14), Mon 24 Nov (15).
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-11-03"}, {"grounds", "g"}}),
                         at(2025, 12, 1));
  const PendingTimer* ce = pending(t.next, "wn", "compliance_end");
  REQUIRE(ce);
  CHECK(ce->due == make_date(2025, 11, 24));
  CHECK(pending(t.next, "wn", "compliance_end#reminder1") == nullptr);  // 17 Nov < 1 Dec
  auto o = next_timer(t.next);
  REQUIRE(o);
  CHECK(o->timer->id == "compliance_end");  // overdue: fires at once
}

TEST_CASE("issued + plan.agreed -> (internal) / cancel stops the timer and its reminders", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}}),
                         at(2025, 12, 1));
  Transition c = f.apply(t.next, ev("plan.agreed", {{"plan", "RAP"}}), at(2025, 12, 2));
  CHECK(inst(c.next, "wn").timers.empty());
  CHECK(c.timers_cancelled.size() == 2);
  CHECK(c.timers_set.empty());
}

TEST_CASE("issued + meeting.scheduled -> (internal) / restart arms the timer again from the event date", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}}),
                         at(2025, 12, 1));
  Transition r = f.apply(t.next, ev("meeting.scheduled", {{"kind", "review"}, {"date", "2025-12-08"}}), at(2025, 12, 8));
  const PendingTimer* ce = pending(r.next, "wn", "compliance_end");
  REQUIRE(ce);
  // 15 working days from Mon 8 Dec: 9-12 (4), 15-19 (9), 22-24 (12), (25, 26), 29-31 (15).
  CHECK(ce->due == make_date(2025, 12, 31));
  CHECK(ce->provenance.base_event == "meeting.scheduled");
  CHECK(ce->provenance.base == make_date(2025, 12, 8));
  // Old deadline and reminder cancelled; new ones set (cancel first, then set).
  CHECK(r.timers_cancelled.size() == 2);
  CHECK(r.timers_set.size() == 2);
}

TEST_CASE("visiting: a recurring timer re-arms from its previous due date until max_repeats", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("category.agreed", {{"category", "amber"}}), at(2025, 12, 1));
  SchoolState s = t.next;
  std::vector<std::string> fired;
  for (int i = 0; i < 10; ++i) {
    auto o = next_timer(s);
    if (!o) break;
    fired.push_back(format_date(o->timer->due));
    s = f.fire(s, o->instance, o->timer->id).next;
  }
  CHECK(fired == std::vector<std::string>{"2025-12-08", "2025-12-15", "2025-12-22"});
  CHECK(inst(s, "wn").vars.at("visits") == "3");
  CHECK(inst(s, "wn").state == "visiting");
}

TEST_CASE("a re-armed recurring timer records its firing count and provenance", "[interpreter][timers]") {
  Fixture f;
  Transition t = f.apply(f.started(), ev("category.agreed", {{"category", "amber"}}), at(2025, 12, 1));
  Transition once = f.fire(t.next, "wn", "visit");
  const PendingTimer* v = pending(once.next, "wn", "visit");
  REQUIRE(v);
  CHECK(v->fired == 1);
  CHECK(v->due == make_date(2025, 12, 15));
  CHECK(v->provenance.base == make_date(2025, 12, 8));
  CHECK(v->provenance.base_event == "timer.visit");
  CHECK(once.timers_cancelled.size() == 1);
  CHECK(once.timers_set.size() == 1);
}

TEST_CASE("a timer count that is not a whole number is invalid, naming the timer", "[interpreter][timers]") {
  Framework fw = framework();
  fw.workflows[0].params[0].default_value = "fifteen";
  Calendar cal{Region::kEnglandAndWales, terms()};
  StepContext ctx{fw, cal};
  SchoolState s = start_school(ctx, test_school(), "", "admin", at(2025, 9, 1))->next;
  auto t = step(ctx, s, ev("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}}), at(2025, 12, 1));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().message ==
        "timer 'compliance_end': the count `event.compliance_working_days | params.compliance_working_days` gave "
        "'fifteen', which is not a whole number");
}

TEST_CASE("term data that does not reach far enough is an error naming the timer", "[interpreter][timers]") {
  Fixture f;
  auto t = step(f.ctx, f.started(), ev("plan.agreed", {{"plan", "RAP"}, {"date", "2026-05-01"}}), at(2026, 5, 1));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().message.rfind("timer 't1' in state 'units': ", 0) == 0);
}
