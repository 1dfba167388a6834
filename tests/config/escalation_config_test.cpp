// `escalate:` on a timer: what the loader reads, and every mistake the loader and the checker
// report at file:line:column (wrong shape, a non-positive `after`, no recipients, undeclared
// roles, a missing template, and escalations that can never fire).
#include <catch2/catch.hpp>

#include <algorithm>

#include "config/checker.hpp"
#include "config/framework_docs.hpp"
#include "tests/config/config_test_support.hpp"

using sif::test::TempConfig;
using Lines = std::vector<std::string>;

namespace {

// Lines 1-9; the states of workflow `main` start on line 10, state ids at column 7.
const std::string kHead =
    "id: t\n"
    "version: 1\n"
    "roles: { link_adviser: Adviser, la_lead: Head of Service, headteacher: Headteacher }\n"
    "categories: [green, red]\n"
    "workflows:\n"
    "  main:\n"
    "    root: true\n"
    "    initial: open\n"
    "    states:\n";

const std::string kFile = "config/frameworks/t.yaml:";

// A temporary config with the default escalation template, and the framework `states`.
Lines check(const std::string& states, bool with_template = true) {
  TempConfig c;
  if (with_template) c.write("templates/deadline-overdue.txt", "Subject: {{escalation.title}} is overdue\n");
  c.write("frameworks/t.yaml", kHead + states);
  return c.check();
}

}  // namespace

TEST_CASE("escalate: loaded with its defaults, a timer that only escalates is allowed", "[config][escalation]") {
  TempConfig c;
  c.write("templates/deadline-overdue.txt", "Subject: {{escalation.title}} is overdue\n");
  c.write("templates/late-letter.txt", "Subject: late\n");
  c.write("frameworks/t.yaml", kHead + R"(      open:
        timers:
          - id: due
            kind: deadline
            title: Report to the governing body
            after: { working_days: 10 }
            escalate:
              - after: { working_days: 5 }
                to: la_lead
              - after: { weeks: 2 }
                to: [la_lead, headteacher]
                template: late-letter
            source: "Section 3"
        on:
          review.held: { to: closed }
      closed: { final: true }
)");
  std::vector<sif::config::Diagnostic> diags;
  auto loaded = sif::config::load_config_dir(c.dir(), &diags);
  REQUIRE(diags.empty());
  REQUIRE(loaded);
  const auto* f = (*loaded)->latest("t");
  REQUIRE(f);
  const auto& t = f->workflows.at(0).states.at(0).timers.at(0);
  REQUIRE(t.escalations.size() == 2);
  CHECK(t.escalations[0].after == sif::workflows::Duration{5, sif::workflows::Unit::kWorkingDays});
  CHECK(t.escalations[0].template_id == "deadline-overdue");  // the default
  REQUIRE(t.escalations[0].to.size() == 1);
  CHECK(t.escalations[0].to[0].role == "la_lead");
  CHECK(t.escalations[0].loc.line == 17);
  CHECK(t.escalations[0].loc.column == 17);
  CHECK(t.escalations[1].after == sif::workflows::Duration{2, sif::workflows::Unit::kWeeks});
  CHECK(t.escalations[1].template_id == "late-letter");
  CHECK(t.escalations[1].to.size() == 2);

  // docs/frameworks.md lists them in an "if overdue" column, only where a workflow escalates.
  const std::string md = sif::config::framework_markdown(*f);
  CHECK(md.find("| in state | timer | kind | when | reminders | if overdue | source |\n|---|---|---|---|---|---|---|\n") !=
        std::string::npos);
  CHECK(md.find("| `open` | Report to the governing body | deadline (overdue from the next working day) | after 10 working days | — | escalated 5 "
                "working_days after to la_lead; escalated 2 weeks after to la_lead, headteacher | Section 3 |") !=
        std::string::npos);
}

