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
          "16th, not_complied refused while the period runs, a notice given on a Saturday",
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
  CHECK(contains(early.error().message, "a period that runs to the end of Wednesday 6 January 2016"));
  CHECK(contains(early.error().message, "Thursday 7 January 2016"));
  CHECK(s.state_of("warning_notice") == "issued");

  SECTION("representations on Wednesday 6 January 2016, the 15th working day: accepted") {
    s.event(d(2016, 1, 6), "representation.received", {{"date", "2016-01-06"}});
    CHECK(s.state_of("warning_notice") == "representation_made");
    CHECK(s.due("warning_notice", "compliance_end").empty());
    s.run_until(d(2016, 1, 7));
    CHECK(s.state_of("warning_notice") == "representation_made");
  }
  SECTION("representations made on Wednesday 6 January, recorded on Thursday 7 January: their date counts") {
    s.run_until(d(2016, 1, 7));
    REQUIRE(s.state_of("warning_notice") == "compliance_review");
    s.event(d(2016, 1, 7), "representation.received", {{"date", "2016-01-06"}});
    CHECK(s.state_of("warning_notice") == "representation_made");
    // Two updates that day: the period closed at 00:00, then the representations.
    const auto updates = s.sent("warning-notice-update", d(2016, 1, 7));
    REQUIRE(updates.size() == 2);
    CHECK(contains(updates[0].data.at("update"), "The compliance period of the warning notice has ended"));
    CHECK(contains(updates[1].data.at("update"), "representations to the Chief Inspector"));
    // The Chief Inspector confirms on Monday 18 January: 15 working days following, to Monday
    // 8 February 2016.
    s.event(d(2016, 1, 18), "representation.decided", {{"outcome", "confirmed"}, {"date", "2016-01-18"}});
    CHECK(s.due("warning_notice", "compliance_end") == "2016-02-08");
  }
  SECTION("representations on Thursday 7 January 2016: the period closed at 00:00, refused") {
    auto late = s.try_event(d(2016, 1, 7), "representation.received", {{"date", "2016-01-07"}});
    REQUIRE_FALSE(late);
    CHECK(late.error().code == ErrorCode::kInvalidInput);
    CHECK(contains(late.error().details, "event.date: { le: vars.period_end } (was 2016-01-07)"));
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
  CHECK(letter.cc == Roles{"headteacher", "ofsted", "regional_director", "link_adviser"});
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

// CSC (2020) 2.6: "monitoring visits at least twice each half-term"; review meetings termly
// (amber) or half-termly (red). Each is a quota of the school's real half-term or term (the
// default pattern: Autumn 1 Mon 1 Sep - Fri 24 Oct 2025, Autumn 2 Mon 3 Nov - Fri 19 Dec 2025,
// Spring 1 Mon 5 Jan - Fri 13 Feb 2026), counted when its last teaching day is over (at 00:00
// the day after, so a visit on that day counts) against the dates of the visits and meetings,
// not the days they were recorded.
TEST_CASE("dates: CSC visits and review meetings are quotas of the real half-term and term, amber to red "
          "mid-half-term keeps the visit cadence",
          "[frameworks][dates][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1), {.id = "920101", .name = "Ysgol Enghraifft", .type = "community"});
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "amber"}});
  CHECK(s.state_of("support") == "amber_support");
  // The last teaching day of Autumn 1, and of the autumn term.
  CHECK(s.due("support", "visit_check") == "2025-10-24");
  CHECK(s.due("support", "review_due") == "2025-12-19");
  s.take_fired();

  // Two visits dated in Autumn 1, the second on its last teaching day, Fri 24 Oct 2025,
  // recorded that afternoon.
  s.event(d(2025, 9, 16), "visit.completed", {{"date", "2025-09-16"}});
  s.run_until(d(2025, 10, 24));
  // Only one visit by Fri 10 Oct, ten working days before the end: the reminder to arrange the
  // other one (the prompt to arrange them came on the first day, Mon 1 Sep, with the amber
  // support).
  CHECK(fired_in(s.take_fired(), "support") ==
        std::vector<std::string>{"visit_plan@2025-09-01", "visit_check#reminder1@2025-10-10"});
  CHECK(s.one("csc-visit-reminder", d(2025, 10, 10)).to == Roles{"link_adviser"});
  s.event(d(2025, 10, 24), "visit.completed", {{"date", "2025-10-24"}});
  // The check runs when Fri 24 October is over, at 00:00 on Sat 25 October: the quota is met,
  // no warning.
  s.run_until(d(2025, 10, 25));
  CHECK(fired_in(s.take_fired(), "support") == std::vector<std::string>{"visit_check@2025-10-25 (due 2025-10-24)"});
  CHECK(s.sent("csc-update", d(2025, 10, 25)).empty());
  // The next check: the last teaching day of Autumn 2, Fri 19 Dec 2025 (not a half-term's
  // length after 24 October).
  CHECK(s.due("support", "visit_check") == "2025-12-19");

  // No visit and no review meeting in Autumn 2: when Fri 19 Dec is over both quotas are missed
  // - the Autumn 1 visits do not count for Autumn 2, and the autumn term had no meeting at all.
  s.run_until(d(2025, 12, 19));
  CHECK(s.sent("csc-update", d(2025, 12, 19)).empty());
  s.run_until(d(2025, 12, 20));
  const auto dec19 = s.sent("csc-update", d(2025, 12, 20));
  REQUIRE(dec19.size() == 2);
  int visits = 0, meetings = 0;
  for (const auto& n : dec19) {
    if (contains(n.data.at("message"), "Fewer than two improvement partner monitoring visits")) {
      ++visits;
      CHECK(n.to == Roles{"la_lead"});
    }
    if (contains(n.data.at("message"), "No progress review meeting was recorded this term")) {
      ++meetings;
      CHECK(n.to == Roles{"la_lead", "link_adviser"});
      CHECK(n.cc == Roles{"director"});
    }
  }
  CHECK(visits == 1);
  CHECK(meetings == 1);
  CHECK(s.due("support", "visit_check") == "2026-02-13");  // the end of Spring 1
  s.take_fired();

  // Spring 1: one visit while amber (Mon 12 Jan 2026), then red support from Mon 26 January,
  // mid-half-term. The visit check is one stage across amber and red: it is not re-armed from
  // the day of the move but stays the pending check of Fri 13 Feb (its third firing), and red's
  // half-termly review falls on the same day; its reminder 10 working days before: 12, 11, 10,
  // 9, 6, 5, 4, 3, 2 February, Fri 30 January.
  s.event(d(2026, 1, 12), "visit.completed", {{"date", "2026-01-12"}});
  s.event(d(2026, 1, 26), "category.agreed", {{"category", "red"}});
  CHECK(s.state_of("support") == "red_support");
  CHECK(s.due("support", "visit_check") == "2026-02-13");
  CHECK(s.due("support", "review_due") == "2026-02-13");
  CHECK(s.due("support", "review_due#reminder1") == "2026-01-30");
  CHECK(s.timer("support", "visit_check").fired == 2);  // 24 October and 19 December
  CHECK(s.timer("support", "visit_check").provenance.base_event == "timer.visit_check");  // not category.agreed
  // The second visit while red (Mon 2 Feb): with the amber one, two in Spring 1. No review
  // meeting in the half-term at all: red's check catches it.
  s.event(d(2026, 2, 2), "visit.completed", {{"date", "2026-02-02"}});
  s.run_until(d(2026, 2, 14));
  // Spring 1's prompt to arrange the visits came on its first day, Mon 5 Jan; on Fri 30 Jan only
  // the visit of 12 January is dated in it, so the visit reminder goes too.
  CHECK(fired_in(s.take_fired(), "support") ==
        std::vector<std::string>{"visit_plan@2026-01-05", "visit_check#reminder1@2026-01-30",
                                 "review_due#reminder1@2026-01-30", "visit_check@2026-02-14 (due 2026-02-13)",
                                 "review_due@2026-02-14 (due 2026-02-13)"});
  NoticeEffect none = s.one("csc-update", d(2026, 2, 14));
  CHECK(contains(none.data.at("message"), "No progress review meeting was recorded this half-term"));
  CHECK(none.to == Roles{"la_lead", "link_adviser"});
  // Spring 2 runs Mon 23 Feb - Fri 27 Mar 2026.
  CHECK(s.due("support", "visit_check") == "2026-03-27");
  CHECK(s.due("support", "review_due") == "2026-03-27");
}

