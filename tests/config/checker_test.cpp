// One broken framework per check: each asserts the exact file:line:column, message and hint
// that `sifd --check` prints. Frameworks are inline YAML written to a temporary directory.
#include <catch2/catch.hpp>

#include "tests/config/config_test_support.hpp"

using sif::test::check_framework_text;
using sif::test::TempConfig;
using Lines = std::vector<std::string>;

namespace {

// Lines 1-9; the states of workflow `main` start on line 10, state ids at column 7.
const std::string kHead =
    "id: t\n"
    "version: 1\n"
    "roles: { link_adviser: Adviser, headteacher: Headteacher }\n"
    "categories: [green, red]\n"
    "workflows:\n"
    "  main:\n"
    "    root: true\n"
    "    initial: open\n"
    "    states:\n";

const std::string kFile = "config/frameworks/t.yaml:";

}  // namespace

TEST_CASE("checker: a sound framework has no diagnostics", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{});
}

TEST_CASE("checker: unknown state in to", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          review.held: { to: closd }
          exit.approved: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "12:24: error: unknown state 'closd' in to (workflow 'main') (did you mean 'closed'?)"});
}

TEST_CASE("checker: unknown state in then", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: wait
            kind: prompt
            after: { days: 5 }
            then: closd
        on:
          exit.approved: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "15:19: error: unknown state 'closd' in then of timer 'wait' (workflow 'main') (did you mean 'closed'?)"});
}

TEST_CASE("checker: unknown state in then, timer written on one line", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers: [{ id: wait, kind: prompt, after: { days: 5 }, then: closd }]
        on: { exit.approved: { to: closed } }
      closed: { final: true }
)") == Lines{kFile + "11:70: error: unknown state 'closd' in then of timer 'wait' (workflow 'main') (did you mean 'closed'?)"});
}

TEST_CASE("checker: unknown initial state", "[config]") {
  CHECK(check_framework_text(R"(id: t
workflows:
  main:
    root: true
    initial: opne
    states:
      open: { on: { exit.approved: { to: closed } } }
      closed: { final: true }
)") == Lines{kFile + "3:3: error: unknown state 'opne' in initial of workflow 'main' (did you mean 'open'?)"});
}

TEST_CASE("checker: unknown workflow in start", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          review.held:
            start: [{ workflow: chlid }]
          exit.approved: { to: closed }
      closed: { final: true }
  child:
    initial: a
    states:
      a: { final: true }
)") == Lines{kFile + "13:21: error: unknown workflow 'chlid' in start (did you mean 'child'?)"});
}

TEST_CASE("checker: params passed to a child must be declared, required ones given", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          review.held:
            start: [{ workflow: child, params: { colour: red } }]
          exit.approved: { to: closed }
      closed: { final: true }
  child:
    initial: a
    params: { color: { description: "no default: required" } }
    states:
      a: { final: true }
)") == Lines{kFile + "13:21: error: starting workflow 'child' without its required param 'color' "
                     "(pass params: { color: <value> }, or give the param a default)",
             kFile + "13:58: error: workflow 'child' declares no param 'colour' (did you mean 'color'?)"});
}

TEST_CASE("checker: a root workflow's params need defaults", "[config]") {
  CHECK(check_framework_text(R"(id: t
workflows:
  main:
    root: true
    initial: open
    params: { months: {} }
    states:
      open: { final: true }
)") == Lines{kFile + "6:15: error: param 'months' of root workflow 'main' has no default "
                     "(a root workflow starts on registration with no params: give it default: <value>)"});
}

TEST_CASE("checker: roles in notices must be canonical and declared", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on_enter:
          notices:
            - template: letter
              to: [ofsted, headteachr]
        on:
          exit.approved: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "14:20: error: role 'ofsted' is not declared in roles: "
                     "(add ofsted: <its title in your document> under roles:)",
             kFile + "14:28: error: unknown role 'headteachr' (did you mean 'headteacher'?)"});
}

// A copy guarded by a law condition needs its role only where some regime of the framework's
// nation requires that copy: the Secretary of State's (s.60(6A)) in England, never in Wales.
TEST_CASE("checker: a copy the law of the framework's nation never requires needs no role", "[config]") {
  const std::string body = R"(      open:
        on_enter:
          notices:
            - template: letter
              to: [headteacher]
              cc:
                - { role: regional_director, when: { law.warning_notice.copy_secretary_of_state: "yes" } }
        on:
          exit.approved: { to: closed }
      closed: { final: true }
)";
  CHECK(check_framework_text(kHead + body) ==
        Lines{kFile + "16:19: error: role 'regional_director' is not declared in roles: "
                      "(add regional_director: <its title in your document> under roles:)"});
  CHECK(check_framework_text("nation: wales\n" + kHead + body) == Lines{});
}

