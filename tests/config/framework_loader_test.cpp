// The example fixture (tests/fixtures/config, fictional) loads, and every construct of the
// language lands in the model with the right values and file:line:column.
#include <catch2/catch.hpp>

#include <algorithm>

#include "config/config_set.hpp"
#include "config/framework_loader.hpp"

using namespace sif;
using workflows::Condition;
using workflows::Unit;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config";
const std::string kFile = "config/frameworks/example-2024.yaml";
const std::string kShared = "config/workflows/warning-notice.yaml";

std::string all(const std::vector<config::Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += d.str() + "\n";
  return out;
}

const config::ConfigSet& fixture() {
  static std::shared_ptr<const config::ConfigSet> set = [] {
    std::vector<config::Diagnostic> diags;
    auto loaded = config::load_config_dir(kFixture, &diags);
    INFO(all(diags));
    REQUIRE(loaded);
    return loaded.value();
  }();
  return *set;
}

const workflows::Framework& example() {
  const auto* f = fixture().latest("example-2024");
  REQUIRE(f != nullptr);
  return *f;
}

const workflows::StateSpec& state(std::string_view wf, std::string_view id) {
  const auto* w = example().find_workflow(wf);
  REQUIRE(w != nullptr);
  const auto* s = w->find_state(id);
  REQUIRE(s != nullptr);
  return *s;
}

const workflows::TimerSpec& timer(const workflows::StateSpec& s, std::string_view id) {
  auto it = std::find_if(s.timers.begin(), s.timers.end(), [&](const auto& t) { return t.id == id; });
  REQUIRE(it != s.timers.end());
  return *it;
}

const std::vector<workflows::TransitionSpec>& on(const workflows::StateSpec& s, const std::string& event) {
  auto it = s.on.find(event);
  REQUIRE(it != s.on.end());
  return it->second;
}

void at(const workflows::SourceLoc& loc, const std::string& file, int line, int column) {
  CHECK(loc.file == file);
  CHECK(loc.line == line);
  CHECK(loc.column == column);
}

}  // namespace

TEST_CASE("example fixture: top level", "[config]") {
  const auto& f = example();
  CHECK(f.id == "example-2024");
  CHECK(f.version == 2);
  CHECK(f.title == "Example Borough school improvement framework");
  CHECK(f.document == "Example Borough Council, School Improvement Framework, 2024 (fictional)");
  CHECK(f.region == workflows::Region::kEnglandAndWales);
  CHECK(f.calendar == "default");
  CHECK(f.fire_time.str() == "08:30");
  CHECK(f.fire_minutes() == 8 * 60 + 30);
  REQUIRE(f.categories.size() == 3);
  CHECK(f.categories[2].id == "red");
  CHECK(f.categories[2].title == "Red");
  CHECK(f.categories[2].tier == "intensive");
  CHECK(f.categories[2].source == "p.4");
  at(f.categories[2].loc, kFile, 15, 5);
  REQUIRE(f.roles.size() == 7);
  CHECK(f.find_role("link_adviser")->title == "School Improvement Adviser");
  at(f.find_role("link_adviser")->loc, kFile, 21, 3);
  REQUIRE(f.workflows.size() == 2);
  CHECK(fixture().templates.count("deadline-reminder") == 1);
  CHECK(fixture().templates.count("concern-letter") == 1);  // .eml: any extension
  CHECK(fixture().template_path("warning-notice-letter", ".html").has_value());
  CHECK_FALSE(fixture().template_path("warning-notice-letter", ".pdf").has_value());
}

TEST_CASE("example fixture: workflow, params and states", "[config]") {
  const auto* w = example().find_workflow("main");
  REQUIRE(w != nullptr);
  CHECK(w->title == "Monitoring and support");
  CHECK(w->source == "Section 2");
  CHECK(w->root);
  CHECK(w->initial == "monitoring");
  at(w->loc, kFile, 27, 3);
  REQUIRE(w->params.size() == 2);
  CHECK(w->params[0].name == "review_months");
  CHECK(w->params[0].default_value == "3");
  CHECK(w->params[0].description == "calendar months from support starting to its review");
  CHECK(w->params[1].default_value == "4");  // unquoted number reads as text too
  at(w->params[1].loc, kFile, 34, 7);
  std::vector<std::string> ids;
  for (const auto& s : w->states) ids.push_back(s.id);
  CHECK(ids == std::vector<std::string>{"monitoring", "supported", "review", "escalated", "intervention", "closed"});
  const auto& closed = state("main", "closed");
  CHECK(closed.final);
  CHECK(closed.title == "Closed on academy conversion");
  at(closed.loc, kFile, 184, 7);
  CHECK_FALSE(state("main", "monitoring").final);
  CHECK(state("main", "monitoring").source == "Section 2.1");
}

