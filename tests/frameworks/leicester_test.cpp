// Leicester City Policy for School Improvement (2007), config/frameworks/leicester-2007.yaml,
// driven through the whole document on real dates. The warning notice's own tests (15 working
// days across Christmas, copies by school type, appeals) are in warning_notice_test.cpp.
//
// Term dates are the default pattern (docs/calendar.md), worked out by hand:
//   2024-25 Summer 2: Mon 2 Jun .. Tue 22 Jul 2025
//   2025-26 Autumn 1: Mon 1 Sep .. Fri 24 Oct 2025   Autumn 2: Mon 3 Nov .. Fri 19 Dec 2025
//           Spring 1: Mon 5 Jan .. Fri 13 Feb 2026   Spring 2: Mon 23 Feb .. Fri 27 Mar 2026
//           Summer 1: Mon 13 Apr .. Fri 22 May 2026  Summer 2: Mon 1 Jun .. Wed 22 Jul 2026
// "N half-terms after d" is the same position (days since the half-term began) N half-terms on,
// clamped to that half-term's last day.
#include "fwb_driver.hpp"

using namespace fwb;

TEST_CASE("leicester: level of support, termly review and the annual cycle (Appendix 1)",
          "[frameworks][leicester-2007]") {
  Driver s("leicester-2007");
  s.start("910001", "Example Primary School", "community", d(2025, 7, 14));
  CHECK(s.state_of("support") == "awaiting_statement");
  CHECK(s.state_of("annual_cycle") == "awaiting_cycle");
  CHECK(s.state_of("causing_concern") == "not_on_register");

  // Level of Support Statement: the SIP recommends, the LA moderates (6.6).
  s.event("category.agreed", {{"category", "2"}}, d(2025, 7, 14));
  CHECK(s.state_of("support") == "supported");
  CHECK(s.category() == "2");
  // Reviewed termly (6.2): 14 Jul is day 42 of Summer 2; two half-terms on, Autumn 2 begins
  // 3 Nov: 3 Nov + 42 days = Mon 15 Dec 2025. Reminder 5 working days before: Mon 8 Dec.
  CHECK(s.due("support", "termly_review") == "2025-12-15");
  CHECK(s.due("support", "termly_review#reminder1") == "2025-12-08");

  // The annual cycle starts on 1 August.
  s.event("cycle.started", {{"date", iso(2025, 8, 1)}}, d(2025, 8, 1));
  CHECK(s.state_of("annual_cycle") == "autumn_cycle");
  CHECK(s.due("annual_cycle", "performance_reviews_open") == "2025-09-01");
  CHECK(s.due("annual_cycle", "target_setting_opens") == "2025-10-01");
  CHECK(s.due("annual_cycle", "data_analysis_due") == "2025-11-30");        // Aug to Nov
  CHECK(s.due("annual_cycle", "performance_review_due") == "2025-11-30");   // Sep to Nov
  CHECK(s.due("annual_cycle", "target_setting_due") == "2025-12-31");       // Oct to Dec
  CHECK(s.due("annual_cycle", "statement_window_opens") == "2026-05-01");   // May/Jun
  CHECK(s.due("annual_cycle", "data_analysis_due#reminder1") == "2025-11-16");

  s.advance_to(d(2025, 9, 1));
  NoticeEffect open = s.one("leicester-update", d(2025, 9, 1));
  CHECK(open.to == std::vector<std::string>{"link_adviser", "headteacher", "chair_of_governors"});

  s.event("performance_review.held", {{"date", iso(2025, 10, 15)}}, d(2025, 10, 15));
  s.event("data_analysis.completed", {{"date", iso(2025, 11, 20)}}, d(2025, 11, 20));
  s.advance_to(d(2025, 12, 31));
  // Done on time: nothing overdue on 30 November.
  CHECK(s.sent("leicester-update", d(2025, 11, 30)).empty());
  // The termly review falls due.
  CHECK(s.one("leicester-update", d(2025, 12, 15)).to == std::vector<std::string>{"link_adviser", "la_lead"});
  // Targets not recorded by 31 December: the Head of Service hears of it.
  NoticeEffect overdue = s.one("leicester-update", d(2025, 12, 31));
  CHECK(overdue.to == std::vector<std::string>{"la_lead"});
  CHECK(overdue.data.at("message").find("statutory targets") != std::string::npos);
  // The next termly review: 15 Dec is day 42 of Autumn 2; Spring 2 begins 23 Feb, + 42 days is
  // past its end, so it is clamped to Fri 27 Mar 2026.
  CHECK(s.due("support", "termly_review") == "2026-03-27");

  // May: the statement window opens; the level is agreed in June; the next cycle in August.
  s.advance_to(d(2026, 5, 1));
  CHECK(s.state_of("annual_cycle") == "statement_window");
  CHECK(s.due("annual_cycle", "statement_due") == "2026-06-30");
  CHECK(s.due("annual_cycle", "next_cycle") == "2026-08-01");
  s.event("category.agreed", {{"category", "1"}}, d(2026, 6, 10));
  CHECK(s.category() == "1");
  s.advance_to(d(2026, 8, 1));
  CHECK(s.sent("leicester-update", d(2026, 6, 30)).empty());
  CHECK(s.state_of("annual_cycle") == "autumn_cycle");
  CHECK(s.due("annual_cycle", "performance_reviews_open") == "2026-09-01");
  CHECK(s.due("annual_cycle", "target_setting_due") == "2026-12-31");
}