TEST_CASE("escalate: shape errors are located", "[config][escalation]") {
  SECTION("after must be positive") {
    CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate:
              - after: { working_days: 0 }
                to: la_lead
        on:
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "16:24: error: an escalation comes after its deadline has passed: the count must be positive "
                     "(e.g. after: { working_days: 5 })"});
  }
  SECTION("after and to are required") {
    CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate:
              - template: deadline-overdue
        on:
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "16:17: error: an escalation needs after: { <unit>: <count> } (e.g. after: { working_days: 5 })",
             kFile + "16:17: error: an escalation needs recipients (add to: [<role>, ...], e.g. the role above the officer)"});
  }
  SECTION("a misspelt key and a list that is not one") {
    CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate:
              - { after: { days: 3 }, to: la_lead, tempalte: deadline-overdue }
          - id: other
            kind: deadline
            after: { working_days: 10 }
            escalte: []
        on:
          review.held: { to: closed }
          timer.other: {}
      closed: { final: true }
)") == Lines{kFile + "16:52: error: unknown key 'tempalte' in an escalation (did you mean 'template'?)",
             kFile + "20:13: error: unknown key 'escalte' in a timer (did you mean 'escalate'?)"});
    CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate: { after: { days: 3 }, to: la_lead }
        on:
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "12:13: error: timer 'due' can never have an effect: state 'open' handles no timer.due "
                     "(add then: <state>, or a transition on timer.due, or remove the timer)",
             kFile + "15:23: error: escalate must be a list (found a map) (write it as `- item` lines or [a, b])"});
  }
}

TEST_CASE("escalate: roles and templates are checked", "[config][escalation]") {
  const std::string states = R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate:
              - after: { working_days: 5 }
                to: [director, la_leed]
        on:
          review.held: { to: closed }
      closed: { final: true }
)";
  CHECK(check(states) ==
        Lines{kFile + "17:22: error: role 'director' is not declared in roles: (add director: <its title in your "
                      "document> under roles:)",
              kFile + "17:32: error: unknown role 'la_leed' (did you mean 'la_lead'?)"});
  CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate: [{ after: { working_days: 5 }, to: la_lead }]
        on:
          review.held: { to: closed }
      closed: { final: true }
)", false) == Lines{kFile + "15:24: error: template 'deadline-overdue' (the default for escalations) not found in "
                            "templates/ (add templates/deadline-overdue.txt)"});
}

TEST_CASE("escalate: an escalation that can never fire is an error", "[config][escalation]") {
  SECTION("then: leaves the state when the deadline passes") {
    CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            then: closed
            escalate:
              - after: { working_days: 5 }
                to: la_lead
      closed: { final: true }
)") == Lines{kFile + "17:17: error: the escalations of timer 'due' can never fire: its then: 'closed' leaves the "
                     "state when the deadline passes, which cancels them (remove escalate:, or let the deadline stay "
                     "in state 'open' (a transition on timer.due without to:))"});
  }
  SECTION("every transition on timer.<id> leaves the state") {
    CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate:
              - after: { working_days: 5 }
                to: la_lead
        on:
          timer.due:
            - when: { vars.late: "yes" }
              to: closed
            - to: open
      closed: { final: true }
)") == Lines{kFile + "16:17: error: the escalations of timer 'due' can never fire: every transition on timer.due "
                     "leaves the state when the deadline passes, which cancels them (remove escalate:, or let the "
                     "deadline stay in state 'open' (a transition on timer.due without to:))"});
  }
  SECTION("a transition that stays, or one whose condition may fail, lets it fire") {
    CHECK(check(R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { working_days: 10 }
            escalate:
              - after: { working_days: 5 }
                to: la_lead
          - id: other
            kind: deadline
            after: { working_days: 10 }
            escalate:
              - after: { working_days: 5 }
                to: la_lead
        on:
          timer.due:
            - when: { vars.late: "yes" }
              to: closed
          timer.other: {}
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{});
  }
  SECTION("a recurring deadline's escalation must come before its next firing") {
    CHECK(check(R"(      open:
        timers:
          - id: visit
            kind: deadline
            after: { weeks: 2 }
            every: { weeks: 2 }
            escalate:
              - after: { weeks: 2 }
                to: la_lead
        on:
          timer.visit: {}
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "17:17: error: escalation of timer 'visit' is due 2 weeks after the deadline, but the deadline "
                     "recurs every 2 weeks, so it would go out after the next firing (make after shorter than every)"});
  }
}

