// Transition tables for the interpreter, written as   state + event [guard] -> state / effects.
#include <catch2/catch.hpp>

#include "interpreter_test_support.hpp"

using namespace sif::workflows;
using namespace sif::workflows::testing;

namespace {

// main:
//   monitoring  (on_enter: entries += 1)
//     + category.agreed [event.category == green]            -> (internal) / set_category
//     + category.agreed [event.category in amber, red]       -> supported / set_category, set plan
//     + note.recorded                                         -> (internal)
//     + context.changed                                       -> monitoring (re-entry)
//     + academy.converted                                     -> closed
//   supported   (timer review_due 3 months from event.date | state.entered; on_enter notice)
//     + review.held [progress == sufficient]                  -> monitoring / set_category green
//     + review.held [progress == insufficient, vars.n ge 1]   -> escalated
//     + review.held [progress == insufficient]                -> (internal) / n += 1
//   escalated, closed: final
Framework framework() {
  Framework f = base_framework();
  WorkflowSpec wf;
  wf.id = "main";
  wf.title = "Monitoring";
  wf.root = true;
  wf.initial = "monitoring";

  StateSpec monitoring = state("monitoring");
  monitoring.on_enter.set.push_back(Assignment{"entries", {}, 1, {}});
  TimerSpec annual = timer("annual", 1, Unit::kMonths);
  monitoring.timers.push_back(annual);
  {
    TransitionSpec green = go_when("", {eq("event.category", "green")});
    green.effects.set_category = expr("event.category");
    green.source = "Section 2.3";
    TransitionSpec up = go_when("supported", {cond("event.category", Condition::Op::kIn, {"amber", "red"})});
    up.effects.set_category = expr("event.category");
    up.effects.set.push_back(Assignment{"plan", expr("event.plan | none"), 0, {}});
    monitoring.on["category.agreed"] = {green, up};
  }
  monitoring.on["note.recorded"] = {go()};
  monitoring.on["context.changed"] = {go("monitoring")};
  monitoring.on["academy.converted"] = {go("closed")};

  StateSpec supported = state("supported");
  TimerSpec review = timer("review_due", 3, Unit::kMonths);
  review.from.kind = TimerBase::Kind::kPath;
  review.from.path = expr("event.date | state.entered");
  supported.timers.push_back(review);
  NoticeSpec letter = notice("support-letter", {"headteacher", "link_adviser"});
  Recipient diocese{"appointing_authority", {}, {}};
  diocese.when.all.push_back(cond("school.type", Condition::Op::kIn, {"voluntary_aided", "foundation"}));
  letter.cc.push_back(diocese);
  letter.data["review_due"] = expr("timers.review_due");
  letter.data["plan"] = expr("vars.plan");
  supported.on_enter.notices.push_back(letter);
  {
    TransitionSpec ok = go_when("monitoring", {eq("event.progress", "sufficient")});
    ok.effects.set_category = ValueExpr::literal("green");
    TransitionSpec worse = go_when("escalated", {eq("event.progress", "insufficient"),
                                                 cond("vars.n", Condition::Op::kGe, {"1"})});
    TransitionSpec again = go_when("", {eq("event.progress", "insufficient")});
    again.effects.set.push_back(Assignment{"n", {}, 1, {}});
    supported.on["review.held"] = {ok, worse, again};
  }
  wf.states = {monitoring, supported, state("escalated", true), state("closed", true)};
  f.workflows.push_back(wf);

  WorkflowSpec side;  // not root: never started here
  side.id = "side";
  side.initial = "s";
  side.states = {state("s", true)};
  f.workflows.push_back(side);
  return f;
}

struct Fixture {
  Framework fw = framework();
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};

  SchoolState started(LocalTime now = at(2025, 12, 1), std::string category = "") {
    auto t = start_school(ctx, test_school(), std::move(category), "admin", now);
    REQUIRE(t);
    return t->next;
  }
};

}  // namespace

