// Child workflows: start with params evaluated in the parent, "<child>.finished" cascading to
// the parent in the same step, several children of one workflow, and the depth limit.
#include <catch2/catch.hpp>

#include "interpreter_test_support.hpp"

using namespace sif::workflows;
using namespace sif::workflows::testing;

namespace {

// main (root), initial escalated:
//   escalated + warning_notice.issued                        -> (internal) / start warning_notice
//             + warning_notice.finished [outcome == complied] -> supported / set_category amber
//             + warning_notice.finished [outcome in not_complied] -> intervention
//   supported + note.recorded -> (internal);  intervention: final
// warning_notice (param compliance_working_days required), initial issued:
//   issued (compliance_end: params.compliance_working_days working days from event.date, then
//           compliance_review; on_enter: warning-notice-letter stating the deadline)
//          + warning_notice.complied -> complied
//   compliance_review + warning_notice.complied -> complied
//                     + warning_notice.not_complied -> not_complied
//   complied, not_complied: final
Framework framework() {
  Framework f = base_framework();
  WorkflowSpec main;
  main.id = "main";
  main.root = true;
  main.initial = "escalated";
  StateSpec escalated = state("escalated");
  TransitionSpec issue = go();
  ChildStart cs;
  cs.workflow = "warning_notice";
  cs.params["compliance_working_days"] = expr("event.compliance_working_days | 15");
  issue.effects.start.push_back(cs);
  escalated.on["warning_notice.issued"] = {issue};
  TransitionSpec complied = go_when("supported", {eq("event.outcome", "complied")});
  complied.effects.set_category = ValueExpr::literal("amber");
  escalated.on["warning_notice.finished"] = {
      complied, go_when("intervention", {cond("event.outcome", Condition::Op::kIn, {"not_complied"})})};
  StateSpec supported = state("supported");
  supported.on["note.recorded"] = {go()};
  main.states = {escalated, supported, state("intervention", true)};

  WorkflowSpec wn;
  wn.id = "warning_notice";
  wn.initial = "issued";
  wn.params.push_back(ParamSpec{"compliance_working_days", "", "", {}});
  wn.params.push_back(ParamSpec{"representation_working_days", "10", "", {}});
  StateSpec issued = state("issued");
  TimerSpec ce = timer("compliance_end", 0, Unit::kWorkingDays, "compliance_review");
  ce.count = expr("params.compliance_working_days");
  ce.from.kind = TimerBase::Kind::kPath;
  ce.from.path = expr("event.date | state.entered");
  issued.timers.push_back(ce);
  NoticeSpec letter = notice("warning-notice-letter", {"governing_body"}, {"headteacher", "ofsted"});
  letter.data["compliance_end"] = expr("timers.compliance_end");
  issued.on_enter.notices.push_back(letter);
  issued.on["warning_notice.complied"] = {go("complied")};
  StateSpec review = state("compliance_review");
  review.on["warning_notice.complied"] = {go("complied")};
  review.on["warning_notice.not_complied"] = {go("not_complied")};
  wn.states = {issued, review, state("complied", true), state("not_complied", true)};

  f.workflows = {main, wn};
  return f;
}

struct Fixture {
  Framework fw = framework();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  SchoolState started() { return start_school(ctx, test_school(), "red", "admin", at(2025, 11, 1))->next; }
  Transition apply(const SchoolState& s, Event e, LocalTime now) {
    auto t = step(ctx, s, e, now);
    if (!t) FAIL(t.error().message << " / " << t.error().details);
    return *t;
  }
};

Event issued(const char* date, const char* days = nullptr) {
  Data d{{"date", date}, {"grounds", "standards"}};
  if (days) d["compliance_working_days"] = days;
  return ev("warning_notice.issued", d);
}

}  // namespace

TEST_CASE("escalated + warning_notice.issued -> (internal) / start warning_notice", "[interpreter][children]") {
  Fixture f;
  Transition t = f.apply(f.started(), issued("2025-12-01", "25"), at(2025, 12, 1));
  REQUIRE(t.next.instances.size() == 2);
  const Instance& child = inst(t.next, "warning_notice");
  CHECK(child.parent == "main");
  CHECK(child.state == "issued");
  CHECK(child.params.at("compliance_working_days") == "25");
  CHECK(child.params.at("representation_working_days") == "10");  // declared default
  CHECK(child.started == make_date(2025, 12, 1));
  CHECK(t.started == std::vector<std::string>{"warning_notice"});
  // The child's timer counts from the parent's event: 25 working days from 1 Dec 2025.
  REQUIRE(t.timers_set.size() == 1);
  CHECK(t.timers_set[0].instance == "warning_notice");
  CHECK(t.timers_set[0].due == make_date(2026, 1, 8));
  CHECK(t.timers_set[0].provenance.base_event == "warning_notice.issued");
  REQUIRE(t.notices.size() == 1);
  CHECK(t.notices[0].instance == "warning_notice");
  CHECK(t.notices[0].data.at("compliance_end.words") == "Thursday 8 January 2026");
  REQUIRE(t.history.size() == 2);
  CHECK(t.history[0].instance == "main");
  CHECK(t.history[0].event == "warning_notice.issued");
  CHECK(t.history[1].instance == "warning_notice");
  CHECK(t.history[1].event == "instance.started");
  CHECK(t.history[1].to == "issued");
  CHECK(t.history[1].note == "started by main");
}

