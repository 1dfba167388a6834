// Overdue deadlines and escalations: a deadline that passes while the instance stays in its state
// is overdue until the state is left; an escalation goes to the role above `after` the deadline,
// only while it is still overdue. Dates are real and counted by hand (bank holidays of England
// and Wales).
#include <catch2/catch.hpp>

#include <algorithm>

#include "interpreter_test_support.hpp"

using namespace sif::workflows;
using namespace sif::workflows::testing;

namespace {

Escalation escalation(int count, Unit unit, std::vector<std::string> roles, std::string tmpl = "deadline-overdue") {
  Escalation e;
  e.after = Duration{count, unit};
  for (auto& role : roles) e.to.push_back(Recipient{std::move(role), {}, {}});
  e.template_id = std::move(tmpl);
  return e;
}

// main (root):
//   idle       + plan.agreed          -> review
//              + category.agreed      -> visiting
//              + concern.notified     -> strict
//   review     (review_due: 10 working days from "event.date | state.entered"; reminder 5 working
//               days before to link_adviser; escalations 5 working days after to la_lead and
//               10 days after to la_lead, director; no transition on timer.review_due)
//              + report.sent          -> (internal) / cancel review_due
//              + meeting.scheduled    -> (internal) / restart review_due
//              + note.recorded        -> (internal)
//              + review.held          -> idle
//   visiting   (visit: 2 weeks, every 2 weeks; escalation 3 working days after to la_lead)
//              + timer.visit          -> (internal)
//              + review.held          -> idle
//   strict     (answer_due: 5 working days, then idle; escalation 2 working days after)
Framework framework() {
  Framework f = base_framework();
  f.roles.push_back(RoleSpec{"director", "Director of Education", {}, false, {}});
  WorkflowSpec wf;
  wf.id = "main";
  wf.title = "Monitoring";
  wf.root = true;
  wf.initial = "idle";

  StateSpec idle = state("idle");
  idle.on["plan.agreed"] = {go("review")};
  idle.on["category.agreed"] = {go("visiting")};
  idle.on["concern.notified"] = {go("strict")};

  StateSpec review = state("review");
  review.title = "Termly review";
  TimerSpec due = timer("review_due", 10, Unit::kWorkingDays);
  due.title = "Review report to the governing body";
  due.from.kind = TimerBase::Kind::kPath;
  due.from.path = expr("event.date | state.entered");
  due.source = "Section 4.2";
  due.reminders.push_back(reminder(5, Unit::kWorkingDays, {"link_adviser"}));
  due.meaning = TimerMeaning::kDeadline;
  due.escalations.push_back(escalation(5, Unit::kWorkingDays, {"la_lead"}));
  due.escalations.push_back(escalation(10, Unit::kDays, {"la_lead", "director"}, ""));
  review.timers.push_back(due);
  TransitionSpec sent = go();
  sent.effects.cancel = {"review_due"};
  review.on["report.sent"] = {sent};
  TransitionSpec restart = go();
  restart.effects.restart = {"review_due"};
  review.on["meeting.scheduled"] = {restart};
  review.on["note.recorded"] = {go()};
  review.on["review.held"] = {go("idle")};

  StateSpec visiting = state("visiting");
  TimerSpec visit = timer("visit", 2, Unit::kWeeks);
  visit.every = Duration{2, Unit::kWeeks};
  visit.meaning = TimerMeaning::kDeadline;
  visit.escalations.push_back(escalation(3, Unit::kWorkingDays, {"la_lead"}));
  visiting.timers.push_back(visit);
  visiting.on["timer.visit"] = {go()};
  visiting.on["review.held"] = {go("idle")};

  StateSpec strict = state("strict");
  TimerSpec answer = timer("answer_due", 5, Unit::kWorkingDays, "idle");
  answer.meaning = TimerMeaning::kDeadline;
  answer.escalations.push_back(escalation(2, Unit::kWorkingDays, {"la_lead"}));
  strict.timers.push_back(answer);

  wf.states = {idle, review, visiting, strict};
  f.workflows.push_back(wf);
  return f;
}

struct Fixture {
  Framework fw = framework();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};

  SchoolState started() { return start_school(ctx, test_school(), "", "admin", at(2026, 9, 1))->next; }

