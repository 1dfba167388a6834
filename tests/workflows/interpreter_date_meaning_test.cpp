// What a date means (docs/definitions.md): a deadline is met on its day and overdue from the next
// working day; a window includes its last day and holds back what may only follow it; a prompt
// falls on a working day; a reminder armed after its date goes out at once, marked late; an
// event's date is when it happened, within the back-dating limit. Every date is a real one,
// counted by hand on the England and Wales calendar.
#include <catch2/catch.hpp>

#include "interpreter_test_support.hpp"
#include "workflows/law.hpp"

using namespace sif::workflows;
using namespace sif::workflows::testing;

namespace {

// main (root):
//   idle    + plan.agreed         -> working
//           + concern.notified    -> notice
//           + category.agreed     -> visiting
//           + meeting.scheduled   -> meeting
//   working (report: deadline, 5 working days from event.date, then late; reminder 2 working days before)
//           + report.sent         -> idle
//   late    + report.sent         -> idle
//   notice  (compliance: window, 15 working days, then review; holds back review.held)
//           (ofsted_period: window, armed only when event.grounds = safety)
//           + representation.received -> notice (internal)
//   review  + review.held         -> idle
//   visiting (visit: prompt, every 4 weeks from the event; review_on: prompt 1 month)
//           + review.held         -> idle
//   meeting (papers: deadline 5 working days before the meeting's date; reminder 5 working days before)
//           + review.held         -> idle
Framework framework() {
  Framework f = base_framework();
  WorkflowSpec wf;
  wf.id = "main";
  wf.root = true;
  wf.initial = "idle";

  StateSpec idle = state("idle");
  idle.on["plan.agreed"] = {go("working")};
  idle.on["concern.notified"] = {go("notice")};
  idle.on["category.agreed"] = {go("visiting")};
  idle.on["meeting.scheduled"] = {go("meeting")};

  StateSpec working = state("working");
  TimerSpec report = timer("report", 5, Unit::kWorkingDays, "late");
  report.meaning = TimerMeaning::kDeadline;
  report.title = "Draft report to the headteacher";
  report.from.kind = TimerBase::Kind::kPath;
  report.from.path = expr("event.date | state.entered");
  report.reminders.push_back(reminder(2, Unit::kWorkingDays, {"link_adviser"}));
  working.timers = {report};
  working.on["report.sent"] = {go("idle")};

  StateSpec late = state("late");
  late.on["report.sent"] = {go("idle")};

  StateSpec notice = state("notice");
  TimerSpec compliance = timer("compliance", 15, Unit::kWorkingDays, "review");
  compliance.meaning = TimerMeaning::kWindow;
  compliance.title = "End of the compliance period";
  compliance.allows_after = {"review.held"};
  TimerSpec ofsted = timer("ofsted_period", 10, Unit::kWorkingDays);
  ofsted.meaning = TimerMeaning::kWindow;
  ofsted.when.all.push_back(eq("event.grounds", "safety"));
  notice.timers = {compliance, ofsted};
  notice.on["representation.received"] = {go()};
  notice.on["timer.ofsted_period"] = {go()};

  StateSpec review = state("review");
  review.on["review.held"] = {go("idle")};

  StateSpec visiting = state("visiting");
  TimerSpec visit = timer("visit", 4, Unit::kWeeks);
  visit.every = Duration{4, Unit::kWeeks};
  visit.from.kind = TimerBase::Kind::kPath;
  visit.from.path = expr("event.date | state.entered");
  TimerSpec review_on = timer("review_on", 1, Unit::kMonths);
  review_on.from.kind = TimerBase::Kind::kPath;
  review_on.from.path = expr("event.date | state.entered");
  visiting.timers = {visit, review_on};
  visiting.on["timer.visit"] = {go()};
  visiting.on["timer.review_on"] = {go()};
  visiting.on["review.held"] = {go("idle")};

  StateSpec meeting = state("meeting");
  TimerSpec papers = timer("papers", -5, Unit::kWorkingDays);
  papers.meaning = TimerMeaning::kDeadline;
  papers.title = "Papers for the meeting";
  papers.from.kind = TimerBase::Kind::kPath;
  papers.from.path = expr("event.date");
  papers.reminders.push_back(reminder(5, Unit::kWorkingDays, {"link_adviser"}));
  meeting.timers = {papers};
  meeting.on["timer.papers"] = {go()};
  meeting.on["review.held"] = {go("idle")};

  wf.states = {idle, working, late, notice, review, visiting, meeting};
  f.workflows.push_back(wf);
  return f;
}

struct Fixture {
  Framework fw = framework();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};