TEST_CASE("warning_notice issued + complied -> complied (final) => main + finished -> supported, same step",
          "[interpreter][children]") {
  Fixture f;
  Transition a = f.apply(f.started(), issued("2025-12-01"), at(2025, 12, 1));
  Transition b = f.apply(a.next, ev("warning_notice.complied", {{"date", "2025-12-10"}}), at(2025, 12, 10));
  CHECK(inst(b.next, "warning_notice").state == "complied");
  CHECK(inst(b.next, "warning_notice").final);
  CHECK(inst(b.next, "main").state == "supported");
  CHECK(b.next.category == "amber");
  REQUIRE(b.history.size() == 2);
  CHECK(b.history[0].instance == "warning_notice");
  CHECK(b.history[0].to == "complied");
  CHECK(b.history[1].instance == "main");
  CHECK(b.history[1].event == "warning_notice.finished");
  // The day the child finished is the event's date, as an officer's event would carry it.
  CHECK(b.history[1].data == Data{{"outcome", "complied"}, {"instance", "warning_notice"}, {"date", "2025-12-10"}});
  CHECK(b.history[1].from == "escalated");
  CHECK(b.history[1].to == "supported");
  CHECK(b.history[1].date == make_date(2025, 12, 10));
  CHECK(b.timers_cancelled == std::vector<std::pair<std::string, std::string>>{{"warning_notice", "compliance_end"}});
}

TEST_CASE("child timer then: -> compliance_review, not_complied => main -> intervention", "[interpreter][children]") {
  Fixture f;
  Transition a = f.apply(f.started(), issued("2025-12-01"), at(2025, 12, 1));
  const PendingTimer* ce = pending(a.next, "warning_notice", "compliance_end");
  REQUIRE(ce);
  CHECK(ce->due == make_date(2025, 12, 22));  // 15 (the literal fallback) working days
  Transition b = f.apply(a.next, timer_event("warning_notice", *ce), LocalTime{ce->due, 8 * 60});
  CHECK(inst(b.next, "warning_notice").state == "compliance_review");
  Transition c = f.apply(b.next, ev("warning_notice.not_complied", {{"date", "2026-01-05"}}), at(2026, 1, 5));
  CHECK(inst(c.next, "main").state == "intervention");
  CHECK(inst(c.next, "main").final);
  CHECK(allowed_events(f.fw, c.next).empty());
}

TEST_CASE("two children of one workflow: ids, creation-order dispatch, unhandled finished noted",
          "[interpreter][children]") {
  Fixture f;
  Transition a = f.apply(f.started(), issued("2025-12-01"), at(2025, 12, 1));
  Transition b = f.apply(a.next, issued("2025-12-02"), at(2025, 12, 2));
  CHECK(b.started == std::vector<std::string>{"warning_notice#2"});
  CHECK(inst(b.next, "warning_notice#2").parent == "main");

  // Addressed to one instance: only it moves.
  Event one = ev("warning_notice.complied", {{"date", "2025-12-03"}});
  one.instance = "warning_notice#2";
  Transition c = f.apply(b.next, one, at(2025, 12, 3));
  CHECK(inst(c.next, "warning_notice#2").final);
  CHECK_FALSE(inst(c.next, "warning_notice").final);
  CHECK(inst(c.next, "main").state == "supported");

  // Unaddressed: the remaining child completes; main in `supported` does not wait for it.
  Transition d = f.apply(c.next, ev("warning_notice.complied", {{"date", "2025-12-04"}}), at(2025, 12, 4));
  CHECK(inst(d.next, "warning_notice").final);
  REQUIRE(d.history.size() == 2);
  CHECK(d.history[1].instance == "main");
  CHECK(d.history[1].event == "warning_notice.finished");
  CHECK(d.history[1].from == "supported");
  CHECK(d.history[1].to == "supported");
  CHECK(d.history[1].note == "not handled in state supported");
}

