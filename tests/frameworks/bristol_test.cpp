// bristol-2025 on real dates: the shipped definition driven through the School Improvement
// Framework 2025-2028 - the categorisation and its Note of Visit, the universal offer (termly
// SIVs, the extra LA review in the Ofsted window), enhanced support (6-month RAP, six-weekly
// RAVs, two LA reviews, two TAS meetings, monthly School Monitoring Board) and intensive support
// (meeting, RIP, four-weekly reviews and visits, termly TAS with the summary report in advance,
// three-monthly LA review, monthly SMB, termly RAG meetings).
//
// Term dates are the default pattern (docs/calendar.md): 2025-26 Autumn 1 1 Sep-24 Oct, Autumn 2
// 3 Nov-19 Dec, Spring 1 5 Jan-13 Feb, Spring 2 23 Feb-27 Mar, Summer 1 13 Apr-22 May, Summer 2
// 1 Jun-22 Jul; 2026-27 Autumn 1 from Tue 1 Sep, Autumn 2 from Mon 2 Nov. A term on from a date is
// the same day of the half-term two half-terms on. Bristol's own six terms (Term 1-6) are sif's
// half-terms (config/calendars/bristol.yaml), so "a 1/2 day visit per term" is one per half-term.
#include "tests/support/scenario_driver.hpp"

using namespace sif::test;

namespace {
const char* const kId = "bristol-2025";
}  // namespace

TEST_CASE("bristol: categorisation, Note of Visit recipients and the universal offer", "[frameworks][bristol-2025]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  CHECK(s.state_of("support") == "universal");
  // "a 1/2 day visit per term": six a year, on the first teaching day of each of the school's
  // terms (Bristol's Term 1-6, sif's half-terms). Registered on Monday 8 September 2025, inside
  // Autumn 1 (Term 1): the first prompt is the start of Autumn 2 (Term 2), Monday 3 November 2025.
  CHECK(s.due("support", "school_improvement_visit") == "2025-11-03");
  // The annual conversation at the beginning of the academic year (Tue 1 Sep 2026 on the
  // default pattern), not the anniversary of registration; four weeks' notice, Tue 4 Aug.
  CHECK(s.due("support", "annual_categorisation") == "2026-09-01");
  CHECK(s.due("support", "annual_categorisation#reminder1") == "2026-08-04");

  s.event(d(2025, 9, 15), "category.agreed", {{"category", "established"}});
  CHECK(s.category() == "established");
  auto ns = s.take_notices();
  const auto& nov = notice(ns, "bristol-note-of-visit");
  // Shared with the HT and CoG, the Head of Education Partnerships and Director of Education,
  // and the designated SIO.
  CHECK(nov.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(nov.cc == Roles{"la_lead", "director", "link_adviser"});
  const auto nov_letter = render(nov, d(2025, 9, 15));
  CHECK_THAT(nov_letter.text, Catch::Contains("Category: Established"));
  CHECK_THAT(nov_letter.text, Catch::Contains("Date: Monday 15 September 2025"));
  CHECK_THAT(nov_letter.text,
             Catch::Contains("Copies: Lead for School Improvement / Head of Education Partnerships, Director of "
                             "Education, Inclusion and Skills, School Improvement Officer (SIO)"));

  s.event(d(2025, 10, 1), "visit.completed");
  ns = s.take_notices();
  CHECK(notice(ns, "bristol-visit-note").to == Roles{"headteacher", "chair_of_governors"});

  // The extra whole-day LA review is for schools in the Ofsted window only.
  auto refused = s.try_event(d(2025, 10, 2), "la_review.completed");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().details.find("vars.in_ofsted_window") != std::string::npos);
  s.event(d(2025, 10, 6), "ofsted_window.entered");
  ns = s.take_notices();
  CHECK(notice(ns, "bristol-ofsted-window-review").to == Roles{"headteacher"});
  s.event(d(2025, 11, 12), "la_review.completed");
  ns = s.take_notices();
  const auto& report = notice(ns, "bristol-la-review-report");
  CHECK(report.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(value(report, "date.words") == "Wednesday 12 November 2025");

  // An SIV at the start of each term: Autumn 2 Mon 3 November, Spring 1 Mon 5 January 2026,
  // Spring 2 Mon 23 February, Summer 1 Mon 13 April, Summer 2 Mon 1 June, and Autumn 1 2026-27
  // Tue 1 September, the day of the annual conversation (the state declares the SIV first, so it is listed first): six in
  // the year from Autumn 2, where a count of terms from 8 September gave three (12 January,
  // 20 April, 8 September) and no autumn visit at all.
  s.run_until(d(2026, 9, 8));
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"placement@2025-09-08", "school_improvement_visit@2025-11-03",
                                 "school_improvement_visit@2026-01-05", "school_improvement_visit@2026-02-23",
                                 "school_improvement_visit@2026-04-13", "school_improvement_visit@2026-06-01",
                                 "annual_categorisation#reminder1@2026-08-04", "school_improvement_visit@2026-09-01",
                                 "annual_categorisation@2026-09-01"});
  // Next: Autumn 2 2026-27, Monday 2 November.
  CHECK(s.due("support", "school_improvement_visit") == "2026-11-02");
  ns = s.take_notices();
  CHECK(notice(ns, "bristol-visit-due").to == Roles{"link_adviser"});
  CHECK(notice(ns, "bristol-visit-due").cc == Roles{"headteacher"});
  CHECK(value(notice(ns, "bristol-visit-due"), "visit") == "half-day School Improvement Visit (SIV)");
  CHECK(s.sent("bristol-visit-due", d(2025, 11, 3)).size() == 1);
  CHECK(notice(ns, "bristol-categorisation-due").to == Roles{"link_adviser", "headteacher", "chair_of_governors"});
}