TEST_CASE("leicester: Appendix 8 modifiers and Appendix 2's floor rule", "[frameworks][leicester-2007]") {
  SECTION("a new headteacher raises the agreed level by one") {
    Driver s("leicester-2007");
    s.start("910002", "A", "community", d(2025, 9, 1));
    s.event("context.changed", {{"kind", "headteacher_new"}}, d(2025, 9, 1));
    s.event("category.agreed", {{"category", "1"}}, d(2025, 9, 2));
    CHECK(s.category() == "2");
  }
  SECTION("below floor targets: at least enhanced (3)") {
    Driver s("leicester-2007");
    s.start("910003", "B", "community", d(2025, 9, 1));
    s.event("context.changed", {{"kind", "below_floor"}}, d(2025, 9, 1));
    s.event("category.agreed", {{"category", "2"}}, d(2025, 9, 2));
    CHECK(s.category() == "3");
  }
  SECTION("acting headteacher and below floor: 3, then one more: 4") {
    Driver s("leicester-2007");
    s.start("910004", "C", "community", d(2025, 9, 1));
    s.event("context.changed", {{"kind", "headteacher_acting"}}, d(2025, 9, 1));
    s.event("context.changed", {{"kind", "below_floor"}}, d(2025, 9, 1));
    s.event("category.agreed", {{"category", "1"}}, d(2025, 9, 2));
    CHECK(s.category() == "4");
  }
  SECTION("during the year: a headteacher change raises the level once") {
    Driver s("leicester-2007");
    s.start("910005", "D", "community", d(2025, 9, 1));
    s.event("category.agreed", {{"category", "1"}}, d(2025, 9, 1));
    s.event("context.changed", {{"kind", "headteacher_acting"}}, d(2025, 10, 1));
    CHECK(s.category() == "2");
    s.event("context.changed", {{"kind", "headteacher_new"}}, d(2026, 1, 5));
    CHECK(s.category() == "2");  // already raised
    s.event("context.changed", {{"kind", "headteacher_established"}}, d(2027, 1, 4));
    CHECK(s.category() == "2");  // comes down at the next review, not by itself
    s.event("category.agreed", {{"category", "1"}}, d(2027, 1, 11));
    CHECK(s.category() == "1");
  }
  SECTION("safeguarding non-compliance: level 4 until compliant") {
    Driver s("leicester-2007");
    s.start("910006", "E", "community", d(2025, 9, 1));
    s.event("category.agreed", {{"category", "2"}}, d(2025, 9, 1));
    s.event("context.changed", {{"kind", "safeguarding_noncompliant"}}, d(2025, 10, 6));
    CHECK(s.category() == "4");
    CHECK(s.one("leicester-update", d(2025, 10, 6)).to == std::vector<std::string>{"la_lead", "director"});
    s.event("category.agreed", {{"category", "2"}}, d(2025, 12, 1));
    CHECK(s.category() == "4");
    s.event("context.changed", {{"kind", "safeguarding_compliant"}}, d(2026, 1, 12));
    s.event("category.agreed", {{"category", "2"}}, d(2026, 1, 13));
    CHECK(s.category() == "2");
  }
  SECTION("an Ofsted category: level 4 until Ofsted removes it") {
    Driver s("leicester-2007");
    s.start("910007", "F", "community", d(2025, 9, 1));
    s.event("category.agreed", {{"category", "3"}}, d(2025, 9, 1));
    s.event("ofsted.judgement", {{"date", iso(2025, 11, 12)}, {"grade", "inadequate"}, {"category", "special_measures"}},
            d(2025, 11, 12));
    CHECK(s.category() == "4");
    CHECK(s.state_of("causing_concern") == "on_register");
    s.event("category.agreed", {{"category", "3"}}, d(2026, 1, 5));
    CHECK(s.category() == "4");
    s.event("ofsted.judgement", {{"date", iso(2027, 3, 3)}, {"grade", "requires_improvement"}}, d(2027, 3, 3));
    s.event("category.agreed", {{"category", "3"}}, d(2027, 3, 10));
    CHECK(s.category() == "3");
  }
  SECTION("below floor during the year lifts 1 or 2 to 3") {
    Driver s("leicester-2007");
    s.start("910008", "G", "community", d(2025, 9, 1));
    s.event("category.agreed", {{"category", "2"}}, d(2025, 9, 1));
    s.event("context.changed", {{"kind", "below_floor"}}, d(2025, 9, 20));
    CHECK(s.category() == "3");
  }
  SECTION("a level the policy does not have is refused") {
    Driver s("leicester-2007");
    s.start("910009", "H", "community", d(2025, 9, 1));
    auto r = s.try_event("category.agreed", {{"category", "5"}}, d(2025, 9, 1));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("leicester: causing concern - register, formal meeting, task group, warning notice across Easter, "
          "intervention powers, exit",
          "[frameworks][leicester-2007]") {
  Driver s("leicester-2007");
  s.start("910010", "St Example RC Primary School", "voluntary_aided", d(2025, 9, 1));
  s.event("category.agreed", {{"category", "2"}}, d(2025, 9, 1));

  // Placed in an Ofsted category (7.3): level 4 (Appendix 8) and on the register.
  s.event("ofsted.judgement", {{"date", iso(2026, 1, 20)}, {"grade", "inadequate"}, {"category", "serious_weaknesses"}},
          d(2026, 1, 20));
  CHECK(s.category() == "4");
  CHECK(s.state_of("causing_concern") == "on_register");
  NoticeEffect meeting = s.one("leicester-causing-concern", d(2026, 1, 20));
  CHECK(meeting.to == std::vector<std::string>{"headteacher", "chair_of_governors"});
  CHECK(meeting.cc == std::vector<std::string>{"link_adviser", "la_lead", "director"});
  CHECK(meeting.data.at("reason") == "ofsted_category");
  // SIG half-termly (7.4): 20 Jan is day 15 of Spring 1; Spring 2 begins 23 Feb: Tue 10 Mar.
  CHECK(s.due("causing_concern", "sig_review") == "2026-03-10");

  // The formal meeting (8.5) agrees the action plan and the expected time to improve.
  s.event("meeting.scheduled", {{"kind", "formal_meeting"}, {"date", iso(2026, 1, 27)}}, d(2026, 1, 27));
  auto no_until = s.try_event("plan.agreed", {{"plan", "Intervention plan"}}, d(2026, 2, 2));
  CHECK_FALSE(no_until);
  s.event("plan.agreed", {{"plan", "Intervention plan"}, {"until", iso(2026, 7, 17)}}, d(2026, 2, 2));
  CHECK(s.state_of("causing_concern") == "intervention");
  // 2 Feb is day 28 of Spring 1; 23 Feb + 28 days = Mon 23 Mar 2026.
  CHECK(s.due("causing_concern", "sig_review") == "2026-03-23");
  CHECK(s.due("causing_concern", "task_group_check") == "2026-03-23");
  CHECK(s.due("causing_concern", "improvement_expected") == "2026-07-17");

  // No task group meeting recorded in the half-term (Appendix 7: at least half-termly).
  s.advance_to(d(2026, 3, 23));
  auto on_23 = s.sent("leicester-update", d(2026, 3, 23));
  REQUIRE(on_23.size() == 2);  // the SIG review and the missing task group meeting
  bool task_group_warned = false;
  for (const auto& n : on_23) {
    task_group_warned = task_group_warned || n.data.at("message").find("No task group meeting") != std::string::npos;
  }
  CHECK(task_group_warned);

  // The task group finds insufficient progress.
  s.event("review.held", {{"date", iso(2026, 3, 26)}, {"progress", "insufficient"}}, d(2026, 3, 26));
  CHECK(s.inst("causing_concern").vars.at("insufficient_reviews") == "1");
  CHECK(s.one("leicester-update", d(2026, 3, 26)).to == std::vector<std::string>{"director", "la_lead"});

  // The school refuses support (8.9): a warning notice on Mon 30 Mar 2026. 15 working days:
  // 31 Mar, 1, 2 Apr (3), Good Friday 3 Apr and Easter Monday 6 Apr skipped, 7-10 (7),
  // 13-17 (12), 20, 21, 22 (15) -> Wed 22 April 2026.
  s.event("warning_notice.issued", {{"date", iso(2026, 3, 30)}, {"grounds", "The school refuses external support"}},
          d(2026, 3, 30));
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-22");
  NoticeEffect letter = s.one("warning-notice-letter", d(2026, 3, 30));
  CHECK(letter.cc == std::vector<std::string>{"headteacher", "ofsted", "appointing_authority", "link_adviser"});
  CHECK(letter.data.at("deadline.compliance_end.words") == "Wednesday 22 April 2026");

  s.advance_to(d(2026, 4, 22));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  s.event("warning_notice.not_complied", {{"date", iso(2026, 4, 23)}}, d(2026, 4, 23));
  CHECK(s.state_of("causing_concern") == "statutory_intervention");
  // 23 Apr is day 10 of Summer 1; Summer 2 begins 1 Jun: Thu 11 Jun 2026.
  CHECK(s.due("causing_concern", "sig_review") == "2026-06-11");

  // The powers of 8.3.
  auto bogus = s.try_event("powers.exercised", {{"power", "close_immediately"}}, d(2026, 5, 5));
  CHECK_FALSE(bogus);
  s.event("powers.exercised", {{"power", "interim_executive_board"}}, d(2026, 5, 5));
  NoticeEffect ieb = s.one("leicester-update", d(2026, 5, 5));
  CHECK(ieb.to == std::vector<std::string>{"governing_body", "headteacher"});
  CHECK(ieb.data.at("power") == "interim_executive_board");

  // Exit strategy (8.6-8.7), then off the register.
  s.event("exit.recommended", {{"date", iso(2026, 7, 6)}}, d(2026, 7, 6));
  CHECK(s.state_of("causing_concern") == "exit_strategy");
  s.event("exit.approved", {{"date", iso(2026, 7, 15)}}, d(2026, 7, 15));
  CHECK(s.state_of("causing_concern") == "not_on_register");
  CHECK(s.one("leicester-update", d(2026, 7, 15)).to == std::vector<std::string>{"headteacher", "chair_of_governors"});
}

TEST_CASE("leicester: exit strategy reverses on insufficient progress; register by LA identification and major event",
          "[frameworks][leicester-2007]") {
  Driver s("leicester-2007");
  s.start("910011", "Example High School", "community", d(2025, 9, 1));
  s.event("context.changed", {{"kind", "major_event"}}, d(2025, 9, 15));
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.inst("causing_concern").vars.at("register_reason") == "major_event");
  s.event("plan.agreed", {{"plan", "Recovery plan"}, {"until", iso(2026, 3, 27)}}, d(2025, 10, 1));
  s.event("review.held", {{"date", iso(2025, 10, 20)}, {"progress", "sufficient"}}, d(2025, 10, 20));
  s.event("exit.recommended", {{"date", iso(2026, 3, 2)}}, d(2026, 3, 2));
  CHECK(s.state_of("causing_concern") == "exit_strategy");
  s.event("review.held", {{"date", iso(2026, 3, 16)}, {"progress", "insufficient"}}, d(2026, 3, 16));
  CHECK(s.state_of("causing_concern") == "intervention");

  Driver t("leicester-2007");
  t.start("910012", "Example Junior School", "community", d(2025, 9, 1));
  t.event("concern.notified", {{"reason", "monitoring data: KS2 results fell for the third year"}}, d(2025, 11, 3));
  CHECK(t.state_of("causing_concern") == "on_register");
}

TEST_CASE("leicester: closure and academy conversion end the level of support", "[frameworks][leicester-2007]") {
  Driver s("leicester-2007");
  s.start("910013", "Example Infant School", "community", d(2025, 9, 1));
  s.event("category.agreed", {{"category", "3"}}, d(2025, 9, 1));
  s.event("academy.converted", {{"date", iso(2026, 4, 1)}}, d(2026, 4, 1));
  CHECK(s.state_of("support") == "converted");
  CHECK(s.inst("support").final);

  Driver t("leicester-2007");
  t.start("910014", "Example Nursery School", "community", d(2025, 9, 1));
  t.event("category.agreed", {{"category", "4"}}, d(2025, 9, 1));
  t.event("school.closed", {{"date", iso(2026, 8, 31)}}, d(2026, 8, 31));
  CHECK(t.state_of("support") == "closed");
}
