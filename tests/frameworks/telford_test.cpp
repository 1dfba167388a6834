// telford-2014 on real dates: the shipped definition driven through the Securing School
// Improvement Protocol (March 2014) - categories 1 and 2 and the twelve months in 2, 1 straight to
// 3, category changes of a 3/4 school only at a review meeting, category 3 (RAP, termly RAP
// review, half-termly Review Team, one year, extension), the report to the DCS and the LA warning
// notice into 4a (across Christmas; and across Easter after a failed Section 8 visit), the 4a
// powers, 4b (weekly visits, Statement of Action to the DCS then Ofsted, termly governor
// meetings, until Ofsted removes the category) and the academy escalation ladder.
//
// Term dates are the default pattern (docs/calendar.md): 2025-26 Autumn 1 1 Sep-24 Oct, Autumn 2
// 3 Nov-19 Dec, Spring 1 5 Jan-13 Feb, Spring 2 23 Feb-27 Mar, Summer 1 13 Apr-22 May, Summer 2
// 1 Jun-22 Jul; 2026-27 Autumn 1 1 Sep-23 Oct, Autumn 2 2 Nov-18 Dec, Spring 1 4 Jan-12 Feb.
// The Review Team (each half term), the RAP review and the governors' meeting (each term) are
// quotas of those real periods: each is counted when the period's last teaching day is over (a
// window: at 00:00 the day after), and only a period with nothing recorded in it is told. The
// reminders come 10 working days before the last day (sif's default), unless already met.
#include "tests/support/scenario_driver.hpp"

using namespace sif::test;
using sif::workflows::ErrorCode;

namespace {
const char* const kId = "telford-2014";
}  // namespace

TEST_CASE("telford: category 2 and the twelve months", "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  CHECK(s.state_of("support") == "awaiting_categorisation");
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  CHECK(s.state_of("support") == "category_2");
  CHECK(s.category() == "2");
  auto ns = s.take_notices();
  const auto& annual = notice(ns, "telford-annual-report");
  CHECK(annual.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(annual.cc == Roles{"link_adviser"});
  CHECK(value(annual, "reasons") == "set out in the Annual Report");
  CHECK(s.due("support", "twelve_months") == "2026-09-15");
  CHECK(s.due("support", "annual_assessment") == "2026-09-15");

  // The twelve months include Tuesday 15 September 2026 and end at 00:00 on Wednesday 16th.
  s.run_until(d(2026, 9, 15));
  CHECK(s.state_of("support") == "category_2");
  s.run_until(d(2026, 9, 16));
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"placement@2025-09-01", "annual_assessment@2025-09-01", "annual_assessment@2026-09-15",
                                 "twelve_months@2026-09-16 (due 2026-09-15)"});
  CHECK(s.state_of("support") == "category_2_review");
  // The annual assessment goes on through the review (one stage): a year on, Wednesday 15
  // September 2027.
  CHECK(s.due("support", "annual_assessment") == "2027-09-15");
  ns = s.take_notices();
  CHECK(notice(ns, "telford-twelve-months").to == Roles{"link_adviser", "la_lead"});

  SECTION("expected progress not made: category 3") {
    s.event(d(2026, 9, 22), "review.held", {{"date", "2026-09-22"}, {"progress", "insufficient"}});
    CHECK(s.state_of("support") == "category_3");
    CHECK(s.category() == "3");
    // From Tuesday 22 September 2026, in Autumn 1 of 2026-27 (Tuesday 1 September - Friday 23
    // October): the Review Team is counted when each half term's last teaching day is over, first
    // Friday 23 October 2026 (at 00:00 on Saturday 24th); the RAP review at the end of each term,
    // first the autumn term (to Friday 18 December 2026); satisfactory progress within one year.
    CHECK(s.due("support", "review_team") == "2026-10-23");
    CHECK(s.fires("support", "review_team") == "2026-10-24");
    // The chair is reminded 10 working days before the half term's last day (sif's default): 22,
    // 21, 20, 19, 16, 15, 14, 13, 12, 9 October -> Friday 9 October.
    CHECK(s.due("support", "review_team#reminder1") == "2026-10-09");
    CHECK(s.due("support", "rap_review") == "2026-12-18");
    CHECK(s.due("support", "satisfactory_progress") == "2027-09-22");
    s.take_notices();
    s.take_fired();
    s.run_until(d(2026, 10, 8));
    CHECK(s.take_fired().empty());
    s.run_until(d(2026, 10, 9));
    CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"review_team#reminder1@2026-10-09"});
    ns = s.take_notices();
    REQUIRE(ns.size() == 1);
    CHECK(ns[0].template_id == "telford-review-team-due");
    CHECK(ns[0].to == Roles{"review_team_chair"});
    CHECK(value(ns[0], "role.review_team_chair") == "Senior school improvement officer (chair of the Review Team)");
    // No review meeting is dated in Autumn 1 (the review of 22 September was the Category Two
    // review, before category 3): at 00:00 on Saturday 24 October the chair is told, copied to
    // the Assistant Director and those who attend.
    s.run_until(d(2026, 10, 24));
    CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"review_team@2026-10-24 (due 2026-10-23)"});
    ns = s.take_notices();
    REQUIRE(ns.size() == 1);
    CHECK(ns[0].template_id == "telford-review-team-not-held");
    CHECK(ns[0].to == Roles{"review_team_chair"});
    CHECK(ns[0].cc == Roles{"la_lead", "headteacher", "chair_of_governors", "link_adviser"});
    CHECK(value(ns[0], "half_term_start") == "2026-09-01");
    CHECK(value(ns[0], "half_term_end") == "2026-10-23");
    // Then Autumn 2 (Monday 2 November - Friday 18 December).
    CHECK(s.due("support", "review_team") == "2026-12-18");
  }
  SECTION("progress made: category 1") {
    s.event(d(2026, 9, 22), "review.held", {{"date", "2026-09-22"}, {"progress", "sufficient"}, {"category", "1"}});
    CHECK(s.state_of("support") == "category_1");
    CHECK(s.category() == "1");
  }
  SECTION("progress made: another twelve months in category 2") {
    s.event(d(2026, 9, 22), "review.held", {{"date", "2026-09-22"}, {"progress", "sufficient"}});
    CHECK(s.state_of("support") == "category_2");
    CHECK(s.due("support", "twelve_months") == "2027-09-22");
    // The twelve months start again from the review; the annual assessment keeps its date.
    CHECK(s.due("support", "annual_assessment") == "2027-09-15");
  }
}

