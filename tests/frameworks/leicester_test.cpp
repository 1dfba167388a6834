// Leicester City Policy for School Improvement (2007), config/frameworks/leicester-2007.yaml,
// driven through the whole document on real dates. The warning notice's own tests (15 working
// days across Christmas, copies by school type, appeals) are in warning_notice_test.cpp.
//
// Term dates are the default pattern (docs/calendar.md), worked out by hand:
//   2024-25 Summer 2: Mon 2 Jun .. Tue 22 Jul 2025
//   2025-26 Autumn 1: Mon 1 Sep .. Fri 24 Oct 2025   Autumn 2: Mon 3 Nov .. Fri 19 Dec 2025
//           Spring 1: Mon 5 Jan .. Fri 13 Feb 2026   Spring 2: Mon 23 Feb .. Fri 27 Mar 2026
//           Summer 1: Mon 13 Apr .. Fri 22 May 2026  Summer 2: Mon 1 Jun .. Wed 22 Jul 2026
//   2026-27 Autumn 1: Tue 1 Sep .. Fri 23 Oct 2026   Autumn 2: Mon 2 Nov .. Fri 18 Dec 2026
//           Spring 1: Mon 4 Jan .. Fri 12 Feb 2027   Spring 2: Mon 22 Feb .. Fri 19 Mar 2027
//           Summer 1: Mon 5 Apr .. Fri 28 May 2027   Summer 2: Mon 7 Jun .. Thu 22 Jul 2027
// "N half-terms after d" is the same position (days since the half-term began) N half-terms on,
// clamped to that half-term's last day.
#include <cctype>

#include "tests/support/scenario_driver.hpp"

using namespace sif::test;
using sif::workflows::ErrorCode;
using sif::workflows::NoticeEffect;

TEST_CASE("leicester: level of support, termly review and the annual cycle (Appendix 1)",
          "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 7, 14), {.id = "910001", .name = "Example Primary School", .type = "community"});
  CHECK(s.state_of("support") == "awaiting_statement");
  CHECK(s.state_of("causing_concern") == "not_on_register");

  // Level of Support Statement: the SIP recommends, the LA moderates (6.6).
  s.event(d(2025, 7, 14), "category.agreed", {{"category", "2"}});
  // The annual cycle runs from registration, with no event needed: its autumn dates are the next
  // occurrences of their anchors.
  CHECK(s.state_of("annual_cycle") == "autumn_cycle");
  CHECK(s.due("annual_cycle", "performance_reviews_open") == "2025-09-01");
  CHECK(s.due("annual_cycle", "statement_window_opens") == "2026-05-01");
  CHECK(s.state_of("support") == "supported");
  CHECK(s.category() == "2");
  // Reviewed termly (6.2), a quota of the real term: the level agreed on Mon 14 Jul counts for
  // the summer term, which ends Tue 22 Jul 2025 (default pattern); its reminder, 5 working days
  // before (21, 18, 17, 16, Tue 15 Jul), and its check say nothing, since a review is recorded.
  CHECK(s.due("support", "termly_review") == "2025-07-22");
  CHECK(s.due("support", "termly_review#reminder1") == "2025-07-15");
  s.run_until(d(2025, 7, 23));
  CHECK(s.sent("deadline-reminder", d(2025, 7, 15)).empty());
  CHECK(s.sent("leicester-update", d(2025, 7, 23)).empty());
  // The autumn term ends Fri 19 Dec 2025; reminder 5 working days before: Fri 12 Dec.
  CHECK(s.due("support", "termly_review") == "2025-12-19");
  CHECK(s.due("support", "termly_review#reminder1") == "2025-12-12");

  // The annual cycle starts on 1 August. Its dates are calendar anchors (at: "09-01", ...), the
  // positions Appendix 1 names; a deadline on a weekend keeps its date and fires on the next
  // working day.
  s.event(d(2025, 8, 1), "cycle.started", {{"date", "2025-08-01"}});
  CHECK(s.state_of("annual_cycle") == "autumn_cycle");
  CHECK(s.due("annual_cycle", "performance_reviews_open") == "2025-09-01");
  CHECK(s.due("annual_cycle", "target_setting_opens") == "2025-10-01");
  CHECK(s.due("annual_cycle", "data_analysis_due") == "2025-11-30");        // Aug to Nov
  CHECK(s.due("annual_cycle", "performance_review_due") == "2025-11-30");   // Sep to Nov
  CHECK(s.due("annual_cycle", "target_setting_due") == "2025-12-31");       // Oct to Dec
  CHECK(s.due("annual_cycle", "statement_window_opens") == "2026-05-01");   // May/Jun
  // Two weeks before Sun 30 Nov is Sun 16 Nov: a reminder goes out on the working day before, Fri 14 Nov.
  CHECK(s.due("annual_cycle", "data_analysis_due#reminder1") == "2025-11-14");

  s.run_until(d(2025, 9, 1));
  NoticeEffect open = s.one("leicester-update", d(2025, 9, 1));
  CHECK(open.to == Roles{"link_adviser", "headteacher", "chair_of_governors"});

  s.event(d(2025, 10, 15), "performance_review.held", {{"date", "2025-10-15"}});
  s.event(d(2025, 11, 20), "data_analysis.completed", {{"date", "2025-11-20"}});
  // Done on time: recording each one cancels its deadline (Sunday 30 November, which would fire
  // on the next working day, Monday 1 December), so nothing fires and nothing is overdue.
  CHECK(s.due("annual_cycle", "performance_review_due").empty());
  CHECK(s.due("annual_cycle", "data_analysis_due").empty());
  CHECK(s.due("annual_cycle", "data_analysis_due#reminder1").empty());
  s.run_until(d(2025, 12, 31));
  CHECK(s.sent("leicester-update", d(2025, 11, 30)).empty());
  CHECK(s.sent("leicester-update", d(2025, 12, 1)).empty());
  CHECK(s.overdue("annual_cycle").empty());
  // No review of the level in the autumn term: the link adviser is reminded on Fri 12 Dec, and
  // when Fri 19 Dec is over the adviser and the Head of Service are told.
  CHECK(s.one("deadline-reminder", d(2025, 12, 12)).to == Roles{"link_adviser"});
  NoticeEffect unreviewed = s.one("leicester-update", d(2025, 12, 20));
  CHECK(unreviewed.to == Roles{"link_adviser", "la_lead"});
  CHECK(unreviewed.data.at("message").find("No review of the level of support was recorded this term") !=
        std::string::npos);
  // Targets are due by Wednesday 31 December; that day they may still be recorded. Not recorded,
  // they are overdue from the next working day, Friday 2 January 2026 (1 January is a bank
  // holiday): the Head of Service hears of it then.
  CHECK(s.sent("leicester-update", d(2025, 12, 31)).empty());
  CHECK(s.fires("annual_cycle", "target_setting_due") == "2026-01-02");
  s.run_until(d(2026, 1, 2));
  // Only the deadline missed is overdue, not the two met in November.
  CHECK(s.overdue("annual_cycle") == std::vector<std::string>{"target_setting_due"});
  NoticeEffect overdue = s.one("leicester-update", d(2026, 1, 2));
  CHECK(overdue.to == Roles{"la_lead"});
  CHECK(overdue.data.at("message").find("statutory targets") != std::string::npos);
  // The next termly check: the spring term's last teaching day, Fri 27 Mar 2026.
  CHECK(s.due("support", "termly_review") == "2026-03-27");

  // May: the statement window opens (Friday 1 May 2026); the level is agreed in June (by
  // Tuesday 30 June); the next cycle on 1 August, Saturday 1 August 2026 this year, so that
  // prompt moves to the next working day, Monday 3 August.
  s.run_until(d(2026, 5, 1));
  CHECK(s.state_of("annual_cycle") == "statement_window");
  CHECK(s.instance("annual_cycle").entered == d(2026, 5, 1));
  CHECK(s.due("annual_cycle", "statement_due") == "2026-06-30");
  CHECK(s.fires("annual_cycle", "statement_due") == "2026-07-01");
  CHECK(s.due("annual_cycle", "next_cycle") == "2026-08-03");
  s.event(d(2026, 6, 10), "category.agreed", {{"category", "1"}});
  CHECK(s.category() == "1");
  // Agreed in time: the deadline is met and cancelled.
  CHECK(s.due("annual_cycle", "statement_due").empty());
  s.run_until(d(2026, 8, 1));
  CHECK(s.sent("leicester-update", d(2026, 6, 30)).empty());
  CHECK(s.sent("leicester-update", d(2026, 7, 1)).empty());
  CHECK(s.overdue("annual_cycle").empty());
  CHECK(s.state_of("annual_cycle") == "statement_window");
  s.run_until(d(2026, 8, 3));
  CHECK(s.state_of("annual_cycle") == "autumn_cycle");
  CHECK(s.instance("annual_cycle").entered == d(2026, 8, 3));
  // Entered on Monday 3 August, the cycle still falls on Appendix 1's dates, not 31 and 152 days
  // on: reviews open Tuesday 1 September 2026, data analysis and the performance review due
  // Monday 30 November (overdue from Tuesday 1 December), targets due Thursday 31 December
  // (overdue from Monday 4 January 2027: 1 January is a bank holiday, then the weekend), and the
  // statement window opens on Saturday 1 May 2027, a prompt that moves to the next working day,
  // Tuesday 4 May (Monday 3 May is the early May bank holiday).
  CHECK(s.due("annual_cycle", "performance_reviews_open") == "2026-09-01");
  CHECK(s.due("annual_cycle", "target_setting_opens") == "2026-10-01");
  CHECK(s.due("annual_cycle", "data_analysis_due") == "2026-11-30");
  CHECK(s.fires("annual_cycle", "data_analysis_due") == "2026-12-01");
  CHECK(s.due("annual_cycle", "performance_review_due") == "2026-11-30");
  CHECK(s.due("annual_cycle", "target_setting_due") == "2026-12-31");
  CHECK(s.fires("annual_cycle", "target_setting_due") == "2027-01-04");
  CHECK(s.due("annual_cycle", "statement_window_opens") == "2027-05-04");
}

