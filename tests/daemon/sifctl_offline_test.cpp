// Process-level tests of sifctl's offline commands: `calendar add`, `calendar between` and
// `simulate`, run as the built binary (SIF_SIFCTL_PATH) with their stdout, stderr and status.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Output {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch directory per test process, removed at exit.
const fs::path& scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("sifctl_offline_test." + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  static const struct Cleanup {
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup;
  return dir;
}

// Runs sifctl with `args` (already shell-quoted where needed).
Output sifctl(const std::string& args) {
  const fs::path out = scratch() / "stdout";
  const fs::path err = scratch() / "stderr";
  const std::string cmd = std::string("'") + SIF_SIFCTL_PATH + "' " + args + " >'" + out.string() + "' 2>'" +
                          err.string() + "' </dev/null";
  const int raw = std::system(cmd.c_str());
  Output o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.out = slurp(out);
  o.err = slurp(err);
  return o;
}

fs::path write(const std::string& name, const std::string& text) {
  fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p;
}

const std::string kFixture = std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config";

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("sifctl calendar add prints one ISO date", "[sifctl][process]") {
  // 15 working days from Mon 1 Dec 2025: 2-5, 8-12, 15-19, 22.
  Output a = sifctl("calendar add 2025-12-01 15 working_days --region england-and-wales");
  CHECK(a.status == 0);
  CHECK(a.out == "2025-12-22\n");
  CHECK(a.err.empty());
  // 25: on past Christmas Day, Boxing Day and New Year's Day to Thu 8 Jan 2026.
  CHECK(sifctl("calendar add 2025-12-01 25 working_days --region england-and-wales").out == "2026-01-08\n");
  CHECK(sifctl("calendar add 2025-12-01 20 days --region england-and-wales").out == "2025-12-21\n");
  CHECK(sifctl("calendar add 2025-12-01 3 weeks --region england-and-wales").out == "2025-12-22\n");
  CHECK(sifctl("calendar add 2026-01-31 1 months --region england-and-wales").out == "2026-02-28\n");
  CHECK(sifctl("calendar add 2024-01-31 1 months --region scotland").out == "2024-02-29\n");
  // Before: 5 working days before Thu 8 Jan 2026 is Wed 31 Dec 2025.
  CHECK(sifctl("calendar add 2026-01-08 -5 working_days --region england-and-wales").out == "2025-12-31\n");
  // Scotland's 2 January: 1 working day after Wed 31 Dec 2025 is Mon 5 Jan 2026 there.
  CHECK(sifctl("calendar add 2025-12-31 1 working_days --region scotland").out == "2026-01-05\n");
  CHECK(sifctl("calendar add 2025-12-31 1 working_days --region england-and-wales").out == "2026-01-02\n");
}

TEST_CASE("sifctl calendar between prints the working days after FROM, up to and including TO", "[sifctl][process]") {
  Output a = sifctl("calendar between 2025-12-01 2026-01-08 --region england-and-wales");
  CHECK(a.status == 0);
  CHECK(a.out == "25\n");
  CHECK(sifctl("calendar between 2025-12-01 2025-12-01 --region england-and-wales").out == "0\n");
  CHECK(sifctl("calendar between 2025-12-22 2025-12-01 --region england-and-wales").out == "-15\n");
}

TEST_CASE("sifctl calendar: bad input is a message on stderr and status 2", "[sifctl][process]") {
  for (const char* args : {"calendar add 2023-02-29 1 days --region england-and-wales",
                           "calendar add 2025-12-01 x days --region england-and-wales",
                           "calendar add 2025-12-01 1 fortnights --region england-and-wales",
                           "calendar add 2025-12-01 1 days --region mars", "calendar add 2025-12-01",
                           "calendar between 2025-12-01 tomorrow --region england-and-wales", "calendar", ""}) {
    INFO(args);
    Output o = sifctl(args);
    CHECK(o.status == 2);
    CHECK(o.out.empty());
    CHECK_FALSE(o.err.empty());
  }
  CHECK(sifctl("calendar add 2023-02-29 1 days --region england-and-wales").err ==
        "sifctl calendar: DATE '2023-02-29' is not a date; write YYYY-MM-DD\n");
}

TEST_CASE("sifctl simulate prints the timeline of the example framework", "[sifctl][process]") {
  fs::path events = write("events.yaml", R"(# two events, out of order on purpose
- date: 2025-09-20
  type: plan.agreed
  plan: RAP
- date: 2025-09-08
  type: category.agreed
  data: { category: amber }
)");
  Output o = sifctl("simulate --framework example-2024 --events '" + events.string() + "' --start 2025-09-01 --until 2025-12-22 --config '" +
                    kFixture + "' --school-type voluntary_aided");
  INFO(o.out << o.err);
  CHECK(o.status == 0);
  CHECK(o.err.empty());
  // Started; categorised amber -> supported, with its deadlines and letter.
  CHECK(has_line(o.out, "2025-09-01  main               started main in monitoring (started for a new school)"));
  CHECK(has_line(o.out, "2025-09-08  main               event category.agreed: monitoring -> supported (category (none) -> amber)"));
  CHECK(has_line(o.out, "2025-09-08  main               timer set review_due due 2025-12-08 (3 months from 2025-09-08 [category.agreed]; Section 3.2)"));
  CHECK(has_line(o.out, "2025-09-08  main               reminder set review_due#reminder1 due 2025-12-01 (5 working_days before 2025-12-08; Section 3.2)"));
  CHECK(has_line(o.out, "2025-09-08  main               timer set visit due 2025-10-06 (4 weeks from 2025-09-08 [entered]; Section 3.3)"));
  CHECK(has_line(o.out, "2025-09-08  main               notice support-letter to headteacher, link_adviser cc chair_of_governors, appointing_authority (entered supported)"));
  // The plan: plan_due and its reminder cancelled, review_due restarted from 20 Sep.
  CHECK(has_line(o.out, "2025-09-20  main               timer cancelled plan_due"));
  CHECK(has_line(o.out, "2025-09-20  main               timer set review_due due 2025-12-20 (3 months from 2025-09-20 [plan.agreed]; Section 3.2)"));
  // The visit cadence, every 4 weeks.
  CHECK(has_line(o.out, "2025-10-06  main               timer fired visit (stays in supported) (deadline: Adviser visit due 2025-10-06 (firing 1))"));
  CHECK(has_line(o.out, "2025-11-03  main               timer set visit due 2025-12-01 (4 weeks from 2025-11-03 [timer.visit], repeat 2; Section 3.3)"));
  // 5 working days before Sat 20 Dec: 19, 18, 17, 16, 15.
  CHECK(has_line(o.out, "2025-12-15  main               notice deadline-reminder to link_adviser (reminder for review_due)"));
  // A deadline: due Sat 20 Dec, met by anything recorded that day, overdue from Mon 22 Dec.
  CHECK(o.out.find("2025-12-20  main               timer fired") == std::string::npos);
  CHECK(has_line(o.out, "2025-12-22  main               timer fired review_due: supported -> review (deadline: Review of progress against the plan due 2025-12-20; Section 3.2)"));
  // Lines are in date order, up to --until.
  std::istringstream lines(o.out);
  std::string line, last;
  while (std::getline(lines, line)) {
    if (line.rfind("# pending", 0) == 0) break;
    if (line.empty() || line[0] == '#') continue;
    CHECK(line.substr(0, 10) >= last);
    last = line.substr(0, 10);
  }
  CHECK(last == "2025-12-22");  // --until
  // Then what is still waiting, in the order it would fire: the review is overdue after Fri 16
  // January 2026, so it fires on Monday 19 January, at the fixture's fire time.
  CHECK(has_line(o.out, "# pending at the end of 2025-12-22: 2 timers"));
  CHECK(has_line(o.out, "2026-01-14  main               pending reminder review_overdue#reminder1 due 2026-01-14, fires 2026-01-14 08:30"));
  CHECK(has_line(o.out, "2026-01-19  main               pending deadline review_overdue due 2026-01-16, fires 2026-01-19 08:30"));
}

TEST_CASE("sifctl simulate reports a refused event and exits 1", "[sifctl][process]") {
  fs::path events = write("refused.yaml", R"([
  {"date": "2025-09-08", "type": "review.held", "progress": "sufficient"},
  {"date": "2025-09-09", "type": "category.agreed", "category": "purple"}
])");
  Output o = sifctl("simulate --framework example-2024 --events '" + events.string() +
                    "' --start 2025-09-01 --until 2025-09-10 --config '" + kFixture + "'");
  INFO(o.out << o.err);
  CHECK(o.status == 1);
  CHECK(o.out.find("2025-09-08  refused review.held (line 2): conflict: event review.held is not allowed now "
                   "(allowed: academy.converted, category.agreed, note.recorded, ofsted.judgement)") != std::string::npos);
  CHECK(o.out.find("2025-09-09  refused category.agreed (line 3): invalid_input: event category.agreed does not meet") !=
        std::string::npos);
}