TEST_CASE("telford: 1 straight to 3, a 3/4 school changes category only at a review meeting",
          "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "1"}});
  CHECK(s.state_of("support") == "category_1");
  // First entry to category 3: no review meeting needed.
  s.event(d(2025, 10, 6), "category.agreed", {{"category", "3"}});
  CHECK(s.state_of("support") == "category_3");
  auto ns = s.take_notices();
  CHECK(notice(ns, "telford-category-3").to == Roles{"headteacher", "chair_of_governors"});
  // Monday 6 October 2025 is in Autumn 1: its Review Team is counted when Friday 24 October is over.
  CHECK(s.due("support", "review_team") == "2025-10-24");

  auto agreed = s.try_event(d(2025, 11, 3), "category.agreed", {{"category", "2"}});
  REQUIRE_FALSE(agreed);
  CHECK(agreed.error().code == ErrorCode::kConflict);
  auto to_4a = s.try_event(d(2025, 12, 8), "review.held",
                           {{"date", "2025-12-08"}, {"progress", "sufficient"}, {"category", "4a"}});
  REQUIRE_FALSE(to_4a);
  CHECK(to_4a.error().code == ErrorCode::kInvalidInput);

  s.event(d(2025, 12, 8), "review.held", {{"date", "2025-12-08"}, {"progress", "sufficient"}, {"category", "2"}});
  CHECK(s.state_of("support") == "category_2");
  ns = s.take_notices();
  const auto& minutes = notice(ns, "telford-review-team-minutes");
  CHECK(minutes.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(minutes.cc == Roles{"la_lead", "link_adviser"});
  CHECK(value(minutes, "category") == "2");

  // Back into 3: no longer a first entry, so only after a review meeting.
  auto again = s.try_event(d(2026, 1, 12), "category.agreed", {{"category", "3"}});
  REQUIRE_FALSE(again);
  CHECK(again.error().details.find("event.review_meeting") != std::string::npos);
  s.event(d(2026, 1, 12), "category.agreed", {{"category", "3"}, {"review_meeting", "2026-01-12"}});
  CHECK(s.state_of("support") == "category_3");
}

TEST_CASE("telford: category 3 - RAP, reviews, one year, extension, report to the DCS, warning notice across Christmas",
          "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "3"}});
  // Monday 22 September 2025 is in Autumn 1 (to Friday 24 October) and the autumn term (to Friday
  // 19 December): the Review Team and the RAP review are counted at their ends.
  CHECK(s.due("support", "review_team") == "2025-10-24");
  CHECK(s.due("support", "rap_review") == "2025-12-19");
  CHECK(s.due("support", "satisfactory_progress") == "2026-09-22");

  s.event(d(2025, 10, 6), "plan.agreed", {{"plan", "RAP"}});
  auto ns = s.take_notices();
  CHECK(notice(ns, "telford-rap-agreed").to == Roles{"headteacher", "chair_of_governors"});

  s.take_fired();
  s.run_until(d(2026, 1, 26));
  // Nothing is recorded: the reminders 10 working days before Friday 24 October (Friday 10
  // October) and Friday 19 December (Friday 5 December), and at 00:00 after each last day the
  // check finds nothing.
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"review_team#reminder1@2025-10-10", "review_team@2025-10-25 (due 2025-10-24)",
                                 "review_team#reminder1@2025-12-05", "rap_review#reminder1@2025-12-05",
                                 "review_team@2025-12-20 (due 2025-12-19)", "rap_review@2025-12-20 (due 2025-12-19)"});
  ns = s.take_notices();
  // The Review Team reminder goes to the senior officer who chairs it (Telford's own role); the
  // half term with no meeting is told to the chair, copied to the Assistant Director and those
  // who attend.
  const auto& team = notice(ns, "telford-review-team-due");
  CHECK(team.to == Roles{"review_team_chair"});
  CHECK_THAT(render(team, d(2025, 12, 5)).text,
             Catch::Contains("the senior school improvement officer who leads the Team, you chair the meeting"));
  CHECK_THAT(render(team, d(2025, 12, 5)).text, Catch::Contains("Friday 19 December 2025"));
  const auto& missed = notice(ns, "telford-review-team-not-held");
  CHECK(missed.to == Roles{"review_team_chair"});
  CHECK(missed.cc == Roles{"la_lead", "headteacher", "chair_of_governors", "link_adviser"});
  CHECK(notice(ns, "telford-rap-review-due").to == Roles{"link_adviser", "headteacher"});
  CHECK(notice(ns, "telford-rap-review-not-recorded").to == Roles{"link_adviser", "headteacher"});
  s.event(d(2026, 1, 26), "review.held", {{"date", "2026-01-26"}, {"progress", "sufficient"}});
  CHECK(s.state_of("support") == "category_3");
  const auto minutes = notice(s.take_notices(), "telford-review-team-minutes");
  CHECK(value(minutes, "category") == "3");
  // The chair reports through minutes to the school and senior officers.
  CHECK(minutes.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(minutes.cc == Roles{"la_lead", "link_adviser"});
  CHECK_THAT(render(minutes, d(2026, 1, 26)).text,
             Catch::Contains("Yours sincerely,\n\nSenior school improvement officer (chair of the Review Team)\n"));

  // One year on: is progress satisfactory? The year includes Tuesday 22 September 2026 and ends
  // at 00:00 on Wednesday 23rd. In exceptional circumstances the period is extended.
  s.run_until(d(2026, 9, 22));
  CHECK(s.state_of("support") == "category_3");
  s.run_until(d(2026, 9, 23));
  CHECK(s.state_of("support") == "category_3_year_review");
  CHECK(s.instance("support").entered == d(2026, 9, 23));
  CHECK(notice(s.take_notices(), "telford-year-review").to == Roles{"la_lead", "link_adviser"});
  CHECK_FALSE(s.try_event(d(2026, 9, 25), "progress_period.extended"));
  s.event(d(2026, 9, 25), "progress_period.extended", {{"until", "2026-12-04"}});
  CHECK(s.state_of("support") == "category_3_extended");
  // Extended to the end of Friday 4 December: it ends at 00:00 on Saturday 5 December.
  CHECK(s.due("support", "extended_period") == "2026-12-04");
  CHECK(s.fires("support", "extended_period") == "2026-12-05");
  s.run_until(d(2026, 12, 4));
  CHECK(s.state_of("support") == "category_3_extended");
  s.run_until(d(2026, 12, 5));
  CHECK(s.state_of("support") == "category_3_year_review");
  // Still Category Three while the year is judged: the RAP's termly review goes on, the autumn
  // term counted when its last day, Friday 18 December 2026, is over.
  CHECK(s.due("support", "rap_review") == "2026-12-18");
  CHECK(s.due("support", "review_team") == "2026-12-18");

  SECTION("the RAP reviewed while the year is judged: the autumn term's review, nothing sent") {
    s.event(d(2026, 12, 9), "rap.reviewed", {{"date", "2026-12-09"}});
    CHECK(s.state_of("support") == "category_3_year_review");
    s.run_until(d(2026, 12, 19));
    CHECK(s.sent("telford-rap-review-not-recorded", d(2026, 12, 19)).empty());
    CHECK(s.due("support", "rap_review") == "2027-03-19");  // the spring term's last day (Easter 2027: 28 March)
  }
  SECTION("no RAP review in the autumn term: the School Adviser and the Head are told on 19 December") {
    s.run_until(d(2026, 12, 19));
    CHECK(s.one("telford-rap-review-not-recorded", d(2026, 12, 19)).to == Roles{"link_adviser", "headteacher"});
  }
  SECTION("satisfactory progress: category 2") {
    s.event(d(2026, 12, 7), "review.held", {{"date", "2026-12-07"}, {"progress", "sufficient"}, {"category", "2"}});
    CHECK(s.state_of("support") == "category_2");
    CHECK(s.due("support", "twelve_months") == "2027-12-07");
  }
  SECTION("satisfactory progress, still category 3: a new year") {
    s.event(d(2026, 12, 7), "review.held", {{"date", "2026-12-07"}, {"progress", "sufficient"}});
    CHECK(s.state_of("support") == "category_3");
    CHECK(s.due("support", "satisfactory_progress") == "2027-12-07");
  }

  SECTION("inadequate progress: report to the DCS and the warning notice") {
    // Inadequate progress despite LA support: the Assistant Director reports to the DCS.
    s.event(d(2026, 12, 7), "review.held", {{"date", "2026-12-07"}, {"progress", "insufficient"}});
    CHECK(s.state_of("support") == "inadequate_progress");
    ns = s.take_notices();
    const auto& report = notice(ns, "telford-report-to-dcs");
    CHECK(report.to == Roles{"director"});
    CHECK(report.cc == Roles{"la_lead"});

    // Formal LA warning notice on Monday 14 December 2026 -> 4a. The Act as amended in 2016
    // applies: the period is the one the notice states, Telford's 15 working days following the
    // day it is given: 15-18, 21-24 December, (25 December, weekend, 28 December Boxing Day
    // substitute) 29, 30, 31 December, (1 January) 4, 5, 6, 7 January 2027. Reminder 5 working
    // days before its last day: 6, 5, 4 January, 31, 30 December.
    s.event(d(2026, 12, 14), "warning_notice.issued",
            {{"date", "2026-12-14"}, {"grounds", "Inadequate progress despite LA support"}});
    CHECK(s.state_of("support") == "category_4a");
    CHECK(s.category() == "4a");
    CHECK(s.due("warning_notice", "compliance_end") == "2027-01-07");
    CHECK(s.fires("warning_notice", "compliance_end") == "2027-01-08");
    CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2026-12-30");
    CHECK(s.var("warning_notice", "representations") == "no");
    ns = s.take_notices();
    const auto& wn = notice(ns, "warning-notice-letter");
    CHECK(wn.to == Roles{"governing_body"});
    CHECK(wn.cc == Roles{"headteacher", "ofsted", "regional_director", "link_adviser"});
    CHECK(value(wn, "compliance_working_days") == "15");
    CHECK(value(wn, "deadline.compliance_end.words") == "Thursday 7 January 2027");
    const auto letter = render(wn, d(2026, 12, 14));
    CHECK_THAT(letter.text, Catch::Contains("within 15 working days"));
    // A 2026 letter offers no representations to Ofsted.
    CHECK_THAT(letter.text, Catch::Contains("that right ended on 18 April 2016"));
    CHECK_THAT(letter.text, !Catch::Contains("to the Chief Inspector (Ofsted)"));
    CHECK_THAT(letter.text, !Catch::Contains("section 60(7)"));

    SECTION("no representations; not complied; notice of the powers; the 4a powers") {
      auto rep = s.try_event(d(2026, 12, 21), "representation.received", {{"date", "2026-12-21"}});
      REQUIRE_FALSE(rep);
      CHECK(rep.error().code == ErrorCode::kInvalidInput);
      CHECK(s.state_of("warning_notice") == "issued");
      // Still inside the period on its last day.
      auto early = s.try_event(d(2027, 1, 7), "warning_notice.not_complied", {{"date", "2027-01-07"}});
      REQUIRE_FALSE(early);
      CHECK(early.error().code == ErrorCode::kConflict);
      CHECK_THAT(early.error().message, Catch::Contains("Thursday 7 January 2027"));
      s.run_until(d(2027, 1, 8));
      CHECK(s.state_of("warning_notice") == "compliance_review");
      s.event(d(2027, 1, 8), "warning_notice.not_complied", {{"date", "2027-01-08"}});
      CHECK(s.state_of("warning_notice") == "powers_notice_due");
      CHECK(s.var("support", "warning_notice_outcome").empty());
      // Not yet eligible: the powers are refused, naming the condition.
      auto too_soon = s.try_event(d(2027, 1, 8), "intervention.taken", {{"power", "interim_executive_board"}});
      REQUIRE_FALSE(too_soon);
      CHECK(too_soon.error().code == ErrorCode::kInvalidInput);
      CHECK_THAT(too_soon.error().details, Catch::Contains("vars.eligible_for_intervention"));
      // Reasonable notice in writing of the proposed powers (s.60(1)(d)).
      s.event(d(2027, 1, 8), "intervention.notice_given", {{"powers", "an interim executive board"}});
      CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
      CHECK(s.state_of("support") == "category_4a");
      CHECK(s.var("support", "warning_notice_outcome") == "eligible_for_intervention");
      ns = s.take_notices();
      CHECK(notice(ns, "telford-powers").to == Roles{"la_lead", "director"});

      CHECK_FALSE(s.try_event(d(2027, 1, 11), "intervention.taken", {{"power", "closure"}}));
      s.event(d(2027, 1, 11), "intervention.taken", {{"power", "interim_executive_board"}});
      ns = s.take_notices();
      const auto& ieb = notice(ns, "telford-intervention-letter");
      CHECK(ieb.to == Roles{"governing_body"});
      CHECK(ieb.cc == Roles{"headteacher", "la_lead", "director"});
      CHECK_THAT(render(ieb, d(2027, 1, 11)).text,
                 Catch::Contains("establishment of an Interim Executive Board (IEB)"));
      // In 4a the ground is the warning notice, which was given on 14 December 2026.
      CHECK_THAT(render(ieb, d(2027, 1, 11)).text, Catch::Contains("Following the warning notice given to the governing body"));
      s.event(d(2027, 1, 12), "intervention.taken", {{"power", "ofsted_inspection_requested"}});
      ns = s.take_notices();
      CHECK(notice(ns, "telford-intervention-letter").cc == Roles{"headteacher", "la_lead", "director", "ofsted"});

      // Back to 3 only at a review meeting.
      s.event(d(2027, 2, 1), "review.held", {{"date", "2027-02-01"}, {"progress", "sufficient"}, {"category", "3"}});
      CHECK(s.state_of("support") == "category_3");
      CHECK(s.category() == "3");
    }
    SECTION("complied") {
      s.event(d(2027, 1, 6), "warning_notice.complied", {{"date", "2027-01-06"}});
      CHECK(s.state_of("warning_notice") == "complied");
      CHECK(s.var("support", "warning_notice_outcome") == "complied");
      CHECK(s.state_of("support") == "category_4a");
    }
  }
}