  Transition apply(const SchoolState& s, Event e, LocalTime now) {
    auto t = step(ctx, s, e, now);
    if (!t) FAIL(t.error().message << " / " << t.error().details);
    return *t;
  }
  Transition fire(const SchoolState& s, const std::string& timer_id) {
    const PendingTimer* p = pending(s, "main", timer_id);
    REQUIRE(p != nullptr);
    return apply(s, timer_event("main", *p), LocalTime{p->due, 8 * 60});
  }
  // Fires whatever is due next, as the scheduler does.
  Transition fire_next(const SchoolState& s) {
    std::optional<DueTimer> next = next_timer(s);
    REQUIRE(next);
    return apply(s, timer_event(next->instance, *next->timer), LocalTime{next->timer->due, 8 * 60});
  }
  // review entered on `date` (back-dated events keep `now` on the same day).
  SchoolState in_review(const std::string& date) {
    auto d = parse_date(date);
    REQUIRE(d);
    return apply(started(), ev("plan.agreed", {{"date", date}, {"plan", "RAP"}}), LocalTime{*d, 9 * 60}).next;
  }
};

std::vector<std::string> skipped(const PendingTimer& t) {
  std::vector<std::string> out;
  for (const auto& s : t.provenance.skipped) out.push_back(format_date(s.date) + " " + s.reason);
  return out;
}

bool cancelled(const Transition& t, const std::string& id) {
  return std::find(t.timers_cancelled.begin(), t.timers_cancelled.end(), std::make_pair(std::string("main"), id)) !=
         t.timers_cancelled.end();
}

}  // namespace