// CSC (2.6 item 1): "at least twice each half-term". sif prompts the improvement partner to arrange
// the visits on each half-term's first teaching day, and reminds them ten working days before its
// last only while fewer than two are dated in it (both sif's defaults). Default calendar 2025-26:
// Autumn 1 Mon 1 Sep - Fri 24 Oct 2025; Autumn 2 Mon 3 Nov - Fri 19 Dec 2025; Spring 1 from Mon 5
// Jan 2026. Ten working days before Fri 24 Oct: 23, 22, 21, 20, 17, 16, 15, 14, 13, Fri 10 Oct;
// before Fri 19 Dec: 18, 17, 16, 15, 12, 11, 10, 9, 8, Fri 5 Dec.
TEST_CASE("dates: CSC's visits - arrange them on the half-term's first day, a reminder ten working days before "
          "its end only while fewer than two are recorded",
          "[frameworks][dates][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1), {.id = "920102", .name = "Ysgol Enghraifft Dau", .type = "community"});
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "amber"}});
  CHECK(s.due("support", "visit_plan") == "2025-09-01");
  CHECK(s.due("support", "visit_check#reminder1") == "2025-10-10");
  s.run_until(d(2025, 9, 1));
  NoticeEffect plan = s.one("csc-visit-plan", d(2025, 9, 1));
  CHECK(plan.to == Roles{"link_adviser"});
  CHECK(plan.data.at("half_term_start.words") == "Monday 1 September 2025");
  CHECK(plan.data.at("half_term_end.words") == "Friday 24 October 2025");
  CHECK(s.due("support", "visit_plan") == "2025-11-03");  // the first day of Autumn 2

  // Two visits by Fri 10 Oct: the quota is met, no reminder, and no warning after 24 October.
  s.event(d(2025, 9, 15), "visit.completed", {{"date", "2025-09-15"}});
  s.event(d(2025, 10, 6), "visit.completed", {{"date", "2025-10-06"}});
  s.run_until(d(2025, 10, 25));
  CHECK(s.sent("csc-visit-reminder", d(2025, 10, 10)).empty());
  CHECK(s.sent("csc-update", d(2025, 10, 25)).empty());

  // Autumn 2: arranged on Mon 3 Nov; one visit by Fri 5 Dec, so the reminder goes, naming the
  // half-term's last day; the second visit on Fri 12 Dec meets the quota.
  s.run_until(d(2025, 11, 3));
  CHECK(s.one("csc-visit-plan", d(2025, 11, 3)).data.at("half_term_end.words") == "Friday 19 December 2025");
  s.event(d(2025, 11, 17), "visit.completed", {{"date", "2025-11-17"}});
  s.run_until(d(2025, 12, 5));
  NoticeEffect reminder = s.one("csc-visit-reminder", d(2025, 12, 5));
  CHECK(reminder.to == Roles{"link_adviser"});
  CHECK(reminder.data.at("reminder.deadline.words") == "Friday 19 December 2025");
  s.event(d(2025, 12, 12), "visit.completed", {{"date", "2025-12-12"}});
  s.run_until(d(2025, 12, 20));
  CHECK(s.sent("csc-update", d(2025, 12, 20)).size() == 1);  // the termly review meeting, not the visits
  CHECK(s.one("csc-update", d(2025, 12, 20)).data.at("message").find("No progress review meeting") !=
        std::string::npos);
  // After Christmas: Spring 1's first teaching day, Mon 5 Jan 2026.
  CHECK(s.due("support", "visit_plan") == "2026-01-05");
}