TEST_CASE("leicester: Appendix 8 modifiers and Appendix 2's floor rule", "[frameworks][leicester-2007]") {
  SECTION("a new headteacher raises the agreed level by one") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910002", .name = "A", .type = "community"});
    s.event(d(2025, 9, 1), "context.changed", {{"kind", "headteacher_new"}});
    s.event(d(2025, 9, 2), "category.agreed", {{"category", "1"}});
    CHECK(s.category() == "2");
  }
  SECTION("below floor targets: at least enhanced (3)") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910003", .name = "B", .type = "community"});
    s.event(d(2025, 9, 1), "context.changed", {{"kind", "below_floor"}});
    s.event(d(2025, 9, 2), "category.agreed", {{"category", "2"}});
    CHECK(s.category() == "3");
  }
  SECTION("acting headteacher and below floor: 3, then one more: 4") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910004", .name = "C", .type = "community"});
    s.event(d(2025, 9, 1), "context.changed", {{"kind", "headteacher_acting"}});
    s.event(d(2025, 9, 1), "context.changed", {{"kind", "below_floor"}});
    s.event(d(2025, 9, 2), "category.agreed", {{"category", "1"}});
    CHECK(s.category() == "4");
  }
  SECTION("during the year: a headteacher change raises the level once, and an established head ends it") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910005", .name = "D", .type = "community"});
    s.event(d(2025, 9, 1), "category.agreed", {{"category", "1"}});
    s.event(d(2025, 10, 1), "context.changed", {{"kind", "headteacher_acting"}});
    CHECK(s.category() == "2");
    s.event(d(2026, 1, 5), "context.changed", {{"kind", "headteacher_new"}});
    CHECK(s.category() == "2");  // already raised: +1 once, not twice
    // The acting head appointed substantively: the first year runs from Mon 5 Jan 2026 to the
    // anniversary, Tue 5 Jan 2027.
    CHECK(s.due("headteacher_first_year", "first_year_ends") == "2027-01-05");
    // Recorded as established the day before: the modifier goes at once, with the year's timer.
    s.event(d(2027, 1, 4), "context.changed", {{"kind", "headteacher_established"}});
    CHECK(s.category() == "1");
    CHECK(s.state_of("headteacher_first_year") == "superseded");
    s.run_until(d(2027, 1, 6));
    CHECK(s.category() == "1");
    s.event(d(2027, 1, 11), "category.agreed", {{"category", "1"}});
    CHECK(s.category() == "1");
  }
  SECTION("safeguarding non-compliance: level 4 until compliant") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910006", .name = "E", .type = "community"});
    s.event(d(2025, 9, 1), "category.agreed", {{"category", "2"}});
    s.event(d(2025, 10, 6), "context.changed", {{"kind", "safeguarding_noncompliant"}});
    CHECK(s.category() == "4");
    CHECK(s.one("leicester-update", d(2025, 10, 6)).to == Roles{"la_lead", "director"});
    s.event(d(2025, 12, 1), "category.agreed", {{"category", "2"}});
    CHECK(s.category() == "4");
    s.event(d(2026, 1, 12), "context.changed", {{"kind", "safeguarding_compliant"}});
    CHECK(s.category() == "2");  // back to the agreed level: no other rule holds it at 4
    CHECK(s.state_of("support") == "supported");
    s.event(d(2026, 1, 13), "category.agreed", {{"category", "2"}});
    CHECK(s.category() == "2");
  }
  SECTION("an Ofsted category: level 4 until Ofsted removes it") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910007", .name = "F", .type = "community"});
    s.event(d(2025, 9, 1), "category.agreed", {{"category", "3"}});
    s.event(d(2025, 11, 12), "ofsted.judgement",
            {{"date", "2025-11-12"}, {"grade", "inadequate"}, {"category", "special_measures"}});
    CHECK(s.category() == "4");
    CHECK(s.state_of("causing_concern") == "on_register");
    s.event(d(2026, 1, 5), "category.agreed", {{"category", "3"}});
    CHECK(s.category() == "4");
    s.event(d(2027, 3, 3), "ofsted.judgement", {{"date", "2027-03-03"}, {"grade", "requires_improvement"}});
    s.event(d(2027, 3, 10), "category.agreed", {{"category", "3"}});
    CHECK(s.category() == "3");
  }
  SECTION("below floor during the year lifts 1 or 2 to 3") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910008", .name = "G", .type = "community"});
    s.event(d(2025, 9, 1), "category.agreed", {{"category", "2"}});
    s.event(d(2025, 9, 20), "context.changed", {{"kind", "below_floor"}});
    CHECK(s.category() == "3");
  }
  SECTION("a level the policy does not have is refused") {
    Scenario s("leicester-2007");
    s.start(d(2025, 9, 1), {.id = "910009", .name = "H", .type = "community"});
    auto r = s.try_event(d(2025, 9, 1), "category.agreed", {{"category", "5"}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kInvalidInput);
  }
}