TEST_CASE("checker: declared roles must be canonical", "[config]") {
  auto d = check_framework_text(R"(id: t
roles:
  link_advisor: School Improvement Advisor
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
)");
  CHECK(d == Lines{kFile + "3:3: error: 'link_advisor' is not a canonical role (did you mean 'link_adviser'?)"});
}

namespace {
// A framework declaring a role of its own (lines 1-8) whose state `open` sends one letter
// (with kChair, line 16: the `to:` item at column 40; a 17-letter `to:` puts the `cc:` item at 65).
std::string own_role_framework(const std::string& roles, const std::string& to, const std::string& cc = "headteacher") {
  return "id: t\n"
         "roles:\n"
         "  headteacher: Headteacher\n" +
         roles +
         "workflows:\n"
         "  main:\n"
         "    root: true\n"
         "    initial: open\n"
         "    states:\n"
         "      open:\n"
         "        on_enter:\n"
         "          notices:\n"
         "            - { template: letter, to: [" + to + "], cc: [" + cc + "] }\n"
         "        on:\n"
         "          review.held: { to: closed }\n"
         "      closed: { final: true }\n";
}
const std::string kChair =
    "  review_team_chair:\n"
    "    title: Chair of the Review Team\n"
    "    own: true\n"
    "    source: \"Category Three\"\n";
}  // namespace

TEST_CASE("checker: a role of the framework's own is declared with own: true and may be sent to", "[config]") {
  CHECK(check_framework_text(own_role_framework(kChair, "review_team_chair")) == Lines{});
  // A canonical role may be written as a map too, to give its source.
  CHECK(check_framework_text(own_role_framework(kChair + "  la_lead: { title: Assistant Director, source: \"s.3\" }\n",
                                                "review_team_chair", "la_lead")) == Lines{});
}

TEST_CASE("checker: an own role no notice is addressed to is a warning, and the definitions still load", "[config]") {
  // Telford's Review Team chair declared, but the letter goes to the headteacher only.
  TempConfig c;
  c.write("frameworks/t.yaml", own_role_framework(kChair, "headteacher"));
  std::vector<sif::config::Diagnostic> diags;
  auto loaded = sif::config::load_config_dir(c.dir(), &diags);
  REQUIRE(loaded);
  CHECK((*loaded)->latest("t") != nullptr);
  REQUIRE(diags.size() == 1);
  CHECK_FALSE(diags[0].is_error());
  CHECK(diags[0].str() == kFile + "4:3: warning: own role 'review_team_chair' is declared but no notice, reminder or "
                                  "escalation is addressed to it (add it to the to: or cc: of the notices it should "
                                  "receive, or remove it)");
  CHECK(sif::config::error_count(diags) == 0);
}

TEST_CASE("checker: an own role may not reuse a canonical id", "[config]") {
  CHECK(check_framework_text(own_role_framework("  la_lead: { title: Assistant Director, own: true }\n", "la_lead")) ==
        Lines{kFile + "4:3: error: 'la_lead' is a canonical role, so it cannot be declared own: true (remove own: "
                      "true to give la_lead this framework's title, or choose an id of its own)"});
}

TEST_CASE("checker: an own role's id is snake_case", "[config]") {
  CHECK(check_framework_text(own_role_framework("  Review-Team Chair: { title: Chair, own: true }\n", "headteacher")) ==
        Lines{kFile + "4:3: error: own role 'Review-Team Chair' is not snake_case (write its id in lower-case words "
                      "joined by '_', e.g. review_team_chair)"});
}

TEST_CASE("checker: an own role nearly a canonical one is a misspelling, not a new role", "[config]") {
  CHECK(check_framework_text(own_role_framework("  link_advisor: { title: Adviser, own: true }\n", "headteacher")) ==
        Lines{kFile + "4:3: error: own role 'link_advisor' is nearly the canonical role 'link_adviser' (did you mean "
                      "'link_adviser'? (a role of your own needs an id no canonical role nearly has))"});
}