// Telford (2014), 4b: "In addition to that given to Category 3 schools", the Review Team each
// half term and the Service Delivery Manager's termly meeting with the governors: quotas of the
// school's real half-terms and terms, counted when the period's last teaching day is over (at
// 00:00 the day after). Ofsted's judgement on Wednesday 1 October 2025 falls in Autumn 1 (Monday 1
// September - Friday 24 October) and the autumn term (to Friday 19 December, the end of Autumn 2,
// which starts Monday 3 November). The reminders come 10 working days before the last day (sif's
// default): Friday 10 October for Autumn 1 (23, 22, 21, 20, 17, 16, 15, 14, 13, 10 October) and
// Friday 5 December for Autumn 2 and the term (18, 17, 16, 15, 12, 11, 10, 9, 8, 5 December).
TEST_CASE("dates: Telford 4b to 4b established keeps the Review Team and governors' meeting dates already due",
          "[frameworks][dates][telford-2014]") {
  Scenario s("telford-2014");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  s.event(d(2025, 10, 1), "ofsted.judgement",
          {{"date", "2025-10-01"}, {"grade", "inadequate"}, {"category", "special_measures"}});
  CHECK(s.state_of("support") == "category_4b");
  CHECK(s.due("support", "review_team") == "2025-10-24");
  CHECK(s.due("support", "review_team#reminder1") == "2025-10-10");
  CHECK(s.due("support", "rap_review") == "2025-12-19");
  CHECK(s.due("support", "governors_meeting") == "2025-12-19");
  CHECK(s.due("support", "governors_meeting#reminder1") == "2025-12-05");

  // No Review Team meeting in Autumn 1: the chair is told at 00:00 on Saturday 25 October; the
  // next count is Autumn 2, to Friday 19 December.
  s.event(d(2025, 12, 8), "statement_of_action.discussed");
  CHECK(s.one("telford-review-team-not-held", d(2025, 10, 25)).to == Roles{"review_team_chair"});
  CHECK(s.due("support", "review_team") == "2025-12-19");
  // A Review Team meeting on Wednesday 10 December (Autumn 2), still in 4b.
  s.event(d(2025, 12, 10), "review.held", {{"date", "2025-12-10"}, {"progress", "sufficient"}});
  // The Statement of Action goes to Ofsted on Monday 15 December: 4b established. The checks
  // are one stage: they keep Friday 19 December and what was recorded in 4b; the weekly visits of
  // the early stages end.
  s.event(d(2025, 12, 15), "statement_of_action.sent");
  CHECK(s.state_of("support") == "category_4b_established");
  CHECK(s.due("support", "review_team") == "2025-12-19");
  CHECK(s.due("support", "rap_review") == "2025-12-19");
  CHECK(s.due("support", "governors_meeting") == "2025-12-19");
  CHECK(s.due("support", "weekly_visit").empty());
  CHECK(s.timer("support", "review_team").fired == 1);  // the count of checks goes on too
  CHECK(s.timer("support", "governors_meeting").provenance.base == d(2025, 10, 1));  // counted from 4b

  s.take_fired();
  s.run_until(d(2025, 12, 20));
  CHECK(fired_in(s.take_fired(), "support") ==
        std::vector<std::string>{"review_team@2025-12-20 (due 2025-12-19)", "rap_review@2025-12-20 (due 2025-12-19)",
                                 "governors_meeting@2025-12-20 (due 2025-12-19)"});
  // Autumn 2 met the Review Team's quota (10 December, recorded in 4b): nothing. The term had no
  // RAP review and no meeting with the governors: both are told.
  CHECK(s.sent("telford-review-team-not-held", d(2025, 12, 20)).empty());
  CHECK(s.one("telford-rap-review-not-recorded", d(2025, 12, 20)).to == Roles{"link_adviser", "headteacher"});
  const auto governors = s.one("telford-governors-meeting-not-recorded", d(2025, 12, 20));
  CHECK(governors.to == Roles{"chair_of_governors", "governing_body"});
  CHECK(governors.cc == Roles{"la_lead"});
  CHECK(value(governors, "term_start") == "2025-09-01");
  CHECK(value(governors, "term_end") == "2025-12-19");
  // Then Spring 1 (Monday 5 January - Friday 13 February 2026) for the Review Team; the spring
  // term (to Friday 27 March, the end of Spring 2) for the termly two.
  CHECK(s.due("support", "review_team") == "2026-02-13");
  CHECK(s.due("support", "rap_review") == "2026-03-27");
  CHECK(s.due("support", "governors_meeting") == "2026-03-27");
}