// Appendix 1's cycle for a school registered mid-year, Thursday 15 October 2026: it is in the
// autumn cycle at once, due its data analysis and performance review by Monday 30 November and
// its targets by Thursday 31 December 2026; the performance reviews and target-setting windows
// opened before it arrived (1 September, 1 October), so their next opening is 2027; the
// Statement window opens on Saturday 1 May 2027, prompted on Tuesday 4 May (Monday 3 May is the
// early May bank holiday).
TEST_CASE("leicester: a school registered in October joins the annual cycle where the year is",
          "[frameworks][leicester-2007][dates]") {
  Scenario s("leicester-2007");
  s.start(d(2026, 10, 15), {.id = "910012", .name = "Example Junior School"});
  s.event(d(2026, 10, 15), "note.recorded", {{"text", "registered"}});
  CHECK(s.state_of("annual_cycle") == "autumn_cycle");
  CHECK(s.due("annual_cycle", "data_analysis_due") == "2026-11-30");
  CHECK(s.due("annual_cycle", "performance_review_due") == "2026-11-30");
  CHECK(s.due("annual_cycle", "target_setting_due") == "2026-12-31");
  CHECK(s.due("annual_cycle", "performance_reviews_open") == "2027-09-01");
  CHECK(s.due("annual_cycle", "statement_window_opens") == "2027-05-04");
}

// The 2007 document's Ofsted categories are special measures and the notice to improve (Appendix
// 2: "given a Notice to Improve"; Appendix 10: "Significant Improvement"), the Education Act 2005
// s.44 category "requires significant improvement". An officer records it in those terms.
TEST_CASE("leicester: a notice to improve (significant improvement) is recorded in the 2007 terms, category 4",
          "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 9, 1), {.id = "910011", .name = "Example Community Primary School"});
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "2"}});
  s.event(d(2026, 1, 20), "ofsted.judgement",
          {{"date", "2026-01-20"}, {"grade", "inadequate"}, {"category", "significant_improvement"}});
  CHECK(s.category() == "4");
  CHECK(s.state_of("support") == "high_level_support");
  CHECK(s.var("support", "ofsted_category") == "significant_improvement");
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.one("leicester-causing-concern", d(2026, 1, 20)).data.at("reason") == "placed in an Ofsted category");
  // A category Ofsted never had is refused, naming the ones it had.
  auto r = s.try_event(d(2026, 1, 21), "ofsted.judgement",
                       {{"date", "2026-01-21"}, {"grade", "inadequate"}, {"category", "notice_of_concern"}});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kInvalidInput);
  CHECK(r.error().message.find("significant_improvement") != std::string::npos);
}

