// `sifctl simulate` and the daemon agree: the same school, framework and events give the same
// audit trail, entry for entry (date, instance, event, from, to, note), the same letters in the
// same order (instance, template, recipients by role, reason), and the same school at the end
// (each instance's state, entry date, variables and overdue deadlines; every pending timer with
// its due day, firing instant and provenance, in the snapshot and in the timers table alike),
// whether the pure core runs the timeline offline or the engine fires the timers on a manual
// clock and commits each step. Every shipped framework, and every scenario of
// tests/frameworks/dates_test.cpp, with real dates across Christmas, Easter and the May bank
// holidays; several fire a deadline on the working day after it falls due and close a window at
// 00:00.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/local_time.hpp"
#include "daemon/simulate.hpp"
#include "tests/support/engine_support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
namespace wf = sif::workflows;

namespace {

std::shared_ptr<const config::ConfigSet> shipped() {
  static std::shared_ptr<const config::ConfigSet> cfg = test::load_config_or_fail(std::string(SIF_SOURCE_DIR) + "/config");
  return cfg;
}

daemon::Clock::time_point london(wf::Date d, int minutes) {
  return daemon::from_unix_seconds(daemon::london_to_unix(d, minutes));
}

std::string line_of(const wf::HistoryEntry& h) {
  return wf::format_date(h.date) + " " + h.instance + " " + h.event + " " + h.from + "->" + h.to + " (" + h.note + ")";
}

std::string data_text(const wf::Data& d) {
  std::string out;
  for (const auto& [k, v] : d) out += (out.empty() ? "" : ", ") + k + "=" + v;
  return out;
}

std::string provenance_text(const wf::Provenance& p) {
  return std::to_string(p.duration.count) + " " + wf::to_string(p.duration.unit) + " from " + wf::format_date(p.base) +
         " [" + p.base_event + "] " + p.anchor + " " + p.calendar + "; " + p.rule;
}

// One pending timer as the daemon would fire it: instance, id, kind and meaning, the day people
// see, the instant it fires (Europe/London), late or not, and why it falls then.
std::string timer_text(const std::string& instance, const std::string& id, wf::TimerKind kind,
                       wf::TimerMeaning meaning, wf::Date due, daemon::Clock::time_point fire_at, bool late,
                       const wf::Provenance& p) {
  return instance + " " + id + " " + wf::to_string(kind) + "/" + wf::to_string(meaning) + " due " +
         wf::format_date(due) + " fires " + std::to_string(daemon::to_unix_seconds(fire_at)) + (late ? " late" : "") +
         " (" + provenance_text(p) + ")";
}

// The instances of a school as the case file shows them: state, since when, variables, overdue
// deadlines.
std::vector<std::string> instances_of(const wf::SchoolState& st) {
  std::vector<std::string> out;
  for (const auto& i : st.instances) {
    std::string text = i.id + " " + i.workflow + " " + i.state + " since " + wf::format_date(i.entered) +
                       (i.final ? " final" : "") + " vars {" + data_text(i.vars) + "}";
    for (const auto& o : i.overdue) text += " overdue " + o.id + " " + wf::format_date(o.due);
    out.push_back(text);
  }
  return out;
}

std::vector<std::string> pending_of(const wf::SchoolState& st, int fire_minutes) {
  std::vector<std::string> out;
  for (const auto& i : st.instances) {
    if (i.final) continue;
    for (const auto& t : i.timers) {
      const wf::LocalTime at = wf::fire_local(t, fire_minutes);
      out.push_back(timer_text(t.instance, t.id, t.kind, t.meaning, t.due,
                               london(at.date, at.minutes), t.late, t.provenance));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Scenario {
  std::string framework;
  std::string type = "community";
  std::string start;
  std::string until;
  std::string events;  // the events file, as sifctl simulate reads it
  std::string la = "Simulation";
};

void check_agreement(const Scenario& sc) {
  auto cfg = shipped();
  const wf::Framework* fw = cfg->latest(sc.framework);
  REQUIRE(fw);
  auto events = daemon::parse_sim_events(sc.events);
  REQUIRE(events);
  const wf::Date start = *wf::parse_date(sc.start);
  const wf::Date until = *wf::parse_date(sc.until);

  wf::School school;
  school.id = "900001";
  school.name = "Agreement School (fictional)";
  school.la = sc.la;
  school.framework = fw->id;
  school.region = fw->region;
  school.facts = {{"type", sc.type}, {"phase", "primary"}};

  // Offline.
  wf::Calendar calendar(fw->region, cfg->term_calendar(*fw, school.la));
  wf::StepContext ctx{*fw, calendar, cfg->versions(fw->id)};
  std::ostringstream out;
  std::vector<wf::HistoryEntry> offline;
  wf::SchoolState offline_end;
  CHECK(daemon::simulate(ctx, school, "", *events, start, until, 2000, out, &offline, &offline_end) == 0);
  INFO(out.str());

  // The daemon's engine on a manual clock, events at noon on their dates as simulate applies them.
  test::TempDir dir;
  daemon::ManualClock clock(london(start, fw->fire_minutes()));
  daemon::Engine engine(cfg, test::open_database_or_fail(dir / "sif.db"), clock);
  REQUIRE(engine.register_school(school, "", "simulate"));
  for (const auto& se : *events) {
    const auto at = london(se.date, daemon::kSimEventMinutes);
    REQUIRE(engine.fire_due(at));
    clock.set(at);
    wf::Event e = se.event;
    auto r = engine.record_event(school.id, e);
    INFO(se.event.type << " on " << wf::format_date(se.date));
    REQUIRE(r);
  }
  const auto end = london(until, 23 * 60 + 59);
  REQUIRE(engine.fire_due(end));
  auto history = engine.database().history(school.id);
  REQUIRE(history);

  std::vector<std::string> daemon_lines, offline_lines;
  for (const auto& row : *history) daemon_lines.push_back(line_of(row.entry));
  for (const auto& h : offline) offline_lines.push_back(line_of(h));
  CHECK(daemon_lines == offline_lines);
  CHECK(offline_lines.size() > 10);

  // The letters too, in the order they were written: instance, template, recipients by role,
  // reason. (sifctl simulate prints each as "<date>  <instance> notice <template> to <roles> cc
  // <roles> (<reason>)".)
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  std::vector<std::string> offline_notices, daemon_notices;
  std::istringstream printed(out.str());
  for (std::string line; std::getline(printed, line);) {
    std::istringstream words(line);
    std::string date_text, instance, rest;
    words >> date_text >> instance;
    std::getline(words >> std::ws, rest);
    if (rest.rfind("notice ", 0) == 0) offline_notices.push_back(instance + " " + rest);
  }
  auto rows = engine.database().outbox_list(std::nullopt, school.id);
  REQUIRE(rows);
  std::reverse(rows->begin(), rows->end());  // oldest first
  for (const auto& n : *rows) {
    std::string text = n.instance + " notice " + n.template_id + " to " + (n.to.empty() ? "(nobody)" : joined(n.to));
    if (!n.cc.empty()) text += " cc " + joined(n.cc);
    daemon_notices.push_back(text + " (" + n.reason + ")");
  }
  CHECK(daemon_notices == offline_notices);
  CHECK_FALSE(offline_notices.empty());

  // The school at the end: the same instances in the same states with the same variables, and
  // the same timers waiting, in the daemon's snapshot and in its timers table (which the
  // scheduler reads) as offline.
  auto stored = engine.database().load_school(school.id);
  REQUIRE(stored);
  REQUIRE(stored->has_value());
  CHECK(instances_of((*stored)->state) == instances_of(offline_end));
  const std::vector<std::string> offline_pending = pending_of(offline_end, fw->fire_minutes());
  CHECK(pending_of((*stored)->state, fw->fire_minutes()) == offline_pending);
  auto timer_rows = engine.database().timers_for_school(school.id);
  REQUIRE(timer_rows);
  std::vector<std::string> table;
  for (const auto& r : *timer_rows) {
    table.push_back(timer_text(r.instance, r.timer, r.kind, r.meaning, r.due, daemon::from_unix_seconds(r.fire_at),
                               r.late, r.provenance));
  }
  std::sort(table.begin(), table.end());
  CHECK(table == offline_pending);
  CHECK_FALSE(offline_pending.empty());
  // sifctl simulate lists the same timers as pending at the end.
  std::size_t listed = 0;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string date_text, instance, what;
    words >> date_text >> instance >> what;
    if (what == "pending") ++listed;
  }
  CHECK(listed == offline_pending.size());
}

}  // namespace

TEST_CASE("simulate and the daemon agree: Wiltshire's sample year to the warning notice", "[daemon][simulate]") {
  std::ifstream in(std::string(SIF_SOURCE_DIR) + "/config/sample/wiltshire-escalation.yaml");
  std::stringstream text;
  text << in.rdbuf();
  check_agreement({"wiltshire-2019", "community", "2025-09-08", "2026-09-30", text.str()});
}

TEST_CASE("simulate and the daemon agree: Leicester, a warning notice of 2015 with representations",
          "[daemon][simulate]") {
  check_agreement({"leicester-2007", "voluntary_aided", "2015-11-02", "2016-03-31", R"(
- { date: 2015-12-11, type: warning_notice.issued, grounds: "standards unacceptably low" }
- { date: 2016-01-06, type: representation.received }
- { date: 2016-01-20, type: representation.decided, outcome: confirmed }
- { date: 2016-02-15, type: warning_notice.not_complied }
- { date: 2016-02-17, type: intervention.notice_given, powers: "an Interim Executive Board" }
)"});
}

TEST_CASE("simulate and the daemon agree: CSC amber then red, visits and reviews by half-term", "[daemon][simulate]") {
  check_agreement({"csc-2020", "community", "2025-09-01", "2026-07-31", R"(
- { date: 2025-09-10, type: category.agreed, category: amber }
- { date: 2025-09-24, type: visit.completed }
- { date: 2025-10-15, type: visit.completed }
- { date: 2025-11-19, type: visit.completed }
- { date: 2026-01-14, type: category.agreed, category: red }
- { date: 2026-01-21, type: visit.completed }
- { date: 2026-02-04, type: visit.completed }
- { date: 2026-03-11, type: review.held, rating: amber }
)"});
}

TEST_CASE("simulate and the daemon agree: Telford category 3 to 4b and 4b established", "[daemon][simulate]") {
  check_agreement({"telford-2014", "community", "2025-09-01", "2026-07-31", R"(
- { date: 2025-09-22, type: category.agreed, category: "3" }
- { date: 2026-01-14, type: ofsted.judgement, grade: inadequate, category: special_measures }
- { date: 2026-01-26, type: statement_of_action.discussed }
- { date: 2026-02-02, type: statement_of_action.sent }
- { date: 2026-05-12, type: review.held, progress: insufficient }
)"});
}

TEST_CASE("simulate and the daemon agree: Bristol developing support through the May bank holidays",
          "[daemon][simulate]") {
  check_agreement({"bristol-2025", "community", "2025-09-01", "2026-07-31", R"(
- { date: 2025-09-15, type: category.agreed, category: established }
- { date: 2025-11-17, type: category.agreed, category: developing }
- { date: 2025-11-24, type: plan.agreed, plan: RAP }
- { date: 2025-12-01, type: meeting.scheduled, kind: tas, data: { date: 2026-01-05 } }
- { date: 2026-01-05, type: tas.held }
- { date: 2026-02-10, type: la_review.completed }
)"});
}

TEST_CASE("simulate and the daemon agree: a Cardiff school keeps Cardiff's term dates (Summer 2 ends Mon 20 Jul 2026)",
          "[daemon][simulate]") {
  Scenario sc{"csc-2020", "community", "2026-04-13", "2026-09-30", R"(
- { date: 2026-04-15, type: category.agreed, category: red }
- { date: 2026-04-22, type: visit.completed }
- { date: 2026-05-06, type: visit.completed }
- { date: 2026-06-10, type: visit.completed }
)"};
  sc.la = "Cardiff";
  check_agreement(sc);
}

// The scenarios of tests/frameworks/dates_test.cpp, through both paths.
TEST_CASE("simulate and the daemon agree: Wiltshire's evaluation report across Christmas 2026", "[daemon][simulate]") {
  check_agreement({"wiltshire-2019", "community", "2026-09-07", "2027-03-31", R"(
- { date: 2026-09-09, type: category.agreed, category: secure }
- { date: 2026-11-09, type: category.agreed, category: vulnerable }
- { date: 2026-12-02, type: visit.completed }
- { date: 2026-12-18, type: evaluation.completed }
)"});
}

TEST_CASE("simulate and the daemon agree: Telford's weekly 4b visits over Easter 2026", "[daemon][simulate]") {
  check_agreement({"telford-2014", "community", "2025-09-01", "2026-05-31", R"(
- { date: 2025-09-15, type: category.agreed, category: "3" }
- { date: 2026-03-18, type: ofsted.judgement, grade: inadequate, category: special_measures }
)"});
}

TEST_CASE("simulate and the daemon agree: a Cardiff school in red support through 2026-27 (the Welsh Ministers' "
          "term dates), a meeting moved, Christmas and Easter 2027",
          "[daemon][simulate]") {
  Scenario sc{"csc-2020", "community", "2026-09-01", "2027-04-30", R"(
- { date: 2026-09-07, type: category.agreed, category: red }
- { date: 2026-09-21, type: visit.completed }
- { date: 2026-10-01, type: meeting.scheduled, kind: progress_review, data: { date: 2026-10-16 } }
- { date: 2026-10-12, type: meeting.scheduled, kind: progress_review, data: { date: 2026-10-21 } }
- { date: 2026-10-21, type: review.held, rating: amber }
- { date: 2026-11-10, type: visit.completed }
- { date: 2026-12-01, type: visit.completed }
- { date: 2027-01-12, type: visit.completed }
- { date: 2027-03-03, type: visit.completed }
)"};
  sc.la = "Cardiff";
  check_agreement(sc);
}

TEST_CASE("simulate and the daemon agree: Leicester notices given on a Saturday in 2015 and at Easter 2026",
          "[daemon][simulate]") {
  check_agreement({"leicester-2007", "community", "2015-12-01", "2016-03-31", R"(
- { date: 2015-12-14, type: warning_notice.issued, grounds: "standards unacceptably low", data: { date: 2015-12-12 } }
- { date: 2016-01-07, type: representation.received, data: { date: 2016-01-06 } }
- { date: 2016-01-18, type: representation.decided, outcome: confirmed }
)"});
  check_agreement({"leicester-2007", "community", "2026-03-02", "2026-06-30", R"(
- { date: 2026-03-23, type: warning_notice.issued, grounds: "standards unacceptably low", compliance_working_days: 10 }
- { date: 2026-04-09, type: warning_notice.not_complied }
- { date: 2026-04-14, type: intervention.notice_given, powers: "an Interim Executive Board" }
)"});
}

TEST_CASE("simulate and the daemon agree: a Welsh notice of March 2026 not complied after its 10 working days",
          "[daemon][simulate]") {
  check_agreement({"csc-2020", "community", "2026-03-02", "2026-05-29", R"(
- { date: 2026-03-23, type: warning_notice.issued, grounds: "Low standards", compliance_working_days: 10 }
- { date: 2026-04-09, type: warning_notice.not_complied }
)"});
}

TEST_CASE("simulate and the daemon agree: CSC's half-term quotas, amber to red in Spring 1 2026", "[daemon][simulate]") {
  check_agreement({"csc-2020", "community", "2025-09-01", "2026-03-31", R"(
- { date: 2025-09-01, type: category.agreed, category: amber }
- { date: 2025-09-16, type: visit.completed }
- { date: 2025-10-24, type: visit.completed }
- { date: 2026-01-12, type: visit.completed }
- { date: 2026-01-26, type: category.agreed, category: red }
- { date: 2026-02-02, type: visit.completed }
)"});
}

TEST_CASE("simulate and the daemon agree: CSC's prompts to arrange visits and the reminders while too few",
          "[daemon][simulate]") {
  check_agreement({"csc-2020", "community", "2025-09-01", "2025-12-31", R"(
- { date: 2025-09-01, type: category.agreed, category: amber }
- { date: 2025-09-15, type: visit.completed }
- { date: 2025-10-06, type: visit.completed }
- { date: 2025-11-17, type: visit.completed }
- { date: 2025-12-12, type: visit.completed }
)"});
}

TEST_CASE("simulate and the daemon agree: Telford 4b to 4b established before Christmas 2025", "[daemon][simulate]") {
  check_agreement({"telford-2014", "community", "2025-09-01", "2026-01-31", R"(
- { date: 2025-09-15, type: category.agreed, category: "2" }
- { date: 2025-10-01, type: ofsted.judgement, grade: inadequate, category: special_measures }
- { date: 2025-12-08, type: statement_of_action.discussed }
- { date: 2025-12-10, type: review.held, progress: sufficient }
- { date: 2025-12-15, type: statement_of_action.sent }
)"});
}

TEST_CASE("simulate and the daemon agree: Bristol's monthly School Monitoring Board over Easter 2026",
          "[daemon][simulate]") {
  check_agreement({"bristol-2025", "community", "2026-01-05", "2026-07-31", R"(
- { date: 2026-01-12, type: category.agreed, category: developing }
- { date: 2026-02-23, type: plan.agreed, plan: RAP }
- { date: 2026-05-13, type: category.agreed, category: established }
- { date: 2026-06-01, type: category.agreed, category: developing }
)"});
}

TEST_CASE("simulate and the daemon agree: Leicester's annual cycle 2026-27 on calendar anchors", "[daemon][simulate]") {
  check_agreement({"leicester-2007", "community", "2026-07-13", "2027-08-31", R"(
- { date: 2026-08-03, type: cycle.started, data: { date: 2026-08-01 } }
- { date: 2026-11-19, type: performance_review.held }
- { date: 2026-11-30, type: data_analysis.completed }
- { date: 2026-12-31, type: targets.set }
)"});
}

TEST_CASE("simulate and the daemon agree: Easter 2027, a notice's 10 working days and a Cardiff half-term",
          "[daemon][simulate]") {
  check_agreement({"leicester-2007", "community", "2027-03-01", "2027-05-31", R"(
- { date: 2027-03-17, type: warning_notice.issued, grounds: "standards unacceptably low", compliance_working_days: 10 }
- { date: 2027-04-05, type: warning_notice.not_complied }
- { date: 2027-04-07, type: intervention.notice_given, powers: "an Interim Executive Board" }
)"});
  Scenario sc{"csc-2020", "community", "2027-02-15", "2027-06-30", R"(
- { date: 2027-02-15, type: category.agreed, category: red }
- { date: 2027-02-24, type: visit.completed }
- { date: 2027-03-04, type: visit.completed }
- { date: 2027-03-17, type: review.held, rating: red }
)"};
  sc.la = "Cardiff";
  check_agreement(sc);
}