// Telford (2014), early 4b: "weekly visits will take place", term-time (sif's default). Ofsted
// judges the school inadequate on Wednesday 18 March 2026: visits from Wednesday 25 March. On the
// default calendar Spring 2 ends Friday 27 March and Summer 1 starts Monday 13 April (the Easter
// holidays, with Good Friday 3 April and Easter Monday 6 April). The visits of Wednesday 1 and
// Wednesday 8 April both fall in the holidays: the one prompt on Monday 13 April stands for both,
// and the Wednesdays go on, 15 and 22 April.
TEST_CASE("dates: Telford's weekly 4b visits over Easter 2026 - one prompt on the first day back, not two",
          "[frameworks][dates][telford-2014]") {
  Scenario s("telford-2014");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "3"}});
  s.event(d(2026, 3, 18), "ofsted.judgement",
          {{"date", "2026-03-18"}, {"grade", "inadequate"}, {"category", "special_measures"}});
  REQUIRE(s.state_of("support") == "category_4b");
  CHECK(s.due("support", "weekly_visit") == "2026-03-25");
  s.take_fired();
  s.take_notices();
  s.run_until(d(2026, 4, 22));
  std::vector<std::string> visits;
  for (const auto& f : fired_in(s.take_fired(), "support")) {
    if (f.rfind("weekly_visit@", 0) == 0) visits.push_back(f);
  }
  CHECK(visits == std::vector<std::string>{"weekly_visit@2026-03-25", "weekly_visit@2026-04-13",
                                           "weekly_visit@2026-04-15", "weekly_visit@2026-04-22"});
  CHECK(s.sent("telford-weekly-visit", d(2026, 4, 13)).size() == 1);
  CHECK(s.due("support", "weekly_visit") == "2026-04-29");
  // The half-termly and termly checks are not moved by the holidays: they count the periods.
  // Spring 2 (Monday 23 February - Friday 27 March) and the spring term (from Monday 5 January)
  // were counted at 00:00 on Saturday 28 March; none had a meeting recorded, so the Review Team's
  // chair and the governors were told then, not on the first day back. Next: Summer 1, to Friday
  // 22 May, and the summer term, to Wednesday 22 July.
  const auto team = s.one("telford-review-team-not-held", d(2026, 3, 28));
  CHECK(value(team, "half_term_start") == "2026-02-23");
  CHECK(value(team, "half_term_end") == "2026-03-27");
  CHECK(value(s.one("telford-governors-meeting-not-recorded", d(2026, 3, 28)), "term_start") == "2026-01-05");
  CHECK(s.sent("telford-review-team-not-held", d(2026, 4, 13)).empty());
  CHECK(s.due("support", "review_team") == "2026-05-22");
  CHECK(s.due("support", "governors_meeting") == "2026-07-22");
}

