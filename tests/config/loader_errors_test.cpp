// The shape of the language: misspelt keys, wrong kinds, bad counts and units, the then/handler
// clash, `use:` misuse and YAML syntax errors — each located at file:line:column, none thrown.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "config/checker.hpp"
#include "config/framework_loader.hpp"
#include "tests/config/config_test_support.hpp"

using sif::test::check_framework_text;
using sif::test::TempConfig;
using Lines = std::vector<std::string>;

namespace {

// Lines 1-7; the states of workflow `main` start on line 8, state ids at column 7.
const std::string kHead =
    "id: t\n"
    "roles: { link_adviser: Adviser, headteacher: Headteacher }\n"
    "workflows:\n"
    "  main:\n"
    "    root: true\n"
    "    initial: open\n"
    "    states:\n";

const std::string kFile = "config/frameworks/t.yaml:";

std::string with_state(const std::string& open_body) {
  return kHead + "      open:\n" + open_body + "      closed: { final: true }\n";
}

}  // namespace

TEST_CASE("loader: unknown keys, with did-you-mean", "[config]") {
  CHECK(check_framework_text(with_state(R"(        titel: Open
        on: { exit.approved: { to: closed } }
)")) == Lines{kFile + "9:9: error: unknown key 'titel' in state 'open' (did you mean 'title'?)"});

  CHECK(check_framework_text(with_state(R"(        on:
          exit.approved: { to: closed, sorce: "p.4" }
)")) == Lines{kFile + "10:40: error: unknown key 'sorce' in a transition (did you mean 'source'?)"});

  CHECK(check_framework_text("verison: 2\n" + with_state(R"(        on: { exit.approved: { to: closed } }
)")) == Lines{kFile + "1:1: error: unknown key 'verison' in the framework (did you mean 'version'?)"});
}

TEST_CASE("loader: wrong kinds", "[config]") {
  CHECK(check_framework_text(with_state(R"(        timers: { id: visit }
        on: { exit.approved: { to: closed } }
)")) == Lines{kFile + "9:17: error: timers must be a list (found a map) (write it as `- item` lines or [a, b])"});

  CHECK(check_framework_text(with_state(R"(        on_enter:
          notices: { template: letter, to: headteacher }
        on: { exit.approved: { to: closed } }
)")) == Lines{kFile + "10:20: error: notices must be a list (found a map) (write it as `- item` lines or [a, b])"});

  CHECK(check_framework_text("id: t\nversion: one\nworkflows:\n  main: { root: true, initial: a, states: { a: { final: true } } }\n") ==
        Lines{kFile + "2:10: error: version must be a whole number (found 'one')"});

  CHECK(check_framework_text("id: t\ncategories: { green: Green }\nworkflows:\n  main: { root: true, initial: a, states: { a: { final: true } } }\n") ==
        Lines{kFile + "2:13: error: categories must be a list (found a map) (write it as `- item` lines or [a, b])"});
}

TEST_CASE("loader: counts and units", "[config]") {
  CHECK(check_framework_text(with_state(R"(        timers:
          - { id: wait, kind: prompt, after: { days: soon }, then: closed }
)")) == Lines{kFile + "10:54: error: the count of after must be a whole number or a path (found 'soon') "
                      "(write e.g. 15 or \"event.compliance_working_days | 15\")"});

  CHECK(check_framework_text(with_state(R"(        timers:
          - { id: wait, kind: prompt, after: { wekks: 2 }, then: closed }
)")) == Lines{kFile + "10:48: error: unknown unit 'wekks' in after (did you mean 'weeks'?)"});

  CHECK(check_framework_text(with_state(R"(        timers:
          - { id: wait, kind: prompt, after: { weeks: 2 }, every: { weeks: often }, then: closed }
)")) == Lines{kFile + "10:76: error: the count of every must be a whole number (found 'often')"});

  CHECK(check_framework_text(with_state(R"(        timers:
          - { id: wait, kind: prompt, after: { weeks: 2, days: 3 }, then: closed }
)")) == Lines{kFile + "10:46: error: after takes exactly one unit and count (found 2) (write e.g. { working_days: 15 })"});
}

TEST_CASE("loader: then and a transition on the same timer", "[config]") {
  CHECK(check_framework_text(with_state(R"(        timers:
          - { id: wait, kind: prompt, after: { days: 5 }, then: closed }
        on:
          timer.wait: { to: closed }
)")) == Lines{kFile + "10:65: error: timer 'wait' has then: closed and state 'open' also handles timer.wait (line 12) "
                      "(keep one: remove then:, or remove the timer.wait transition)"});
}

TEST_CASE("loader: conditions", "[config]") {
  CHECK(check_framework_text(with_state(R"(        on:
          review.held: { when: { vars.n: { gte: 2 } }, to: closed }
)")) == Lines{kFile + "10:44: error: unknown key 'gte' in the test of 'vars.n' (did you mean 'ge'?)"});

  CHECK(check_framework_text(with_state(R"(        on:
          review.held: { when: { event.x: { present: maybe } }, to: closed }
)")) == Lines{kFile + "10:54: error: present of 'event.x' must be true or false (found 'maybe')"});

  CHECK(check_framework_text(with_state(R"(        on:
          review.held: { when: { event.x: }, to: closed }
)")) == Lines{kFile + "10:34: error: condition on 'event.x' has no test (write e.g. event.x: value, event.x: [a, b] "
                      "or event.x: { present: true })"});
}

TEST_CASE("loader: set and increment", "[config]") {
  CHECK(check_framework_text(with_state(R"(        on:
          review.held: { set: { n: { increment: 0 } }, to: closed }
)")) == Lines{kFile + "10:49: error: increment: 0 changes nothing (give a non-zero whole number)"});

  CHECK(check_framework_text(with_state(R"(        on:
          review.held: { set: { n: { add: 1 } }, to: closed }
)")) == Lines{kFile + "10:36: error: 'n' in set: a map here must be { increment: N }",
              kFile + "10:38: error: unknown key 'add' in 'n' in set (expected one of: increment)"});
}

TEST_CASE("loader: notices need a template and recipients", "[config]") {
  CHECK(check_framework_text(with_state(R"(        on_enter:
          notices:
            - { to: [headteacher] }
            - { template: letter }
        on: { exit.approved: { to: closed } }
)")) == Lines{kFile + "11:15: error: a notice needs a template (add template: <name of a file in config/templates/>)",
              kFile + "12:15: error: a notice needs recipients (add to: [<role>, ...])"});
}

TEST_CASE("loader: events written twice in on", "[config]") {
  CHECK(check_framework_text(with_state(R"(        on:
          exit.approved: { to: closed }
          exit.approved: { to: open }
)")) == Lines{kFile + "11:11: error: 'exit.approved' is written twice in on (first at line 10; keep one)"});
}

TEST_CASE("loader: region", "[config]") {
  CHECK(check_framework_text("id: t\nregion: england\nworkflows:\n  main: { root: true, initial: a, states: { a: { final: true } } }\n") ==
        Lines{kFile + "2:9: error: unknown region 'england' (expected one of: england-and-wales, scotland, northern-ireland)"});
  CHECK(check_framework_text("id: t\nregion: scotlnad\nworkflows:\n  main: { root: true, initial: a, states: { a: { final: true } } }\n") ==
        Lines{kFile + "2:9: error: unknown region 'scotlnad' (did you mean 'scotland'?)"});
}

TEST_CASE("loader: use of a shared workflow", "[config]") {
  TempConfig c;
  c.write("workflows/warning-notice.yaml", R"(title: Warning notice
initial: issued
params:
  days: { description: "working days to comply" }
states:
  issued: { on: { warning_notice.complied: { to: complied } } }
  complied: { final: true }
)");
  SECTION("a sound use") {
    c.write("frameworks/t.yaml", R"(id: t
workflows:
  main: { root: true, initial: a, states: { a: { on: { concern.notified: { start: [warning_notice] } } } } }
  warning_notice: { use: warning-notice, params: { days: "15" } }
)");
    CHECK(c.check() == Lines{kFile + "3:45: error: state 'a' of workflow 'main' has no way out "
                                     "(mark it final: true or add a transition (or a timer's then:) to another state)"});
  }
  SECTION("an unknown shared workflow") {
    c.write("frameworks/t.yaml", R"(id: t
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
  warning_notice: { use: warnign-notice }
)");
    CHECK(c.check() == Lines{kFile + "4:26: error: unknown shared workflow 'warnign-notice' in use "
                                     "(no workflows/warnign-notice.yaml) (did you mean 'warning-notice'?)"});
  }
  SECTION("a param the shared workflow does not declare; states beside use") {
    c.write("frameworks/t.yaml", R"(id: t
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
  warning_notice:
    use: warning-notice
    params: { dayz: "15" }
    states: {}
)");
    CHECK(c.check() == Lines{kFile + "6:15: error: shared workflow 'warning-notice' has no param 'dayz' (did you mean 'days'?)",
                             kFile + "7:5: error: 'states' cannot be combined with use: in workflow 'warning_notice' "
                                     "(a used workflow takes its states from workflows/<name>.yaml; remove 'states' or 'use')"});
  }
  SECTION("the child's required param is then missing at start") {
    c.write("frameworks/t.yaml", R"(id: t
workflows:
  main:
    root: true
    initial: a
    states:
      a: { on: { concern.notified: { start: [warning_notice], to: b } } }
      b: { final: true }
  warning_notice: { use: warning-notice }
)");
    CHECK(c.check() == Lines{kFile + "7:46: error: starting workflow 'warning_notice' without its required param 'days' "
                                     "(pass params: { days: <value> }, or give the param a default)"});
  }
  SECTION("errors inside the shared file name it") {
    c.write("workflows/warning-notice.yaml", "title: Warning notice\ninitial: issued\nstatse: {}\n");
    c.write("frameworks/t.yaml", R"(id: t
workflows:
  main: { root: true, initial: a, states: { a: { final: true } } }
)");
    CHECK(c.check() == Lines{"config/workflows/warning-notice.yaml:3:1: error: unknown key 'statse' in the shared "
                             "workflow (did you mean 'states'?)"});
  }
}

TEST_CASE("loader: YAML syntax errors and non-maps are diagnostics, not exceptions", "[config]") {
  CHECK(check_framework_text("id: t\nworkflows:\n  main: { root: true\n") ==
        Lines{kFile + "4:1: error: YAML syntax error: end of map flow not found "
                      "(check the indentation and quoting around this line)"});
  CHECK(check_framework_text("- a\n- b\n") ==
        Lines{kFile + "1:1: error: a framework file must be a map (found a list) "
                      "(start with id:, version:, title:, categories:, roles: and workflows:)"});
  std::vector<sif::config::Diagnostic> diags;
  auto f = sif::config::parse_framework("id: [", "inline.yaml", nullptr, &diags);
  CHECK_FALSE(f);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].loc.file == "inline.yaml");
}

TEST_CASE("load_config_dir: a missing directory, and one without frameworks", "[config]") {
  std::vector<sif::config::Diagnostic> diags;
  auto missing = sif::config::load_config_dir("/nonexistent/sif-config", &diags);
  CHECK_FALSE(missing);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str() == "/nonexistent/sif-config: error: not a configuration directory "
                          "(give the directory holding frameworks/, workflows/, calendars/ and templates/)");
  TempConfig c;
  CHECK(c.check() == Lines{"config/frameworks: error: no framework definitions "
                           "(add frameworks/<id>.yaml (see docs/definitions.md))"});
}

TEST_CASE("loader and checker survive every truncation of the example fixture", "[config]") {
  // Cut the fixture at many points (mid-key, mid-flow-map, mid-list): each must give a model or
  // diagnostics, never an exception or a crash.
  std::ifstream in(std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config/frameworks/example-2024.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  REQUIRE(text.size() > 1000);
  const std::set<std::string> templates = {"deadline-reminder", "support-letter"};
  int problems = 0;
  for (std::size_t n = 0; n < text.size(); n += 5) {
    std::vector<sif::config::Diagnostic> diags;
    sif::config::LoaderNotes notes;
    auto f = sif::config::parse_framework(text.substr(0, n), "cut.yaml", nullptr, &diags, &notes);
    if (f) {
      sif::config::CheckEnvironment env;
      env.expected_id = "example-2024";
      env.templates = &templates;
      env.notes = notes;
      REQUIRE_NOTHROW(sif::config::check_framework(f.value(), env, &diags));
    }
    for (const auto& d : diags) CHECK(d.loc.file == "cut.yaml");
    problems += diags.empty() ? 0 : 1;
  }
  CHECK(problems > 0);
}