TEST_CASE("example fixture: transitions and conditions of every op", "[config]") {
  const auto& m = state("main", "monitoring");
  const auto& agreed = on(m, "category.agreed");
  REQUIRE(agreed.size() == 2);
  // Internal transition with a guard, effects and a source.
  CHECK(agreed[0].to.empty());
  CHECK(agreed[0].source == "Section 2.3");
  at(agreed[0].loc, kFile, 50, 15);
  REQUIRE(agreed[0].when.all.size() == 1);
  const auto& eq = agreed[0].when.all[0];
  CHECK(eq.path == "event.category");
  CHECK(eq.op == Condition::Op::kEq);
  CHECK(eq.values == std::vector<std::string>{"green"});
  at(eq.loc, kFile, 50, 23);
  // A list reads as `in`.
  CHECK(agreed[1].when.all[0].op == Condition::Op::kIn);
  CHECK(agreed[1].when.all[0].values == std::vector<std::string>{"amber", "red"});
  CHECK(agreed[1].to == "supported");

  const auto& judgement = on(m, "ofsted.judgement");
  REQUIRE(judgement.size() == 3);
  REQUIRE(judgement[0].when.all.size() == 2);
  CHECK(judgement[0].when.all[0].op == Condition::Op::kIn);
  CHECK(judgement[0].when.all[0].values == std::vector<std::string>{"requires_improvement", "inadequate"});
  CHECK(judgement[0].when.all[1].op == Condition::Op::kAbsent);
  CHECK(judgement[0].when.all[1].values.empty());
  CHECK(judgement[1].when.all[0].op == Condition::Op::kPresent);
  CHECK(judgement[2].when.all[0].op == Condition::Op::kNotIn);
  CHECK(judgement[2].to.empty());
  CHECK(judgement[2].effects.empty());

  // A single map, and an empty one.
  REQUIRE(on(m, "academy.converted").size() == 1);
  CHECK(on(m, "academy.converted")[0].to == "closed");
  CHECK(on(m, "academy.converted")[0].source == "Section 7");
  REQUIRE(on(m, "note.recorded").size() == 1);
  CHECK(on(m, "note.recorded")[0].to.empty());
  CHECK(on(m, "note.recorded")[0].effects.empty());
  CHECK(on(m, "note.recorded")[0].when.all.empty());

  const auto& exit = on(state("main", "supported"), "exit.recommended");
  REQUIRE(exit[0].when.all.size() == 2);
  CHECK(exit[0].when.all[0].op == Condition::Op::kGt);
  CHECK(exit[0].when.all[0].values == std::vector<std::string>{"5"});
  CHECK(exit[0].when.all[1].op == Condition::Op::kNe);
  const auto& held = on(state("main", "review"), "review.held");
  REQUIRE(held.size() == 3);
  CHECK(held[1].when.all[0].op == Condition::Op::kEq);  // { eq: insufficient }
  CHECK(held[1].when.all[1].op == Condition::Op::kGe);
  CHECK(held[2].when.all[1].op == Condition::Op::kLt);
  CHECK(on(state("main", "review"), "exit.recommended")[0].when.all[0].op == Condition::Op::kLe);
}