TEST_CASE("telford: an RI school fails its Section 8 visit, warning notice across Easter",
          "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2026, 9, 1));
  s.event(d(2026, 9, 10), "ofsted.judgement", {{"date", "2026-09-10"}, {"grade", "requires_improvement"}});
  s.event(d(2026, 9, 21), "category.agreed", {{"category", "3"}});
  s.event(d(2027, 1, 20), "ofsted.monitoring_visit", {{"date", "2027-01-20"}, {"progress", "sufficient"}});
  CHECK(s.state_of("support") == "category_3");
  s.event(d(2027, 3, 10), "ofsted.monitoring_visit", {{"date", "2027-03-10"}, {"progress", "insufficient"}});
  CHECK(s.state_of("support") == "inadequate_progress");

  // Monday 15 March 2027 + 15 working days: 16-19, 22-25 March, (Good Friday 26, weekend,
  // Easter Monday 29) 30, 31 March, 1, 2, 5, 6, 7 April.
  s.event(d(2027, 3, 15), "warning_notice.issued",
          {{"date", "2027-03-15"}, {"grounds", "Section 8 monitoring: inadequate progress"}});
  CHECK(s.category() == "4a");
  CHECK(s.due("warning_notice", "compliance_end") == "2027-04-07");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2027-03-31");
}