TEST_CASE("leicester: causing concern - register, formal meeting, task group, warning notice across Easter, "
          "intervention powers, exit",
          "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 9, 1), {.id = "910010", .name = "St Example RC Primary School", .type = "voluntary_aided"});
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "2"}});

  // Placed in an Ofsted category (7.3): level 4 (Appendix 8) and on the register.
  s.event(d(2026, 1, 20), "ofsted.judgement",
          {{"date", "2026-01-20"}, {"grade", "inadequate"}, {"category", "serious_weaknesses"}});
  CHECK(s.category() == "4");
  CHECK(s.state_of("causing_concern") == "on_register");
  NoticeEffect meeting = s.one("leicester-causing-concern", d(2026, 1, 20));
  CHECK(meeting.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(meeting.cc == Roles{"link_adviser", "la_lead", "director"});
  CHECK(meeting.data.at("reason") == "placed in an Ofsted category");  // in words, not the id
  // SIG half-termly (7.4), each real half-term: on the register from Tue 20 Jan, the first
  // half-term ending at least two weeks later is Spring 1 (to Fri 13 Feb 2026).
  CHECK(s.due("causing_concern", "sig_review") == "2026-02-13");

  // The formal meeting (8.5) agrees the action plan and the expected time to improve.
  s.event(d(2026, 1, 27), "meeting.scheduled", {{"kind", "formal_meeting"}, {"date", "2026-01-27"}});
  auto no_until = s.try_event(d(2026, 2, 2), "plan.agreed", {{"plan", "Intervention plan"}});
  CHECK_FALSE(no_until);
  s.event(d(2026, 2, 2), "plan.agreed", {{"plan", "Intervention plan"}, {"until", "2026-07-17"}});
  CHECK(s.state_of("causing_concern") == "intervention");
  // In intervention the SIG review is prompted on each half-term's first teaching day: Spring 2
  // begins Mon 23 Feb 2026.
  CHECK(s.due("causing_concern", "sig_review") == "2026-02-23");
  // The task group (Appendix 7) is the level-4 state's: its first half-term check is the end of
  // Spring 1, Fri 13 Feb 2026.
  CHECK(s.due("support", "task_group_meeting") == "2026-02-13");
  CHECK(s.due("causing_concern", "improvement_expected") == "2026-07-17");

  // Level 4 (the Ofsted category): Appendix 7's task group sits in the level of support.
  CHECK(s.state_of("support") == "high_level_support");
  CHECK(s.one("leicester-task-group", d(2026, 1, 20)).cc == Roles{"appointing_authority"});
  s.run_until(d(2026, 3, 23));
  CHECK(s.one("leicester-update", d(2026, 2, 23)).data.at("message").find("Schools Intervention Group") !=
        std::string::npos);

  // A review finds insufficient progress against the plan (8.8).
  s.event(d(2026, 3, 26), "review.held", {{"date", "2026-03-26"}, {"progress", "insufficient"}});
  CHECK(s.var("causing_concern", "insufficient_reviews") == "1");
  CHECK(s.one("leicester-update", d(2026, 3, 26)).to == Roles{"director", "la_lead"});
  // Spring 2 ends Fri 27 Mar 2026 and no task group meeting was recorded in it (the group was
  // commissioned in Spring 1, which is not counted): Appendix 7's "at least half-termly". The
  // half-term is counted when its last day is over, at 00:00 on Sat 28 March.
  s.run_until(d(2026, 3, 27));
  CHECK(s.sent("leicester-update", d(2026, 3, 27)).empty());
  s.run_until(d(2026, 3, 28));
  NoticeEffect no_meeting = s.one("leicester-update", d(2026, 3, 28));
  CHECK(no_meeting.to == Roles{"la_lead"});
  CHECK(no_meeting.data.at("message").find("No meeting of the task group") != std::string::npos);

  // The school refuses support (8.9): a warning notice on Mon 30 Mar 2026 (the Act as amended
  // in 2016: the period the notice states, Leicester's 15 working days following the day it is
  // given): 31 Mar, 1, 2 Apr (3), Good Friday 3 Apr and Easter Monday 6 Apr skipped, 7-10 (7),
  // 13-17 (12), 20, 21, 22 (15) -> the end of Wed 22 April 2026; closes 00:00 Thu 23 April.
  s.event(d(2026, 3, 30), "warning_notice.issued",
          {{"date", "2026-03-30"}, {"grounds", "The school refuses external support"}});
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-22");
  CHECK(s.fires("warning_notice", "compliance_end") == "2026-04-23");
  NoticeEffect letter = s.one("warning-notice-letter", d(2026, 3, 30));
  CHECK(letter.cc == Roles{"headteacher", "ofsted", "regional_director", "appointing_authority", "link_adviser"});
  CHECK(letter.data.at("deadline.compliance_end.words") == "Wednesday 22 April 2026");

  s.run_until(d(2026, 4, 22));
  CHECK(s.state_of("warning_notice") == "issued");
  s.run_until(d(2026, 4, 23));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  s.event(d(2026, 4, 23), "warning_notice.not_complied", {{"date", "2026-04-23"}});
  // England: reasonable notice in writing of the proposed powers comes first (s.60(1)(d)).
  CHECK(s.state_of("warning_notice") == "powers_notice_due");
  CHECK(s.state_of("causing_concern") == "intervention");
  s.event(d(2026, 4, 23), "intervention.notice_given", {{"powers", "an interim executive board"}});
  CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
  CHECK(s.state_of("causing_concern") == "statutory_intervention");
  // Eligible from Thu 23 Apr (Summer 1): the next half-term begins Mon 1 Jun 2026.
  CHECK(s.due("causing_concern", "sig_review") == "2026-06-01");

  // The powers of 8.3.
  auto bogus = s.try_event(d(2026, 5, 5), "powers.exercised", {{"power", "close_immediately"}});
  CHECK_FALSE(bogus);
  s.event(d(2026, 5, 5), "powers.exercised", {{"power", "interim_executive_board"}});
  NoticeEffect ieb = s.one("leicester-update", d(2026, 5, 5));
  CHECK(ieb.to == Roles{"governing_body", "headteacher"});
  CHECK(ieb.data.at("power") == "the replacement of the governing body with an Interim Executive Board");

  // Exit strategy (8.6-8.7), then off the register.
  s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}});
  CHECK(s.state_of("causing_concern") == "exit_strategy");
  s.event(d(2026, 7, 15), "exit.approved", {{"date", "2026-07-15"}});
  CHECK(s.state_of("causing_concern") == "not_on_register");
  CHECK(s.one("leicester-update", d(2026, 7, 15)).to == Roles{"headteacher", "chair_of_governors"});
}