TEST_CASE("checker: an own role needs a title and only title, own and source", "[config]") {
  CHECK(check_framework_text(own_role_framework("  review_team_chair: { own: true, sorce: x }\n", "review_team_chair")) ==
        Lines{kFile + "4:3: error: own role 'review_team_chair' has no title (write review_team_chair: { title: <its "
                      "title in your document>, own: true })",
              kFile + "4:35: error: unknown key 'sorce' in role 'review_team_chair' (did you mean 'source'?)"});
}

TEST_CASE("checker: a role neither canonical nor declared is refused, with the role meant", "[config]") {
  // A misspelt canonical role is never taken for a new one, even with an own role declared.
  CHECK(check_framework_text(own_role_framework(kChair, "review_team_chair", "headteachr")) ==
        Lines{kFile + "16:65: error: unknown role 'headteachr' (did you mean 'headteacher'?)"});
  // A misspelt own role: the declared one is meant (and so is addressed by nothing).
  CHECK(check_framework_text(own_role_framework(kChair, "review_team_chiar")) ==
        Lines{kFile + "4:3: warning: own role 'review_team_chair' is declared but no notice, reminder or escalation "
                      "is addressed to it (add it to the to: or cc: of the notices it should receive, or remove it)",
              kFile + "16:40: error: unknown role 'review_team_chiar' (did you mean 'review_team_chair'?)"});
  // An own role another framework might declare is not this one's.
  CHECK(check_framework_text(own_role_framework("", "review_team_chair")) ==
        Lines{kFile + "12:40: error: unknown role 'review_team_chair' (roles are canonical (headteacher, "
                      "chair_of_governors, governing_body, link_adviser, la_lead, director, ofsted, regional_director, "
                      "appointing_authority, religious_body, trust_board, welsh_ministers) or declared under roles: with own: true)"});
}

TEST_CASE("checker: templates must exist, with any extension", "[config]") {
  TempConfig c;
  c.write("templates/visit-note.html", "<p>{{school.name}}</p>\n");
  c.write("frameworks/t.yaml", kHead + R"(      open:
        on_enter:
          notices:
            - { template: lettre, to: headteacher }
            - { template: visit-note, to: headteacher }
        timers:
          - id: due
            kind: deadline
            after: { days: 5 }
            then: closed
            reminders: [{ before: { days: 1 }, to: [link_adviser], template: nudge }]
      closed: { final: true }
)");
  CHECK(c.check() == Lines{kFile + "13:15: error: template 'lettre' not found in templates/ (did you mean 'letter'?)",
                           kFile + "20:25: error: template 'nudge' not found in templates/ (add templates/nudge.txt)"});
}

TEST_CASE("checker: the default reminder template must exist", "[config]") {
  TempConfig c;
  std::filesystem::remove(c.dir() / "templates/deadline-reminder.txt");
  c.write("frameworks/t.yaml", kHead + R"(      open:
        timers:
          - id: due
            kind: deadline
            after: { days: 5 }
            then: closed
            reminders: [{ before: { days: 1 }, to: [link_adviser] }]
      closed: { final: true }
)");
  CHECK(c.check() == Lines{kFile + "16:25: error: template 'deadline-reminder' (the default for reminders) not found "
                                   "in templates/ (add templates/deadline-reminder.txt)"});
}

TEST_CASE("checker: a reminder's unless: is checked like a when:", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: due
            kind: window
            at: "end of half-term"
            then: closed
            reminders:
              - before: { working_days: 10 }
                to: [link_adviser]
                unless: { vars.last_visit: { ge: calendar.half_term_strat }, varz.n: 2 }
      closed: { final: true }
)") == Lines{kFile + "19:27: error: unknown path 'calendar.half_term_strat' (did you mean 'half_term_start'?)",
             kFile + "19:78: error: unknown path root 'varz' in 'varz.n' (did you mean 'vars.n'?)"});
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: due
            kind: window
            at: "end of half-term"
            then: closed
            reminders: [{ before: { working_days: 10 }, to: [link_adviser], unless: yes }]
      closed: { final: true }
)") == Lines{kFile + "16:85: error: unless must be a map (found a value) (write it as `key: value` lines or { key: value })"});
}

TEST_CASE("checker: a guard comparing school.type or school.phase with a value no school has", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          exit.approved:
            - { when: { school.type: [voluntary_aided, voluntary_aidd] }, to: closed }
            - { when: { school.phase: { in: [primary, infants] } }, to: closed }
      closed: { final: true }
)") == Lines{kFile + "13:25: error: school.type is compared with 'voluntary_aidd', which no school has "
                     "(did you mean 'voluntary_aided'?)",
             kFile + "14:25: error: school.phase is compared with 'infants', which no school has "
                     "(phases are GIAS's, as slugs: not_applicable, nursery, primary, middle_deemed_primary, "
                     "secondary, middle_deemed_secondary, 16_plus, all_through)"});
}