TEST_CASE("bristol: enhanced support - RAP, RAVs, SMB, two LA reviews, two TAS meetings",
          "[frameworks][bristol-2025]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "established"}});
  s.event(d(2025, 11, 17), "category.agreed", {{"category", "developing"}});
  CHECK(s.state_of("support") == "enhanced_planning");
  CHECK(s.due("support", "school_monitoring_board") == "2025-12-17");
  // "All of Universal support +": the termly SIV goes on, on the date it had (the Autumn 2 one
  // came on Monday 3 November; next, Spring 1, Monday 5 January 2026).
  CHECK(s.due("support", "school_improvement_visit") == "2026-01-05");
  auto ns = s.take_notices();
  CHECK(notice(ns, "bristol-enhanced-support").to == Roles{"headteacher", "chair_of_governors"});
  CHECK(notice(ns, "bristol-note-of-visit").cc == Roles{"la_lead", "director", "link_adviser"});

  // The 6-month Raising Achievement Plan agreed on Monday 24 November 2025. The monthly School
  // Monitoring Board is one stage (monitoring_board) across the enhanced and intensive states: it
  // keeps the date counted from the categorisation, Wednesday 17 December, rather than starting
  // again a month after the plan (24 December).
  s.event(d(2025, 11, 24), "plan.agreed", {{"plan", "RAP"}});
  CHECK(s.state_of("support") == "enhanced");
  CHECK(s.due("support", "raising_achievement_visit") == "2026-01-05");
  CHECK(s.due("support", "school_monitoring_board") == "2025-12-17");
  CHECK(s.due("support", "rap_end") == "2026-05-24");
  CHECK(s.due("support", "rap_end#reminder1") == "2026-04-24");

  // A TAS meeting on Monday 5 January 2026: the SIO's summary report 5 working days before,
  // across Christmas: 2 January, (1 January) 31, 30, 29 December, (28, 27 weekend, 26, 25
  // bank holidays) Wednesday 24 December 2025.
  s.event(d(2025, 12, 1), "meeting.scheduled", {{"kind", "tas"}, {"date", "2026-01-05"}});
  CHECK(s.state_of("tas_meeting") == "scheduled");
  CHECK(s.due("tas_meeting", "meeting") == "2026-01-05");
  CHECK(s.due("tas_meeting", "meeting#reminder1") == "2025-12-24");
  s.take_fired();
  s.run_until(d(2026, 1, 5));
  // Monday 5 January 2026 has three: the SIV of Spring 1 (declared before the RAV, so first), the
  // first six-weekly RAV from 24 November, and the TAS meeting.
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"school_monitoring_board@2025-12-17", "meeting#reminder1@2025-12-24",
                                 "school_improvement_visit@2026-01-05", "raising_achievement_visit@2026-01-05",
                                 "meeting@2026-01-05"});
  ns = s.take_notices();
  const auto& summary = notice(ns, "bristol-tas-summary-report");
  CHECK(summary.to == Roles{"link_adviser"});
  CHECK(value(summary, "reminder.deadline.words") == "Monday 5 January 2026");
  CHECK(render(summary, d(2025, 12, 24)).subject ==
        "Scenario Primary School: TAS summary report to share before Monday 5 January 2026");
  CHECK(notice(ns, "bristol-monitoring-board").to == Roles{"director"});
  CHECK(notice(ns, "bristol-visit-due").to == Roles{"link_adviser"});
  const auto visits_due = s.sent("bristol-visit-due", d(2026, 1, 5));
  REQUIRE(visits_due.size() == 2);
  CHECK(value(visits_due[0], "visit") == "half-day School Improvement Visit (SIV)");
  CHECK(value(visits_due[1], "visit") == "Raising Achievement Visit (RAV)");
  CHECK(s.state_of("tas_meeting") == "awaiting_record");
  s.event(d(2026, 1, 5), "tas.held");
  CHECK(s.finished("tas_meeting"));
  CHECK(s.var("support", "tas_meetings") == "1");

  // Two whole-day LA reviews are the offer; a third, if held, is recorded and counted, never refused.
  s.event(d(2026, 2, 10), "la_review.completed");
  s.event(d(2026, 3, 10), "la_review.completed");
  CHECK(s.var("support", "la_reviews") == "2");
  s.event(d(2026, 3, 17), "la_review.completed");
  CHECK(s.var("support", "la_reviews") == "3");

  // The second TAS meeting on Monday 13 April 2026: the report is due 5 working days before,
  // across Easter: 10, 9, 8, 7 April, (Easter Monday 6, weekend, Good Friday 3) Thursday 2 April.
  s.event(d(2026, 3, 2), "meeting.scheduled", {{"kind", "tas"}, {"date", "2026-04-13"}});
  CHECK(s.due("tas_meeting", "meeting#reminder1") == "2026-04-02");
  s.event(d(2026, 4, 13), "tas.held");
  CHECK(s.var("support", "tas_meetings") == "2");
  s.event(d(2026, 4, 20), "tas.held");  // a third: recorded too
  CHECK(s.var("support", "tas_meetings") == "3");

  // Six-weekly RAVs: 5 January, 16 February, 30 March, 11 May. The SMB keeps to the 17th (the
  // 17 January, a Saturday, came on Monday 19 January; Friday 17 April has fired by 20 April):
  // Sunday 17 May moves to the next working day, Monday 18 May; next Wednesday 17 June. The
  // plan's 6 months include Sunday 24 May and end at 00:00 on Monday 25 May (a window closes on
  // the calendar day after, bank holiday or not).
  s.take_fired();
  s.run_until(d(2026, 5, 24));
  CHECK(s.state_of("support") == "enhanced");
  CHECK(s.due("support", "school_monitoring_board") == "2026-06-17");
  s.run_until(d(2026, 5, 25));
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"rap_end#reminder1@2026-04-24", "raising_achievement_visit@2026-05-11",
                                 "school_monitoring_board@2026-05-18", "rap_end@2026-05-25 (due 2026-05-24)"});
  CHECK(s.state_of("support") == "enhanced_review");
  // The plan has ended; the Board goes on, on the same date, and so does the SIV (Summer 2,
  // Monday 1 June 2026).
  CHECK(s.due("support", "school_monitoring_board") == "2026-06-17");
  CHECK(s.due("support", "school_improvement_visit") == "2026-06-01");
  ns = s.take_notices();
  const auto& ended = notice(ns, "bristol-rap-ended");
  CHECK(ended.to == Roles{"la_lead", "link_adviser"});
  CHECK(value(ended, "la_reviews") == "3");
  CHECK(value(ended, "tas_meetings") == "3");

  SECTION("still developing: a new plan") {
    s.event(d(2026, 6, 1), "category.agreed", {{"category", "developing"}});
    CHECK(s.state_of("support") == "enhanced_planning");
    s.event(d(2026, 6, 8), "plan.agreed", {{"plan", "RAP 2"}});
    CHECK(s.state_of("support") == "enhanced");
    CHECK(s.var("support", "la_reviews") == "0");
    // Still the same Board: Wednesday 17 June, not a month after the new plan.
    CHECK(s.due("support", "school_monitoring_board") == "2026-06-17");
    // The SIV of 1 June has gone out; next, the start of Autumn 1 2026-27, Tuesday 1 September.
    CHECK(s.due("support", "school_improvement_visit") == "2026-09-01");
  }
  SECTION("improved: back to universal") {
    s.event(d(2026, 6, 1), "category.agreed", {{"category", "established"}});
    CHECK(s.state_of("support") == "universal");
    // Leaving the stage stops the Board; the SIV is the same cadence (1 June fired, 1 September next).
    CHECK(s.due("support", "school_monitoring_board").empty());
    CHECK(s.due("support", "school_improvement_visit") == "2026-09-01");
  }
  SECTION("declined: intensive") {
    s.event(d(2026, 6, 1), "category.agreed", {{"category", "causing_concern"}});
    CHECK(s.state_of("support") == "intensive_meeting");
    CHECK(s.due("support", "school_monitoring_board") == "2026-06-17");
    // Intensive support has its own four-weekly SIO visits (once the RIP is in place), not the
    // universal SIV: the support table's Category 4 does not say "All of Universal support".
    CHECK(s.due("support", "school_improvement_visit").empty());
  }
}