  SchoolState started(int y, unsigned m, unsigned d) {
    auto t = start_school(ctx, test_school(), "", "admin", at(y, m, d));
    REQUIRE(t);
    return t->next;
  }
  Transition apply(const SchoolState& s, const Event& e, LocalTime now) {
    auto t = step(ctx, s, e, now);
    if (!t) FAIL(t.error().message + " (" + t.error().details + ")");
    return *t;
  }
  // Fires the school's next timer at the instant it fires.
  Transition fire_next(const SchoolState& s) {
    auto due = next_timer(s, fw.fire_minutes());
    REQUIRE(due);
    return apply(s, timer_event(due->instance, *due->timer), fire_local(*due->timer, fw.fire_minutes()));
  }
};

}  // namespace

TEST_CASE("a deadline is met on its last day and overdue from the next working day, across Christmas 2026",
          "[interpreter][dates]") {
  Fixture f;
  SchoolState s = f.started(2026, 12, 14);
  // Evaluation on Fri 18 Dec 2026: 5 working days are 21, 22, 23, 24 and 29 Dec (25 Dec and the
  // Boxing Day substitute Mon 28 Dec are bank holidays). The report is due Tue 29 Dec.
  Transition t = f.apply(s, ev("plan.agreed", {{"plan", "RAP"}, {"date", "2026-12-18"}}), at(2026, 12, 18));
  const PendingTimer* d = pending(t.next, "main", "report");
  REQUIRE(d);
  CHECK(d->due == make_date(2026, 12, 29));
  CHECK(d->meaning == TimerMeaning::kDeadline);
  CHECK(d->fires == make_date(2026, 12, 30));  // overdue from Wed 30 Dec, never on the 29th
  const PendingTimer* r = pending(t.next, "main", "report#reminder1");
  REQUIRE(r);
  CHECK(r->due == make_date(2026, 12, 23));  // 2 working days before: 24 and 23 Dec

  SECTION("the report sent on the last day is on time") {
    // The reminder fires on Wed 23 Dec; nothing else fires before Wed 30 Dec.
    Transition rem = f.fire_next(t.next);
    CHECK(rem.history.back().event == "timer.report#reminder1");
    auto next = next_timer(rem.next, f.fw.fire_minutes());
    REQUIRE(next);
    CHECK(fire_local(*next->timer, f.fw.fire_minutes()) == LocalTime{make_date(2026, 12, 30), 8 * 60});
    Transition sent = f.apply(rem.next, ev("report.sent"), LocalTime{make_date(2026, 12, 29), 17 * 60});
    CHECK(inst(sent.next, "main").state == "idle");
  }
  SECTION("with nothing recorded it is overdue on Wed 30 Dec") {
    Transition rem = f.fire_next(t.next);
    Transition over = f.fire_next(rem.next);
    CHECK(over.history.back().event == "timer.report");
    CHECK(inst(over.next, "main").state == "late");
    CHECK(inst(over.next, "main").entered == make_date(2026, 12, 30));
  }
}