// Bristol (2025) enhanced support: "Monthly School Monitoring Board meetings led by the Director
// of Education, Inclusion and Skills" from the day the school is categorised Developing, across
// the planning of its Raising Achievement Plan and the plan itself.
TEST_CASE("dates: Bristol's monthly School Monitoring Board keeps its date when enhanced_planning becomes enhanced",
          "[frameworks][dates][bristol-2025]") {
  Scenario s("bristol-2025");
  s.start(d(2026, 1, 5));
  // Developing from Monday 12 January 2026: the Board monthly from Thursday 12 February.
  s.event(d(2026, 1, 12), "category.agreed", {{"category", "developing"}});
  CHECK(s.state_of("support") == "enhanced_planning");
  CHECK(s.due("support", "school_monitoring_board") == "2026-02-12");
  s.take_fired();

  // The plan is agreed on Monday 23 February, after the first Board: the next is still Thursday
  // 12 March, not a month after the plan (Monday 23 March).
  s.event(d(2026, 2, 23), "plan.agreed", {{"plan", "RAP"}});
  CHECK(s.state_of("support") == "enhanced");
  CHECK(s.due("support", "school_monitoring_board") == "2026-03-12");
  // The RAVs start with the plan: six weeks on is Easter Monday, 6 April, in the Easter holidays
  // (on the scenario's default calendar Spring 2 ends Friday 27 March and Summer 1 starts Monday
  // 13 April): a visit to the school is term-time, so Monday 13 April.
  CHECK(s.due("support", "raising_achievement_visit") == "2026-04-13");
  CHECK(s.timer("support", "school_monitoring_board").fired == 1);

  // The 12th each month: Sunday 12 April comes on Monday 13 April; Tuesday 12 May. The universal
  // offer's half-day SIV goes on too ("All of Universal support +"), on the first day of each
  // half-term: Spring 2 Monday 23 February (before the plan that morning), Summer 1 Monday 13 April.
  s.run_until(d(2026, 5, 12));
  CHECK(fired_in(s.take_fired(), "support") ==
        std::vector<std::string>{"school_monitoring_board@2026-02-12", "school_improvement_visit@2026-02-23",
                                 "school_monitoring_board@2026-03-12", "school_improvement_visit@2026-04-13",
                                 "raising_achievement_visit@2026-04-13", "school_monitoring_board@2026-04-13",
                                 "school_monitoring_board@2026-05-12"});
  CHECK(s.due("support", "school_monitoring_board") == "2026-06-12");

  // Leaving the stage stops the Board; coming back starts it afresh from the new categorisation.
  s.event(d(2026, 5, 13), "category.agreed", {{"category", "established"}});
  CHECK(s.state_of("support") == "universal");
  CHECK(s.due("support", "school_monitoring_board").empty());
  s.event(d(2026, 6, 1), "category.agreed", {{"category", "developing"}});
  CHECK(s.state_of("support") == "enhanced_planning");
  CHECK(s.due("support", "school_monitoring_board") == "2026-07-01");
}