TEST_CASE("checker: duplicate ids", "[config]") {
  SECTION("states") {
    CHECK(check_framework_text(kHead + R"(      open:
        on:
          exit.approved: { to: closed }
      closed: { final: true }
      open: { final: true }
)") == Lines{kFile + "14:7: error: state 'open' is declared twice in workflow 'main' (first at line 10; rename or remove one)"});
  }
  SECTION("categories") {
    CHECK(check_framework_text(R"(id: t
categories: [green, red, green]
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
)") == Lines{kFile + "2:26: error: category 'green' is declared twice (first at line 2; rename or remove one)"});
  }
  SECTION("timers of a state") {
    CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - { id: t1, kind: prompt, after: { days: 1 }, then: closed }
          - { id: t1, kind: prompt, after: { days: 2 }, then: closed }
      closed: { final: true }
)") == Lines{kFile + "13:13: error: timer 't1' is declared twice in state 'open' (first at line 12; rename or remove one)"});
  }
  SECTION("workflows") {
    CHECK(check_framework_text(R"(id: t
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
  main: { initial: b, states: { b: { final: true } } }
)") == Lines{kFile + "4:3: error: workflow 'main' is declared twice (first at line 3; rename or remove one)"});
  }
  SECTION("params") {
    CHECK(check_framework_text(R"(id: t
workflows:
  main:
    root: true
    initial: a
    params:
      weeks: "3"
      weeks: "4"
    states: { a: { final: true } }
)") == Lines{kFile + "8:7: error: param 'weeks' is declared twice in workflow 'main' (first at line 7; rename or remove one)"});
  }
}

TEST_CASE("checker: unreachable states", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          exit.approved: { to: closed }
      closed: { final: true }
      limbo: { final: true }
)") == Lines{kFile + "14:7: error: state 'limbo' of workflow 'main' cannot be reached from its initial state 'open' "
                     "(add a transition (to: limbo) or a timer's then: leading to it, or remove it)"});
}

TEST_CASE("checker: non-final states need a way out", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          exit.approved: { to: stuck }
      stuck:
        on:
          note.recorded: {}
          review.held: { to: stuck }
)") == Lines{kFile + "13:7: error: state 'stuck' of workflow 'main' has no way out "
                     "(mark it final: true or add a transition (or a timer's then:) to another state)"});
}

TEST_CASE("checker: final states run nothing", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          exit.approved: { to: closed }
      closed:
        final: true
        on:
          review.held: { to: open }
)") == Lines{kFile + "13:7: error: final state 'closed' has transitions that can never run: an instance in a final "
                     "state is finished (remove them, or remove final: true)"});
}

TEST_CASE("checker: timers must have an effect", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: idle
            kind: prompt
            after: { weeks: 2 }
          - id: nudge
            kind: prompt
            after: { weeks: 2 }
            reminders: [{ before: { days: 2 }, to: link_adviser }]
        on:
          exit.approved: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "12:13: error: timer 'idle' can never have an effect: state 'open' handles no timer.idle "
                     "(add then: <state>, or a transition on timer.idle, or remove the timer)"});
}

TEST_CASE("checker: timer events name a timer of the state", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - { id: visit, kind: prompt, after: { weeks: 2 } }
        on:
          timer.visti: { to: closed }
          timer.visit: {}
      closed: { final: true }
)") == Lines{kFile + "14:24: error: state 'open' handles 'timer.visti' but has no timer 'visti' (did you mean 'visit'?)"});
}

TEST_CASE("checker: cancel and restart name timers of the state concerned", "[config]") {
  SECTION("cancel: the state being handled") {
    CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - { id: visit, kind: prompt, after: { weeks: 2 }, then: closed }
        on:
          plan.agreed: { cancel: [vist], restart: [visit] }
      closed: { final: true }
)") == Lines{kFile + "14:24: error: cancel names 'vist', which is not a timer of state 'open' (did you mean 'visit'?)"});
  }
  SECTION("restart: the state after the transition") {
    CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - { id: visit, kind: prompt, after: { weeks: 2 }, then: closed }
        on:
          plan.agreed: { to: closed, restart: [visit] }
      closed: { final: true }
)") == Lines{kFile + "14:24: error: restart names 'visit', which is not a timer of state 'closed' "
                     "(restart re-arms a timer of the state the instance is in after the transition)"});
  }
}