TEST_CASE("start_school starts every root workflow in its initial state", "[interpreter]") {
  Fixture f;
  auto t = start_school(f.ctx, test_school(), "green", "admin", at(2025, 12, 1));
  REQUIRE(t);
  REQUIRE(t->next.instances.size() == 1);  // `side` is not root
  const Instance& m = t->next.instances[0];
  CHECK(m.id == "main");
  CHECK(m.state == "monitoring");
  CHECK(m.entered == make_date(2025, 12, 1));
  CHECK(m.framework_version == 1);
  CHECK(m.vars.at("entries") == "1");
  CHECK(t->next.category == "green");
  REQUIRE(t->history.size() == 1);
  CHECK(t->history[0].event == "instance.started");
  CHECK(t->history[0].from.empty());
  CHECK(t->history[0].to == "monitoring");
  CHECK(t->history[0].actor == "admin");
  REQUIRE(t->timers_set.size() == 1);
  CHECK(t->timers_set[0].id == "annual");
  CHECK(t->timers_set[0].instance == "main");
  // One month after Mon 1 Dec 2025 is Thu 1 Jan 2026, New Year's Day: the prompt moves to Fri 2 Jan.
  CHECK(t->timers_set[0].due == make_date(2026, 1, 2));
  CHECK(t->started == std::vector<std::string>{"main"});
}

TEST_CASE("start_school refuses a category the framework does not declare", "[interpreter]") {
  Fixture f;
  auto t = start_school(f.ctx, test_school(), "purple", "admin", at(2025, 12, 1));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().details == "category: one of green, amber, red");
}

TEST_CASE("monitoring + category.agreed [green] -> (internal) / set_category", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  auto t = step(f.ctx, s, ev("category.agreed", {{"category", "green"}}), at(2025, 12, 10));
  REQUIRE(t);
  CHECK(t->next.category == "green");
  const Instance& m = inst(t->next, "main");
  CHECK(m.state == "monitoring");
  CHECK(m.entered == make_date(2025, 12, 1));  // not left: entered unchanged
  CHECK(m.vars.at("entries") == "1");           // on_enter did not run again
  CHECK(t->timers_set.empty());                  // timers keep running
  CHECK(t->timers_cancelled.empty());
  REQUIRE(t->history.size() == 1);
  CHECK(t->history[0].from == "monitoring");
  CHECK(t->history[0].to == "monitoring");
  CHECK(t->history[0].note == "Section 2.3; category (none) -> green");
}

TEST_CASE("monitoring + category.agreed [red] -> supported / set_category, set, timers, notice", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  auto t = step(f.ctx, s, ev("category.agreed", {{"category", "red"}, {"date", "2025-12-03"}}), at(2025, 12, 10));
  REQUIRE(t);
  const Instance& m = inst(t->next, "main");
  CHECK(m.state == "supported");
  CHECK(m.entered == make_date(2025, 12, 3));  // the event's own date, not the recording day
  CHECK(m.vars.at("plan") == "none");          // "event.plan | none": literal fallback
  CHECK(t->next.category == "red");
  // Exit cancelled monitoring's timer; entry armed supported's from event.date.
  REQUIRE(t->timers_cancelled.size() == 1);
  CHECK(t->timers_cancelled[0] == std::pair<std::string, std::string>{"main", "annual"});
  REQUIRE(t->timers_set.size() == 1);
  CHECK(t->timers_set[0].id == "review_due");
  CHECK(t->timers_set[0].due == make_date(2026, 3, 3));
  CHECK(t->timers_set[0].provenance.base_event == "category.agreed");
  // The entry notice comes after the timers, so it can state the deadline.
  REQUIRE(t->notices.size() == 1);
  const NoticeEffect& n = t->notices[0];
  CHECK(n.template_id == "support-letter");
  CHECK(n.to == std::vector<std::string>{"headteacher", "link_adviser"});
  CHECK(n.cc.empty());  // community school: no appointing authority
  CHECK(n.reason == "entered supported");
  CHECK(n.data.at("review_due") == "2026-03-03");
  CHECK(n.data.at("review_due.words") == "Tuesday 3 March 2026");
  CHECK(n.data.at("deadline.review_due") == "2026-03-03");
  CHECK(n.data.at("deadline.review_due.words") == "Tuesday 3 March 2026");
  CHECK(n.data.at("deadline.review_due.title") == "Title of review_due");
  CHECK(n.data.at("plan") == "none");
  CHECK(n.data.at("school.name") == "Example Primary");
  CHECK(n.data.at("school.type") == "community");
  CHECK(n.data.at("school.category") == "red");  // set_category applied before entry
  CHECK(n.data.at("event.category") == "red");
  CHECK(n.data.at("date") == "2025-12-03");
  CHECK(n.data.at("date.words") == "Wednesday 3 December 2025");
  CHECK(n.data.at("state") == "supported");
  CHECK(n.data.at("workflow") == "main");
  CHECK(n.data.at("framework") == "test-2025");
  CHECK(n.data.at("contact.headteacher.name") == "Ann Head");
  CHECK(n.data.at("role.link_adviser") == "Title link_adviser");
}