// Support table, Category 3 (p.13): "All of Universal support +"; Enhanced support (p.12): "in
// addition to the level provided under the Universal level (i.e. three days SIO support)".
TEST_CASE("bristol: enhanced support keeps the universal offer - the termly SIV, its Visit Note, the Ofsted-window review",
          "[frameworks][bristol-2025]") {
  Scenario s(kId);
  // Registered on Monday 1 September 2025, the first day of Autumn 1 (Term 1): its SIV is due that day.
  s.start(d(2025, 9, 1));
  CHECK(s.due("support", "school_improvement_visit") == "2025-09-01");
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "developing"}});
  CHECK(s.state_of("support") == "enhanced_planning");
  // The Term 1 prompt went out on 1 September; the next is Term 2, Monday 3 November.
  CHECK(s.sent("bristol-visit-due", d(2025, 9, 1)).size() == 1);
  CHECK(s.due("support", "school_improvement_visit") == "2025-11-03");
  s.take_notices();

  // While the plan is drawn up the SIO's half-day visit is recorded, with its Visit Note.
  s.event(d(2025, 10, 1), "visit.completed");
  auto ns = s.take_notices();
  const auto& vn = notice(ns, "bristol-visit-note");
  CHECK(vn.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(value(vn, "visit") == "School Improvement Visit");

  // "Schools in the Ofsted window will be offered an additional whole day Local Authority review"
  CHECK_FALSE(s.try_event(d(2025, 10, 2), "la_review.completed"));
  s.event(d(2025, 10, 6), "ofsted_window.entered");
  ns = s.take_notices();
  CHECK(notice(ns, "bristol-ofsted-window-review").to == Roles{"headteacher"});
  s.event(d(2025, 10, 15), "la_review.completed");
  ns = s.take_notices();
  CHECK(notice(ns, "bristol-la-review-report").to == Roles{"headteacher", "chair_of_governors"});

  // The plan agreed on Monday 20 October: the SIV keeps Monday 3 November (one stage), and the
  // six-weekly RAVs start: Monday 1 December.
  s.event(d(2025, 10, 20), "plan.agreed", {{"plan", "RAP"}});
  CHECK(s.state_of("support") == "enhanced");
  CHECK(s.due("support", "school_improvement_visit") == "2025-11-03");
  CHECK(s.due("support", "raising_achievement_visit") == "2025-12-01");
  s.take_fired();
  s.take_notices();

  // Two visits in enhanced support, each with its Visit Note: the SIV (kind siv) and the RAV
  // (kind rav, or no kind).
  s.event(d(2025, 11, 5), "visit.completed", {{"date", "2025-11-05"}, {"kind", "siv"}});
  CHECK(value(notice(s.take_notices(), "bristol-visit-note"), "visit") == "School Improvement Visit");
  // The Board a month from 22 September (Wednesday 22 October), the SIV on Monday 3 November,
  // the Board of Saturday 22 November on Monday 24 November, the first RAV on Monday 1 December.
  s.run_until(d(2025, 12, 1));
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"school_monitoring_board@2025-10-22", "school_improvement_visit@2025-11-03",
                                 "school_monitoring_board@2025-11-24", "raising_achievement_visit@2025-12-01"});
  CHECK(value(s.one("bristol-visit-due", d(2025, 11, 3)), "visit") == "half-day School Improvement Visit (SIV)");
  CHECK(value(s.one("bristol-visit-due", d(2025, 12, 1)), "visit") == "Raising Achievement Visit (RAV)");
  s.take_notices();
  s.event(d(2025, 12, 2), "visit.completed", {{"kind", "rav"}});
  CHECK(value(notice(s.take_notices(), "bristol-visit-note"), "visit") == "Raising Achievement Visit");
  s.event(d(2025, 12, 3), "visit.completed");
  CHECK(value(notice(s.take_notices(), "bristol-visit-note"), "visit") == "Raising Achievement Visit");
  CHECK_FALSE(s.try_event(d(2025, 12, 3), "visit.completed", {{"kind", "peer_review"}}));
  // Next SIV: Spring 1, Monday 5 January 2026.
  CHECK(s.due("support", "school_improvement_visit") == "2026-01-05");
}