// Leicester (2007) Appendix 1: the annual cycle's dates are positions on the calendar. The cycle
// is recorded on Monday 3 August 2026 as begun on Saturday 1 August. Performance reviews open on
// Tuesday 1 September; data analysis and the performance review are due by Monday 30 November
// (overdue from Tuesday 1 December); targets by Thursday 31 December (overdue from Monday 4
// January 2027: 1 January is a bank holiday, then the weekend); the statement window opens on
// 1 May, Saturday 1 May 2027, a prompt that comes on the next working day, Tuesday 4 May (Monday
// 3 May is the early May bank holiday).
TEST_CASE("dates: Leicester's annual cycle on calendar anchors, a performance review held before 30 November is "
          "not overdue on 1 December",
          "[frameworks][dates][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2026, 7, 13), {.id = "910101", .name = "Example Primary School", .type = "community"});
  s.event(d(2026, 8, 3), "cycle.started", {{"date", "2026-08-01"}});
  CHECK(s.state_of("annual_cycle") == "autumn_cycle");
  CHECK(s.instance("annual_cycle").entered == d(2026, 8, 1));
  CHECK(s.due("annual_cycle", "performance_reviews_open") == "2026-09-01");
  CHECK(s.due("annual_cycle", "target_setting_opens") == "2026-10-01");
  CHECK(s.due("annual_cycle", "data_analysis_due") == "2026-11-30");
  CHECK(s.fires("annual_cycle", "data_analysis_due") == "2026-12-01");
  CHECK(s.due("annual_cycle", "performance_review_due") == "2026-11-30");
  CHECK(s.due("annual_cycle", "performance_review_due#reminder1") == "2026-11-16");
  CHECK(s.due("annual_cycle", "target_setting_due") == "2026-12-31");
  CHECK(s.fires("annual_cycle", "target_setting_due") == "2027-01-04");
  CHECK(s.due("annual_cycle", "statement_window_opens") == "2027-05-04");

  s.run_until(d(2026, 9, 1));
  CHECK(contains(s.one("leicester-update", d(2026, 9, 1)).data.at("message"),
                 "The Annual School Performance Review falls between September and November"));

  // The performance review is held on Thursday 19 November: its deadline is met and cancelled,
  // with its reminder.
  s.event(d(2026, 11, 19), "performance_review.held", {{"date", "2026-11-19"}});
  CHECK(s.due("annual_cycle", "performance_review_due").empty());
  CHECK(s.due("annual_cycle", "performance_review_due#reminder1").empty());

  SECTION("the data analysis not recorded: only it is overdue on Tuesday 1 December") {
    s.run_until(d(2026, 11, 30));
    CHECK(s.overdue("annual_cycle").empty());
    CHECK(s.sent("leicester-update", d(2026, 11, 30)).empty());
    s.run_until(d(2026, 12, 1));
    CHECK(s.overdue("annual_cycle") == std::vector<std::string>{"data_analysis_due"});
    NoticeEffect late = s.one("leicester-update", d(2026, 12, 1));
    CHECK(late.to == Roles{"la_lead"});
    CHECK(contains(late.data.at("message"), "performance data"));
  }
  SECTION("the data analysis recorded on Monday 30 November, its last day: nothing overdue") {
    s.event(d(2026, 11, 30), "data_analysis.completed", {{"date", "2026-11-30"}});
    s.run_until(d(2026, 12, 1));
    CHECK(s.overdue("annual_cycle").empty());
    CHECK(s.sent("leicester-update", d(2026, 12, 1)).empty());
    s.event(d(2026, 12, 31), "targets.set", {{"date", "2026-12-31"}});
    // The statement window: closed until Tuesday 4 May 2027, then the statement is due by
    // Wednesday 30 June and the next cycle comes on Sunday 1 August, so Monday 2 August.
    s.run_until(d(2027, 5, 3));
    CHECK(s.state_of("annual_cycle") == "autumn_cycle");
    CHECK(s.overdue("annual_cycle").empty());
    s.run_until(d(2027, 5, 4));
    CHECK(s.state_of("annual_cycle") == "statement_window");
    CHECK(s.instance("annual_cycle").entered == d(2027, 5, 4));
    CHECK(s.due("annual_cycle", "statement_due") == "2027-06-30");
    CHECK(s.fires("annual_cycle", "statement_due") == "2027-07-01");
    CHECK(s.due("annual_cycle", "next_cycle") == "2027-08-02");
  }
}