TEST_CASE("telford: a notice of December 2014 (the 2006 Act as first enacted) - representations to Ofsted "
          "across Christmas, confirmed, not complied, notice of the powers, the 4a powers",
          "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2014, 9, 1));
  s.event(d(2014, 9, 10), "ofsted.judgement", {{"date", "2014-09-10"}, {"grade", "requires_improvement"}});
  s.event(d(2014, 9, 22), "category.agreed", {{"category", "3"}});
  s.event(d(2014, 12, 10), "ofsted.monitoring_visit", {{"date", "2014-12-10"}, {"progress", "insufficient"}});
  CHECK(s.state_of("support") == "inadequate_progress");

  // Monday 15 December 2014. The initial period, which is also the compliance period unless
  // representations are made, ends with the 15th working day following: 16-19 (4), 22-24 (7),
  // (Christmas Day, Boxing Day) 29-31 (10), (1 January) 2 (11), 5, 6, 7, 8 January 2015 (15).
  s.event(d(2014, 12, 15), "warning_notice.issued",
          {{"date", "2014-12-15"}, {"grounds", "Section 8 monitoring: inadequate progress"}});
  CHECK(s.category() == "4a");
  CHECK(s.var("warning_notice", "regime") == "eia-2006-s60-as-enacted");
  CHECK(s.due("warning_notice", "compliance_end") == "2015-01-08");
  CHECK(s.fires("warning_notice", "compliance_end") == "2015-01-09");
  auto ns = s.take_notices();
  const auto& wn = notice(ns, "warning-notice-letter");
  CHECK(wn.cc == Roles{"headteacher", "ofsted", "link_adviser"});
  CHECK(value(wn, "deadline.compliance_end.words") == "Thursday 8 January 2015");
  const auto letter = render(wn, d(2014, 12, 15));
  CHECK_THAT(letter.text, Catch::Contains("representations against this notice to the Chief Inspector (Ofsted)"));
  CHECK_THAT(letter.text, Catch::Contains("(section 60(7))"));

  // Representations on Monday 22 December: no compliance period runs until the decision.
  s.event(d(2014, 12, 22), "representation.received", {{"date", "2014-12-22"}});
  CHECK(s.state_of("warning_notice") == "representation_made");
  CHECK(s.due("warning_notice", "compliance_end").empty());
  s.run_until(d(2015, 1, 9));
  CHECK(s.state_of("warning_notice") == "representation_made");

  // Confirmed on Monday 12 January 2015: the 15th working day following is Monday 2 February
  // (13-16, 19-23, 26-30 January, 2 February); the reminder 5 working days before, Monday 26
  // January; the period closes at 00:00 on Tuesday 3 February.
  s.event(d(2015, 1, 12), "representation.decided", {{"outcome", "confirmed"}});
  CHECK(s.state_of("warning_notice") == "confirmed");
  CHECK(s.due("warning_notice", "compliance_end") == "2015-02-02");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2015-01-26");
  auto early = s.try_event(d(2015, 2, 2), "warning_notice.not_complied", {{"date", "2015-02-02"}});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  CHECK_THAT(early.error().message, Catch::Contains("Monday 2 February 2015"));
  s.run_until(d(2015, 2, 3));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  s.event(d(2015, 2, 3), "warning_notice.not_complied", {{"date", "2015-02-03"}});
  // Reasonable notice in writing of the proposed powers (s.60(1)(e) as first enacted).
  CHECK(s.state_of("warning_notice") == "powers_notice_due");
  s.event(d(2015, 2, 4), "intervention.notice_given", {{"powers", "an interim executive board"}});
  CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
  CHECK(s.var("support", "warning_notice_outcome") == "eligible_for_intervention");
  ns = s.take_notices();
  CHECK(notice(ns, "telford-powers").to == Roles{"la_lead", "director"});
  s.event(d(2015, 2, 9), "intervention.taken", {{"power", "interim_executive_board"}});
  CHECK(notice(s.take_notices(), "telford-intervention-letter").to == Roles{"governing_body"});
}

// The weekly visits of early 4b are term-time (sif's default): on the default calendar the
// February half-term 2026 is Monday 16 - Friday 20 February, so the visit of Wednesday 18
// February comes on Monday 23 February, the first day of Spring 2, and the next keeps the
// Wednesdays (25 February).
TEST_CASE("telford: 4b weekly visits skip the February half-term and keep their Wednesdays",
          "[frameworks][telford-2014][dates]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "3"}});
  s.event(d(2026, 2, 4), "ofsted.judgement",
          {{"date", "2026-02-04"}, {"grade", "inadequate"}, {"category", "special_measures"}});
  REQUIRE(s.state_of("support") == "category_4b");
  CHECK(s.due("support", "weekly_visit") == "2026-02-11");
  s.take_fired();
  s.run_until(d(2026, 2, 25));
  std::vector<std::string> visits;
  for (const auto& f : fired_list(s.take_fired())) {
    if (f.rfind("weekly_visit@", 0) == 0) visits.push_back(f);
  }
  CHECK(visits == std::vector<std::string>{"weekly_visit@2026-02-11", "weekly_visit@2026-02-23",
                                           "weekly_visit@2026-02-25"});
}