// "Once the category has been agreed with the Headteacher and Chair of Governors, the School
// Improvement Officer will confirm this in a Note of Visit" (p.5-6), whichever the category.
TEST_CASE("bristol: causing concern re-agreed at the meeting or while the RIP is drawn up is confirmed in a Note of Visit",
          "[frameworks][bristol-2025]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "causing_concern"}});
  CHECK(s.state_of("support") == "intensive_meeting");
  CHECK(s.var("support", "categorised_on") == "2025-09-22");
  s.take_notices();

  s.event(d(2025, 9, 29), "category.agreed", {{"category", "causing_concern"}});
  CHECK(s.state_of("support") == "intensive_meeting");
  CHECK(s.var("support", "categorised_on") == "2025-09-29");
  auto ns = s.take_notices();
  CHECK(templates(ns) == std::vector<std::string>{"bristol-note-of-visit"});
  CHECK(ns[0].to == Roles{"headteacher", "chair_of_governors"});
  CHECK(ns[0].cc == Roles{"la_lead", "director", "link_adviser"});
  // Nothing started again: the Board stays a month from 22 September, Wednesday 22 October.
  CHECK(s.due("support", "school_monitoring_board") == "2025-10-22");

  s.event(d(2025, 10, 1), "intensive_meeting.held");
  CHECK(s.state_of("support") == "rip_drafting");
  s.take_notices();
  s.event(d(2025, 10, 3), "category.agreed", {{"date", "2025-10-02"}, {"category", "causing_concern"}});
  CHECK(s.state_of("support") == "rip_drafting");
  CHECK(s.var("support", "categorised_on") == "2025-10-02");
  ns = s.take_notices();
  CHECK(templates(ns) == std::vector<std::string>{"bristol-note-of-visit"});
  CHECK_THAT(render(ns[0], d(2025, 10, 3)).text, Catch::Contains("Category: Causing Concern"));
}