TEST_CASE("sifctl simulate: bad input is status 2", "[sifctl][process]") {
  fs::path events = write("ok.yaml", "- { date: 2025-09-08, type: note.recorded, text: hello }\n");
  fs::path bad = write("bad.yaml", "- { type: note.recorded }\n");
  const std::string cfg = " --config '" + kFixture + "'";
  Output unknown = sifctl("simulate --framework nope --events '" + events.string() + "' --start 2025-09-01" + cfg);
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find("no framework 'nope'") != std::string::npos);
  CHECK(sifctl("simulate --framework example-2024 --events /nonexistent.yaml --start 2025-09-01" + cfg).status == 2);
  CHECK(sifctl("simulate --framework example-2024 --events '" + bad.string() + "' --start 2025-09-01" + cfg).status == 2);
  CHECK(sifctl("simulate --framework example-2024 --events '" + events.string() + "' --start 2025-13-01" + cfg).status == 2);
  CHECK(sifctl("simulate --framework example-2024 --start 2025-09-01" + cfg).status == 2);
  Output ok = sifctl("simulate --framework example-2024 --events '" + events.string() + "' --start 2025-09-01 --until 2025-09-30" + cfg);
  CHECK(ok.status == 0);
  CHECK(has_line(ok.out, "2025-09-08  main               event note.recorded (stays in monitoring)"));
}

TEST_CASE("sifctl simulate stops at --max-firings", "[sifctl][process]") {
  fs::path events = write("cadence.yaml", "- { date: 2025-09-08, type: category.agreed, category: amber }\n");
  Output o = sifctl("simulate --framework example-2024 --events '" + events.string() +
                    "' --start 2025-09-01 --max-firings 2 --config '" + kFixture + "'");
  INFO(o.out << o.err);
  CHECK(o.status == 1);
  // Fired: plan_due's reminder (Thu 25 Sep), then plan_due itself, due Sun 28 Sep and overdue
  // from Mon 29 Sep; the third stops.
  CHECK(o.out.find("2025-09-25  main               reminder plan_due#reminder1") != std::string::npos);
  CHECK(o.out.find("2025-09-29  main               timer fired plan_due: supported -> escalated") != std::string::npos);
  CHECK(o.out.find("stopped: 2 timer firings reached (raise --max-firings)") != std::string::npos);
}