TEST_CASE("example fixture: effects", "[config]") {
  const auto& m = state("main", "monitoring");
  // set with literals in on_enter
  REQUIRE(m.on_enter.set.size() == 2);
  CHECK(m.on_enter.set[0].var == "insufficient_reviews");
  CHECK(m.on_enter.set[0].value.alts[0].text == "0");
  CHECK_FALSE(m.on_enter.set[0].value.alts[0].is_path);
  at(m.on_enter.set[0].loc, kFile, 40, 18);
  // set with an expression; set_category with a path and a literal
  const auto& t = on(m, "category.agreed")[1];
  REQUIRE(t.effects.set.size() == 1);
  const auto& plan = t.effects.set[0].value;
  REQUIRE(plan.alts.size() == 2);
  CHECK(plan.alts[0].is_path);
  CHECK(plan.alts[0].text == "event.plan");
  CHECK_FALSE(plan.alts[1].is_path);
  CHECK(plan.alts[1].text == "none");
  at(plan.loc, kFile, 56, 28);
  REQUIRE(t.effects.set_category);
  CHECK(t.effects.set_category->alts[0].is_path);
  CHECK(on(m, "ofsted.judgement")[0].effects.set_category->alts[0].text == "amber");
  CHECK_FALSE(on(m, "ofsted.judgement")[0].effects.set_category->alts[0].is_path);

  const auto& s = state("main", "supported");
  // increment, cancel, restart
  CHECK(on(s, "timer.visit")[0].effects.set[0].increment == 1);
  const auto& agreed = on(s, "plan.agreed")[0];
  CHECK(agreed.effects.cancel == std::vector<std::string>{"plan_due"});
  CHECK(agreed.effects.restart == std::vector<std::string>{"review_due"});
  CHECK(agreed.to.empty());

  // notices with to, conditional cc, data and source
  REQUIRE(s.on_enter.notices.size() == 1);
  const auto& n = s.on_enter.notices[0];
  CHECK(n.template_id == "support-letter");
  at(n.loc, kFile, 72, 15);
  REQUIRE(n.to.size() == 2);
  CHECK(n.to[0].role == "headteacher");
  CHECK(n.to[1].role == "link_adviser");
  REQUIRE(n.cc.size() == 2);
  CHECK(n.cc[0].role == "chair_of_governors");
  CHECK(n.cc[0].when.all.empty());
  CHECK(n.cc[1].role == "appointing_authority");
  at(n.cc[1].loc, kFile, 76, 19);
  REQUIRE(n.cc[1].when.all.size() == 1);
  CHECK(n.cc[1].when.all[0].path == "school.type");
  CHECK(n.cc[1].when.all[0].op == Condition::Op::kIn);
  CHECK(n.cc[1].when.all[0].values.size() == 3);
  REQUIRE(n.data.size() == 2);
  CHECK(n.data.at("review_due").alts[0].text == "timers.review_due");
  CHECK(n.data.at("review_due").alts[0].is_path);
  CHECK(n.source == "Section 3.1");

  // start with params
  const auto& issued = on(state("main", "escalated"), "warning_notice.issued")[0];
  REQUIRE(issued.effects.start.size() == 1);
  CHECK(issued.effects.start[0].workflow == "warning_notice");
  at(issued.effects.start[0].loc, kFile, 169, 17);
  const auto& p = issued.effects.start[0].params.at("compliance_working_days");
  REQUIRE(p.alts.size() == 2);
  CHECK(p.alts[0].text == "event.compliance_working_days");
  CHECK(p.alts[1].text == "15");
  CHECK(issued.effects.cancel == std::vector<std::string>{"warning_decision"});
  CHECK(issued.source == "Section 5.3");

  // the child's finished event, read through event.outcome
  const auto& finished = on(state("main", "escalated"), "warning_notice.finished");
  REQUIRE(finished.size() == 2);
  CHECK(finished[0].when.all[0].path == "event.outcome");
  CHECK(finished[1].to == "intervention");
}