TEST_CASE("a window includes its last day, what may only follow it is refused until it closes, naming the date",
          "[interpreter][dates]") {
  Fixture f;
  SchoolState s = f.started(2026, 3, 2);
  // Notice given on Fri 20 Mar 2026: 15 working days following are 23-27 Mar (5), 30 Mar-2 Apr
  // (9), Good Friday 3 Apr and Easter Monday 6 Apr skipped, 7-10 Apr (13), 13-14 Apr (15): the last
  // day is Tue 14 Apr 2026.
  Transition t = f.apply(s, ev("concern.notified", {{"reason", "warning"}, {"date", "2026-03-20"}}), at(2026, 3, 20));
  const PendingTimer* w = pending(t.next, "main", "compliance");
  REQUIRE(w);
  CHECK(w->due == make_date(2026, 4, 14));
  CHECK(w->fires == make_date(2026, 4, 15));
  CHECK(fire_local(*w, 8 * 60) == LocalTime{make_date(2026, 4, 15), 0});
  CHECK_FALSE(pending(t.next, "main", "ofsted_period"));  // `when:` did not hold: not armed

  // Inside the window, through the evening of its last day.
  CHECK(step(f.ctx, t.next, ev("representation.received", {{"date", "2026-04-14"}}), LocalTime{make_date(2026, 4, 14), 23 * 60 + 59}));

  // review.held may only follow the window: refused while it is open, naming its last day.
  auto early = step(f.ctx, t.next, ev("review.held", {{"progress", "insufficient"}, {"date", "2026-04-14"}}),
                    LocalTime{make_date(2026, 4, 14), 16 * 60});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  CHECK(early.error().message ==
        "event review.held is not allowed yet: it may only follow \"End of the compliance period\", a period that "
        "runs to the end of Tuesday 14 April 2026 and closes at 00:00 on Wednesday 15 April 2026");
  CHECK(early.error().details.rfind("allowed from 2026-04-15; allowed now: representation.received", 0) == 0);
  CHECK(allowed_events(f.fw, t.next) == std::vector<std::string>{"representation.received"});
  auto waiting = waiting_events(f.fw, t.next);
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].event == "review.held");
  CHECK(waiting[0].last_day == make_date(2026, 4, 14));

  // At 00:00 on Wed 15 Apr it closes and the review may be recorded.
  Transition closed = f.fire_next(t.next);
  CHECK(inst(closed.next, "main").state == "review");
  CHECK(inst(closed.next, "main").entered == make_date(2026, 4, 15));
  CHECK(f.apply(closed.next, ev("review.held", {{"progress", "insufficient"}, {"date", "2026-04-15"}}),
                LocalTime{make_date(2026, 4, 15), 9 * 60})
            .next.instances[0]
            .state == "idle");

  // A timer's `when:` that holds arms it.
  Transition safety = f.apply(s, ev("concern.notified", {{"reason", "warning"}, {"grounds", "safety"}}), at(2026, 3, 20));
  CHECK(pending(safety.next, "main", "ofsted_period"));
}

TEST_CASE("prompts fall on working days: Easter Monday and the May bank holiday, keeping their rhythm",
          "[interpreter][dates]") {
  Fixture f;
  SchoolState s = f.started(2026, 3, 2);
  // Every 4 weeks from Mon 9 Mar 2026: Mon 6 Apr is Easter Monday -> Tue 7 Apr; the series stays on
  // Mondays: Mon 4 May is the early May bank holiday -> Tue 5 May; then Mon 1 Jun.
  Transition t = f.apply(s, ev("category.agreed", {{"category", "amber"}, {"date", "2026-03-09"}}), at(2026, 3, 9));
  const PendingTimer* v = pending(t.next, "main", "visit");
  REQUIRE(v);
  CHECK(v->due == make_date(2026, 4, 7));
  REQUIRE(v->provenance.skipped.size() == 1);
  CHECK(v->provenance.skipped[0].date == make_date(2026, 4, 6));
  CHECK(v->provenance.skipped[0].reason == "Easter Monday (prompt moved to the next working day)");
  // One month after Mon 9 Mar is Thu 9 Apr, a working day: it stays.
  CHECK(pending(t.next, "main", "review_on")->due == make_date(2026, 4, 9));

  Transition first = f.fire_next(t.next);  // Tue 7 Apr
  CHECK(first.history.back().event == "timer.visit");
  CHECK(pending(first.next, "main", "visit")->due == make_date(2026, 5, 5));
  Transition review = f.fire_next(first.next);  // Thu 9 Apr
  CHECK(review.history.back().event == "timer.review_on");
  Transition second = f.fire_next(review.next);  // Tue 5 May
  CHECK(pending(second.next, "main", "visit")->due == make_date(2026, 6, 1));
  CHECK(inst(second.next, "main").overdue.empty());  // prompts are never overdue
}