TEST_CASE("telford: 4b - weekly visits, Statement of Action, governors termly, until Ofsted removes it",
          "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "3"}});
  s.take_notices();
  s.event(d(2026, 1, 14), "ofsted.judgement",
          {{"date", "2026-01-14"}, {"grade", "inadequate"}, {"category", "special_measures"}});
  CHECK(s.state_of("support") == "category_4b");
  CHECK(s.category() == "4b");
  auto ns = s.take_notices();
  CHECK(notice(ns, "telford-category-4b").to == Roles{"headteacher", "chair_of_governors"});
  CHECK(value(notice(ns, "telford-category-4b"), "vars.ofsted_category") == "special_measures");
  CHECK_THAT(render(notice(ns, "telford-category-4b"), d(2026, 1, 14)).text,
             Catch::Contains("in a category of concern: special measures"));
  CHECK(notice(ns, "telford-statement-of-action-due").to == Roles{"la_lead"});
  // The Review Team and the RAP review are one stage (category_3_4) from category 3 into 4b: the
  // Review Team is counted at the end of Spring 1 (Friday 13 February 2026), the RAP review at the
  // end of the spring term (Friday 27 March). Weekly visits and the governors' meeting are new
  // with 4b, from Wednesday 14 January 2026: the governors' meeting is counted at the end of the
  // spring term too, Friday 27 March.
  CHECK(s.due("support", "weekly_visit") == "2026-01-21");
  CHECK(s.due("support", "review_team") == "2026-02-13");
  CHECK(s.due("support", "rap_review") == "2026-03-27");
  CHECK(s.due("support", "governors_meeting") == "2026-03-27");

  // Only Ofsted removes the category; the Statement of Action goes to the DCS before Ofsted.
  CHECK_FALSE(s.try_event(d(2026, 1, 19), "review.held",
                          {{"date", "2026-01-19"}, {"progress", "sufficient"}, {"category", "3"}}));
  auto early = s.try_event(d(2026, 1, 19), "statement_of_action.sent");
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  s.take_fired();
  s.event(d(2026, 1, 26), "statement_of_action.discussed");
  s.event(d(2026, 2, 2), "statement_of_action.sent");
  // The Review Team reminder 10 working days before Friday 13 February: 12, 11, 10, 9, 6, 5, 4,
  // 3, 2 February, 30 January -> Friday 30 January.
  CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"weekly_visit@2026-01-21", "weekly_visit@2026-01-28",
                                                               "review_team#reminder1@2026-01-30"});
  ns = s.take_notices();
  CHECK(notice(ns, "telford-weekly-visit").to == Roles{"link_adviser"});
  const auto& soa = notice(ns, "telford-statement-of-action");
  CHECK(soa.to == Roles{"ofsted"});
  CHECK(soa.cc == Roles{"director", "headteacher", "chair_of_governors"});
  CHECK(s.finished("statement_of_action"));
  CHECK(s.state_of("support") == "category_4b_established");
  CHECK(s.due("support", "weekly_visit").empty());
  // The same checks go on in 4b established (one stage each): the Review Team at the end of
  // Spring 1, the RAP review and the governors' meeting at the end of the spring term.
  CHECK(s.due("support", "review_team") == "2026-02-13");
  CHECK(s.due("support", "rap_review") == "2026-03-27");
  CHECK(s.due("support", "governors_meeting") == "2026-03-27");

  // Spring 1: a Review Team meeting on Monday 9 February; nothing is sent on Saturday 14th.
  s.event(d(2026, 2, 9), "review.held", {{"date", "2026-02-09"}, {"progress", "sufficient"}});
  CHECK(s.state_of("support") == "category_4b_established");
  s.take_notices();
  // The spring term: the governors meet on Wednesday 4 March; no RAP review, and no Review Team
  // in Spring 2 (Monday 23 February - Friday 27 March). The reminders 10 working days before
  // Friday 27 March: 26, 25, 24, 23, 20, 19, 18, 17, 16, 13 March -> Friday 13 March.
  s.event(d(2026, 3, 4), "governors.met", {{"date", "2026-03-04"}});
  s.run_until(d(2026, 3, 28));
  CHECK(s.sent("telford-review-team-not-held", d(2026, 2, 14)).empty());
  CHECK(s.sent("telford-governors-meeting", d(2026, 3, 13)).empty());
  CHECK(s.one("telford-review-team-due", d(2026, 3, 13)).to == Roles{"review_team_chair"});
  CHECK(s.one("telford-rap-review-due", d(2026, 3, 13)).to == Roles{"link_adviser", "headteacher"});
  CHECK(s.one("telford-review-team-not-held", d(2026, 3, 28)).to == Roles{"review_team_chair"});
  CHECK(s.one("telford-rap-review-not-recorded", d(2026, 3, 28)).to == Roles{"link_adviser", "headteacher"});
  CHECK(s.sent("telford-governors-meeting-not-recorded", d(2026, 3, 28)).empty());
  // Summer 1 (Monday 13 April - Friday 22 May); the summer term to Wednesday 22 July.
  CHECK(s.due("support", "review_team") == "2026-05-22");
  CHECK(s.due("support", "rap_review") == "2026-07-22");
  CHECK(s.due("support", "governors_meeting") == "2026-07-22");

  // Inadequate progress in 4b: the AD reports to the DCS (the 4b report, which cites the Ofsted
  // category, not a warning notice); the category stays.
  s.event(d(2026, 5, 12), "review.held", {{"date", "2026-05-12"}, {"progress", "insufficient"}});
  ns = s.take_notices();
  CHECK(notice(ns, "telford-report-to-dcs-4b").to == Roles{"director"});
  CHECK(s.category() == "4b");

  s.event(d(2026, 6, 3), "ofsted.monitoring_visit", {{"date", "2026-06-03"}, {"progress", "sufficient"}});
  s.event(d(2026, 11, 4), "ofsted.judgement", {{"date", "2026-11-04"}, {"grade", "requires_improvement"}});
  CHECK(s.state_of("support") == "category_4b_removed");
  ns = s.take_notices();
  CHECK(notice(ns, "telford-category-removed").to == Roles{"la_lead"});
  // Out of the stage: the Review Team, RAP review and governors' meetings stop.
  CHECK(s.due("support", "review_team").empty());
  CHECK(s.due("support", "governors_meeting").empty());
  s.event(d(2026, 11, 9), "review.held", {{"date", "2026-11-09"}, {"progress", "sufficient"}, {"category", "3"}});
  CHECK(s.state_of("support") == "category_3");
  CHECK(s.category() == "3");
  // Back in category 3 the Review Team starts afresh, counted at the end of Autumn 2 (Monday 2
  // November - Friday 18 December 2026). The review meeting of 9 November is a Review Team
  // meeting in that half term: its reminder (Friday 4 December: 17, 16, 15, 14, 11, 10, 9, 8, 7,
  // 4 December) and its check send nothing.
  CHECK(s.due("support", "review_team") == "2026-12-18");
  CHECK(s.due("support", "review_team#reminder1") == "2026-12-04");
  s.take_notices();
  s.run_until(d(2026, 12, 19));
  CHECK(s.sent("telford-review-team-due", d(2026, 12, 4)).empty());
  CHECK(s.sent("telford-review-team-not-held", d(2026, 12, 19)).empty());
}

TEST_CASE("telford: the academy escalation ladder", "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1), {.type = "academy_converter"});
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "3"}});
  auto ns = s.take_notices();
  CHECK(notice(ns, "telford-annual-report").cc == Roles{"link_adviser", "trust_board"});
  s.event(d(2025, 10, 1), "concern.notified", {{"reason", "Attendance of disadvantaged pupils"}});
  CHECK(s.state_of("academy_escalation") == "informal_headteacher");
  CHECK_FALSE(s.try_event(d(2025, 10, 8), "response.received"));

  SECTION("an appropriate response at step 1") {
    s.event(d(2025, 10, 8), "response.received", {{"appropriate", "yes"}});
    CHECK(s.state_of("academy_escalation") == "resolved");
  }
  SECTION("all five steps") {
    s.event(d(2025, 10, 8), "response.received", {{"appropriate", "no"}});
    CHECK(s.state_of("academy_escalation") == "informal_trust");
    s.event(d(2025, 10, 15), "response.received", {{"appropriate", "no"}});
    CHECK(s.state_of("academy_escalation") == "formal_headteacher");
    ns = s.take_notices();
    CHECK(notice(ns, "telford-academy-letter").to == Roles{"headteacher"});
    s.event(d(2025, 11, 5), "response.received", {{"appropriate", "no"}});
    CHECK(s.state_of("academy_escalation") == "formal_trust");
    ns = s.take_notices();
    const auto& trust = notice(ns, "telford-academy-letter");
    CHECK(trust.to == Roles{"trust_board"});
    CHECK(value(trust, "step") == "4");
    s.event(d(2025, 11, 26), "response.received", {{"appropriate", "no"}});
    CHECK(s.state_of("academy_escalation") == "referred");
    CHECK(s.finished("academy_escalation"));
    ns = s.take_notices();
    const auto& referral = notice(ns, "telford-academy-referral");
    CHECK(referral.to == Roles{"regional_director", "ofsted"});
    CHECK(referral.cc == Roles{"trust_board", "headteacher", "la_lead", "director"});
    CHECK_THAT(render(referral, d(2025, 11, 26)).text, Catch::Contains("To: Secretary of State for Education, Ofsted"));
    CHECK(s.state_of("support") == "category_3");
  }
}

TEST_CASE("telford: the academy ladder is for academies only", "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1), {.type = "community"});
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "3"}});
  auto r = s.try_event(d(2025, 10, 1), "concern.notified", {{"reason", "Attendance"}});
  REQUIRE_FALSE(r);
  CHECK(r.error().details.find("school.type") != std::string::npos);
}