TEST_CASE("leicester: exit strategy reverses on insufficient progress, register by LA identification and major event",
          "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 9, 1), {.id = "910011", .name = "Example High School", .type = "community"});
  s.event(d(2025, 9, 15), "context.changed", {{"kind", "major_event"}});
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.var("causing_concern", "register_reason") == "major_event");
  s.event(d(2025, 10, 1), "plan.agreed", {{"plan", "Recovery plan"}, {"until", "2026-03-27"}});
  s.event(d(2025, 10, 20), "review.held", {{"date", "2025-10-20"}, {"progress", "sufficient"}});
  s.event(d(2026, 3, 2), "exit.recommended", {{"date", "2026-03-02"}});
  CHECK(s.state_of("causing_concern") == "exit_strategy");
  s.event(d(2026, 3, 16), "review.held", {{"date", "2026-03-16"}, {"progress", "insufficient"}});
  CHECK(s.state_of("causing_concern") == "intervention");

  Scenario t("leicester-2007");
  t.start(d(2025, 9, 1), {.id = "910012", .name = "Example Junior School", .type = "community"});
  t.event(d(2025, 11, 3), "concern.notified", {{"reason", "monitoring data: KS2 results fell for the third year"}});
  CHECK(t.state_of("causing_concern") == "on_register");
}

TEST_CASE("leicester: closure and academy conversion end the level of support", "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 9, 1), {.id = "910013", .name = "Example Infant School", .type = "community"});
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "3"}});
  s.event(d(2026, 4, 1), "academy.converted", {{"date", "2026-04-01"}});
  CHECK(s.state_of("support") == "converted");
  CHECK(s.finished("support"));

  Scenario t("leicester-2007");
  t.start(d(2025, 9, 1), {.id = "910014", .name = "Example Nursery School", .type = "community"});
  t.event(d(2025, 9, 1), "category.agreed", {{"category", "4"}});
  t.event(d(2026, 8, 31), "school.closed", {{"date", "2026-08-31"}});
  CHECK(t.state_of("support") == "closed");
}

TEST_CASE("leicester: an inadequate judgement is Ofsted category 4 (level 4) even without a category field",
          "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  s.event(d(2025, 11, 5), "ofsted.judgement", {{"date", "2025-11-05"}, {"grade", "inadequate"}});
  CHECK(s.category() == "4");
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.var("causing_concern", "register_reason") == "ofsted_category");
  // A requires-improvement judgement is not a category.
  Scenario t("leicester-2007");
  t.start(d(2025, 9, 1));
  t.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  t.event(d(2025, 11, 5), "ofsted.judgement", {{"date", "2025-11-05"}, {"grade", "requires_improvement"}});
  CHECK(t.category() == "2");
  CHECK(t.state_of("causing_concern") == "not_on_register");
}

namespace {

// Snake-case words (formal_warning, headteacher_new, interim_executive_board): ids, which a
// letter must never show.
std::vector<std::string> ids_in(const std::string& text) {
  // Each run of word characters that is lowercase letters, then one or more "_" + lowercase
  // letters or digits. (Written out: std::regex draws false -Wmaybe-uninitialized warnings from
  // GCC 12 in the sanitizer build.)
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  auto is_id = [](const std::string& w) {
    if (w.empty() || w[0] < 'a' || w[0] > 'z' || w.back() == '_' || w.find('_') == std::string::npos) return false;
    if (w.find("__") != std::string::npos) return false;
    const std::size_t first = w.find('_');
    for (std::size_t i = 0; i < w.size(); ++i) {
      const char c = w[i];
      const bool lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
      if (i < first ? !lower : !(lower || digit || c == '_')) return false;
    }
    return true;
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    if (!word_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && word_char(text[j])) ++j;
    std::string w = text.substr(i, j - i);
    if (is_id(w)) out.push_back(std::move(w));
    i = j;
  }
  return out;
}

// Every Leicester letter sent so far, rendered as the dispatcher would: no ids in it.
void check_letters_show_no_ids(Scenario& s, Date today) {
  for (const auto& n : s.take_notices()) {
    if (n.template_id.rfind("leicester-", 0) != 0) continue;
    const auto r = render(n, today);
    INFO(n.template_id << ":\n" << r.subject << "\n" << r.text);
    CHECK(ids_in(r.subject + "\n" + r.text).empty());
  }
}

}  // namespace