TEST_CASE("review + plan.agreed on Wed 9 Dec 2026 -> deadline, reminder and escalations over Christmas",
          "[interpreter][timers][overdue][calendar]") {
  Fixture f;
  SchoolState s = f.in_review("2026-12-09");
  // 10 working days from Wed 9 Dec: 10, 11, 14, 15, 16, 17, 18, 21, 22, 23 -> Wed 23 Dec.
  const PendingTimer* due = pending(s, "main", "review_due");
  REQUIRE(due);
  CHECK(due->due == make_date(2026, 12, 23));
  // 5 working days before: 22, 21, 18, 17, 16 -> Wed 16 Dec.
  const PendingTimer* rem = pending(s, "main", "review_due#reminder1");
  REQUIRE(rem);
  CHECK(rem->due == make_date(2026, 12, 16));

  // 5 working days after Wed 23 Dec 2026: Thu 24 (1); Fri 25 Christmas Day; Sat 26, Sun 27;
  // Mon 28 Boxing Day (substitute day, the 26th being a Saturday); Tue 29 (2), Wed 30 (3),
  // Thu 31 (4); Fri 1 Jan New Year's Day; Sat 2, Sun 3; Mon 4 Jan 2027 (5).
  const PendingTimer* esc = pending(s, "main", "review_due#escalation1");
  REQUIRE(esc);
  CHECK(esc->kind == TimerKind::kEscalation);
  CHECK(esc->due == make_date(2027, 1, 4));
  CHECK(esc->title == "Overdue: Review report to the governing body");
  CHECK(esc->provenance.base == make_date(2026, 12, 23));
  CHECK(esc->provenance.base_event == "timer.review_due");
  CHECK(esc->provenance.duration == Duration{5, Unit::kWorkingDays});
  CHECK(esc->provenance.rule == "Section 4.2");
  CHECK(esc->provenance.state == "review");
  CHECK(skipped(*esc) == std::vector<std::string>{"2026-12-25 Christmas Day", "2026-12-26 Saturday",
                                                  "2026-12-27 Sunday", "2026-12-28 Boxing Day (substitute day)",
                                                  "2027-01-01 New Year's Day", "2027-01-02 Saturday",
                                                  "2027-01-03 Sunday"});
  // 10 calendar days after Wed 23 Dec: Sat 2 Jan 2027 (plain days skip nothing).
  const PendingTimer* esc2 = pending(s, "main", "review_due#escalation2");
  REQUIRE(esc2);
  CHECK(esc2->due == make_date(2027, 1, 2));
  CHECK(esc2->provenance.skipped.empty());

  // The scheduler's order: reminder (16 Dec), deadline (23 Dec), then escalations (2 and 4 Jan).
  Transition r = f.fire_next(s);
  REQUIRE(r.notices.size() == 1);
  CHECK(r.notices[0].template_id == "deadline-reminder");
  CHECK(r.next.instances[0].overdue.empty());

  // review + timer.review_due [no transition] -> review (stays) / overdue += review_due
  Transition d = f.fire_next(r.next);
  CHECK(d.history.back().event == "timer.review_due");
  CHECK(d.history.back().to == "review");
  CHECK(d.notices.empty());
  const Instance& main = inst(d.next, "main");
  REQUIRE(main.overdue.size() == 1);
  CHECK(main.overdue[0].id == "review_due");
  CHECK(main.overdue[0].title == "Review report to the governing body");
  CHECK(main.overdue[0].due == make_date(2026, 12, 23));
  CHECK(main.overdue[0].provenance.rule == "Section 4.2");
  CHECK(pending(d.next, "main", "review_due#escalation1"));

  // review + timer.review_due#escalation2 (Sat 2 Jan, 10 days) -> notice to la_lead and director.
  Transition e2 = f.fire_next(d.next);
  REQUIRE(e2.notices.size() == 1);
  CHECK(e2.notices[0].template_id == "deadline-overdue");  // the default when none is named
  CHECK(e2.notices[0].to == std::vector<std::string>{"la_lead", "director"});
  // Working days in (23 Dec, 2 Jan]: 24, 29, 30, 31 -> 4.
  CHECK(e2.notices[0].data.at("escalation.working_days_overdue") == "4");

  // review + timer.review_due#escalation1 (Mon 4 Jan) -> notice to la_lead; still overdue.
  Transition e1 = f.fire_next(e2.next);
  CHECK(e1.history.back().event == "timer.review_due#escalation1");
  CHECK(e1.history.back().from == "review");
  CHECK(e1.history.back().to == "review");
  CHECK(e1.history.back().note ==
        "Overdue: Review report to the governing body due 2026-12-23; 5 working days overdue; escalated to la_lead");
  REQUIRE(e1.notices.size() == 1);
  const NoticeEffect& n = e1.notices[0];
  CHECK(n.template_id == "deadline-overdue");
  CHECK(n.to == std::vector<std::string>{"la_lead"});
  CHECK(n.reason == "escalation: review_due overdue");
  CHECK(n.data.at("escalation.title") == "Review report to the governing body");
  CHECK(n.data.at("escalation.timer") == "review_due");
  CHECK(n.data.at("escalation.deadline") == "2026-12-23");
  CHECK(n.data.at("escalation.deadline.words") == "Wednesday 23 December 2026");
  CHECK(n.data.at("escalation.fired.words") == "Monday 4 January 2027");
  CHECK(n.data.at("escalation.working_days_overdue") == "5");
  CHECK(n.data.at("escalation.overdue.words") == "5 working days");
  CHECK(n.data.at("overdue.review_due.words") == "Wednesday 23 December 2026");
  CHECK(n.data.at("state.title") == "Termly review");
  CHECK(n.data.at("school.name") == "Example Primary");
  CHECK(n.data.at("source") == "Section 4.2");
  CHECK(inst(e1.next, "main").overdue.size() == 1);
  CHECK(inst(e1.next, "main").timers.empty());
  CHECK_FALSE(next_timer(e1.next));

  // review + review.held -> idle: the overdue list goes with the state.
  Transition left =
      f.apply(e1.next, ev("review.held", {{"date", "2027-01-05"}, {"progress", "sufficient"}}), at(2027, 1, 5));
  CHECK(inst(left.next, "main").state == "idle");
  CHECK(inst(left.next, "main").overdue.empty());
}

TEST_CASE("an escalation 5 working days after Thu 25 March 2027 skips Easter: Mon 5 April",
          "[interpreter][timers][overdue][calendar]") {
  Fixture f;
  // 10 working days from Thu 11 March 2027: 12, 15, 16, 17, 18, 19, 22, 23, 24, 25 -> Thu 25 March.
  SchoolState s = f.in_review("2027-03-11");
  const PendingTimer* due = pending(s, "main", "review_due");
  REQUIRE(due);
  CHECK(due->due == make_date(2027, 3, 25));
  // Fri 26 Good Friday; Sat 27, Sun 28; Mon 29 Easter Monday; Tue 30 (1), Wed 31 (2), Thu 1 (3),
  // Fri 2 (4), Mon 5 April (5).
  const PendingTimer* esc = pending(s, "main", "review_due#escalation1");
  REQUIRE(esc);
  CHECK(esc->due == make_date(2027, 4, 5));
  CHECK(skipped(*esc) == std::vector<std::string>{"2027-03-26 Good Friday", "2027-03-27 Saturday",
                                                  "2027-03-28 Sunday", "2027-03-29 Easter Monday",
                                                  "2027-04-03 Saturday", "2027-04-04 Sunday"});

  Transition d = f.fire(f.fire(s, "review_due#reminder1").next, "review_due");
  REQUIRE(inst(d.next, "main").overdue.size() == 1);
  CHECK(inst(d.next, "main").overdue[0].due == make_date(2027, 3, 25));
  Transition e = f.fire(f.fire(d.next, "review_due#escalation2").next, "review_due#escalation1");
  REQUIRE(e.notices.size() == 1);
  CHECK(e.notices[0].data.at("escalation.working_days_overdue") == "5");
  CHECK(e.notices[0].data.at("escalation.deadline.words") == "Thursday 25 March 2027");
}

