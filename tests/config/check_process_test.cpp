// `sifd --check` as a process: the built binary (SIF_SIFD_PATH) on the good fixtures and on the
// deliberately broken ones (definitions and settings), checking exit codes, what it prints
// where, and that it creates nothing.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs sifd with `args` from the fixtures directory (so relative --config paths are short).
Run sifd(const std::string& args) {
  REQUIRE(std::filesystem::exists(SIF_SIFD_PATH));  // build the sifd target before test_config
  const auto tmp = std::filesystem::temp_directory_path() / ("sif-check-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  // `timeout`: a sifd that wrongly starts serving must not hang the suite.
  const std::string cmd = "cd '" SIF_SOURCE_DIR "/tests/fixtures' && timeout 120 '" SIF_SIFD_PATH "' " + args + " >'" +
                          (tmp / "out").string() + "' 2>'" + (tmp / "err").string() + "'";
  int status = std::system(cmd.c_str());
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(tmp / "out");
  r.err = slurp(tmp / "err");
  std::filesystem::remove_all(tmp);
  return r;
}

}  // namespace

TEST_CASE("sifd --check on the example fixture: OK and a summary", "[config][process]") {
  Run r = sifd("--check --config config");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "config OK: 1 framework, 2 workflows, 1 calendar, 6 templates\n");
  CHECK(r.err.empty());
}

TEST_CASE("sifd --check: a warning is shown at its line, and the definitions pass", "[config][process]") {
  // The example fixture with a role of its own that no notice is addressed to.
  const auto dir = std::filesystem::temp_directory_path() / ("sif-check-warn-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::copy(SIF_SOURCE_DIR "/tests/fixtures/config", dir, std::filesystem::copy_options::recursive);
  const auto yaml = dir / "frameworks/example-2024.yaml";
  std::string text = slurp(yaml);
  const std::string roles = "roles:\n";
  REQUIRE(text.find(roles) != std::string::npos);
  text.insert(text.find(roles) + roles.size(), "  review_team_chair: { title: Chair of the Review Team, own: true }\n");
  std::ofstream(yaml) << text;
  Run r = sifd("--check --config '" + dir.string() + "'");
  std::filesystem::remove_all(dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "config OK: 1 framework, 2 workflows, 1 calendar, 6 templates, 1 warning\n");
  CHECK(r.err == dir.filename().string() + "/frameworks/example-2024.yaml:18:3: warning: own role 'review_team_chair' is declared but no notice, "
                 "reminder or escalation is addressed to it (add it to the to: or cc: of the notices it should "
                 "receive, or remove it)\n");
}

TEST_CASE("sifd --check on a broken directory: every problem, located, exit 1", "[config][process]") {
  Run r = sifd("--check --config config-broken");
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  const std::string f = "config-broken/frameworks/broken-2024.yaml:";
  CHECK(r.err ==
        f + "14:9: error: unknown key 'titel' in state 'open' (did you mean 'title'?)\n" +
        f + "16:24: error: unknown state 'reveiw' in to (workflow 'main') (did you mean 'review'?)\n" +
        f + "17:44: error: set_category 'purple' is not a declared category (expected one of: green, red)\n" +
        f + "18:7: error: state 'review' of workflow 'main' has no way out (mark it final: true or add a transition "
            "(or a timer's then:) to another state)\n" +
        f + "18:7: error: state 'review' of workflow 'main' cannot be reached from its initial state 'open' (add a "
            "transition (to: review) or a timer's then: leading to it, or remove it)\n" +
        f + "21:15: error: template 'missing-letter' not found in templates/ (add templates/missing-letter.txt)\n" +
        f + "22:20: error: role 'headteacher' is not declared in roles: (add headteacher: <its title in your "
            "document> under roles:)\n" +
        f + "23:7: error: state 'closed' of workflow 'main' cannot be reached from its initial state 'open' (add a "
            "transition (to: closed) or a timer's then: leading to it, or remove it)\n" +
        "config config-broken: 8 problems\n");
}

TEST_CASE("sifd --check on a missing directory, and --version", "[config][process]") {
  Run missing = sifd("--check --config no-such-dir");
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "sifd: no such directory or settings file: no-such-dir\n");
  Run version = sifd("--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("sifd ", 0) == 0);
}

TEST_CASE("sifd --check on a good settings file: both pass, nothing is created", "[config][process]") {
  const std::filesystem::path made = SIF_SOURCE_DIR "/tests/fixtures/var-check";
  Run r = sifd("--check --config sifd-good.yaml");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "settings OK: sifd-good.yaml\nconfig OK: 1 framework, 2 workflows, 1 calendar, 6 templates\n");
  CHECK(r.err.empty());
  CHECK_FALSE(std::filesystem::exists(made));  // no database, no notices directory
}