TEST_CASE("leicester: a new headteacher's first-year modifier lapses on the first anniversary (Appendix 8)",
          "[frameworks][leicester-2007]") {
  SECTION("appointed Tue 1 Sep 2026: raised to 3 until Wed 1 Sep 2027, then back to the agreed 2") {
    Scenario s("leicester-2007");
    s.start(d(2026, 7, 1), {.id = "910020", .name = "Lapse Primary School", .type = "community"});
    s.event(d(2026, 7, 1), "category.agreed", {{"category", "2"}});
    CHECK(s.category() == "2");
    // Recorded on Mon 7 Sep, dated the day the head took up post: the year counts from then.
    s.event(d(2026, 9, 7), "context.changed", {{"kind", "headteacher_new"}, {"date", "2026-09-01"}});
    CHECK(s.category() == "3");
    CHECK(s.state_of("headteacher_first_year") == "first_year");
    CHECK(s.due("headteacher_first_year", "first_year_ends") == "2027-09-01");
    // Still the first year on Tuesday 31 August 2027.
    s.run_until(d(2027, 8, 31));
    CHECK(s.category() == "3");
    s.take_notices();
    // Wednesday 1 September 2027, 08:00: the year is over and the level drops back.
    s.run_until(d(2027, 9, 1));
    CHECK(s.category() == "2");
    CHECK(s.state_of("headteacher_first_year") == "first_year_completed");
    CHECK(s.var("support", "headteacher") == "established");
    // (The annual cycle's performance reviews open the same day: a second letter.)
    NoticeEffect lapsed;
    for (const auto& n : s.sent("leicester-update", d(2027, 9, 1))) {
      if (n.data.at("message").find("first year") != std::string::npos) lapsed = n;
    }
    CHECK(lapsed.to == Roles{"la_lead", "link_adviser"});
    CHECK(lapsed.cc == Roles{"headteacher", "chair_of_governors"});
    CHECK(render(lapsed, d(2027, 9, 1)).text.find("Level of support: Level 2: medium level support") !=
          std::string::npos);
  }
  SECTION("appointed Fri 1 May 2026: the anniversary is Sat 1 May 2027, so it lapses on Tue 4 May") {
    // Sunday 2 May, then Monday 3 May 2027, the early May bank holiday: the prompt moves to the
    // next working day.
    Scenario s("leicester-2007");
    s.start(d(2026, 4, 20), {.id = "910021", .name = "May Primary School", .type = "community"});
    s.event(d(2026, 4, 20), "category.agreed", {{"category", "1"}});
    s.event(d(2026, 5, 1), "context.changed", {{"kind", "headteacher_new"}});
    CHECK(s.category() == "2");
    CHECK(s.due("headteacher_first_year", "first_year_ends") == "2027-05-04");
    s.run_until(d(2027, 5, 3));
    CHECK(s.category() == "2");
    s.run_until(d(2027, 5, 4));
    CHECK(s.category() == "1");
  }
  SECTION("the level another rule holds does not drop: below floor keeps 3") {
    Scenario s("leicester-2007");
    s.start(d(2026, 7, 1), {.id = "910022", .name = "Floor Primary School", .type = "community"});
    s.event(d(2026, 7, 1), "category.agreed", {{"category", "1"}});
    s.event(d(2026, 9, 1), "context.changed", {{"kind", "headteacher_new"}});
    CHECK(s.category() == "2");
    s.event(d(2026, 10, 5), "context.changed", {{"kind", "below_floor"}});
    CHECK(s.category() == "4");  // at least 3 (Appendix 2), then +1 (Appendix 8)
    CHECK(s.state_of("support") == "high_level_support");
    s.run_until(d(2027, 9, 1));
    CHECK(s.category() == "3");  // the modifier has gone; the floor rule still holds 3
    CHECK(s.state_of("support") == "supported");
  }
  SECTION("a second new headteacher within the year starts a new first year") {
    Scenario s("leicester-2007");
    s.start(d(2026, 7, 1), {.id = "910023", .name = "Two Heads School", .type = "community"});
    s.event(d(2026, 7, 1), "category.agreed", {{"category", "2"}});
    s.event(d(2026, 9, 1), "context.changed", {{"kind", "headteacher_new"}});
    s.event(d(2027, 3, 1), "context.changed", {{"kind", "headteacher_new"}});
    CHECK(s.category() == "3");
    // The second head took up post on Mon 1 Mar 2027: the year ends Wed 1 Mar 2028.
    CHECK(s.due("headteacher_first_year", "first_year_ends") == "2028-03-01");
    s.run_until(d(2027, 9, 1));
    CHECK(s.category() == "3");  // the first head's anniversary changes nothing
    s.run_until(d(2028, 3, 1));
    CHECK(s.category() == "2");
  }
  SECTION("an acting headteacher has no year: the modifier holds until the head changes") {
    Scenario s("leicester-2007");
    s.start(d(2026, 7, 1), {.id = "910024", .name = "Acting School", .type = "community"});
    s.event(d(2026, 7, 1), "category.agreed", {{"category", "2"}});
    s.event(d(2026, 9, 1), "context.changed", {{"kind", "headteacher_acting"}});
    CHECK(s.category() == "3");
    s.run_until(d(2027, 10, 1));
    CHECK(s.category() == "3");
  }
}

TEST_CASE("leicester: the floor rule and the headteacher modifier give one level whichever is recorded first",
          "[frameworks][leicester-2007]") {
  // Hand-worked from Appendices 2 and 8 (at least 3 below floor, then one more for a first-year
  // or acting head), agreed level -> both / acting head only / below floor only / neither.
  struct Row {
    const char* agreed;
    const char* both;
    const char* head_only;
    const char* floor_only;
  };
  const Row rows[] = {{"1", "4", "2", "3"}, {"2", "4", "3", "3"}, {"3", "4", "4", "3"}, {"4", "4", "4", "4"}};
  for (const Row& row : rows) {
    for (bool head_first : {true, false}) {
      for (bool agreed_first : {true, false}) {
        INFO("agreed " << row.agreed << (head_first ? ", head then floor" : ", floor then head")
                       << (agreed_first ? ", level agreed first" : ", level agreed last"));
        Scenario s("leicester-2007");
        s.start(d(2026, 9, 1), {.id = "910030", .name = "Order School", .type = "community"});
        if (agreed_first) s.event(d(2026, 9, 1), "category.agreed", {{"category", row.agreed}});
        const char* first = head_first ? "headteacher_acting" : "below_floor";
        const char* second = head_first ? "below_floor" : "headteacher_acting";
        s.event(d(2026, 9, 14), "context.changed", {{"kind", first}});
        s.event(d(2026, 9, 21), "context.changed", {{"kind", second}});
        if (!agreed_first) s.event(d(2026, 9, 28), "category.agreed", {{"category", row.agreed}});
        CHECK(s.category() == row.both);
        CHECK(s.state_of("support") == "high_level_support");
        // Each fact taken away again leaves the level the other gives, in either order.
        if (head_first) {
          s.event(d(2026, 10, 5), "context.changed", {{"kind", "above_floor"}});
          CHECK(s.category() == row.head_only);
          s.event(d(2026, 10, 12), "context.changed", {{"kind", "headteacher_established"}});
        } else {
          s.event(d(2026, 10, 5), "context.changed", {{"kind", "headteacher_established"}});
          CHECK(s.category() == row.floor_only);
          s.event(d(2026, 10, 12), "context.changed", {{"kind", "above_floor"}});
        }
        CHECK(s.category() == row.agreed);
      }
    }
  }
}

