// What a date means, on the shipped frameworks and the real calendar (England and Wales bank
// holidays): a deadline is met by anything recorded on its last day and is overdue only from
// the next working day; a window includes its last day and closes at 00:00 the day after; the
// warning notice follows the law in force in the framework's nation on the day it is given.
// Every date below is worked out by hand; the comments show the counting.
#include "tests/support/scenario_driver.hpp"

using namespace sif::test;
using sif::workflows::ErrorCode;
using sif::workflows::NoticeEffect;

namespace {

bool contains(const std::string& text, const std::string& x) { return text.find(x) != std::string::npos; }

// The fired timers of one instance, as fired_list() writes them.
std::vector<std::string> fired_in(const std::vector<FiredTimer>& fs, const std::string& instance) {
  std::vector<FiredTimer> mine;
  for (const auto& f : fs) {
    if (f.instance == instance) mine.push_back(f);
  }
  return fired_list(mine);
}

// Wiltshire: vulnerable from Monday 9 November 2026, the Regional Lead's visit on Wednesday 2
// December, and the one-day evaluation on Friday 18 December 2026.
Scenario wiltshire_evaluation_before_christmas_2026() {
  Scenario s("wiltshire-2019");
  s.start(d(2026, 9, 7));
  s.event(d(2026, 9, 9), "category.agreed", {{"category", "secure"}});
  s.event(d(2026, 11, 9), "category.agreed", {{"category", "vulnerable"}});
  s.event(d(2026, 12, 2), "visit.completed");
  s.event(d(2026, 12, 18), "evaluation.completed", {{"date", "2026-12-18"}});
  return s;
}

}  // namespace

// Appendix 3: "the draft report will be with the Headteacher within 5 working days". From Friday
// 18 December 2026: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), (Fri 25 Christmas Day, the
// weekend, Mon 28 the Boxing Day substitute) Tue 29 December (5). The reminder 2 working days
// before: Thu 24 (1), Wed 23 (2). Overdue from the next working day, Wednesday 30 December.
// The final report within 10 working days: Wed 30 (6), Thu 31 (7), (Fri 1 January) Mon 4 (8),
// Tue 5 (9), Wed 6 January 2027 (10); reminder 2 before it: Mon 4 January.
TEST_CASE("dates: Wiltshire's draft evaluation report - on time on day 5 across Christmas 2026, overdue only "
          "from the next working day",
          "[frameworks][dates][wiltshire-2019]") {
  Scenario s = wiltshire_evaluation_before_christmas_2026();
  REQUIRE(s.state_of("evaluation_reports") == "draft_due");
  CHECK(s.due("evaluation_reports", "draft_report") == "2026-12-29");
  CHECK(s.fires("evaluation_reports", "draft_report") == "2026-12-30");
  CHECK(s.due("evaluation_reports", "draft_report#reminder1") == "2026-12-23");
  s.take_fired();
  s.take_notices();

  SECTION("the draft recorded on Tuesday 29 December, day 5, is on time") {
    s.run_until(d(2026, 12, 29));
    CHECK(s.state_of("evaluation_reports") == "draft_due");
    CHECK(s.one("deadline-reminder", d(2026, 12, 23)).to == Roles{"la_lead"});
    s.event(d(2026, 12, 29), "report.sent", {{"report", "draft"}});
    CHECK(s.state_of("evaluation_reports") == "final_due");
    CHECK(s.overdue("evaluation_reports").empty());
    CHECK(s.due("evaluation_reports", "final_report") == "2027-01-06");
    CHECK(s.fires("evaluation_reports", "final_report") == "2027-01-07");
    CHECK(s.due("evaluation_reports", "final_report#reminder1") == "2027-01-04");
    // The final report on its last day, Wednesday 6 January 2027: on time too.
    s.event(d(2027, 1, 6), "report.sent", {{"report", "final"}});
    CHECK(s.state_of("evaluation_reports") == "sent");
    CHECK(fired_in(s.take_fired(), "evaluation_reports") ==
          std::vector<std::string>{"draft_report#reminder1@2026-12-23", "final_report#reminder1@2027-01-04"});
    const auto ts = templates(s.take_notices());
    CHECK(std::find(ts.begin(), ts.end(), "wiltshire-report-overdue") == ts.end());
  }

  SECTION("nothing recorded: overdue from Wednesday 30 December, not on day 5") {
    s.run_until(d(2026, 12, 29));
    CHECK(s.state_of("evaluation_reports") == "draft_due");
    CHECK(s.sent("wiltshire-report-overdue", d(2026, 12, 29)).empty());
    s.run_until(d(2026, 12, 30));
    CHECK(s.state_of("evaluation_reports") == "draft_overdue");
    CHECK(s.instance("evaluation_reports").entered == d(2026, 12, 30));
    NoticeEffect overdue = s.one("wiltshire-report-overdue", d(2026, 12, 30));
    CHECK(overdue.to == Roles{"la_lead", "director"});
    CHECK(fired_in(s.take_fired(), "evaluation_reports") ==
          std::vector<std::string>{"draft_report#reminder1@2026-12-23", "draft_report@2026-12-30 (due 2026-12-29)"});
    // Sent late on Thursday 31 December; the final report still counts from the evaluation.
    s.event(d(2026, 12, 31), "report.sent", {{"report", "draft"}});
    CHECK(s.state_of("evaluation_reports") == "final_due");
    CHECK(s.due("evaluation_reports", "final_report") == "2027-01-06");
  }
}