TEST_CASE("telford: a school registered in a category starts in it", "[frameworks][telford-2014]") {
  Scenario s(kId);
  SECTION("category 3, a first entry") {
    s.start(d(2025, 9, 1), {.type = "community", .category = "3"});
    s.run_until(d(2025, 9, 1));
    CHECK(s.state_of("support") == "category_3");
    CHECK(s.var("support", "category_3_entered") == "yes");
    CHECK(s.due("support", "satisfactory_progress") == "2026-09-01");
  }
  SECTION("category 4b") {
    s.start(d(2025, 9, 1), {.type = "community", .category = "4b"});
    s.run_until(d(2025, 9, 1));
    CHECK(s.state_of("support") == "category_4b");
    CHECK(s.state_of("statement_of_action") == "drafting");
  }
  SECTION("no category yet") {
    s.start(d(2025, 9, 1));
    s.run_until(d(2025, 9, 1));
    CHECK(s.state_of("support") == "awaiting_categorisation");
  }
}

TEST_CASE("telford: inadequate progress at any time in category 3 leads to the warning notice, not only at 12 months",
          "[frameworks][telford-2014]") {
  Scenario s("telford-2014");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "3"}});
  s.take_notices();
  // Four months in, the LA judges progress inadequate despite its support.
  s.event(d(2026, 1, 19), "progress.inadequate");
  CHECK(s.state_of("support") == "inadequate_progress");
  CHECK(notice(s.take_notices(), "telford-report-to-dcs").to == Roles{"director"});
  s.event(d(2026, 1, 26), "warning_notice.issued", {{"date", "2026-01-26"}, {"grounds", "inadequate progress"}});
  CHECK(s.state_of("support") == "category_4a");
}

TEST_CASE("telford: the annual assessment of provision in every category, kept across a change of category",
          "[frameworks][telford-2014]") {
  Scenario s("telford-2014");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  CHECK(s.due("support", "annual_assessment") == "2026-09-15");
  // Into category 3 in January: the assessment stays a year from the categorisation, and comes.
  s.event(d(2026, 1, 12), "category.agreed", {{"category", "3"}});
  CHECK(s.state_of("support") == "category_3");
  CHECK(s.due("support", "annual_assessment") == "2026-09-15");
  s.run_until(d(2026, 9, 15));
  CHECK(s.sent("telford-annual-assessment-due", d(2026, 9, 15)).size() == 1);
}

// Section 3: "The Local Authority will undertake an annual assessment of provision for all
// settings ... this will also include the Local Authorities categorisation for the setting."
TEST_CASE("telford: an uncategorised school is prompted for the annual assessment that categorises it",
          "[frameworks][telford-2014][annual-assessment]") {
  Scenario s(kId);
  // Registered on Monday 1 September 2025 with no category: the assessment is due that day (sif's
  // default), to the School Adviser, copied to the Assistant Director.
  s.start(d(2025, 9, 1));
  CHECK(s.state_of("support") == "awaiting_categorisation");
  CHECK(s.due("support", "annual_assessment") == "2025-09-01");
  s.run_until(d(2025, 9, 1));
  CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"placement@2025-09-01", "annual_assessment@2025-09-01"});
  auto ns = s.take_notices();
  const auto& due = notice(ns, "telford-annual-assessment-due");
  CHECK(due.to == Roles{"link_adviser"});
  CHECK(due.cc == Roles{"la_lead"});
  CHECK_THAT(render(due, d(2025, 9, 1)).text,
             Catch::Contains("The annual assessment of provision for Scenario Primary School (not yet categorised) is due."));
  // Still uncategorised: again twelve months on, Tuesday 1 September 2026.
  CHECK(s.due("support", "annual_assessment") == "2026-09-01");

  SECTION("categorised on Monday 13 October 2025: the next assessment a year from that") {
    s.event(d(2025, 10, 13), "category.agreed", {{"category", "1"}});
    CHECK(s.state_of("support") == "category_1");
    // The categorisation is the assessment (its Annual Report goes out): the yearly cadence of
    // the categories counts from it, Tuesday 13 October 2026, not from the registration.
    CHECK(notice(s.take_notices(), "telford-annual-report").to == Roles{"headteacher", "chair_of_governors"});
    CHECK(s.due("support", "annual_assessment") == "2026-10-13");
    s.run_until(d(2026, 10, 13));
    const auto later = s.sent("telford-annual-assessment-due", d(2026, 10, 13));
    REQUIRE(later.size() == 1);
    CHECK_THAT(render(later[0], d(2026, 10, 13)).text, Catch::Contains("(current category: Category One) is due."));
    CHECK(s.sent("telford-annual-assessment-due", d(2026, 9, 1)).empty());
  }
  SECTION("still uncategorised a year on: prompted again") {
    s.run_until(d(2026, 9, 1));
    CHECK(s.sent("telford-annual-assessment-due", d(2026, 9, 1)).size() == 1);
    CHECK(s.due("support", "annual_assessment") == "2027-09-01");
  }
}

TEST_CASE("telford: a school registered in a category is not prompted on registration, its year counts from then",
          "[frameworks][telford-2014][annual-assessment]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1), {.category = "2"});
  s.run_until(d(2025, 9, 1));
  CHECK(s.state_of("support") == "category_2");
  CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"placement@2025-09-01"});
  CHECK(s.sent("telford-annual-assessment-due", d(2025, 9, 1)).empty());
  CHECK(s.due("support", "annual_assessment") == "2026-09-01");
}

TEST_CASE("telford: the annual assessment goes on while the AD reports inadequate progress to the DCS",
          "[frameworks][telford-2014][annual-assessment]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "3"}});
  CHECK(s.due("support", "annual_assessment") == "2026-09-22");
  s.event(d(2026, 1, 19), "progress.inadequate");
  CHECK(s.state_of("support") == "inadequate_progress");
  // Kept, not dropped or counted again: Tuesday 22 September 2026.
  CHECK(s.due("support", "annual_assessment") == "2026-09-22");
  // The warning notice is still to come in September: the assessment comes in this state.
  s.take_notices();
  s.run_until(d(2026, 9, 22));
  CHECK(s.state_of("support") == "inadequate_progress");
  CHECK(s.sent("telford-annual-assessment-due", d(2026, 9, 22)).size() == 1);
  CHECK(s.due("support", "annual_assessment") == "2027-09-22");
  s.event(d(2026, 9, 28), "warning_notice.issued", {{"date", "2026-09-28"}, {"grounds", "inadequate progress"}});
  CHECK(s.state_of("support") == "category_4a");
  CHECK(s.due("support", "annual_assessment") == "2027-09-22");
}

TEST_CASE("telford: the annual assessment goes on after a failed Section 8 visit, into 4a",
          "[frameworks][telford-2014][annual-assessment][section8]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  s.event(d(2025, 11, 19), "ofsted.judgement", {{"date", "2025-11-19"}, {"grade", "requires_improvement"}});
  s.event(d(2026, 3, 11), "ofsted.monitoring_visit", {{"date", "2026-03-11"}, {"progress", "insufficient"}});
  CHECK(s.state_of("support") == "section8_failed");
  // A year from the categorisation of Monday 15 September 2025: Tuesday 15 September 2026.
  CHECK(s.due("support", "annual_assessment") == "2026-09-15");
  s.event(d(2026, 3, 27), "warning_notice.issued", {{"date", "2026-03-27"}, {"grounds", "Section 8"}});
  CHECK(s.state_of("support") == "category_4a");
  CHECK(s.due("support", "annual_assessment") == "2026-09-15");
}