// Easter 2027: Good Friday 26 March, Easter Monday 29 March.
// England (s.60 as amended): a Leicester notice of Wednesday 17 March 2027 stating 10 working
// days. Following the day it is given: Thu 18, Fri 19, Mon 22, Tue 23, Wed 24, Thu 25 (6), Good
// Friday and Easter Monday passed over, Tue 30, Wed 31 March, Thu 1 (9) and Fri 2 April (10). The
// period includes Friday 2 April and closes at 00:00 on Saturday 3 April; the reminder 5 working
// days before its end: 1 April, 31, 30, 25, Wednesday 24 March.
// Wales: a Cardiff school in red support keeps the Welsh Ministers' 2026-27 dates (Spring 2 Mon
// 15 February - Fri 19 March 2027, Summer 1 Mon 5 April - Fri 28 May): the half-term's visits and
// review are counted when Friday 19 March is over, and the next half-term's prompt comes on its
// first day, Monday 5 April, after the Easter holidays.
TEST_CASE("dates: Easter 2027 - a notice's 10 working days end on Friday 2 April, a Cardiff half-term is counted "
          "on 19 March and prompted again on 5 April",
          "[frameworks][dates][leicester-2007][csc-2020][warning-notice]") {
  Scenario l("leicester-2007");
  l.start(d(2027, 3, 1), {.id = "910201", .name = "Example Primary School", .type = "community"});
  l.event(d(2027, 3, 17), "warning_notice.issued",
          {{"date", "2027-03-17"}, {"grounds", "standards unacceptably low"}, {"compliance_working_days", "10"}});
  CHECK(l.var("warning_notice", "regime") == "eia-2006-s60-as-amended-2016");
  CHECK(l.due("warning_notice", "compliance_end") == "2027-04-02");
  CHECK(l.fires("warning_notice", "compliance_end") == "2027-04-03");
  CHECK(l.due("warning_notice", "compliance_end#reminder1") == "2027-03-24");
  // Not complied may not be recorded on the period's last day, nor in it at all.
  auto early = l.try_event(d(2027, 4, 2), "warning_notice.not_complied", {{"date", "2027-04-02"}});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  CHECK(contains(early.error().message, "Friday 2 April 2027"));
  l.run_until(d(2027, 4, 3));
  CHECK(l.state_of("warning_notice") == "compliance_review");
  l.event(d(2027, 4, 5), "warning_notice.not_complied", {{"date", "2027-04-05"}});
  CHECK(l.state_of("warning_notice") == "powers_notice_due");

  Scenario c("csc-2020");
  c.start(d(2027, 2, 15), {.id = "920201", .name = "Ysgol Enghraifft Caerdydd", .type = "community", .la = "Cardiff"});
  c.event(d(2027, 2, 15), "category.agreed", {{"category", "red"}});
  // Monday 15 February is Spring 2's first day in Wales (the default pattern has its half-term
  // holiday that week): the prompt to arrange the visits comes that day.
  c.run_until(d(2027, 2, 15));
  CHECK(c.one("csc-visit-plan", d(2027, 2, 15)).data.at("half_term_start.words") == "Monday 15 February 2027");
  CHECK(c.due("support", "visit_check") == "2027-03-19");
  CHECK(c.due("support", "review_due") == "2027-03-19");
  // Ten working days before Friday 19 March: 18, 17, 16, 15, 12, 11, 10, 9, 8, Friday 5 March.
  CHECK(c.due("support", "visit_check#reminder1") == "2027-03-05");
  c.event(d(2027, 2, 24), "visit.completed", {{"date", "2027-02-24"}});
  c.event(d(2027, 3, 4), "visit.completed", {{"date", "2027-03-04"}});
  c.event(d(2027, 3, 17), "review.held", {{"date", "2027-03-17"}, {"rating", "red"}});
  c.run_until(d(2027, 3, 20));
  // Both quotas met: no reminder on 5 March, no warning when the half-term is over.
  CHECK(c.sent("csc-visit-reminder", d(2027, 3, 5)).empty());
  CHECK(c.sent("csc-update", d(2027, 3, 20)).empty());
  CHECK(c.due("support", "visit_check") == "2027-05-28");
  // Ten working days before Friday 28 May: 27, 26, 25, 24, 21, 20, 19, 18, 17, Friday 14 May.
  CHECK(c.due("support", "visit_check#reminder1") == "2027-05-14");
  // Nothing in the Easter holidays (22 March - 2 April); the prompt on Summer 1's first day.
  c.run_until(d(2027, 4, 2));
  CHECK(c.sent("csc-visit-plan", d(2027, 3, 22)).empty());
  c.run_until(d(2027, 4, 5));
  NoticeEffect plan = c.one("csc-visit-plan", d(2027, 4, 5));
  CHECK(plan.data.at("half_term_start.words") == "Monday 5 April 2027");
  CHECK(plan.data.at("half_term_end.words") == "Friday 28 May 2027");
}