// A term-time prompt (`skip_school_holidays: true`) also leaves the school holidays. On the
// test calendar (the default pattern) Spring 2 2026 ends Fri 27 Mar, Summer 1 runs Mon 13 Apr -
// Fri 22 May, Summer 2 Mon 1 Jun - Wed 22 Jul, and Autumn 1 2026 starts Tue 1 Sep.
TEST_CASE("a term-time prompt moves out of the Easter and summer holidays to the next teaching day, keeping its "
          "rhythm",
          "[interpreter][dates]") {
  Fixture f;
  for (auto& st : f.fw.workflows[0].states) {
    for (auto& t : st.timers) {
      if (t.id == "visit") t.options.skip_school_holidays = true;
    }
  }
  SchoolState s = f.started(2026, 3, 2);
  // Every 4 weeks from Mon 9 Mar 2026: Mon 6 Apr (Easter Monday, in the Easter holidays) ->
  // Mon 13 Apr, the first day of Summer 1.
  Transition t = f.apply(s, ev("category.agreed", {{"category", "amber"}, {"date", "2026-03-09"}}), at(2026, 3, 9));
  const PendingTimer* v = pending(t.next, "main", "visit");
  REQUIRE(v);
  CHECK(v->due == make_date(2026, 4, 13));
  REQUIRE(v->provenance.skipped.size() == 7);
  CHECK(v->provenance.skipped[0].reason == "Easter Monday (prompt moved to the next teaching day)");
  CHECK(v->provenance.skipped[1].date == make_date(2026, 4, 7));
  CHECK(v->provenance.skipped[1].reason == "school holiday (prompt moved to the next teaching day)");
  CHECK(v->provenance.skipped[5].reason == "Saturday (prompt moved to the next teaching day)");

  // The series keeps its Mondays: Mon 4 May is the early May bank holiday -> Tue 5 May; Mon 1
  // Jun, Mon 29 Jun; Mon 27 Jul is in the summer holidays -> Tue 1 Sep 2026. Mon 24 Aug is in
  // the holidays too and would also come on Tue 1 Sep: it is that one prompt, not a second one
  // the same day, and the series goes on from it: Mon 21 Sep.
  std::vector<std::string> visits;  // the days timer.visit fired
  SchoolState cur = t.next;
  while (visits.size() < 6) {
    Transition next = f.fire_next(cur);
    if (next.history.back().event == "timer.visit") visits.push_back(format_date(next.history.back().date));
    cur = next.next;
    if (visits.size() == 5) {
      const PendingTimer* after_summer = pending(cur, "main", "visit");
      REQUIRE(after_summer);
      CHECK(after_summer->due == make_date(2026, 9, 21));
      REQUIRE_FALSE(after_summer->provenance.skipped.empty());
      CHECK(after_summer->provenance.skipped[0].date == make_date(2026, 8, 24));
      CHECK(after_summer->provenance.skipped[0].reason == "occurrence covered by the prompt of 2026-09-01");
    }
  }
  CHECK(visits ==
        std::vector<std::string>{"2026-04-13", "2026-05-05", "2026-06-01", "2026-06-29", "2026-09-01", "2026-09-21"});
}

TEST_CASE("a meeting booked late: its date is the meeting's, and a reminder already past goes out at once, marked late",
          "[interpreter][dates]") {
  Fixture f;
  SchoolState s = f.started(2026, 9, 1);
  // Booked on Mon 14 Sep 2026 for a meeting on Mon 21 Sep: the papers are due 5 working days
  // before, Mon 14 Sep (today); their reminder, 5 working days before that, Mon 7 Sep, has passed.
  Transition t = f.apply(s, ev("meeting.scheduled", {{"kind", "review"}, {"date", "2026-09-21"}}), at(2026, 9, 14));
  CHECK(inst(t.next, "main").entered == make_date(2026, 9, 14));  // the event happened today
  CHECK(t.history.back().date == make_date(2026, 9, 14));
  const PendingTimer* papers = pending(t.next, "main", "papers");
  REQUIRE(papers);
  CHECK(papers->due == make_date(2026, 9, 14));
  const PendingTimer* r = pending(t.next, "main", "papers#reminder1");
  REQUIRE(r);
  CHECK(r->due == make_date(2026, 9, 7));
  CHECK(r->fires == make_date(2026, 9, 14));
  CHECK(r->late);
  Transition sent = f.fire_next(t.next);
  CHECK(sent.history.back().event == "timer.papers#reminder1");
  REQUIRE(sent.notices.size() == 1);

  // Booked after the papers' own date has passed: no reminder; the deadline (overdue from Tue 15
  // Sep) fires at once and says so.
  Transition later = f.apply(s, ev("meeting.scheduled", {{"kind", "review"}, {"date", "2026-09-21"}}), at(2026, 9, 16));
  CHECK_FALSE(pending(later.next, "main", "papers#reminder1"));
  CHECK(pending(later.next, "main", "papers")->fires == make_date(2026, 9, 15));
  Transition overdue = f.fire_next(later.next);
  CHECK(overdue.history.back().event == "timer.papers");
  REQUIRE(inst(overdue.next, "main").overdue.size() == 1);
  CHECK(inst(overdue.next, "main").overdue[0].due == make_date(2026, 9, 14));
}