TEST_CASE("telford: the annual assessment goes on when Ofsted removes the category, until the review meeting",
          "[frameworks][telford-2014][annual-assessment]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  s.event(d(2026, 3, 4), "ofsted.judgement",
          {{"date", "2026-03-04"}, {"grade", "inadequate"}, {"category", "special_measures"}});
  CHECK(s.state_of("support") == "category_4b");
  CHECK(s.due("support", "annual_assessment") == "2026-09-15");
  s.event(d(2026, 7, 1), "ofsted.judgement", {{"date", "2026-07-01"}, {"grade", "requires_improvement"}});
  CHECK(s.state_of("support") == "category_4b_removed");
  CHECK(s.due("support", "annual_assessment") == "2026-09-15");
  // No review meeting over the summer: the assessment of Tuesday 15 September 2026 comes here,
  // copied to the Assistant Director, and the next is a year on.
  s.take_notices();
  s.run_until(d(2026, 9, 15));
  const auto due = s.sent("telford-annual-assessment-due", d(2026, 9, 15));
  REQUIRE(due.size() == 1);
  CHECK(due[0].cc == Roles{"la_lead"});
  CHECK(s.due("support", "annual_assessment") == "2027-09-15");
  s.event(d(2026, 9, 21), "review.held", {{"date", "2026-09-21"}, {"progress", "sufficient"}, {"category", "2"}});
  CHECK(s.state_of("support") == "category_2");
  // Not reset by the review meeting's categorisation (one stage).
  CHECK(s.due("support", "annual_assessment") == "2027-09-15");
}

TEST_CASE("telford: an RI school in category 2 fails its Section 8 visit - warning notice across Easter 2026 and 4a",
          "[frameworks][telford-2014][section8]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  // Ofsted judges the school to require improvement on Wednesday 19 November 2025.
  s.event(d(2025, 11, 19), "ofsted.judgement", {{"date", "2025-11-19"}, {"grade", "requires_improvement"}});
  CHECK(s.state_of("support") == "category_2");
  s.take_notices();
  // A Section 8 visit that finds adequate progress is only recorded.
  s.event(d(2026, 1, 21), "ofsted.monitoring_visit", {{"date", "2026-01-21"}, {"progress", "sufficient"}});
  CHECK(s.state_of("support") == "category_2");
  CHECK(s.var("support", "last_monitoring_visit") == "2026-01-21");
  CHECK(s.take_notices().empty());

  // Wednesday 11 March 2026: the visit finds inadequate progress. The school is a 4a school (the
  // LA issues a formal warning notice); a first entry to Category Four needs no review meeting.
  s.event(d(2026, 3, 11), "ofsted.monitoring_visit", {{"date", "2026-03-11"}, {"progress", "insufficient"}});
  CHECK(s.state_of("support") == "section8_failed");
  CHECK(s.category() == "2");  // 4a once the notice is given
  auto ns = s.take_notices();
  const auto& failed = notice(ns, "telford-section8-failed");
  CHECK(failed.to == Roles{"la_lead", "director"});
  CHECK(failed.cc == Roles{"link_adviser"});
  CHECK(value(failed, "visit_date") == "2026-03-11");
  const auto failed_letter = render(failed, d(2026, 3, 11));
  CHECK_THAT(failed_letter.text, Catch::Contains("To: Assistant Director Education & Skills, Director of Children's Services"));
  CHECK_THAT(failed_letter.text, Catch::Contains("The school is in category 2 until the warning notice is given"));
  // Not the Category Three report to the DCS: this school had no year of LA intervention.
  CHECK(templates(ns) == std::vector<std::string>{"telford-section8-failed"});
  // The category of a school outside 3/4 is not agreed meanwhile: the LA's notice comes next.
  auto agreed = s.try_event(d(2026, 3, 16), "category.agreed", {{"category", "1"}});
  REQUIRE_FALSE(agreed);
  CHECK(agreed.error().code == ErrorCode::kConflict);

  // The warning notice on Friday 27 March 2026 (the last day of Spring 2). 15 working days
  // following: 30, 31 March, 1, 2 April (4), (Good Friday 3 April, the weekend, Easter Monday 6
  // April) 7-10 (8), 13-17 (13), 20, 21 April (15): the period runs to the end of Tuesday 21 April
  // and closes at 00:00 on Wednesday 22 April. Its reminder, 5 working days before the last day
  // (20, 17, 16, 15, 14 April): Tuesday 14 April.
  s.event(d(2026, 3, 27), "warning_notice.issued",
          {{"date", "2026-03-27"}, {"grounds", "Inadequate progress at the Section 8 monitoring visit of 11 March 2026"}});
  CHECK(s.state_of("support") == "category_4a");
  CHECK(s.category() == "4a");
  CHECK(s.state_of("warning_notice") == "issued");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-21");
  CHECK(s.fires("warning_notice", "compliance_end") == "2026-04-22");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2026-04-14");
  ns = s.take_notices();
  const auto& wn = notice(ns, "warning-notice-letter");
  CHECK(wn.to == Roles{"governing_body"});
  // Since 18 April 2016 a copy goes to the Secretary of State (s.60(6A)).
  CHECK(wn.cc == Roles{"headteacher", "ofsted", "regional_director", "link_adviser"});
  CHECK(value(wn, "deadline.compliance_end.words") == "Tuesday 21 April 2026");
  // The Category 3 intervention comes with 4a. The Review Team is counted at the end of each half
  // term ending after the day of entry: Spring 2 ends that day, Friday 27 March, and is not the
  // state's to count; the first is Summer 1 (Monday 13 April - Friday 22 May), its reminder 10
  // working days before, Friday 8 May (21, 20, 19, 18, 15, 14, 13, 12, 11, 8 May).
  CHECK(s.due("support", "review_team") == "2026-05-22");
  CHECK(s.due("support", "review_team#reminder1") == "2026-05-08");
  CHECK(s.sent("telford-review-team-due", d(2026, 3, 27)).empty());
  s.run_until(d(2026, 4, 22));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  CHECK(s.sent("telford-review-team-not-held", d(2026, 3, 28)).empty());
  CHECK(s.due("support", "review_team") == "2026-05-22");
}

TEST_CASE("telford: a Section 8 visit in category 1 or 2 moves only a school Ofsted judged to require improvement",
          "[frameworks][telford-2014][section8]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "1"}});
  SECTION("a good school: the visit is recorded, nothing else") {
    s.event(d(2025, 10, 8), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "good"}});
    s.event(d(2026, 2, 4), "ofsted.monitoring_visit", {{"date", "2026-02-04"}, {"progress", "insufficient"}});
    CHECK(s.state_of("support") == "category_1");
    CHECK(s.category() == "1");
    CHECK(s.var("support", "last_monitoring_visit") == "2026-02-04");
  }
  SECTION("requires improvement, in category 1: the visit fails, the warning notice follows") {
    s.event(d(2025, 10, 8), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "requires_improvement"}});
    s.event(d(2026, 2, 4), "ofsted.monitoring_visit", {{"date", "2026-02-04"}, {"progress", "insufficient"}});
    CHECK(s.state_of("support") == "section8_failed");
    CHECK(s.category() == "1");
    // Ofsted may still place the school in a category: 4b, not 4a.
    s.event(d(2026, 2, 11), "ofsted.judgement",
            {{"date", "2026-02-11"}, {"grade", "inadequate"}, {"category", "serious_weaknesses"}});
    CHECK(s.state_of("support") == "category_4b");
    CHECK(s.category() == "4b");
  }
}

