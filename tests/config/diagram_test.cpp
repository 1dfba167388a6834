// to_mermaid: a hand-built workflow drawn exactly, and the shipped warning-notice workflow
// (as Leicester uses it) drawn with its statutory timers.
#include <catch2/catch.hpp>

#include "config/config_set.hpp"
#include "config/diagram.hpp"

namespace {

using namespace sif::workflows;

Condition cond(std::string path, Condition::Op op, std::vector<std::string> values) {
  Condition c;
  c.path = std::move(path);
  c.op = op;
  c.values = std::move(values);
  return c;
}

TransitionSpec go(std::string to, std::vector<Condition> when = {}) {
  TransitionSpec t;
  t.to = std::move(to);
  t.when.all = std::move(when);
  return t;
}

WorkflowSpec sample() {
  WorkflowSpec wf;
  wf.id = "notice";
  wf.initial = "issued";

  StateSpec issued;
  issued.id = "issued";
  issued.title = "Notice issued; period running";
  TimerSpec end;
  end.id = "compliance_end";
  end.unit = Unit::kWorkingDays;
  end.count = ValueExpr::path("params.compliance_working_days");
  end.then = "review";
  issued.timers.push_back(end);
  TimerSpec visit;
  visit.id = "visit";
  visit.unit = Unit::kHalfTerms;
  visit.count = ValueExpr::literal("1");
  visit.every = Duration{1, Unit::kHalfTerms};
  issued.timers.push_back(visit);
  issued.on["timer.visit"].push_back(TransitionSpec{});  // internal: not drawn
  issued.on["representation.received"].push_back(
      go("end", {cond("params.representation_working_days", Condition::Op::kGt, {"0"})}));
  TransitionSpec start = go("issued");
  start.effects.start.push_back(ChildStart{"child", {}, {}});
  issued.on["note.recorded"].push_back(start);
  wf.states.push_back(issued);

  StateSpec review;
  review.id = "review";
  review.on["outcome"].push_back(go("end", {cond("event.rating", Condition::Op::kIn, {"amber", "red"}),
                                            cond("vars.n", Condition::Op::kLt, {"2"})}));
  wf.states.push_back(review);

  StateSpec fin;
  fin.id = "end";  // a mermaid keyword
  fin.title = "Closed";
  fin.final = true;
  wf.states.push_back(fin);
  return wf;
}

}  // namespace

TEST_CASE("to_mermaid draws states, event and timer transitions, and final states", "[config][diagram]") {
  Framework f;
  f.id = "example";
  const std::string expected =
      "stateDiagram-v2\n"
      "  [*] --> issued\n"
      "  issued : Notice issued, period running\n"
      "  issued --> review : after params.compliance_working_days working days\n"
      "  issued --> issued : note.recorded / start child\n"
      "  issued --> s_end : representation.received [params.representation_working_days gt 0]\n"
      "  review : review\n"
      "  review --> s_end : outcome [event.rating in (amber, red) and vars.n lt 2]\n"
      "  s_end : Closed\n"
      "  s_end --> [*]\n";
  CHECK(sif::config::to_mermaid(f, sample()) == expected);
}

TEST_CASE("describe_timer writes counts, units and recurrence in words", "[config][diagram]") {
  TimerSpec t;
  t.unit = Unit::kHalfTerms;
  t.count = ValueExpr::literal("1");
  t.every = Duration{1, Unit::kHalfTerms};
  CHECK(sif::config::describe_timer(t) == "after 1 half-term, every 1 half-term");
  t.unit = Unit::kWorkingDays;
  t.count = ValueExpr::literal("15");
  t.every.reset();
  CHECK(sif::config::describe_timer(t) == "after 15 working days");
}

TEST_CASE("to_mermaid draws the shipped warning-notice workflow", "[config][diagram]") {
  std::vector<sif::config::Diagnostic> diags;
  auto cs = sif::config::load_config_dir(sif::config::default_config_dir(), &diags);
  REQUIRE(cs);
  const Framework* f = (*cs)->latest("leicester-2007");
  REQUIRE(f != nullptr);
  const WorkflowSpec* wn = f->find_workflow("warning_notice");
  REQUIRE(wn != nullptr);
  const std::string m = sif::config::to_mermaid(*f, *wn);
  CHECK(m.rfind("stateDiagram-v2\n  [*] --> issued\n", 0) == 0);
  // The compliance period: the statutory one where the Act fixes it, else the notice's own.
  CHECK(m.find("  issued --> compliance_review : after law.warning_notice.statutory_compliance_working_days or "
               "event.compliance_working_days or params.compliance_working_days working days\n") != std::string::npos);
  // Representations only where the law in force on the notice's date allows them.
  CHECK(m.find("  issued --> representation_made : representation.received "
               "[vars.representations = yes]\n") != std::string::npos);
  CHECK(m.find("  compliance_review --> eligible_for_intervention : warning_notice.not_complied\n") !=
        std::string::npos);
  CHECK(m.find("  eligible_for_intervention --> [*]\n") != std::string::npos);
  CHECK(m.find("  complied --> [*]\n") != std::string::npos);
  CHECK(m.find("  withdrawn --> [*]\n") != std::string::npos);
}