TEST_CASE("an event's date: back-dated within the limit, never in the future", "[interpreter][dates]") {
  Fixture f;
  SchoolState s = f.started(2026, 9, 1);
  auto future = step(f.ctx, s, ev("plan.agreed", {{"plan", "RAP"}, {"date", "2026-09-16"}}), at(2026, 9, 15));
  REQUIRE_FALSE(future);
  CHECK(future.error().code == ErrorCode::kInvalidInput);
  CHECK(future.error().details == "date");
  CHECK(future.error().message.find("Wednesday 16 September 2026 is in the future") != std::string::npos);

  // 366 days back is the limit: Mon 15 Sep 2025 from Tue 15 Sep 2026 is allowed, a day more is not.
  CHECK(step(f.ctx, s, ev("plan.agreed", {{"plan", "RAP"}, {"date", "2025-09-14"}}), at(2026, 9, 15)));
  auto old = step(f.ctx, s, ev("plan.agreed", {{"plan", "RAP"}, {"date", "2025-09-13"}}), at(2026, 9, 15));
  REQUIRE_FALSE(old);
  CHECK(old.error().message.find("more than 366 days before today") != std::string::npos);
}

TEST_CASE("the law of a warning notice by nation and date", "[interpreter][dates][law]") {
  // England: the 2006 Act as first enacted through Sun 17 Apr 2016; as amended from Mon 18 Apr.
  CHECK(*law_value(Nation::kEngland, make_date(2016, 4, 17), "warning_notice.regime") == "eia-2006-s60-as-enacted");
  CHECK(*law_value(Nation::kEngland, make_date(2016, 4, 17), "warning_notice.initial_period_working_days") == "15");
  CHECK(*law_value(Nation::kEngland, make_date(2016, 4, 17), "warning_notice.representations") == "yes");
  CHECK(*law_value(Nation::kEngland, make_date(2016, 4, 18), "warning_notice.regime") ==
        "eia-2006-s60-as-amended-2016");
  CHECK(*law_value(Nation::kEngland, make_date(2016, 4, 18), "warning_notice.representations") == "no");
  CHECK_FALSE(law_value(Nation::kEngland, make_date(2016, 4, 18), "warning_notice.statutory_compliance_working_days"));
  CHECK(*law_value(Nation::kEngland, make_date(2026, 9, 1), "warning_notice.powers_notice") == "yes");
  // Before the 2006 Act's section 60 came into force sif knows no regime.
  CHECK_FALSE(law_value(Nation::kEngland, make_date(2007, 3, 31), "warning_notice.regime"));
  // Wales: no representations and no further notice before powers; no copy to the Chief Inspector.
  CHECK(*law_value(Nation::kWales, make_date(2026, 9, 1), "warning_notice.regime") == "ssowa-2013-s3");
  CHECK(*law_value(Nation::kWales, make_date(2026, 9, 1), "warning_notice.powers_notice") == "no");
  CHECK(*law_value(Nation::kWales, make_date(2026, 9, 1), "warning_notice.copy_chief_inspector") == "no");
  CHECK_FALSE(law_value(Nation::kWales, make_date(2026, 9, 1), "warning_notice.no_such_field"));
  // The initial period of a notice given on Fri 11 Dec 2015 ends with the fifteenth working day
  // following: 14-18, 21-24, 29-31 Dec, 4-6 Jan (25 Dec, the Boxing Day substitute Mon 28 Dec, 1 Jan).
  CHECK(test_calendar().add_working_days(make_date(2015, 12, 11), 15) == make_date(2016, 1, 6));
  // A 2026 English letter never offers the representation to Ofsted that ended in April 2016.
  const std::string clause = *law_value(Nation::kEngland, make_date(2026, 9, 1), "warning_notice.representation_clause");
  CHECK(clause.find("that right ended on 18 April 2016") != std::string::npos);
}

