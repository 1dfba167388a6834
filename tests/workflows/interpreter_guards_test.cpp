// Paths, value expressions and every condition operator.
#include <catch2/catch.hpp>

#include "interpreter_test_support.hpp"

using namespace sif::workflows;
using namespace sif::workflows::testing;

namespace {

struct World {
  SchoolState school;
  Instance instance;
  Event event;
  World() {
    school.school = test_school();
    school.category = "amber";
    instance.id = "main";
    instance.state = "supported";
    instance.entered = make_date(2025, 12, 1);
    instance.vars = {{"reviews", "2"}, {"plan", "RAP"}};
    instance.params = {{"max", "3"}};
    PendingTimer t;
    t.id = "review_due";
    t.due = make_date(2026, 3, 3);
    instance.timers.push_back(t);
    event = ev("review.held", {{"progress", "insufficient"}, {"score", "7.5"}});
  }
  EvalContext ctx() const {
    EvalContext c;
    c.school = &school;
    c.instance = &instance;
    c.event = &event;
    c.event_date = make_date(2026, 1, 5);
    return c;
  }
};

bool check(const World& w, Condition c) { return holds(w.ctx(), c); }

}  // namespace

TEST_CASE("paths name event, school, vars, params, state and timers values", "[interpreter][guards]") {
  World w;
  auto v = [&](const char* p) { return resolve_path(w.ctx(), p).value_or("<absent>"); };
  CHECK(v("event.progress") == "insufficient");
  CHECK(v("event.date") == "2026-01-05");
  CHECK(v("event.type") == "review.held");
  CHECK(v("event.missing") == "<absent>");
  CHECK(v("school.id") == "100001");
  CHECK(v("school.la") == "Example Borough");
  CHECK(v("school.region") == "england-and-wales");
  CHECK(v("school.category") == "amber");
  CHECK(v("school.type") == "community");
  CHECK(v("school.phase") == "primary");
  CHECK(v("vars.reviews") == "2");
  CHECK(v("params.max") == "3");
  CHECK(v("state.entered") == "2025-12-01");
  CHECK(v("timers.review_due") == "2026-03-03");
  CHECK(v("timers.other") == "<absent>");
  CHECK(v("nonsense.x") == "<absent>");
  CHECK(v("workflows.warning_notice") == "<absent>");  // none runs
}

// workflows.<id>: whether another workflow of the school runs, and in which state (the one
// started last, if several), so a transition can wait for it: Wiltshire refuses an exit while
// a warning notice is in force.
TEST_CASE("workflows.<id> names the state of the school's running instance of that workflow", "[interpreter][guards]") {
  World w;
  Instance first;
  first.id = "warning_notice";
  first.workflow = "warning_notice";
  first.state = "complied";
  first.final = true;
  Instance second = first;
  second.id = "warning_notice#2";
  second.state = "compliance_review";
  second.final = false;
  w.instance.workflow = "main";
  w.school.instances = {w.instance, first, second};
  auto v = [&](const char* p) { return resolve_path(w.ctx(), p).value_or("<absent>"); };
  CHECK(v("workflows.warning_notice") == "compliance_review");
  CHECK(check(w, cond("workflows.warning_notice", Condition::Op::kAbsent)) == false);
  w.school.instances[2].final = true;  // finished too: none runs
  CHECK(v("workflows.warning_notice") == "<absent>");
  CHECK(check(w, cond("workflows.warning_notice", Condition::Op::kAbsent)));
  CHECK(v("workflows.main") == "supported");
}

TEST_CASE("value expressions take the first alternative with a value", "[interpreter][guards]") {
  World w;
  std::string chosen;
  CHECK(evaluate(w.ctx(), expr("event.days | params.max | 15"), &chosen) == std::optional<std::string>("3"));
  CHECK(chosen == "params.max");
  CHECK(evaluate(w.ctx(), expr("event.days | vars.none | 15")) == std::optional<std::string>("15"));
  CHECK_FALSE(evaluate(w.ctx(), expr("event.days | vars.none")).has_value());
  CHECK(evaluate(w.ctx(), expr("red")) == std::optional<std::string>("red"));
  CHECK(is_path("event.date"));
  CHECK_FALSE(is_path("event"));
  CHECK_FALSE(is_path("2.5"));
  CHECK_FALSE(is_path("secure.plus"));
}