TEST_CASE("kind: says what a timer's date means, an unknown kind and the old overdue: key are located",
          "[config][escalation]") {
  TempConfig c;
  c.write("frameworks/t.yaml", kHead + R"(      open:
        timers:
          - id: plan_due
            kind: deadline
            after: { weeks: 2 }
          - id: visit
            kind: prompt
            after: { weeks: 3 }
        on:
          timer.plan_due: {}
          timer.visit: {}
          review.held: { to: closed }
      closed: { final: true }
)");
  std::vector<sif::config::Diagnostic> diags;
  auto loaded = sif::config::load_config_dir(c.dir(), &diags);
  REQUIRE(diags.empty());
  REQUIRE(loaded);
  const auto& timers = (*loaded)->latest("t")->workflows.at(0).states.at(0).timers;
  CHECK(timers.at(0).meaning == sif::workflows::TimerMeaning::kDeadline);
  CHECK(timers.at(1).meaning == sif::workflows::TimerMeaning::kPrompt);

  const Lines bad = check(R"(      open:
        timers:
          - id: plan_due
            kind: sometimes
            after: { weeks: 2 }
        on:
          timer.plan_due: {}
          review.held: { to: closed }
      closed: { final: true }
)");
  // The unknown kind, located on its value (the checker may also say the timer declares none).
  const std::string unknown_kind = kFile + "13:19: error: kind 'sometimes' is not a kind of timer";
  CHECK(std::any_of(bad.begin(), bad.end(), [&](const std::string& l) { return l.rfind(unknown_kind, 0) == 0; }));

  const Lines old = check(R"(      open:
        timers:
          - id: plan_due
            kind: deadline
            after: { weeks: 2 }
            overdue: true
        on:
          timer.plan_due: {}
          review.held: { to: closed }
      closed: { final: true }
)");
  REQUIRE(old.size() == 1);
  CHECK(old[0].rfind(kFile + "15:22: error: overdue: is replaced by the timer's kind", 0) == 0);

  const Lines unclassified = check(R"(      open:
        timers:
          - id: plan_due
            after: { weeks: 2 }
        on:
          timer.plan_due: {}
          review.held: { to: closed }
      closed: { final: true }
)");
  REQUIRE(unclassified.size() == 1);
  CHECK(unclassified[0].rfind(kFile + "12:13: error: timer 'plan_due' does not say what its date means", 0) == 0);
}

TEST_CASE("at: a calendar anchor instead of after:, stage: and recurring: are read, mistakes are located",
          "[config][escalation]") {
  TempConfig c;
  c.write("frameworks/t.yaml", kHead + R"(      open:
        timers:
          - id: conversation
            kind: prompt
            at: "start of autumn term"
            recurring: true
            stage: annual
        on:
          timer.conversation: {}
          review.held: { to: closed }
      closed: { final: true }
)");
  std::vector<sif::config::Diagnostic> diags;
  auto loaded = sif::config::load_config_dir(c.dir(), &diags);
  REQUIRE(diags.empty());
  REQUIRE(loaded);
  const auto& t = (*loaded)->latest("t")->workflows.at(0).states.at(0).timers.at(0);
  CHECK(t.at == "start of autumn term");
  CHECK(t.recurring);
  CHECK(t.recurs());
  CHECK(t.stage == "annual");

  const Lines bad = check(R"(      open:
        timers:
          - id: conversation
            kind: prompt
            at: "the autumn"
          - id: again
            kind: prompt
            after: { days: 3 }
            recurring: true
        on:
          timer.conversation: {}
          timer.again: {}
          review.held: { to: closed }
      closed: { final: true }
)");
  REQUIRE(bad.size() == 2);
  CHECK(bad[0].rfind(kFile + "14:17: error: at 'the autumn' is not a calendar anchor", 0) == 0);
  CHECK(bad[1].rfind(kFile + "18:24: error: recurring: is for a timer with at:", 0) == 0);
}