TEST_CASE("bristol: intensive support - meeting, RIP and every cadence", "[frameworks][bristol-2025]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8), {.type = "voluntary_aided"});
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "causing_concern"}});
  CHECK(s.state_of("support") == "intensive_meeting");
  auto ns = s.take_notices();
  const auto& invite = notice(ns, "bristol-intensive-meeting");
  CHECK(invite.to == Roles{"headteacher", "chair_of_governors"});
  // "and a representative from the Diocesan Board, as appropriate"
  CHECK(invite.cc == Roles{"la_lead", "link_adviser", "appointing_authority"});
  // The monthly School Monitoring Board from Monday 22 September: Wednesday 22 October. It is one
  // stage (monitoring_board) through the meeting, the RIP's drafting and intensive support, so
  // it keeps that date as the school moves on.
  CHECK(s.due("support", "school_monitoring_board") == "2025-10-22");

  s.event(d(2025, 10, 1), "intensive_meeting.held");
  CHECK(s.state_of("support") == "rip_drafting");
  CHECK(s.due("support", "school_monitoring_board") == "2025-10-22");
  s.event(d(2025, 10, 6), "plan.agreed", {{"plan", "RIP"}, {"until", "2026-03-27"}});
  CHECK(s.state_of("support") == "intensive");
  ns = s.take_notices();
  CHECK(value(notice(ns, "bristol-rip-agreed"), "vars.plan_until") == "2026-03-27");
  CHECK_THAT(render(notice(ns, "bristol-rip-agreed"), d(2025, 10, 6)).text,
             Catch::Contains("its timeline runs to\nFriday 27 March 2026"));
  // From Monday 6 October 2025 (Autumn 1, day 35); the SMB keeps its 22 October.
  CHECK(s.due("support", "rip_review") == "2025-11-03");
  CHECK(s.due("support", "sio_visit") == "2025-11-03");
  // The termly TAS and progress meetings are prompted at the start of each real term (next: the
  // spring term, Mon 5 Jan 2026) and counted when it is over (the autumn term ends Fri 19 Dec
  // 2025; intensive support began in it, so it is not counted).
  CHECK(s.due("support", "tas_meeting") == "2026-01-05");
  CHECK(s.due("support", "tas_check") == "2025-12-19");
  CHECK(s.due("support", "la_review") == "2026-01-06");
  CHECK(s.due("support", "school_monitoring_board") == "2025-10-22");
  CHECK(s.due("support", "progress_meeting") == "2026-01-05");
  CHECK(s.due("support", "progress_check") == "2025-12-19");

  // The monthly SMB of Saturday 22 November moves to Monday 24 November; the series keeps its
  // rhythm from the 22nd (Monday 22 December, Thursday 22 January). The four-weekly SIO visit
  // is term-time: the one of Monday 29 December (Christmas holidays) comes on Monday 5 January
  // 2026, the first day of Spring 1, and the next keeps the rhythm (Monday 26 January).
  s.take_fired();
  s.run_until(d(2026, 2, 9));
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"school_monitoring_board@2025-10-22", "rip_review@2025-11-03", "sio_visit@2025-11-03",
                                 "school_monitoring_board@2025-11-24", "rip_review@2025-12-01", "sio_visit@2025-12-01",
                                 "tas_check@2025-12-20 (due 2025-12-19)", "progress_check@2025-12-20 (due 2025-12-19)",
                                 "school_monitoring_board@2025-12-22", "rip_review@2025-12-29", "sio_visit@2026-01-05",
                                 "tas_meeting@2026-01-05", "progress_meeting@2026-01-05", "la_review@2026-01-06",
                                 "school_monitoring_board@2026-01-22", "rip_review@2026-01-26", "sio_visit@2026-01-26"});
  CHECK(s.sent("bristol-tas-due", d(2025, 12, 20)).empty());  // the term intensive support began in
  ns = s.take_notices();
  CHECK(notice(ns, "bristol-rip-review").to == Roles{"link_adviser", "la_lead"});
  CHECK(notice(ns, "bristol-la-review-due").to == Roles{"la_lead"});
  CHECK(notice(ns, "bristol-tas-due").to == Roles{"la_lead"});
  CHECK(notice(ns, "bristol-progress-meeting-due").cc == Roles{"headteacher", "chair_of_governors", "link_adviser"});
  // Next: the SMB of Sunday 22 February on Monday 23 February, the LA review three months on
  // (Easter Monday 6 April, so Tuesday 7 April), the TAS prompt at the start of the summer term
  // (Mon 13 Apr), the spring term's check when Fri 27 Mar is over.
  CHECK(s.due("support", "school_monitoring_board") == "2026-02-23");
  CHECK(s.due("support", "la_review") == "2026-04-07");
  CHECK(s.due("support", "tas_meeting") == "2026-04-13");
  CHECK(s.due("support", "tas_check") == "2026-03-27");

  // The TAS on Thursday 5 March: summary report and agenda 5 working days before.
  s.event(d(2026, 2, 9), "meeting.scheduled", {{"kind", "tas"}, {"date", "2026-03-05"}});
  CHECK(s.due("tas_meeting", "meeting#reminder1") == "2026-02-26");

  // Termly RAG meeting, recorded in a Monitoring Progress Visit Note.
  s.event(d(2026, 2, 10), "review.held", {{"date", "2026-02-10"}, {"rating", "amber"}});
  ns = s.take_notices();
  const auto& note = notice(ns, "bristol-monitoring-progress-note");
  CHECK(note.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(value(note, "rating") == "amber");
  CHECK_FALSE(s.try_event(d(2026, 2, 10), "review.held", {{"date", "2026-02-10"}, {"rating", "yellow"}}));
  CHECK_FALSE(s.try_event(d(2026, 2, 10), "review.held", {{"date", "2026-02-10"}, {"progress", "sufficient"}}));

  s.event(d(2026, 3, 5), "tas.held");
  CHECK(s.finished("tas_meeting"));
  // The spring term (to Fri 27 Mar) had its TAS meeting (5 March) and its progress meeting (10
  // February): nothing is said when it is over.
  s.run_until(d(2026, 3, 28));
  CHECK(s.var("support", "tas_held") == "2026-03-05");
  CHECK(s.sent("bristol-tas-due", d(2026, 3, 28)).empty());
  CHECK(s.sent("bristol-progress-meeting-due", d(2026, 3, 28)).empty());

  SECTION("no TAS or progress meeting in the summer term: both are said when it is over") {
    // Prompted at its start, Mon 13 Apr 2026; its last teaching day is Wed 22 Jul.
    s.run_until(d(2026, 7, 23));
    CHECK(s.sent("bristol-tas-due", d(2026, 4, 13)).size() == 1);
    sif::workflows::NoticeEffect tas = s.one("bristol-tas-due", d(2026, 7, 23));
    CHECK(value(tas, "missed") == "yes");
    CHECK(tas.to == Roles{"la_lead"});
    CHECK_THAT(render(tas, d(2026, 7, 23)).text,
               Catch::Contains("was recorded as held this term\n(Monday 13 April 2026 to Wednesday 22 July 2026)"));
    CHECK(value(s.one("bristol-progress-meeting-due", d(2026, 7, 23)), "missed") == "yes");
  }
  SECTION("improving: enhanced support") {
    s.event(d(2026, 7, 13), "category.agreed", {{"category", "developing"}});
    CHECK(s.state_of("support") == "enhanced_planning");
    CHECK(s.category() == "developing");
  }
  SECTION("secure: universal") {
    s.event(d(2026, 7, 13), "category.agreed", {{"category", "extending"}});
    CHECK(s.state_of("support") == "universal");
  }
}