// A Leicester notice given on Friday 11 December 2015, under EIA 2006 s.60 as first enacted. The
// initial period ends with the 15th working day following that day: 14-18 December (5), 21-24
// (9), (Fri 25 Christmas Day, the weekend, Mon 28 the Boxing Day substitute - 26 December 2015
// was a Saturday) 29, 30, 31 (12), (Fri 1 January) Mon 4, Tue 5, Wed 6 January 2016 (15). The
// governing body may make representations through the end of Wednesday 6 January; the window
// closes at 00:00 on Thursday 7 January. The compliance period is that initial period, whatever
// the event says.
TEST_CASE("dates: a Leicester notice of December 2015 - representations on the 15th working day, not the "
          "16th; not_complied refused while the period runs; a notice given on a Saturday",
          "[frameworks][dates][leicester-2007][warning-notice]") {
  Scenario s("leicester-2007");
  s.start(d(2015, 12, 1), {.id = "900101", .name = "Example Primary School", .type = "community"});

  // Dated in the future: refused, naming `date`.
  auto future = s.try_event(d(2015, 12, 10), "warning_notice.issued",
                            {{"date", "2015-12-11"}, {"grounds", "Low standards"}});
  REQUIRE_FALSE(future);
  CHECK(future.error().code == ErrorCode::kInvalidInput);
  CHECK(future.error().details == "date");

  // Recorded on Monday 14 December, back-dated to the day it was given: it counts from Friday
  // 11 December. The event's 20 working days are not the law's: the period is 15.
  s.event(d(2015, 12, 14), "warning_notice.issued",
          {{"date", "2015-12-11"}, {"grounds", "Low standards"}, {"compliance_working_days", "20"}});
  CHECK(s.var("warning_notice", "regime") == "eia-2006-s60-as-enacted");
  CHECK(s.var("warning_notice", "issued_on") == "2015-12-11");
  CHECK(s.var("warning_notice", "compliance_working_days") == "15");
  CHECK(s.due("warning_notice", "compliance_end") == "2016-01-06");
  CHECK(s.fires("warning_notice", "compliance_end") == "2016-01-07");
  // Reminder 5 working days before the last day: 5, 4, (1 January) 31, 30, 29 December.
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2015-12-29");
  NoticeEffect letter = s.one("warning-notice-letter", d(2015, 12, 14));
  CHECK(letter.data["compliance_working_days"] == "15");
  CHECK(letter.data["deadline.compliance_end.words"] == "Wednesday 6 January 2016");
  CHECK(letter.data["date.words"] == "Friday 11 December 2015");
  CHECK(contains(letter.data["representation_clause"], "to the Chief Inspector (Ofsted) before the end of the initial period"));
  const auto text = render(letter, d(2015, 12, 14)).text;
  CHECK(contains(text, "within 15 working days"));
  CHECK(contains(text, "(section 60(7))"));

  // On the 15th working day the period is still open: not_complied is refused (409), naming
  // its last day.
  auto early = s.try_event(d(2016, 1, 6), "warning_notice.not_complied", {{"date", "2016-01-06"}});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  CHECK(contains(early.error().message, "it runs to the end of Wednesday 6 January 2016"));
  CHECK(contains(early.error().message, "Thursday 7 January 2016"));
  CHECK(s.state_of("warning_notice") == "issued");

  SECTION("representations on Wednesday 6 January 2016, the 15th working day: accepted") {
    s.event(d(2016, 1, 6), "representation.received", {{"date", "2016-01-06"}});
    CHECK(s.state_of("warning_notice") == "representation_made");
    CHECK(s.due("warning_notice", "compliance_end").empty());
    s.run_until(d(2016, 1, 7));
    CHECK(s.state_of("warning_notice") == "representation_made");
  }
  SECTION("representations on Thursday 7 January 2016: the period closed at 00:00, refused") {
    auto late = s.try_event(d(2016, 1, 7), "representation.received", {{"date", "2016-01-07"}});
    REQUIRE_FALSE(late);
    CHECK(late.error().code == ErrorCode::kConflict);
    CHECK(s.state_of("warning_notice") == "compliance_review");
    CHECK(s.instance("warning_notice").entered == d(2016, 1, 7));
    // Now not_complied is taken: reasonable notice of the powers first, then eligible.
    s.event(d(2016, 1, 7), "warning_notice.not_complied", {{"date", "2016-01-07"}});
    CHECK(s.state_of("warning_notice") == "powers_notice_due");
    s.event(d(2016, 1, 8), "intervention.notice_given", {{"powers", "an interim executive board"}});
    CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
    CHECK(s.state_of("causing_concern") == "statutory_intervention");
  }
}