TEST_CASE("leaving the state cancels escalations and clears the overdue list", "[interpreter][overdue]") {
  Fixture f;
  SchoolState s = f.in_review("2026-12-09");

  SECTION("left before the deadline: deadline, reminder and escalations all cancelled") {
    // review + review.held -> idle / cancel review_due, its reminder and escalations
    Transition t =
        f.apply(s, ev("review.held", {{"date", "2026-12-10"}, {"progress", "sufficient"}}), at(2026, 12, 10));
    CHECK(cancelled(t, "review_due"));
    CHECK(cancelled(t, "review_due#reminder1"));
    CHECK(cancelled(t, "review_due#escalation1"));
    CHECK(cancelled(t, "review_due#escalation2"));
    CHECK(inst(t.next, "main").timers.empty());
    CHECK(inst(t.next, "main").overdue.empty());
  }
  SECTION("left while overdue: the escalation never goes out") {
    Transition d = f.fire(s, "review_due");
    REQUIRE(inst(d.next, "main").overdue.size() == 1);
    // review + review.held -> idle / overdue cleared, escalations cancelled
    Transition t =
        f.apply(d.next, ev("review.held", {{"date", "2026-12-29"}, {"progress", "sufficient"}}), at(2026, 12, 29));
    CHECK(t.history[0].from == "review");
    CHECK(t.history[0].to == "idle");
    CHECK(cancelled(t, "review_due#escalation1"));
    CHECK(cancelled(t, "review_due#escalation2"));
    CHECK(inst(t.next, "main").overdue.empty());
    CHECK_FALSE(next_timer(t.next));
    // The escalation that was pending is refused now (already cancelled), as any stale timer.
    const PendingTimer* esc = pending(d.next, "main", "review_due#escalation1");
    REQUIRE(esc);
    auto stale = step(f.ctx, t.next, timer_event("main", *esc), at(2027, 1, 4));
    REQUIRE_FALSE(stale);
    CHECK(stale.error().code == ErrorCode::kConflict);
  }
  SECTION("an internal transition keeps both") {
    Transition d = f.fire(s, "review_due");
    // review + note.recorded -> (internal): still overdue, escalation still pending
    Transition t = f.apply(d.next, ev("note.recorded", {{"date", "2026-12-24"}, {"text", "chased"}}), at(2026, 12, 24));
    CHECK(inst(t.next, "main").overdue.size() == 1);
    CHECK(pending(t.next, "main", "review_due#escalation1"));
    CHECK(t.timers_cancelled.empty());
  }
}

TEST_CASE("cancel and restart of an overdue deadline take it off the list", "[interpreter][overdue]") {
  Fixture f;
  Transition d = f.fire(f.in_review("2026-12-09"), "review_due");
  REQUIRE(inst(d.next, "main").overdue.size() == 1);

  SECTION("report.sent / cancel review_due: met late, nothing left to escalate") {
    Transition t = f.apply(d.next, ev("report.sent", {{"date", "2026-12-29"}}), at(2026, 12, 29));
    CHECK(inst(t.next, "main").state == "review");
    CHECK(inst(t.next, "main").overdue.empty());
    CHECK(cancelled(t, "review_due#escalation1"));
    CHECK(cancelled(t, "review_due#escalation2"));
    CHECK(inst(t.next, "main").timers.empty());
  }
  SECTION("meeting.scheduled / restart review_due: a new due date, escalations re-armed after it") {
    // Restarted on Tue 29 Dec 2026: 10 working days -> 30, 31, 4, 5, 6, 7, 8, 11, 12, 13 -> Wed 13 Jan.
    Transition t =
        f.apply(d.next, ev("meeting.scheduled", {{"date", "2026-12-29"}, {"kind", "review"}}), at(2026, 12, 29));
    CHECK(inst(t.next, "main").overdue.empty());
    const PendingTimer* due = pending(t.next, "main", "review_due");
    REQUIRE(due);
    CHECK(due->due == make_date(2027, 1, 13));
    // 5 working days after Wed 13 Jan: 14, 15, 18, 19, 20 -> Wed 20 Jan.
    const PendingTimer* esc = pending(t.next, "main", "review_due#escalation1");
    REQUIRE(esc);
    CHECK(esc->due == make_date(2027, 1, 20));
  }
}