TEST_CASE("bristol: a school registered in a category starts its level of support", "[frameworks][bristol-2025]") {
  Scenario s(kId);
  SECTION("developing") {
    s.start(d(2025, 9, 8), {.type = "community", .category = "developing"});
    s.run_until(d(2025, 9, 8));
    CHECK(s.state_of("support") == "enhanced_planning");
  }
  SECTION("causing concern") {
    s.start(d(2025, 9, 8), {.type = "community", .category = "causing_concern"});
    s.run_until(d(2025, 9, 8));
    CHECK(s.state_of("support") == "intensive_meeting");
  }
  SECTION("established") {
    s.start(d(2025, 9, 8), {.type = "community", .category = "established"});
    s.run_until(d(2025, 9, 8));
    CHECK(s.state_of("support") == "universal");
  }
}

TEST_CASE("bristol: an Ofsted judgement is recordable in every category, and a warning notice in intensive support",
          "[frameworks][bristol-2025]") {
  for (const char* category : {"established", "developing", "causing_concern"}) {
    Scenario s(kId);
    s.start(d(2025, 9, 1));
    s.event(d(2025, 9, 22), "category.agreed", {{"category", category}});
    INFO(category << ": " << s.state_of("support"));
    s.event(d(2025, 10, 8), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "requires_improvement"}});
    CHECK(s.var("support", "ofsted_grade") == "requires_improvement");
  }
  Scenario s(kId);
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 22), "category.agreed", {{"category", "causing_concern"}});
  s.event(d(2025, 11, 3), "warning_notice.issued", {{"date", "2025-11-03"}, {"grounds", "safety of pupils"}});
  CHECK(s.var("support", "warning_notice") == "2025-11-03");
}

