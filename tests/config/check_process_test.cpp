// `sifd --check` as a process: the built binary (SIF_SIFD_PATH) on the good fixture and on the
// deliberately broken one, checking exit codes and what it prints where.
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
  const std::string cmd = "cd '" SIF_SOURCE_DIR "/tests/fixtures' && '" SIF_SIFD_PATH "' " + args + " >'" +
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