TEST_CASE("an escalation fired before its deadline has passed sends nothing", "[interpreter][overdue]") {
  Fixture f;
  SchoolState s = f.in_review("2026-12-09");
  // Fired by hand (the scheduler never does: it is due after the deadline).
  Transition t = f.fire(s, "review_due#escalation1");
  CHECK(t.notices.empty());
  CHECK(t.history.back().note == "Overdue: Review report to the governing body due 2026-12-23; not sent: the "
                                 "deadline is not overdue");
}

TEST_CASE("a deadline whose then: leaves the state cancels its escalations and is overdue in the new state",
          "[interpreter][overdue]") {
  Fixture f;
  // Mon 7 Dec 2026 + 5 working days -> Mon 14 Dec; escalation 2 working days later -> Wed 16 Dec.
  SchoolState s =
      f.apply(f.started(), ev("concern.notified", {{"date", "2026-12-07"}, {"reason", "standards"}}), at(2026, 12, 7))
          .next;
  const PendingTimer* esc = pending(s, "main", "answer_due#escalation1");
  REQUIRE(esc);
  CHECK(esc->due == make_date(2026, 12, 16));
  // strict + timer.answer_due -> idle / escalation cancelled; answer_due overdue in idle
  Transition t = f.fire(s, "answer_due");
  CHECK(inst(t.next, "main").state == "idle");
  CHECK(cancelled(t, "answer_due#escalation1"));
  REQUIRE(inst(t.next, "main").overdue.size() == 1);
  CHECK(inst(t.next, "main").overdue[0].id == "answer_due");
  CHECK(inst(t.next, "main").overdue[0].due == make_date(2026, 12, 14));
  CHECK(inst(t.next, "main").overdue[0].provenance.base == make_date(2026, 12, 7));

  // idle + plan.agreed -> review: leaving idle takes answer_due off the list.
  Transition left = f.apply(t.next, ev("plan.agreed", {{"date", "2026-12-16"}, {"plan", "RAP"}}), at(2026, 12, 16));
  CHECK(inst(left.next, "main").state == "review");
  CHECK(inst(left.next, "main").overdue.empty());
}

TEST_CASE("a recurring deadline: overdue entry follows the latest firing, each firing escalates once",
          "[interpreter][overdue]") {
  Fixture f;
  // Mon 7 Dec 2026 + 2 weeks -> Mon 21 Dec; + 3 working days: 22, 23, 24 -> Thu 24 Dec.
  SchoolState s =
      f.apply(f.started(), ev("category.agreed", {{"date", "2026-12-07"}, {"category", "amber"}}), at(2026, 12, 7))
          .next;
  const PendingTimer* esc = pending(s, "main", "visit#escalation1");
  REQUIRE(esc);
  CHECK(esc->due == make_date(2026, 12, 24));

  // visiting + timer.visit (Mon 21 Dec) -> (internal) / overdue visit due 21 Dec; next visit Mon 4 Jan
  Transition v1 = f.fire_next(s);
  CHECK(v1.history.back().event == "timer.visit");
  const Instance& i1 = inst(v1.next, "main");
  REQUIRE(i1.overdue.size() == 1);
  CHECK(i1.overdue[0].due == make_date(2026, 12, 21));
  REQUIRE(pending(v1.next, "main", "visit"));
  CHECK(pending(v1.next, "main", "visit")->due == make_date(2027, 1, 4));
  // The first firing's escalation is still waiting; only one timer has its id.
  CHECK(std::count_if(i1.timers.begin(), i1.timers.end(),
                      [](const PendingTimer& t) { return t.id == "visit#escalation1"; }) == 1);
  CHECK(pending(v1.next, "main", "visit#escalation1")->due == make_date(2026, 12, 24));

  // visiting + timer.visit#escalation1 (Thu 24 Dec) -> notice; armed again 3 working days after
  // Mon 4 Jan 2027: 5, 6, 7 -> Thu 7 Jan.
  Transition e1 = f.fire_next(v1.next);
  REQUIRE(e1.notices.size() == 1);
  CHECK(e1.notices[0].data.at("escalation.deadline") == "2026-12-21");
  CHECK(e1.notices[0].data.at("escalation.working_days_overdue") == "3");
  const PendingTimer* again = pending(e1.next, "main", "visit#escalation1");
  REQUIRE(again);
  CHECK(again->due == make_date(2027, 1, 7));
  CHECK(again->provenance.base == make_date(2027, 1, 4));

  // visiting + timer.visit (Mon 4 Jan) -> the overdue entry moves to the latest due.
  Transition v2 = f.fire_next(e1.next);
  CHECK(v2.history.back().event == "timer.visit");
  REQUIRE(inst(v2.next, "main").overdue.size() == 1);
  CHECK(inst(v2.next, "main").overdue[0].due == make_date(2027, 1, 4));
  Transition e2 = f.fire_next(v2.next);
  REQUIRE(e2.notices.size() == 1);
  CHECK(e2.notices[0].data.at("escalation.deadline") == "2027-01-04");
}