TEST_CASE("every condition operator", "[interpreter][guards]") {
  World w;
  using Op = Condition::Op;
  // eq / ne
  CHECK(check(w, eq("event.progress", "insufficient")));
  CHECK_FALSE(check(w, eq("event.progress", "sufficient")));
  CHECK(check(w, cond("event.progress", Op::kNe, {"sufficient"})));
  CHECK_FALSE(check(w, cond("event.progress", Op::kNe, {"insufficient"})));
  CHECK(check(w, cond("vars.reviews", Op::kEq, {"2.0"})));  // numerically equal
  // in / not_in
  CHECK(check(w, cond("school.type", Op::kIn, {"foundation", "community"})));
  CHECK_FALSE(check(w, cond("school.type", Op::kIn, {"foundation", "voluntary_aided"})));
  CHECK(check(w, cond("school.type", Op::kNotIn, {"foundation", "voluntary_aided"})));
  CHECK_FALSE(check(w, cond("school.type", Op::kNotIn, {"community"})));
  CHECK(check(w, cond("school.type", Op::kEq, {"foundation", "community"})));  // a list reads as `in`
  // lt / le / gt / ge on numbers
  CHECK(check(w, cond("vars.reviews", Op::kLt, {"3"})));
  CHECK_FALSE(check(w, cond("vars.reviews", Op::kLt, {"2"})));
  CHECK(check(w, cond("vars.reviews", Op::kLe, {"2"})));
  CHECK_FALSE(check(w, cond("vars.reviews", Op::kLe, {"1"})));
  CHECK(check(w, cond("vars.reviews", Op::kGt, {"1"})));
  CHECK_FALSE(check(w, cond("vars.reviews", Op::kGt, {"2"})));
  CHECK(check(w, cond("vars.reviews", Op::kGe, {"2"})));
  CHECK_FALSE(check(w, cond("vars.reviews", Op::kGe, {"10"})));  // numeric, not "10" < "2" as text
  CHECK(check(w, cond("event.score", Op::kGt, {"7.25"})));
  // ... on dates, and against a path
  CHECK(check(w, cond("event.date", Op::kGt, {"2025-12-31"})));
  CHECK(check(w, cond("state.entered", Op::kLt, {"event.date"})));
  CHECK(check(w, cond("vars.reviews", Op::kLt, {"params.max"})));
  // not comparable: fails
  CHECK_FALSE(check(w, cond("event.progress", Op::kLt, {"3"})));
  // present / absent
  CHECK(check(w, cond("event.progress", Op::kPresent)));
  CHECK_FALSE(check(w, cond("event.category", Op::kPresent)));
  CHECK(check(w, cond("event.category", Op::kAbsent)));
  CHECK_FALSE(check(w, cond("event.progress", Op::kAbsent)));
  // an absent value fails every test but `absent`
  for (Op op : {Op::kEq, Op::kNe, Op::kIn, Op::kNotIn, Op::kLt, Op::kLe, Op::kGt, Op::kGe, Op::kPresent}) {
    CHECK_FALSE(check(w, cond("vars.none", op, {"x"})));
  }
}

TEST_CASE("a failed guard lists each failed condition with the value seen", "[interpreter][guards]") {
  World w;
  Guard g;
  g.all = {eq("event.progress", "sufficient"), cond("vars.reviews", Condition::Op::kGe, {"1"}),
           cond("event.category", Condition::Op::kPresent), cond("school.type", Condition::Op::kNotIn, {"community"})};
  GuardCheck c = check_guard(w.ctx(), g);
  CHECK_FALSE(c.ok);
  CHECK(c.failed == std::vector<std::string>{"event.progress: sufficient (was insufficient)",
                                              "event.category: { present: true } (absent)",
                                              "school.type: { not_in: [community] } (was community)"});
  CHECK(check_guard(w.ctx(), Guard{}).ok);
}