TEST_CASE("checker: paths", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          review.held:
            when: { evnt.progress: sufficient, state.name: x, params.nope: 1, timers.nope: 2 }
            to: closed
            set: { plan: "evnt.plan | none" }
      closed: { final: true }
)") == Lines{
             kFile + "13:21: error: unknown path root 'evnt' in 'evnt.progress' (did you mean 'event.progress'?)",
             kFile + "13:48: error: unknown path 'state.name' (the only state path is state.entered)",
             kFile + "13:63: error: workflow 'main' has no param 'nope' (in 'params.nope') (declare it under params:)",
             kFile + "13:79: error: workflow 'main' has no timer 'nope' (in 'timers.nope') "
                     "(timers.<id> names a timer of this workflow)",
             kFile + "15:26: error: 'evnt.plan' reads as a literal, not a path (did you mean 'event.plan'?)"});
}

TEST_CASE("checker: workflows.<id> names a workflow of the framework", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          exit.approved:
            - { when: { workflows.main: { absent: true } }, to: closed }
            - { when: { workflows.warning_notise: { absent: true } }, to: closed }
      closed: { final: true }
)") == Lines{kFile + "14:25: error: framework 't' has no workflow 'warning_notise' (in 'workflows.warning_notise') "
                     "(expected one of: main)"});
}

TEST_CASE("checker: comparisons compare numbers or dates", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          review.held:
            when: { vars.n: { ge: lots }, event.date: { lt: 2016-04-01 } }
            to: closed
      closed: { final: true }
)") == Lines{kFile + "13:21: error: condition on 'vars.n' compares with 'lots', which is neither a number nor a date "
                     "(lt, le, gt and ge compare numbers or dates (YYYY-MM-DD); use eq or in for words)"});
}

TEST_CASE("checker: literal set_category values are declared categories", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          category.agreed: { set_category: purple }
          ofsted.judgement: { set_category: "event.category | red" }
          exit.approved: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "12:44: error: set_category 'purple' is not a declared category (expected one of: green, red)"});
}

TEST_CASE("checker: max_repeats only for recurring timers", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - { id: visit, kind: prompt, after: { weeks: 2 }, max_repeats: 3, then: closed }
      closed: { final: true }
)") == Lines{kFile + "12:13: error: timer 'visit' has max_repeats but is not recurring "
                     "(add every: { <unit>: <count> }, or remove max_repeats)"});
}

TEST_CASE("checker: a literal from is a date", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - { id: visit, kind: prompt, after: { weeks: 2 }, from: "event.date | yesterday", then: closed }
          - { id: fixed, kind: prompt, after: { weeks: 2 }, from: "2026-09-01", then: closed }
      closed: { final: true }
)") == Lines{kFile + "12:67: error: from 'yesterday' is neither a path nor a date (write e.g. \"event.date | "
                     "state.entered\" or a date YYYY-MM-DD; a path is event.<field>, school.<fact>, vars.<name>, "
                     "params.<name>, state.entered, timers.<timer id>, law.<notice>.<field>, "
                     "calendar.<period boundary> or workflows.<workflow id>)"});
}

TEST_CASE("checker: every timer says what its date means", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: visit
            after: { weeks: 2 }
            then: closed
      closed: { final: true }
)") == Lines{kFile + "12:13: error: timer 'visit' does not say what its date means (add kind: deadline (something "
                     "must be done by the date: overdue from the next working day), kind: window (a period that "
                     "includes its last day: events allowed in it until the end of that day) or kind: prompt (a day "
                     "to do something: moved off weekends and bank holidays); see docs/definitions.md, \"What a date "
                     "means\")"});
}

TEST_CASE("checker: only a deadline escalates", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: visit
            kind: prompt
            after: { weeks: 2 }
            escalate: [{ after: { working_days: 5 }, to: headteacher, template: letter }]
        on:
          timer.visit: {}
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "15:24: error: timer 'visit' escalates, but only a deadline can be overdue "
                     "(make it kind: deadline, or remove escalate:)"});
}