// Given on Saturday 12 December 2015: the working days following it are those following the
// Friday - Monday 14 December is the first - so it ends on Wednesday 6 January 2016 too.
TEST_CASE("dates: a warning notice given on a Saturday", "[frameworks][dates][leicester-2007][warning-notice]") {
  Scenario s("leicester-2007");
  s.start(d(2015, 12, 1), {.id = "900102", .name = "Example Primary School", .type = "community"});
  s.event(d(2015, 12, 12), "warning_notice.issued", {{"date", "2015-12-12"}, {"grounds", "Low standards"}});
  CHECK(s.var("warning_notice", "issued_on") == "2015-12-12");
  CHECK(s.due("warning_notice", "compliance_end") == "2016-01-06");
  NoticeEffect letter = s.one("warning-notice-letter", d(2015, 12, 12));
  CHECK(letter.data["date.words"] == "Saturday 12 December 2015");
  CHECK(letter.data["deadline.compliance_end.words"] == "Wednesday 6 January 2016");
  s.event(d(2016, 1, 6), "representation.received", {{"date", "2016-01-06"}});
  CHECK(s.state_of("warning_notice") == "representation_made");
}

// A Leicester notice given on Monday 23 March 2026 (the Act as amended in 2016) stating 10
// working days: 24-27 March (4), 30, 31 (6), 1, 2 April (8), (Good Friday 3 April, the weekend,
// Easter Monday 6 April) Tue 7 (9), Wed 8 April 2026 (10). It closes at 00:00 on Thursday 9
// April. Reminder 5 working days before the last day: 7, (6, 3) 2, 1, 31 March, 30 March.
TEST_CASE("dates: a Leicester notice of March 2026 - the stated 10 working days across Easter, no right of "
          "representation, notice of the powers before intervention",
          "[frameworks][dates][leicester-2007][warning-notice]") {
  Scenario s("leicester-2007");
  s.start(d(2026, 3, 2), {.id = "900103", .name = "Example Primary School", .type = "community"});
  s.event(d(2026, 3, 23), "warning_notice.issued",
          {{"date", "2026-03-23"}, {"grounds", "Low standards"}, {"compliance_working_days", "10"}});
  CHECK(s.var("warning_notice", "regime") == "eia-2006-s60-as-amended-2016");
  CHECK(s.var("warning_notice", "representations") == "no");
  CHECK(s.var("warning_notice", "compliance_working_days") == "10");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-08");
  CHECK(s.fires("warning_notice", "compliance_end") == "2026-04-09");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2026-03-30");

  NoticeEffect letter = s.one("warning-notice-letter", d(2026, 3, 23));
  CHECK(letter.cc == Roles{"headteacher", "ofsted", "link_adviser"});
  CHECK(letter.data["compliance_working_days"] == "10");
  CHECK(letter.data["deadline.compliance_end.words"] == "Wednesday 8 April 2026");
  const auto text = render(letter, d(2026, 3, 23)).text;
  INFO(text);
  CHECK(contains(text, "within 10 working days"));
  CHECK(contains(text, "The compliance period ends at the end of\nWednesday 8 April 2026."));
  CHECK(contains(text, "that right ended on 18 April 2016"));
  CHECK_FALSE(contains(text, "to the Chief Inspector (Ofsted)"));
  CHECK_FALSE(contains(text, "section 60(7)"));
  CHECK_FALSE(contains(text, "appeal"));

  // No representations under the 2016 Act.
  auto rep = s.try_event(d(2026, 3, 25), "representation.received", {{"date", "2026-03-25"}});
  REQUIRE_FALSE(rep);
  CHECK(rep.error().code == ErrorCode::kInvalidInput);

  s.run_until(d(2026, 3, 30));
  CHECK(s.one("deadline-reminder", d(2026, 3, 30)).data["reminder.deadline.words"] == "Wednesday 8 April 2026");
  auto early = s.try_event(d(2026, 4, 8), "warning_notice.not_complied", {{"date", "2026-04-08"}});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  CHECK(contains(early.error().message, "Wednesday 8 April 2026"));
  s.run_until(d(2026, 4, 9));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  s.event(d(2026, 4, 9), "warning_notice.not_complied", {{"date", "2026-04-09"}});
  CHECK(s.state_of("warning_notice") == "powers_notice_due");
  CHECK(s.state_of("causing_concern") != "statutory_intervention");
  s.event(d(2026, 4, 10), "intervention.notice_given", {{"powers", "an interim executive board"}});
  CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
  CHECK(s.state_of("causing_concern") == "statutory_intervention");
  CHECK(s.one("warning-notice-outcome", d(2026, 4, 10)).cc == Roles{"headteacher", "ofsted", "link_adviser"});
}