namespace {
// sifd-broken.yaml's problems, as both --check and a plain start print them.
const std::string kBrokenSettings =
    "sifd-broken.yaml:3:1: error: unknown key 'lisen' in sifd.yaml (did you mean 'listen'?)\n"
    "sifd-broken.yaml:6:12: error: log_level 'verbose' is not one of trace, debug, info, warn, error, critical, off\n"
    "sifd-broken.yaml:7:16: error: clock.mode 'manaul' is not one of system, manual (did you mean 'manual'?)\n"
    "sifd-broken.yaml:9:20: error: http.max_connections must be from 1 to 1000000 (found 0)\n"
    "sifd-broken.yaml:11:26: error: tokens[0].sha256 must be 64 hex digits (found 4 characters) (printf %s TOKEN | "
    "sha256sum; never the token itself)\n"
    "sifd-broken.yaml:13:3: error: unknown key 'chanel' in notifications (did you mean 'channel'?)\n"
    "sifd-broken.yaml:14:17: error: notifications.digest.at must be a time of day written HH:MM (00:00 to 23:59), "
    "not '7am' (e.g. \"07:00\", in quotes)\n"
    "sifd-broken.yaml:14:32: error: notifications.digest.roles: 'link_advisor' is not a canonical role (did you mean "
    "'link_adviser'?)\n"
    "sifd-broken.yaml:16:5: error: notifications.contacts: 'ofsetd' is not a canonical role (did you mean "
    "'ofsted'?)\n";
}  // namespace

TEST_CASE("sifd --check on a broken settings file: every problem, located, exit 1", "[config][process]") {
  Run r = sifd("--check --config sifd-broken.yaml");
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == kBrokenSettings +
                     "settings sifd-broken.yaml: 9 problems (the definitions are checked once the settings load)\n");
}

TEST_CASE("sifd on a broken settings file: the same list, exit 1, no database", "[config][process]") {
  Run r = sifd("--config sifd-broken.yaml");
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == kBrokenSettings + "sifd: settings sifd-broken.yaml: 9 problems\n");
  CHECK_FALSE(std::filesystem::exists(SIF_SOURCE_DIR "/tests/fixtures/var-never"));
}

TEST_CASE("sifd --check: sifd.yaml contacts for a role a framework declares of its own", "[config][process]") {
  SECTION("a role Telford declares (review_team_chair) is accepted in default_contacts and notifications.contacts") {
    Run r = sifd("--check --config sifd-own-role.yaml");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("settings OK: sifd-own-role.yaml\nconfig OK: 5 frameworks, ", 0) == 0);
    CHECK(r.err.empty());
  }
  SECTION("roles no framework declares are refused at their line once the definitions have loaded") {
    Run r = sifd("--check --config sifd-own-role-broken.yaml");
    CHECK(r.exit_code == 1);
    CHECK(r.out == "settings OK: sifd-own-role-broken.yaml\n");
    CHECK(r.err ==
          "sifd-own-role-broken.yaml:7:3: error: default_contacts: 'review_team_chiar' is neither a canonical role nor "
          "a role any framework declares (own: true) (did you mean 'review_team_chair'?)\n"
          "sifd-own-role-broken.yaml:11:5: error: notifications.contacts: 'school_business_manager' is neither a "
          "canonical role nor a role any framework declares (own: true) (use a canonical role (headteacher, "
          "chair_of_governors, governing_body, link_adviser, la_lead, director, ofsted, regional_director, "
          "appointing_authority, religious_body, trust_board, welsh_ministers); or one the frameworks declare: review_team_chair "
          "(telford-2014))\n"
          "settings sifd-own-role-broken.yaml: 2 problems (their roles checked against the definitions)\n");
  }
  SECTION("a plain start refuses them too, before any database") {
    Run r = sifd("--config sifd-own-role-broken.yaml");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("sifd-own-role-broken.yaml:11:5: error: notifications.contacts: 'school_business_manager' is "
                     "neither a canonical role nor a role any framework declares") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(SIF_SOURCE_DIR "/tests/fixtures/var-check/sif.db"));
  }
}