TEST_CASE("checker: allows_after only on a window, naming events the workflow takes", "[config]") {
  SECTION("a deadline has no allows_after") {
    CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: plan_due
            kind: deadline
            after: { weeks: 2 }
            allows_after: [review.held]
        on:
          timer.plan_due: {}
          review.held: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "12:13: error: timer 'plan_due' has allows_after, which only a window has "
                     "(make it kind: window, or remove allows_after)"});
  }
  SECTION("an event no state of the workflow takes") {
    // plan.agreed is taken by a later state of main, so it may be held back; exit.approved is
    // taken only by the child workflow, which does not count.
    CHECK(check_framework_text(kHead + R"(      open:
        timers:
          - id: compliance_end
            kind: window
            after: { working_days: 15 }
            allows_after: [plan.agreed, exit.approved]
        on:
          timer.compliance_end: {}
          review.held: { to: deciding }
      deciding:
        on:
          plan.agreed: { to: closed }
          support.started:
            start: [{ workflow: child }]
      closed: { final: true }
  child:
    initial: a
    states:
      a:
        on:
          exit.approved: { to: b }
      b: { final: true }
)") == Lines{kFile + "12:13: error: timer 'compliance_end' holds back event 'exit.approved', which no state of "
                     "workflow 'main' takes (name an event a later state handles, e.g. the one recorded once the "
                     "period has ended)"});
  }
}

TEST_CASE("checker: events a slip away from a canonical one, and <child>.finished", "[config]") {
  CHECK(check_framework_text(kHead + R"(      open:
        on:
          review.hled: { to: closed }
          pm.review_held: { to: closed }
          mian.finished: { to: closed }
      closed: { final: true }
)") == Lines{kFile + "12:24: error: event 'review.hled' is not a canonical event (did you mean 'review.held'?)",
             kFile + "14:26: error: event 'mian.finished' names no workflow of this framework "
                     "(did you mean 'main.finished'?)"});
}

TEST_CASE("checker: the file", "[config]") {
  SECTION("id equals the file name") {
    CHECK(check_framework_text(R"(id: other
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
)") == Lines{kFile + "1:5: error: framework id 'other' differs from its file name 't.yaml' "
                     "(rename the file to other.yaml or write id: t)"});
  }
  SECTION("version") {
    CHECK(check_framework_text(R"(id: t
version: 0
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
)") == Lines{kFile + "2:10: error: version must be 1 or more (found 0) "
                     "(start at version: 1 and add one for each published change)"});
  }
  SECTION("fire_time") {
    CHECK(check_framework_text(R"(id: t
fire_time: "25:00"
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
)") == Lines{kFile + "2:12: error: fire_time '25:00' is not a time of day "
                     "(write it as \"HH:MM\" in quotes, e.g. fire_time: \"08:00\")"});
  }
  SECTION("a root workflow") {
    CHECK(check_framework_text(R"(id: t
workflows:
  main: { initial: a, states: { a: { final: true } } }
)") == Lines{kFile + "1:1: error: no workflow has root: true, so nothing starts when a school is registered "
                     "(mark the workflow every school starts in with root: true)"});
  }
}

TEST_CASE("checker: a named calendar must exist, default needs no file", "[config]") {
  const std::string body = R"(
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
)";
  TempConfig c;
  c.write("frameworks/t.yaml", "id: t\ncalendar: wiltshire" + body);
  CHECK(c.check() == Lines{kFile + "2:11: error: no term calendar 'wiltshire' (calendars/wiltshire.yaml does not "
                                   "exist) (add calendars/wiltshire.yaml, or write calendar: default for the default "
                                   "pattern)"});
  c.write("frameworks/t.yaml", "id: t\ncalendar: default" + body);
  CHECK(c.check() == Lines{});
  std::filesystem::create_directories(c.dir() / "calendars");
  std::filesystem::copy_file(std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config/calendars/example-fictional.yaml",
                             c.dir() / "calendars/example-fictional.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  c.write("frameworks/t.yaml", "id: t\ncalendar: example-fictional" + body);
  CHECK(c.check() == Lines{});
}

TEST_CASE("checker: every problem is reported, not just the first", "[config]") {
  auto d = check_framework_text(kHead + R"(      open:
        on:
          review.held: { to: nowhere }
          category.agreed: { set_category: purple }
      closed: { final: true }
)");
  // The unknown state, the undeclared category and the unreachable 'closed'; 'open' does have
  // a way out (to a state that does not exist, reported once).
  REQUIRE(d.size() == 3);
  CHECK(d[0].find("12:24: error: unknown state 'nowhere'") != std::string::npos);
  CHECK(d[1].find("13:44: error: set_category 'purple'") != std::string::npos);
  CHECK(d[2].find("14:7: error: state 'closed' of workflow 'main' cannot be reached") != std::string::npos);
}