TEST_CASE("both children take one unaddressed event, in creation order", "[interpreter][children]") {
  Fixture f;
  Transition a = f.apply(f.started(), issued("2025-12-01"), at(2025, 12, 1));
  Transition b = f.apply(a.next, issued("2025-12-02"), at(2025, 12, 2));
  Transition c = f.apply(b.next, ev("warning_notice.complied", {{"date", "2025-12-03"}}), at(2025, 12, 3));
  CHECK(inst(c.next, "warning_notice").final);
  CHECK(inst(c.next, "warning_notice#2").final);
  REQUIRE(c.history.size() == 4);
  CHECK(c.history[0].instance == "warning_notice");
  CHECK(c.history[1].instance == "main");
  CHECK(c.history[1].to == "supported");
  CHECK(c.history[2].instance == "warning_notice#2");
  CHECK(c.history[3].note == "not handled in state supported");
}

TEST_CASE("a person cannot record <child>.finished", "[interpreter][children]") {
  Fixture f;
  auto t = step(f.ctx, f.started(), ev("warning_notice.finished", {{"outcome", "complied"}}), at(2025, 12, 1));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kConflict);
  CHECK(t.error().details == "allowed: warning_notice.issued");
}

TEST_CASE("a required child parameter that is missing is invalid", "[interpreter][children]") {
  Framework fw = framework();
  fw.workflows[0].states[0].on["warning_notice.issued"][0].effects.start[0].params.clear();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  SchoolState s = start_school(ctx, test_school(), "", "admin", at(2025, 11, 1))->next;
  auto t = step(ctx, s, issued("2025-12-01"), at(2025, 12, 1));
  REQUIRE_FALSE(t);
  CHECK(t.error().message == "workflow 'warning_notice' needs the parameter 'compliance_working_days'");
}

TEST_CASE("a workflow that starts itself on entry stops at the depth limit", "[interpreter][children]") {
  Framework fw = base_framework();
  WorkflowSpec loop;
  loop.id = "loop";
  loop.root = true;
  loop.initial = "s";
  StateSpec s = state("s");
  s.on_enter.start.push_back(ChildStart{"loop", {}, {}});
  s.on["note.recorded"] = {go()};
  loop.states = {s};
  fw.workflows = {loop};
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  auto t = start_school(ctx, test_school(), "", "admin", at(2025, 11, 1));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().message.find("nests more than 16 workflows deep") != std::string::npos);
}

TEST_CASE("a child whose initial state is final finishes into its parent at once", "[interpreter][children]") {
  Framework fw = framework();
  fw.workflows[1].initial = "complied";
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  SchoolState s = start_school(ctx, test_school(), "", "admin", at(2025, 11, 1))->next;
  auto t = step(ctx, s, issued("2025-12-01"), at(2025, 12, 1));
  REQUIRE(t);
  CHECK(inst(t->next, "main").state == "supported");
  CHECK(t->history.size() == 3);  // main internal, child started, main finished -> supported
}

TEST_CASE("a child that finishes after its parent has finished is noted in the parent's history, never dropped",
          "[interpreter][children]") {
  Fixture f;
  Transition a = f.apply(f.started(), issued("2025-12-01"), at(2025, 12, 1));
  Transition b = f.apply(a.next, issued("2025-12-02"), at(2025, 12, 2));
  // The second notice's period ends and it is not complied with: main goes to intervention, final.
  const PendingTimer* end2 = nullptr;
  for (const auto& t : inst(b.next, "warning_notice#2").timers) {
    if (t.id == "compliance_end") end2 = &t;
  }
  REQUIRE(end2);
  Transition c = f.apply(b.next, timer_event("warning_notice#2", *end2), fire_local(*end2, 8 * 60));
  CHECK(inst(c.next, "warning_notice#2").state == "compliance_review");
  Event not_complied = ev("warning_notice.not_complied", {{"date", "2026-01-06"}});
  not_complied.instance = "warning_notice#2";
  Transition d = f.apply(c.next, not_complied, at(2026, 1, 6));
  CHECK(inst(d.next, "main").state == "intervention");
  CHECK(inst(d.next, "main").final);
  CHECK_FALSE(inst(d.next, "warning_notice").final);

  // The first notice is complied with afterwards: main has nobody to act on it, and says so.
  Event complied = ev("warning_notice.complied", {{"date", "2026-01-07"}});
  complied.instance = "warning_notice";
  Transition e = f.apply(d.next, complied, at(2026, 1, 7));
  CHECK(inst(e.next, "warning_notice").final);
  REQUIRE(e.history.size() == 2);
  CHECK(e.history[1].instance == "main");
  CHECK(e.history[1].event == "warning_notice.finished");
  CHECK(e.history[1].data.at("outcome") == "complied");
  CHECK(e.history[1].data.at("date") == "2026-01-07");
  CHECK(e.history[1].from == "intervention");
  CHECK(e.history[1].to == "intervention");
  CHECK(e.history[1].note == "not acted on: main had already finished (in intervention)");
}