TEST_CASE("a recipient's `when` is evaluated against the school", "[interpreter]") {
  Fixture f;
  School school = test_school();
  school.facts["type"] = "voluntary_aided";
  auto s = start_school(f.ctx, school, "", "admin", at(2025, 12, 1));
  REQUIRE(s);
  auto t = step(f.ctx, s->next, ev("category.agreed", {{"category", "amber"}}), at(2025, 12, 1));
  REQUIRE(t);
  REQUIRE(t->notices.size() == 1);
  CHECK(t->notices[0].cc == std::vector<std::string>{"appointing_authority"});
}

TEST_CASE("monitoring + note.recorded -> (internal): history only", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  auto t = step(f.ctx, s, ev("note.recorded", {{"text", "visited"}}), at(2025, 12, 5));
  REQUIRE(t);
  CHECK(dump(t->next) == dump(s));
  REQUIRE(t->history.size() == 1);
  CHECK(t->history[0].event == "note.recorded");
  CHECK(t->history[0].data.at("text") == "visited");
  CHECK(t->history[0].date == make_date(2025, 12, 5));
  CHECK(t->notices.empty());
}

TEST_CASE("monitoring + context.changed -> monitoring: re-entry re-arms timers and reruns on_enter", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  auto t = step(f.ctx, s, ev("context.changed", {{"kind", "headteacher_new"}}), at(2025, 12, 15));
  REQUIRE(t);
  const Instance& m = inst(t->next, "main");
  CHECK(m.state == "monitoring");
  CHECK(m.entered == make_date(2025, 12, 15));
  CHECK(m.vars.at("entries") == "2");
  REQUIRE(t->timers_cancelled.size() == 1);
  REQUIRE(t->timers_set.size() == 1);
  CHECK(t->timers_set[0].due == make_date(2026, 1, 15));
  CHECK(t->history[0].note == "re-entered");
}

TEST_CASE("supported + review.held: first matching guard wins, in order", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  s = step(f.ctx, s, ev("category.agreed", {{"category", "amber"}}), at(2025, 12, 1))->next;
  const Data insufficient = {{"date", "2026-01-05"}, {"progress", "insufficient"}};

  // [insufficient, n absent] -> the `ge` guard fails on an absent value; the third is internal.
  auto t1 = step(f.ctx, s, ev("review.held", insufficient), at(2026, 1, 5));
  REQUIRE(t1);
  CHECK(inst(t1->next, "main").state == "supported");
  CHECK(inst(t1->next, "main").vars.at("n") == "1");
  // [insufficient, n == 1] -> escalated (final): timers cancelled, instance final.
  auto t2 = step(f.ctx, t1->next, ev("review.held", insufficient), at(2026, 1, 6));
  REQUIRE(t2);
  CHECK(inst(t2->next, "main").state == "escalated");
  CHECK(inst(t2->next, "main").final);
  CHECK(inst(t2->next, "main").timers.empty());
  CHECK(t2->timers_cancelled.size() == 1);
  // [sufficient] -> monitoring / set_category green.
  auto t3 = step(f.ctx, s, ev("review.held", {{"date", "2026-01-05"}, {"progress", "sufficient"}}), at(2026, 1, 5));
  REQUIRE(t3);
  CHECK(inst(t3->next, "main").state == "monitoring");
  CHECK(t3->next.category == "green");
}