TEST_CASE("leicester: below floor combined with CVA significantly below or a flat trend is high level support (Appendix 2)",
          "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2026, 9, 1), {.id = "910040", .name = "Trend Primary School", .type = "community"});
  s.event(d(2026, 9, 1), "category.agreed", {{"category", "2"}});
  // CVA significantly below on its own is not the clause: it needs the floor ("If this is combined").
  s.event(d(2026, 9, 10), "context.changed", {{"kind", "cva_significantly_below"}});
  CHECK(s.category() == "2");
  s.event(d(2026, 9, 17), "context.changed", {{"kind", "below_floor"}});
  CHECK(s.category() == "4");  // "irrespective of the other strengths of the school"
  CHECK(s.state_of("support") == "high_level_support");
  CHECK(s.one("leicester-task-group", d(2026, 9, 17)).to ==
        Roles{"la_lead", "link_adviser", "headteacher", "chair_of_governors"});
  // An agreed level does not bring it down while both hold.
  s.event(d(2026, 10, 1), "category.agreed", {{"category", "1"}});
  CHECK(s.category() == "4");
  // CVA recovers: below floor alone, at least enhanced.
  s.event(d(2026, 11, 4), "context.changed", {{"kind", "cva_not_significantly_below"}});
  CHECK(s.category() == "3");
  CHECK(s.state_of("support") == "supported");
  // A flat trend in standards achieved is the clause's other limb.
  s.event(d(2026, 11, 11), "context.changed", {{"kind", "standards_trend_flat"}});
  CHECK(s.category() == "4");
  // Above floor again: the flat trend alone changes nothing; back to the agreed level 1.
  s.event(d(2027, 1, 11), "context.changed", {{"kind", "above_floor"}});
  CHECK(s.category() == "1");

  SECTION("before any level is agreed") {
    Scenario t("leicester-2007");
    t.start(d(2026, 9, 1), {.id = "910041", .name = "New Data School", .type = "community"});
    t.event(d(2026, 9, 3), "context.changed", {{"kind", "below_floor"}});
    CHECK(t.state_of("support") == "awaiting_statement");
    t.event(d(2026, 9, 4), "context.changed", {{"kind", "standards_trend_flat"}});
    CHECK(t.category() == "4");
    CHECK(t.state_of("support") == "high_level_support");
  }
}