TEST_CASE("telford: 4b letters cite the Ofsted category, never a warning notice that was not given",
          "[frameworks][telford-2014]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "2"}});
  // Special measures on Wednesday 4 March 2026: straight from category 2, no LA warning notice.
  s.event(d(2026, 3, 4), "ofsted.judgement",
          {{"date", "2026-03-04"}, {"grade", "inadequate"}, {"category", "special_measures"}});
  CHECK(s.state_of("support") == "category_4b");
  CHECK(s.var("support", "eligible_for_intervention") == "yes");
  s.take_notices();

  // Tuesday 21 April 2026 (after Easter): inadequate progress at a formal review.
  s.event(d(2026, 4, 21), "review.held", {{"date", "2026-04-21"}, {"progress", "insufficient"}});
  CHECK(s.category() == "4b");
  auto ns = s.take_notices();
  for (const auto& n : ns) CHECK(n.template_id != "telford-report-to-dcs");
  const auto& report = notice(ns, "telford-report-to-dcs-4b");
  CHECK(report.to == Roles{"director"});
  CHECK(report.cc == Roles{"la_lead"});
  const auto report_text = render(report, d(2026, 4, 21)).text;
  CHECK_THAT(report_text, Catch::Contains("Date: Tuesday 21 April 2026"));
  CHECK_THAT(report_text, Catch::Contains("(special measures)"));
  CHECK_THAT(report_text, Catch::Contains("statutory powers described under Category 4a"));
  CHECK_THAT(report_text, !Catch::Contains("warning notice"));

  // The powers: the letter gives the Ofsted category as the ground.
  s.event(d(2026, 4, 27), "intervention.taken", {{"power", "interim_executive_board"}});
  ns = s.take_notices();
  for (const auto& n : ns) CHECK(n.template_id != "telford-intervention-letter");
  const auto& ieb = notice(ns, "telford-intervention-letter-4b");
  CHECK(ieb.to == Roles{"governing_body"});
  CHECK(ieb.cc == Roles{"headteacher", "la_lead", "director"});
  const auto ieb_text = render(ieb, d(2026, 4, 27)).text;
  CHECK_THAT(ieb_text, Catch::Contains("in a category of concern (special measures)"));
  CHECK_THAT(ieb_text, Catch::Contains("establishment of an Interim Executive Board (IEB)"));
  CHECK_THAT(ieb_text, !Catch::Contains("warning notice"));
  CHECK_FALSE(s.try_event(d(2026, 4, 27), "intervention.taken", {{"power", "closure"}}));

  // After the Statement of Action (4b established) the same letters.
  s.event(d(2026, 5, 5), "statement_of_action.discussed");
  s.event(d(2026, 5, 12), "statement_of_action.sent");
  CHECK(s.state_of("support") == "category_4b_established");
  s.take_notices();
  s.event(d(2026, 5, 18), "intervention.taken", {{"power", "ofsted_inspection_requested"}});
  ns = s.take_notices();
  const auto& ask = notice(ns, "telford-intervention-letter-4b");
  CHECK(ask.cc == Roles{"headteacher", "la_lead", "director", "ofsted"});
  CHECK_THAT(render(ask, d(2026, 5, 18)).text, !Catch::Contains("warning notice"));
}

// Issue 9: "a Review Team each half term", "Termly review of the RAP" are quotas of the school's
// real half-terms and terms. Category 3 from Monday 15 September 2025. Autumn 1 runs Monday 1
// September - Friday 24 October, Autumn 2 Monday 3 November - Friday 19 December; the autumn term
// is both. Each is counted when its last teaching day is over (at 00:00 the day after); the
// reminders come 10 working days before that day (sif's default): Friday 10 October (23, 22, 21,
// 20, 17, 16, 15, 14, 13, 10 October) and Friday 5 December (18, 17, 16, 15, 12, 11, 10, 9, 8, 5
// December).
TEST_CASE("telford: the Review Team and the RAP review count what is dated in each real half term and term",
          "[frameworks][telford-2014][quota]") {
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "3"}});
  CHECK(s.due("support", "review_team") == "2025-10-24");
  CHECK(s.due("support", "review_team#reminder1") == "2025-10-10");
  CHECK(s.due("support", "rap_review") == "2025-12-19");
  CHECK(s.due("support", "rap_review#reminder1") == "2025-12-05");
  s.take_notices();

  // Autumn 1: a Review Team meeting on Wednesday 1 October. The quota is met: no reminder on 10
  // October, nothing on Saturday 25 October.
  s.event(d(2025, 10, 1), "review.held", {{"date", "2025-10-01"}, {"progress", "sufficient"}});
  CHECK(s.var("support", "review_team_met") == "2025-10-01");
  s.take_notices();
  s.run_until(d(2025, 10, 25));
  CHECK(s.sent("telford-review-team-due", d(2025, 10, 10)).empty());
  CHECK(s.sent("telford-review-team-not-held", d(2025, 10, 25)).empty());
  CHECK(s.due("support", "review_team") == "2025-12-19");

  // A meeting on Tuesday 28 October, in the half-term holiday, is dated in neither half term:
  // Autumn 1 has been counted, and Autumn 2 starts on Monday 3 November.
  s.event(d(2025, 10, 28), "review.held", {{"date", "2025-10-28"}, {"progress", "sufficient"}});
  s.take_notices();
  // The RAP is reviewed on Friday 19 December, the term's last teaching day: it counts (the
  // check runs at 00:00 on Saturday 20th).
  s.run_until(d(2025, 12, 19));
  s.event(d(2025, 12, 19), "rap.reviewed", {{"date", "2025-12-19"}});
  CHECK(s.var("support", "rap_reviewed") == "2025-12-19");
  s.run_until(d(2025, 12, 20));
  // Autumn 2 had no meeting: the chair was reminded on 5 December and is told on 20 December.
  CHECK(s.one("telford-review-team-due", d(2025, 12, 5)).to == Roles{"review_team_chair"});
  const auto missed = s.one("telford-review-team-not-held", d(2025, 12, 20));
  CHECK(missed.to == Roles{"review_team_chair"});
  CHECK(missed.cc == Roles{"la_lead", "headteacher", "chair_of_governors", "link_adviser"});
  CHECK(value(missed, "half_term_start") == "2025-11-03");
  CHECK(value(missed, "half_term_end") == "2025-12-19");
  CHECK_THAT(render(missed, d(2025, 12, 20)).text,
             Catch::Contains("half term from Monday 3 November 2025 to Friday 19 December 2025"));
  // The RAP review, not yet recorded on 5 December, was reminded then; the term met its quota.
  CHECK(s.one("telford-rap-review-due", d(2025, 12, 5)).to == Roles{"link_adviser", "headteacher"});
  CHECK(s.sent("telford-rap-review-not-recorded", d(2025, 12, 20)).empty());
  // Next: Spring 1 (Monday 5 January - Friday 13 February 2026), the spring term to Friday 27 March.
  CHECK(s.due("support", "review_team") == "2026-02-13");
  CHECK(s.due("support", "rap_review") == "2026-03-27");
}