TEST_CASE("bristol: the annual conversation at the start of the academic year, in every category", "[frameworks][bristol-2025]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "established"}});
  // Moved to developing (enhanced support) in November: the conversation stays at the start of
  // the next academic year, Tue 1 Sep 2026, and is still pending in enhanced support.
  s.event(d(2025, 11, 17), "category.agreed", {{"category", "developing"}});
  CHECK(s.state_of("support") == "enhanced_planning");
  CHECK(s.due("support", "annual_categorisation") == "2026-09-01");
  s.event(d(2025, 11, 24), "plan.agreed", {{"plan", "RAP"}});
  CHECK(s.state_of("support") == "enhanced");
  CHECK(s.due("support", "annual_categorisation") == "2026-09-01");
}

// A TAS meeting arranged on Monday 1 December 2025 for Monday 5 January 2026, then moved on Monday
// 8 December to Monday 12 January: one meeting (start: once), its summary report reminder counted
// back from the new date, 5 working days before: 9, 8, 7, 6, Monday 5 January 2026 - not
// Wednesday 24 December.
TEST_CASE("bristol: a TAS meeting arranged again moves, with its summary report reminder",
          "[frameworks][bristol-2025][dates]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  s.event(d(2025, 9, 15), "category.agreed", {{"category", "established"}});
  s.event(d(2025, 11, 17), "category.agreed", {{"category", "developing"}});
  s.event(d(2025, 11, 24), "plan.agreed", {{"plan", "RAP"}});
  s.event(d(2025, 12, 1), "meeting.scheduled", {{"kind", "tas"}, {"date", "2026-01-05"}});
  CHECK(s.due("tas_meeting", "meeting#reminder1") == "2025-12-24");
  s.event(d(2025, 12, 8), "meeting.scheduled", {{"kind", "tas"}, {"date", "2026-01-12"}});
  int open = 0;
  for (const auto& i : s.state().instances) open += i.workflow == "tas_meeting" && !i.final ? 1 : 0;
  CHECK(open == 1);
  CHECK(s.due("tas_meeting", "meeting") == "2026-01-12");
  CHECK(s.due("tas_meeting", "meeting#reminder1") == "2026-01-05");
  s.take_notices();
  s.run_until(d(2026, 1, 5));
  CHECK(s.sent("bristol-tas-summary-report", d(2025, 12, 24)).empty());
  CHECK(s.one("bristol-tas-summary-report", d(2026, 1, 5)).to == Roles{"link_adviser"});
  CHECK(s.state_of("tas_meeting") == "scheduled");
}