TEST_CASE("leicester: the level 4 task group meets at least half-termly (Appendix 7)", "[frameworks][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2026, 7, 1), {.id = "910050", .name = "St Task CE Primary School", .type = "voluntary_controlled"});
  s.event(d(2026, 7, 1), "category.agreed", {{"category", "2"}});
  // Reviewed termly (6.2), a quota of the real term: the level agreed on 1 July counts for the
  // summer term, whose last teaching day is Wed 22 Jul 2026 on the default pattern.
  CHECK(s.due("support", "termly_review") == "2026-07-22");
  s.run_until(d(2026, 7, 23));
  CHECK(s.sent("leicester-update", d(2026, 7, 23)).empty());
  CHECK(s.due("support", "termly_review") == "2026-12-18");  // the autumn term's last day
  s.take_notices();

  // Mon 14 Sep 2026: safer recruitment protocols not met -> level 4, the task group commissioned.
  s.event(d(2026, 9, 14), "context.changed", {{"kind", "safeguarding_noncompliant"}});
  CHECK(s.category() == "4");
  CHECK(s.state_of("support") == "high_level_support");
  NoticeEffect commissioned = s.one("leicester-task-group", d(2026, 9, 14));
  CHECK(commissioned.to == Roles{"la_lead", "link_adviser", "headteacher", "chair_of_governors"});
  CHECK(commissioned.cc == Roles{"appointing_authority"});  // faith representatives, as appropriate
  const std::string letter = render(commissioned, d(2026, 9, 14)).text;
  CHECK(letter.find("Head of Service, Learning Quality and Improvement") != std::string::npos);
  CHECK(letter.find("School Improvement Partner (SIP)") != std::string::npos);
  CHECK(letter.find("at least half-termly") != std::string::npos);
  // The document sets no date for the plan: no deadline, only the half-termly meetings, counted
  // when the last teaching day of each half-term is over (a window: a meeting on that day
  // counts). The termly review keeps its date: one cadence across levels 1-4.
  CHECK(s.due("support", "task_group_meeting") == "2026-10-23");
  CHECK(s.due("support", "termly_review") == "2026-12-18");
  CHECK(s.timer("support", "task_group_meeting").meaning == sif::workflows::TimerMeaning::kWindow);

  // Autumn 1 (to Fri 23 Oct): the half-term it was commissioned in is not counted.
  s.run_until(d(2026, 10, 24));
  CHECK(s.sent("leicester-update", d(2026, 10, 24)).empty());
  CHECK(s.due("support", "task_group_meeting") == "2026-12-18");
  // Autumn 2: the group approves its action plan on Tue 10 Nov - a meeting.
  s.event(d(2026, 11, 10), "task_group.plan_approved", {{"date", "2026-11-10"}, {"plan", "High level support plan"}});
  NoticeEffect plan = s.one("leicester-update", d(2026, 11, 10));
  CHECK(plan.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(plan.data.at("plan") == "High level support plan");
  s.run_until(d(2026, 12, 19));
  // The group met (10 Nov): nothing about it. But no review of the level was recorded in the
  // autumn term (the move to level 4 was the safeguarding rule's, not a review): that is said.
  const auto dec19 = s.sent("leicester-update", d(2026, 12, 19));
  REQUIRE(dec19.size() == 1);
  CHECK(dec19[0].data.at("message").find("No review of the level of support was recorded this term") !=
        std::string::npos);
  CHECK(dec19[0].to == Roles{"link_adviser", "la_lead"});
  // Spring 1 (Mon 4 Jan .. Fri 12 Feb 2027): no meeting recorded -> the Head of Service is told
  // when Fri 12 February is over.
  s.run_until(d(2027, 2, 13));
  NoticeEffect missed = s.one("leicester-update", d(2027, 2, 13));
  CHECK(missed.to == Roles{"la_lead"});
  CHECK(missed.data.at("message").find("No meeting of the task group was recorded this half-term") != std::string::npos);
  s.event(d(2027, 2, 22), "review.held", {{"date", "2027-02-22"}, {"progress", "sufficient"}});
  CHECK(s.var("support", "level_reviewed") == "2027-02-22");
  // Spring 2: it meets on Wed 3 Mar and finds insufficient progress: resources redirected.
  s.event(d(2027, 3, 3), "task_group.met", {{"date", "2027-03-03"}, {"progress", "insufficient"}});
  NoticeEffect redirect = s.one("leicester-update", d(2027, 3, 3));
  CHECK(redirect.to == Roles{"la_lead", "headteacher", "chair_of_governors"});
  CHECK(redirect.cc == Roles{"link_adviser", "appointing_authority"});
  s.run_until(d(2027, 3, 20));
  for (const auto& n : s.sent("leicester-update", d(2027, 3, 20))) {
    CHECK(n.data.at("message").find("task group") == std::string::npos);
  }
  // The spring term and Spring 2 both end on Fri 19 Mar 2027: both are counted when that day is
  // over, and both are met: the level was reviewed on Mon 22 Feb (review.held, level unchanged)
  // and the task group met on 3 March.
  CHECK(s.sent("leicester-update", d(2027, 3, 19)).empty());
  std::vector<std::string> fired_19, fired_20;
  for (const auto& f : s.take_fired()) {
    if (f.fires == d(2027, 3, 19)) fired_19.push_back(f.id);
    if (f.fires == d(2027, 3, 20)) fired_20.push_back(f.id);
  }
  CHECK(fired_19.empty());
  CHECK(fired_20 == std::vector<std::string>{"termly_review", "task_group_meeting"});
  check_letters_show_no_ids(s, d(2027, 3, 20));

  // Compliant again on Mon 22 Mar 2027: back to the agreed level 2, no task group.
  s.event(d(2027, 3, 22), "context.changed", {{"kind", "safeguarding_compliant"}});
  CHECK(s.category() == "2");
  CHECK(s.state_of("support") == "supported");
  CHECK(s.due("support", "task_group_meeting").empty());
  auto refused = s.try_event(d(2027, 3, 23), "task_group.met", {{"date", "2027-03-23"}});
  CHECK_FALSE(refused);
}

TEST_CASE("leicester: letters name reasons, roles and powers in words, never ids", "[frameworks][leicester-2007]") {
  SECTION("a formal warning puts the school on the register") {
    Scenario s("leicester-2007");
    s.start(d(2026, 9, 1), {.id = "910060", .name = "Warning School", .type = "community"});
    s.event(d(2026, 9, 1), "category.agreed", {{"category", "3"}});
    s.event(d(2026, 10, 5), "warning_notice.issued",
            {{"date", "2026-10-05"}, {"grounds", "The school refuses external support"}});
    CHECK(s.state_of("causing_concern") == "on_register");
    NoticeEffect n = s.one("leicester-causing-concern", d(2026, 10, 5));
    CHECK(n.data.at("reason") == "issued with a formal warning");
    const std::string text = render(n, d(2026, 10, 5)).text;
    CHECK(text.find("it has been\nissued with a formal warning") != std::string::npos);
    CHECK(text.find("formal_warning") == std::string::npos);
    CHECK(text.find("School Improvement Partner (SIP)") != std::string::npos);
    CHECK(text.find("Service Director, Learning Services") != std::string::npos);
    check_letters_show_no_ids(s, d(2026, 10, 5));
  }
  SECTION("identified by the Local Authority from the monitoring data, with the officer's words") {
    Scenario s("leicester-2007");
    s.start(d(2026, 9, 1), {.id = "910061", .name = "Data School", .type = "community"});
    s.event(d(2026, 11, 2), "concern.notified", {{"reason", "KS2 results fell for the third year"}});
    const std::string text = render(s.one("leicester-causing-concern", d(2026, 11, 2)), d(2026, 11, 2)).text;
    CHECK(text.find("identified by the Local Authority as requiring intervention following an analysis of the "
                    "monitoring data (KS2 results fell for the third year)") != std::string::npos);
    check_letters_show_no_ids(s, d(2026, 11, 2));
  }
  SECTION("the intervention power used") {
    Scenario s("leicester-2007");
    s.start(d(2026, 9, 1), {.id = "910062", .name = "Powers School", .type = "foundation"});
    s.event(d(2026, 9, 1), "category.agreed", {{"category", "3"}});
    s.event(d(2026, 10, 5), "warning_notice.issued", {{"date", "2026-10-05"}, {"grounds", "Refuses support"}});
    // 15 working days following Mon 5 Oct 2026: 6 Oct .. 26 Oct (the October half-term is not a
    // bank holiday): the end of Mon 26 Oct; closes 00:00 Tue 27 Oct.
    CHECK(s.due("warning_notice", "compliance_end") == "2026-10-26");
    s.run_until(d(2026, 10, 27));
    s.event(d(2026, 10, 27), "warning_notice.not_complied", {{"date", "2026-10-27"}});
    s.event(d(2026, 10, 27), "intervention.notice_given", {{"powers", "an interim executive board"}});
    CHECK(s.state_of("causing_concern") == "statutory_intervention");
    s.event(d(2026, 11, 9), "powers.exercised", {{"power", "suspend_delegated_budget"}});
    const std::string text = render(s.one("leicester-update", d(2026, 11, 9)), d(2026, 11, 9)).text;
    CHECK(text.find("Power: de-delegation of the school budget") != std::string::npos);
    check_letters_show_no_ids(s, d(2026, 11, 9));
  }
}