// Wales (CSC 2020, SSO(W)A 2013 s.3-4): the same 10 working days from Monday 23 March 2026, to
// the end of Wednesday 8 April. Not complied within it, the power to intervene arises with no
// further notice (s.4(2)).
TEST_CASE("dates: a Welsh notice (CSC) - not complied after the stated period makes the school eligible "
          "without a notice of the powers",
          "[frameworks][dates][csc-2020][warning-notice]") {
  Scenario s("csc-2020");
  s.start(d(2026, 3, 2), {.id = "900104", .name = "Ysgol Enghraifft", .type = "community"});
  s.event(d(2026, 3, 23), "warning_notice.issued",
          {{"date", "2026-03-23"}, {"grounds", "Low standards"}, {"compliance_working_days", "10"}});
  CHECK(s.var("warning_notice", "regime") == "ssowa-2013-s3");
  CHECK(s.var("warning_notice", "powers_notice") == "no");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-08");
  CHECK(s.due("cause_for_concern", "compliance_end") == "2026-04-08");
  for (const auto& l : s.sent("warning-notice-letter", d(2026, 3, 23))) {
    CHECK(l.data.at("deadline.compliance_end.words") == "Wednesday 8 April 2026");
    CHECK_FALSE(std::find(l.cc.begin(), l.cc.end(), "ofsted") != l.cc.end());
  }

  auto early = s.try_event(d(2026, 4, 8), "warning_notice.not_complied", {{"date", "2026-04-08"}});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  CHECK(contains(early.error().message, "Wednesday 8 April 2026"));

  s.run_until(d(2026, 4, 9));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  s.event(d(2026, 4, 9), "warning_notice.not_complied", {{"date", "2026-04-09"}});
  CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
  CHECK(s.state_of("cause_for_concern") == "statutory_powers");
  CHECK(s.one("warning-notice-outcome", d(2026, 4, 9)).cc == Roles{"headteacher"});
  auto notice_step = s.try_event(d(2026, 4, 10), "intervention.notice_given", {{"powers", "x"}});
  CHECK_FALSE(notice_step);
}