TEST_CASE("next_timer: at one instant reminders first, then deadlines, then escalations, a window closes at 00:00",
          "[interpreter][overdue]") {
  SchoolState s;
  Instance i;
  i.id = "main";
  PendingTimer esc;  // declared first: creation order alone would put it first
  esc.id = "b#escalation1";
  esc.kind = TimerKind::kEscalation;
  esc.due = esc.fires = make_date(2027, 1, 4);
  PendingTimer d;
  d.id = "a";
  d.meaning = TimerMeaning::kDeadline;
  d.due = make_date(2026, 12, 31);  // Thu 31 Dec 2026; overdue from Mon 4 Jan 2027 (1 Jan a bank holiday)
  d.fires = make_date(2027, 1, 4);
  PendingTimer rem;
  rem.id = "c#reminder1";
  rem.kind = TimerKind::kReminder;
  rem.due = rem.fires = make_date(2027, 1, 4);
  i.timers = {esc, d, rem};
  s.instances.push_back(i);
  auto first = next_timer(s);
  REQUIRE(first);
  CHECK(first->timer->id == "c#reminder1");
  s.instances[0].timers = {esc, d};
  auto second = next_timer(s);
  REQUIRE(second);
  CHECK(second->timer->id == "a");  // the escalation needs its deadline to have fired

  // A window whose last day is Sun 3 Jan closes at 00:00 on Mon 4 Jan: before everything at 08:00.
  PendingTimer w;
  w.id = "z";
  w.meaning = TimerMeaning::kWindow;
  w.due = make_date(2027, 1, 3);
  w.fires = make_date(2027, 1, 4);
  s.instances[0].timers = {esc, d, rem, w};
  auto third = next_timer(s, 8 * 60);
  REQUIRE(third);
  CHECK(third->timer->id == "z");
  CHECK(fire_local(w, 8 * 60) == LocalTime{make_date(2027, 1, 4), 0});
  CHECK(fire_local(d, 8 * 60) == LocalTime{make_date(2027, 1, 4), 8 * 60});
}

TEST_CASE("only deadlines marked overdue (or with escalations) are overdue when they fire and the instance stays",
          "[interpreter][overdue]") {
  // main: idle (placement: 0 days, fires and stays; prompt: 2 weeks, overdue: true, stays)
  Framework f = base_framework();
  WorkflowSpec wf;
  wf.id = "main";
  wf.root = true;
  wf.initial = "idle";
  StateSpec idle = state("idle");
  TimerSpec placement = timer("placement", 0, Unit::kDays);
  placement.title = "Placement on the day of entry";
  TimerSpec prompt = timer("plan_due", 2, Unit::kWeeks);
  prompt.title = "Plan agreed with the school";
  prompt.meaning = TimerMeaning::kDeadline;
  idle.timers = {placement, prompt};
  idle.on["timer.placement"] = {go()};
  idle.on["timer.plan_due"] = {go()};
  wf.states = {idle};
  f.workflows.push_back(wf);
  Calendar cal = test_calendar();
  StepContext ctx{f, cal};
  auto s = start_school(ctx, test_school(), "", "admin", at(2026, 9, 1));
  REQUIRE(s);

  // Tue 1 Sep 2026: the placement fires and the school stays in idle, which is not overdue.
  const PendingTimer* p = pending(s->next, "main", "placement");
  REQUIRE(p);
  auto placed = step(ctx, s->next, timer_event("main", *p), LocalTime{p->due, 8 * 60});
  REQUIRE(placed);
  CHECK(placed->next.instances[0].overdue.empty());

  // Tue 15 Sep 2026: the plan was due and nothing moved the school on: overdue.
  const PendingTimer* due = pending(placed->next, "main", "plan_due");
  REQUIRE(due);
  CHECK(due->due == make_date(2026, 9, 15));
  auto late = step(ctx, placed->next, timer_event("main", *due), LocalTime{due->due, 8 * 60});
  REQUIRE(late);
  REQUIRE(late->next.instances[0].overdue.size() == 1);
  CHECK(late->next.instances[0].overdue[0].id == "plan_due");
  CHECK(late->next.instances[0].overdue[0].due == make_date(2026, 9, 15));
}