TEST_CASE("a cadence of a stage goes on when the school moves between the stage's states", "[interpreter][dates]") {
  // support (root): amber + category.agreed [red] -> red; red + category.agreed [amber] -> amber;
  // both declare visit (every 4 weeks, stage "monitored"); red also has its own check (2 weeks).
  Framework fw = base_framework();
  WorkflowSpec wf;
  wf.id = "support";
  wf.root = true;
  wf.initial = "amber";
  TimerSpec visit = timer("visit", 4, Unit::kWeeks);
  visit.every = Duration{4, Unit::kWeeks};
  visit.stage = "monitored";
  visit.meaning = TimerMeaning::kDeadline;
  TimerSpec check = timer("check", 2, Unit::kWeeks);
  StateSpec amber = state("amber");
  amber.timers = {visit};
  amber.on["timer.visit"] = {go()};
  amber.on["category.agreed"] = {go_when("red", {eq("event.category", "red")}), go_when("amber", {eq("event.category", "amber")})};
  StateSpec red = state("red");
  red.timers = {visit, check};
  red.on["timer.visit"] = {go()};
  red.on["timer.check"] = {go()};
  red.on["category.agreed"] = {go_when("amber", {eq("event.category", "amber")})};
  wf.states = {amber, red};
  fw.workflows.push_back(wf);
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};

  // Entered amber on Mon 7 Sep 2026: the visit is due Mon 5 Oct.
  auto s = start_school(ctx, test_school(), "", "admin", at(2026, 9, 7));
  REQUIRE(s);
  CHECK(pending(s->next, "support", "visit")->due == make_date(2026, 10, 5));
  // Moved to red on Mon 28 Sep: the visit stays due Mon 5 Oct (not 26 Oct); red's own check is new.
  auto r = step(ctx, s->next, ev("category.agreed", {{"category", "red"}}), at(2026, 9, 28));
  REQUIRE(r);
  CHECK(inst(r->next, "support").state == "red");
  CHECK(pending(r->next, "support", "visit")->due == make_date(2026, 10, 5));
  CHECK(pending(r->next, "support", "check")->due == make_date(2026, 10, 12));
  CHECK(r->timers_set.size() == 1);  // only the check; the visit was not re-armed
  // The visit missed in red is overdue from Tue 6 Oct, and stays overdue on moving back to amber.
  auto fired = step(ctx, r->next, timer_event("support", *pending(r->next, "support", "visit")),
                    LocalTime{make_date(2026, 10, 6), 8 * 60});
  REQUIRE(fired);
  REQUIRE(inst(fired->next, "support").overdue.size() == 1);
  auto back = step(ctx, fired->next, ev("category.agreed", {{"category", "amber"}}), at(2026, 10, 7));
  REQUIRE(back);
  CHECK(inst(back->next, "support").overdue.size() == 1);
  CHECK(pending(back->next, "support", "visit")->due == make_date(2026, 11, 2));  // the next in the series
  CHECK_FALSE(pending(back->next, "support", "check"));                             // red's own timer stopped
  // Re-entering the same state starts the cadence afresh.
  auto again = step(ctx, back->next, ev("category.agreed", {{"category", "amber"}}), at(2026, 10, 8));
  REQUIRE(again);
  CHECK(pending(again->next, "support", "visit")->due == make_date(2026, 11, 5));
  CHECK(inst(again->next, "support").overdue.empty());
}