TEST_CASE("example fixture: timers of every unit", "[config]") {
  const auto& annual = timer(state("main", "monitoring"), "annual_review");
  CHECK(annual.unit == Unit::kTerms);
  CHECK(annual.count.alts[0].text == "3");
  CHECK(annual.then == "monitoring");
  CHECK(annual.from.kind == workflows::TimerBase::Kind::kEntered);
  CHECK(annual.title == "Annual categorisation review");
  CHECK(annual.source == "Section 2.2");
  at(annual.loc, kFile, 42, 13);
  CHECK(annual.meaning_declared);
  CHECK(annual.meaning == workflows::TimerMeaning::kPrompt);
  at(annual.meaning_loc, kFile, 43, 19);

  const auto& s = state("main", "supported");
  const auto& review = timer(s, "review_due");
  CHECK(review.unit == Unit::kMonths);
  CHECK(review.count.alts[0].is_path);
  CHECK(review.count.alts[0].text == "params.review_months");
  CHECK(review.from.kind == workflows::TimerBase::Kind::kPath);
  REQUIRE(review.from.path.alts.size() == 2);
  CHECK(review.from.path.alts[0].text == "event.date");
  CHECK(review.from.path.alts[1].text == "state.entered");
  REQUIRE(review.reminders.size() == 1);
  CHECK(review.reminders[0].before == workflows::Duration{5, Unit::kWorkingDays});
  CHECK(review.reminders[0].template_id == "deadline-reminder");  // the default
  CHECK(review.reminders[0].to[0].role == "link_adviser");
  at(review.reminders[0].loc, kFile, 86, 17);
  CHECK(review.meaning == workflows::TimerMeaning::kDeadline);

  const auto& visit = timer(s, "visit");
  CHECK(visit.unit == Unit::kWeeks);
  REQUIRE(visit.every);
  CHECK(*visit.every == workflows::Duration{4, Unit::kWeeks});
  CHECK(visit.max_repeats == 6);
  CHECK(visit.then.empty());
  CHECK(visit.meaning == workflows::TimerMeaning::kPrompt);

  const auto& plan = timer(s, "plan_due");
  CHECK(plan.unit == Unit::kDays);
  CHECK(plan.reminders[0].before == workflows::Duration{3, Unit::kDays});
  CHECK(plan.reminders[0].template_id == "plan-reminder");
  CHECK(plan.reminders[0].to.size() == 2);
  CHECK(plan.meaning == workflows::TimerMeaning::kDeadline);

  const auto& overdue = timer(state("main", "review"), "review_overdue");
  CHECK(overdue.unit == Unit::kWorkingDays);
  CHECK(overdue.options.skip_school_holidays);
  CHECK_FALSE(visit.options.skip_school_holidays);
  CHECK(overdue.meaning == workflows::TimerMeaning::kDeadline);

  CHECK(timer(state("main", "escalated"), "warning_decision").unit == Unit::kHalfTerms);
}

TEST_CASE("example fixture: then becomes a transition on timer.<id>", "[config]") {
  const auto& m = state("main", "monitoring");
  const auto& t = on(m, "timer.annual_review");
  REQUIRE(t.size() == 1);
  CHECK(t[0].to == "monitoring");
  CHECK(t[0].when.all.empty());
  CHECK(t[0].source == "Section 2.2");
  at(t[0].loc, kFile, 46, 19);
  CHECK(on(state("main", "review"), "timer.review_overdue")[0].to == "escalated");
}

TEST_CASE("example fixture: a shared workflow taken with use and params", "[config]") {
  const auto* w = example().find_workflow("warning_notice");
  REQUIRE(w != nullptr);
  CHECK_FALSE(w->root);
  CHECK(w->title == "Warning notice");
  CHECK(w->initial == "issued");
  at(w->loc, kFile, 188, 3);  // the framework's entry
  REQUIRE(w->params.size() == 2);
  CHECK(w->params[0].name == "compliance_working_days");
  CHECK(w->params[0].default_value == "15");  // the framework's value; the shared file has none
  CHECK(w->params[1].default_value == "15");  // overrides the shared default of 10
  const auto* issued = w->find_state("issued");
  REQUIRE(issued != nullptr);
  at(issued->loc, kShared, 10, 3);  // states keep the shared file's locations
  const auto& end = timer(*issued, "compliance_end");
  REQUIRE(end.count.alts.size() == 2);
  CHECK(end.count.alts[1].text == "params.compliance_working_days");
  CHECK(end.meaning == workflows::TimerMeaning::kWindow);
  at(end.meaning_loc, kShared, 24, 15);
  CHECK(issued->on.at("timer.compliance_end")[0].to == "compliance_review");
  CHECK(w->find_state("complied")->final);
}

TEST_CASE("parse_framework never throws on bad YAML", "[config]") {
  std::vector<config::Diagnostic> diags;
  auto f = config::parse_framework("id: x\nworkflows: [unclosed\n", "bad.yaml", nullptr, &diags);
  CHECK_FALSE(f);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].loc.file == "bad.yaml");
  CHECK(diags[0].loc.line >= 2);
  CHECK(diags[0].message.find("YAML syntax error") == 0);
}