TEST_CASE("a deadline whose firing moves the instance on stays overdue in the new state until it is left",
          "[interpreter][overdue]") {
  // main (root):
  //   drafting  (report_due: deadline, 10 working days from event.date)
  //             + timer.report_due [event.date present]  -> chasing
  //             + report.sent                            -> done (final)
  //   chasing   on_enter: notice chase-letter (overdue.report_due in its data)
  //             (chase_due: deadline, 5 working days, then: drafting)
  //             + report.sent                            -> done (final)
  //             + note.recorded                          -> (internal)
  //   done      final
  Framework f = base_framework();
  WorkflowSpec wf;
  wf.id = "main";
  wf.root = true;
  wf.initial = "drafting";
  StateSpec drafting = state("drafting");
  TimerSpec due = timer("report_due", 10, Unit::kWorkingDays);
  due.meaning = TimerMeaning::kDeadline;
  due.title = "Report to the governing body";
  drafting.timers.push_back(due);
  drafting.on["timer.report_due"] = {go_when("chasing", {cond("event.date", Condition::Op::kPresent)})};
  drafting.on["report.sent"] = {go("done")};
  StateSpec chasing = state("chasing");
  chasing.on_enter.notices.push_back(notice("chase-letter", {"la_lead"}));
  TimerSpec chase = timer("chase_due", 5, Unit::kWorkingDays, "drafting");
  chase.meaning = TimerMeaning::kDeadline;
  chasing.timers.push_back(chase);
  chasing.on["report.sent"] = {go("done")};
  chasing.on["note.recorded"] = {go()};
  wf.states = {drafting, chasing, state("done", true)};
  f.workflows.push_back(wf);
  Calendar cal = test_calendar();
  StepContext ctx{f, cal};

  // Registered Thursday 17 December 2026: 10 working days -> 18, 21, 22, 23, 24, (Christmas Day,
  // Boxing Day substitute Monday 28 Dec) 29, 30, 31 Dec, (New Year's Day) 4, 5 January 2027.
  auto started = start_school(ctx, test_school(), "", "admin", at(2026, 12, 17));
  REQUIRE(started);
  const PendingTimer* p = pending(started->next, "main", "report_due");
  REQUIRE(p);
  CHECK(p->due == make_date(2027, 1, 5));
  CHECK(p->fires == make_date(2027, 1, 6));

  // drafting + timer.report_due [event.date present] -> chasing: overdue there, due Tue 5 Jan.
  auto fired = step(ctx, started->next, timer_event("main", *p), LocalTime{p->fires, 8 * 60});
  REQUIRE(fired);
  const Instance& chasing_now = inst(fired->next, "main");
  CHECK(chasing_now.state == "chasing");
  REQUIRE(chasing_now.overdue.size() == 1);
  CHECK(chasing_now.overdue[0].id == "report_due");
  CHECK(chasing_now.overdue[0].title == "Report to the governing body");
  CHECK(chasing_now.overdue[0].due == make_date(2027, 1, 5));
  // The entry notice can name it.
  REQUIRE(fired->notices.size() == 1);
  CHECK(fired->notices[0].data.at("overdue.report_due") == "2027-01-05");
  CHECK(fired->notices[0].data.at("overdue.report_due.title") == "Report to the governing body");

  // chasing + note.recorded -> (internal): still overdue.
  auto noted = step(ctx, fired->next, ev("note.recorded", {{"text", "chased"}}), at(2027, 1, 7));
  REQUIRE(noted);
  CHECK(inst(noted->next, "main").overdue.size() == 1);

  SECTION("chasing + report.sent -> done (final): nothing overdue") {
    auto sent = step(ctx, noted->next, ev("report.sent", {{"date", "2027-01-07"}}), at(2027, 1, 7));
    REQUIRE(sent);
    CHECK(inst(sent->next, "main").final);
    CHECK(inst(sent->next, "main").overdue.empty());
  }
  SECTION("chasing + timer.chase_due -> drafting: report_due re-armed afresh, chase_due overdue instead") {
    const PendingTimer* c = pending(noted->next, "main", "chase_due");
    REQUIRE(c);
    auto back = step(ctx, noted->next, timer_event("main", *c), LocalTime{c->fires, 8 * 60});
    REQUIRE(back);
    const Instance& i = inst(back->next, "main");
    CHECK(i.state == "drafting");
    REQUIRE(i.overdue.size() == 1);
    CHECK(i.overdue[0].id == "chase_due");
    CHECK(pending(back->next, "main", "report_due"));
  }
  SECTION("the same history replayed gives the same overdue entry") {
    auto again = step(ctx, started->next, timer_event("main", *p), LocalTime{p->fires, 8 * 60});
    REQUIRE(again);
    CHECK(dump(again->next) == dump(fired->next));
  }
}