TEST_CASE("an event no active state handles is a conflict listing the allowed events", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  auto t = step(f.ctx, s, ev("review.held", {{"date", "2026-01-05"}, {"progress", "sufficient"}}), at(2026, 1, 5));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kConflict);
  CHECK(t.error().message == "event review.held is not allowed now");
  CHECK(t.error().details == "allowed: academy.converted, category.agreed, context.changed, note.recorded");
  CHECK(allowed_events(f.fw, s) ==
        std::vector<std::string>{"academy.converted", "category.agreed", "context.changed", "note.recorded"});
}

TEST_CASE("a final instance accepts nothing", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  s = step(f.ctx, s, ev("academy.converted", {{"date", "2026-01-05"}}), at(2026, 1, 5))->next;
  CHECK(inst(s, "main").final);
  CHECK(allowed_events(f.fw, s).empty());
  auto t = step(f.ctx, s, ev("note.recorded", {{"text", "x"}}), at(2026, 1, 6));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kConflict);
  CHECK(t.error().details == "allowed: (none)");
}

TEST_CASE("a handled event whose guards all fail is 422 naming the conditions", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  auto t = step(f.ctx, s, ev("category.agreed", {{"category", "blue"}}), at(2025, 12, 2));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().message == "event category.agreed does not meet the conditions of any transition");
  CHECK(t.error().details ==
        "main: event.category: green (was blue); main: event.category: { in: [amber, red] } (was blue)");
}

TEST_CASE("canonical event data is validated before dispatch", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  s = step(f.ctx, s, ev("category.agreed", {{"category", "amber"}}), at(2025, 12, 1))->next;
  auto bad_date = step(f.ctx, s, ev("review.held", {{"date", "2026-02-30"}, {"progress", "sufficient"}}), at(2026, 1, 5));
  REQUIRE_FALSE(bad_date);
  CHECK(bad_date.error().code == ErrorCode::kInvalidInput);
  CHECK(bad_date.error().details == "date");
  auto bad_progress = step(f.ctx, s, ev("review.held", {{"date", "2026-01-05"}, {"progress", "ok"}}), at(2026, 1, 5));
  REQUIRE_FALSE(bad_progress);
  CHECK(bad_progress.error().details == "progress");
}

TEST_CASE("set_category with a value the framework does not declare is invalid", "[interpreter]") {
  Framework fw = framework();
  fw.workflows[0].states[0].on["category.agreed"][0].when.all.clear();  // accept any category
  Calendar cal = test_calendar();
  StepContext ctx{fw, cal};
  SchoolState s = start_school(ctx, test_school(), "", "admin", at(2025, 12, 1))->next;
  auto t = step(ctx, s, ev("category.agreed", {{"category", "purple"}}), at(2025, 12, 2));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().message == "category 'purple' is not one of framework test-2025's categories");
}

TEST_CASE("an event addressed to an unknown instance is not found", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  Event e = ev("note.recorded", {{"text", "x"}});
  e.instance = "nope";
  auto t = step(f.ctx, s, e, at(2025, 12, 2));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kNotFound);
}