TEST_CASE("calendar anchors: the start of the academic year, May, the end of each half-term", "[interpreter][dates]") {
  Calendar cal = test_calendar();
  // The default pattern: Autumn 1 2026 is Tue 1 Sep - Fri 23 Oct; Autumn 2 ends Fri 18 Dec 2026.
  CHECK(*cal.next_anchor(make_date(2026, 7, 20), "start of autumn term") == make_date(2026, 9, 1));
  CHECK(*cal.next_anchor(make_date(2026, 9, 1), "start of autumn term") == make_date(2026, 9, 1));  // on the day
  CHECK(*cal.next_anchor(make_date(2026, 9, 2), "start of autumn term") == make_date(2027, 9, 1));
  CHECK(*cal.next_anchor(make_date(2026, 9, 7), "end of half-term") == make_date(2026, 10, 23));
  CHECK(*cal.next_anchor(make_date(2026, 10, 27), "end of half-term") == make_date(2026, 12, 18));  // in the holiday
  CHECK(*cal.next_anchor(make_date(2026, 9, 7), "end of term") == make_date(2026, 12, 18));
  // The start of a term (not of a half-term): after Tue 1 Sep 2026 the next is the spring term,
  // Mon 4 Jan 2027, past the start of Autumn 2 (Mon 2 Nov).
  CHECK(*cal.next_anchor(make_date(2026, 9, 1), "start of term") == make_date(2026, 9, 1));
  CHECK(*cal.next_anchor(make_date(2026, 9, 2), "start of term") == make_date(2027, 1, 4));
  CHECK(*cal.next_anchor(make_date(2026, 9, 2), "start of half-term") == make_date(2026, 11, 2));
  CHECK(*cal.next_anchor(make_date(2026, 9, 2), "09-01") == make_date(2027, 9, 1));
  CHECK_FALSE(cal.next_anchor(make_date(2026, 9, 2), "autumn"));
  CHECK_FALSE(Calendar::valid_anchor("02-29"));
  CHECK(Calendar::valid_anchor("05-01"));
  Calendar short_terms(Region::kEnglandAndWales, default_term_calendar(2025, 2025));
  auto beyond = short_terms.next_anchor(make_date(2026, 8, 1), "start of autumn term");
  REQUIRE_FALSE(beyond);
  CHECK(beyond.error().message.find("does not reach far enough") != std::string::npos);

  // A framework: the annual conversation at the start of each academic year, and the May statement.
  Framework fw = base_framework();
  WorkflowSpec wf;
  wf.id = "annual";
  wf.root = true;
  wf.initial = "year";
  TimerSpec conversation = timer("conversation", 0, Unit::kDays);
  conversation.at = "start of autumn term";
  conversation.recurring = true;
  TimerSpec statement = timer("statement", 0, Unit::kDays);
  statement.at = "05-01";
  StateSpec year = state("year");
  year.timers = {conversation, statement};
  year.on["timer.conversation"] = {go()};
  year.on["timer.statement"] = {go()};
  wf.states = {year};
  fw.workflows.push_back(wf);
  StepContext ctx{fw, cal};
  // Registered on Wed 11 Nov 2026, two months into the year: the conversation is next September,
  // not an anniversary of registration; the statement is Sat 1 May 2027, moved past the early May
  // bank holiday (Mon 3 May) to Tue 4 May.
  auto s = start_school(ctx, test_school(), "", "admin", at(2026, 11, 11));
  REQUIRE(s);
  const PendingTimer* c = pending(s->next, "annual", "conversation");
  REQUIRE(c);
  CHECK(c->due == make_date(2027, 9, 1));
  CHECK(c->provenance.anchor == "start of autumn term");
  CHECK(pending(s->next, "annual", "statement")->due == make_date(2027, 5, 4));
  // Fired on Wed 1 Sep 2027: next at the start of the 2028-29 year, Fri 1 Sep 2028 (a Friday:
  // the pattern's Autumn 1 then starts on Mon 4 Sep).
  auto statement_fired = step(ctx, s->next, timer_event("annual", *pending(s->next, "annual", "statement")),
                              LocalTime{make_date(2027, 5, 4), 8 * 60});
  REQUIRE(statement_fired);
  auto fired = step(ctx, statement_fired->next, timer_event("annual", *pending(statement_fired->next, "annual", "conversation")),
                    LocalTime{make_date(2027, 9, 1), 8 * 60});
  REQUIRE(fired);
  CHECK(pending(fired->next, "annual", "conversation")->due == make_date(2028, 9, 4));
  CHECK_FALSE(pending(fired->next, "annual", "statement"));  // not recurring
}