TEST_CASE("a deadline that re-enters its state, finishes the instance, or meets a deadline of its own id is not kept",
          "[interpreter][overdue]") {
  Framework f = base_framework();
  WorkflowSpec wf;
  wf.id = "main";
  wf.root = true;
  wf.initial = "idle";
  StateSpec idle = state("idle");
  idle.on["category.agreed"] = {go("looping")};
  idle.on["plan.agreed"] = {go("closing")};
  idle.on["concern.notified"] = {go("first")};
  StateSpec looping = state("looping");
  TimerSpec loop = timer("loop_due", 2, Unit::kWorkingDays, "looping");
  loop.meaning = TimerMeaning::kDeadline;
  looping.timers.push_back(loop);
  StateSpec closing = state("closing");
  TimerSpec close = timer("close_due", 2, Unit::kWorkingDays, "done");
  close.meaning = TimerMeaning::kDeadline;
  closing.timers.push_back(close);
  StateSpec first = state("first");
  TimerSpec answer = timer("answer_due", 2, Unit::kWorkingDays, "second");
  answer.meaning = TimerMeaning::kDeadline;
  first.timers.push_back(answer);
  StateSpec second = state("second");
  TimerSpec answer2 = timer("answer_due", 5, Unit::kWorkingDays);
  answer2.meaning = TimerMeaning::kDeadline;
  second.timers.push_back(answer2);
  wf.states = {idle, looping, closing, first, second, state("done", true)};
  f.workflows.push_back(wf);
  Calendar cal = test_calendar();
  StepContext ctx{f, cal};
  auto s = start_school(ctx, test_school(), "", "admin", at(2026, 9, 1));
  REQUIRE(s);

  auto fire = [&](const SchoolState& st, const std::string& id) {
    const PendingTimer* t = pending(st, "main", id);
    REQUIRE(t);
    auto r = step(ctx, st, timer_event("main", *t), LocalTime{t->fires, 8 * 60});
    REQUIRE(r);
    return r->next;
  };
  SECTION("looping + timer.loop_due -> looping: re-entered, the deadline is armed afresh, not overdue") {
    auto in = step(ctx, s->next, ev("category.agreed", {{"category", "amber"}}), at(2026, 9, 1));
    REQUIRE(in);
    SchoolState after = fire(in->next, "loop_due");
    CHECK(inst(after, "main").state == "looping");
    CHECK(inst(after, "main").overdue.empty());
    REQUIRE(pending(after, "main", "loop_due"));
    // Due Thu 3 Sep, fired Fri 4 Sep: re-entered that day, 2 working days on -> Mon 7, Tue 8 Sep.
    CHECK(pending(after, "main", "loop_due")->due == make_date(2026, 9, 8));
  }
  SECTION("closing + timer.close_due -> done (final): finished, nothing overdue") {
    auto in = step(ctx, s->next, ev("plan.agreed", {{"plan", "RAP"}}), at(2026, 9, 1));
    REQUIRE(in);
    SchoolState after = fire(in->next, "close_due");
    CHECK(inst(after, "main").final);
    CHECK(inst(after, "main").overdue.empty());
  }
  SECTION("first + timer.answer_due -> second, which declares answer_due itself: its own date, not overdue") {
    auto in = step(ctx, s->next, ev("concern.notified", {{"reason", "standards"}}), at(2026, 9, 1));
    REQUIRE(in);
    SchoolState after = fire(in->next, "answer_due");
    CHECK(inst(after, "main").state == "second");
    CHECK(inst(after, "main").overdue.empty());
    CHECK(pending(after, "main", "answer_due"));
  }
}