TEST_CASE("an event type nobody declares is named as unknown, not as not allowed now", "[interpreter]") {
  Fixture f;
  SchoolState s = f.started();
  auto t = step(f.ctx, s, ev("categroy.agreed", {{"category", "amber"}}), at(2025, 12, 10));
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().details == "type");
  CHECK_THAT(t.error().message, Catch::StartsWith("unknown event type 'categroy.agreed'"));
  // A declared event that this state does not take is still a conflict, listing what is allowed.
  auto later = step(f.ctx, s, ev("review.held", {{"date", "2025-12-10"}, {"progress", "sufficient"}}), at(2025, 12, 10));
  REQUIRE_FALSE(later);
  CHECK(later.error().code == ErrorCode::kConflict);
  CHECK_THAT(later.error().details, Catch::Contains("category.agreed"));
}

TEST_CASE("change_contact sets, changes and removes one role's contact, in the history, and nothing else",
          "[interpreter][contacts]") {
  Fixture f;
  SchoolState s = f.started();
  s.school.contacts["headteacher"] = Contact{"Hana Head", "head@brook.sch.uk", ""};
  const SchoolState before = s;

  auto set = change_contact(f.ctx, s, "chair_of_governors", Contact{"Gil Chair", "cog@brook.sch.uk", ""}, "ops",
                            at(2026, 11, 23));
  REQUIRE(set);
  CHECK(set->next.school.contacts.at("chair_of_governors").email == "cog@brook.sch.uk");
  CHECK(set->next.school.contacts.at("headteacher").email == "head@brook.sch.uk");
  REQUIRE(set->history.size() == 1);
  const HistoryEntry& h = set->history[0];
  CHECK(h.event == "school.contact.changed");
  CHECK(h.instance == "main");
  CHECK(h.from == before.instances[0].state);
  CHECK(h.to == before.instances[0].state);
  CHECK(h.actor == "ops");
  CHECK(h.date == make_date(2026, 11, 23));
  CHECK(h.data == Data{{"role", "chair_of_governors"}, {"name", "Gil Chair"}, {"email", "cog@brook.sch.uk"}, {"address", ""}});
  CHECK(h.note == "contact for chair_of_governors set: Gil Chair <cog@brook.sch.uk>");
  // Only the contact moved: states, timers and the category are as they were.
  CHECK(set->timers_set.empty());
  CHECK(set->timers_cancelled.empty());
  CHECK(set->notices.empty());
  SchoolState without = set->next;
  without.school.contacts.erase("chair_of_governors");
  CHECK(dump(without) == dump(before));

  auto changed = change_contact(f.ctx, set->next, "chair_of_governors", Contact{"Ravi Rao", "", "1 High Street"}, "ops",
                                at(2026, 11, 24));
  REQUIRE(changed);
  CHECK(changed->history.at(0).note ==
        "contact for chair_of_governors changed from Gil Chair <cog@brook.sch.uk> to Ravi Rao");

  auto same = change_contact(f.ctx, changed->next, "chair_of_governors", Contact{"Ravi Rao", "", "1 High Street"}, "ops",
                             at(2026, 11, 25));
  REQUIRE(same);
  CHECK(same->history.empty());

  auto removed = change_contact(f.ctx, changed->next, "chair_of_governors", std::nullopt, "ops", at(2026, 11, 25));
  REQUIRE(removed);
  CHECK(removed->next.school.contacts.count("chair_of_governors") == 0);
  CHECK(removed->history.at(0).note == "contact for chair_of_governors removed (was Ravi Rao)");

  auto gone = change_contact(f.ctx, removed->next, "chair_of_governors", std::nullopt, "ops", at(2026, 11, 25));
  REQUIRE_FALSE(gone);
  CHECK(gone.error().code == ErrorCode::kNotFound);
  auto unknown = change_contact(f.ctx, s, "review_team_chair", Contact{"Sam", "sam@x.example", ""}, "ops", at(2026, 11, 25));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == ErrorCode::kInvalidInput);
  CHECK(unknown.error().message.find("'review_team_chair' is not a role of") == 0);
}
