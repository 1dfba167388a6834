// Central South Consortium Framework for School Improvement (2020), config/frameworks/csc-2020.yaml,
// driven through the whole document on real dates. The warning notice's own tests (a stated
// period across Christmas, the Welsh Ministers' copy, no representations) are in
// warning_notice_test.cpp.
//
// Wales shares England's bank holidays. Term dates are the default pattern, worked out by hand:
//   2025-26 Autumn 1: Mon 1 Sep .. Fri 24 Oct 2025   Autumn 2: Mon 3 Nov .. Fri 19 Dec 2025
//           Spring 1: Mon 5 Jan .. Fri 13 Feb 2026   Spring 2: Mon 23 Feb .. Fri 27 Mar 2026
//           Summer 1: Mon 13 Apr .. Fri 22 May 2026  Summer 2: Mon 1 Jun .. Wed 22 Jul 2026
// Visits (at least two) and review meetings (termly for amber, half-termly for red) are quotas of
// these real half-terms and terms, checked at 08:00 on the last teaching day of each against the
// dates of the visits and meetings.
#include "tests/support/scenario_driver.hpp"

using namespace sif::test;
using sif::workflows::ErrorCode;
using sif::workflows::NoticeEffect;

TEST_CASE("csc: hybrid model, core support and the headteacher's performance management (green/yellow)",
          "[frameworks][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1), {.id = "920001", .name = "Ysgol Gynradd Enghraifft", .type = "community"});
  CHECK(s.state_of("support") == "awaiting_category");
  CHECK(s.state_of("cause_for_concern") == "no_concern");
  CHECK(s.state_of("leadership_and_governance") == "no_concern");
  CHECK(s.state_of("headteacher_pm") == "awaiting_review");
  // The first review is prompted too: the start of the autumn term, Mon 1 Sep 2025.
  CHECK(s.due("headteacher_pm", "first_review") == "2025-09-01");

  s.event(d(2025, 9, 1), "category.agreed", {{"category", "yellow"}});
  const NoticeEffect first = s.one("csc-update", d(2025, 9, 1));
  CHECK(first.to == Roles{"chair_of_governors", "link_adviser"});
  CHECK(first.data.at("message").find("setting of objectives is due this autumn term") != std::string::npos);
  CHECK(s.state_of("support") == "core_support");
  CHECK(s.category() == "yellow");
  s.event(d(2025, 9, 22), "plan.agreed", {{"plan", "Support plan 2020-21"}});
  CHECK(s.var("support", "support_plan") == "Support plan 2020-21");

  // Annual review in the autumn term (section 5): the next is prompted at the start of the next
  // autumn term (Tue 1 Sep 2026 on the default pattern), whenever this one was held.
  s.event(d(2025, 11, 20), "pm.review_held", {{"date", "2025-11-20"}});
  CHECK(s.state_of("headteacher_pm") == "objectives_set");
  CHECK(s.due("headteacher_pm", "next_review") == "2026-09-01");
  s.event(d(2026, 3, 10), "pm.monitoring_held", {{"date", "2026-03-10"}});
  // One monitoring meeting is enough for a yellow school: no warning at the next review.
  s.event(d(2026, 11, 19), "pm.review_held", {{"date", "2026-11-19"}});
  CHECK(s.sent("csc-update", d(2026, 11, 19)).empty());
  CHECK(s.var("headteacher_pm", "monitoring_meetings") == "0");
  // A new headteacher needs objectives of their own.
  s.event(d(2027, 1, 4), "context.changed", {{"kind", "headteacher_new"}});
  CHECK(s.state_of("headteacher_pm") == "awaiting_review");
  CHECK(s.one("csc-update", d(2027, 1, 4)).data.at("message").find("A new headteacher has been recorded") !=
        std::string::npos);
  // Not an anniversary: the start of the next autumn term, Wed 1 Sep 2027.
  CHECK(s.due("headteacher_pm", "first_review") == "2027-09-01");

  // Green needs no warning either... but none recorded at all is one too few.
  s.event(d(2027, 1, 20), "pm.review_held", {{"date", "2027-01-20"}});
  s.event(d(2027, 11, 18), "pm.review_held", {{"date", "2027-11-18"}});
  NoticeEffect none = s.one("csc-update", d(2027, 11, 18));
  CHECK(none.to == Roles{"la_lead"});
  CHECK(none.data.at("message").find("No monitoring meeting") != std::string::npos);
}

TEST_CASE("csc: amber then red - visits, review meetings, progress reports, RAG, insufficient progress, exit",
          "[frameworks][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1), {.id = "920002", .name = "Ysgol Uwchradd Enghraifft", .type = "community"});
  s.event(d(2025, 10, 6), "category.agreed", {{"category", "amber"}});
  CHECK(s.state_of("support") == "amber_support");
  CHECK(s.category() == "amber");
  NoticeEffect start = s.one("csc-progress-review-start", d(2025, 10, 6));
  CHECK(start.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(start.cc == Roles{"link_adviser", "la_lead", "director"});
  CHECK(start.data.at("cadence") == "termly");
  // Visits are a quota of the school's real half-term, checked at 08:00 on its last teaching
  // day: Autumn 1 ends on Fri 24 Oct 2025. Amber's review meeting is a quota of the term,
  // checked on the last teaching day of the autumn term, Fri 19 Dec 2025; the progress report
  // reminder 10 working days before it: 18, 17, 16, 15, 12, 11, 10, 9, 8, 5 -> Fri 5 Dec 2025.
  CHECK(s.due("support", "visit_check") == "2025-10-24");
  CHECK(s.due("support", "review_due") == "2025-12-19");
  CHECK(s.due("support", "review_due#reminder1") == "2025-12-05");

  // Two visits in Autumn 1 (Mon 13 and Mon 20 October): no warning when Fri 24 October, its
  // last teaching day, is over (the check runs at 00:00 on Sat 25 October).
  s.event(d(2025, 10, 13), "visit.completed", {{"date", "2025-10-13"}});
  s.event(d(2025, 10, 20), "visit.completed", {{"date", "2025-10-20"}});
  s.run_until(d(2025, 10, 25));
  CHECK(s.sent("csc-update", d(2025, 10, 25)).empty());
  // Next: the last teaching day of Autumn 2, Fri 19 Dec 2025.
  CHECK(s.due("support", "visit_check") == "2025-12-19");

  // A visit in Autumn 2 (Mon 17 Nov) finds insufficient progress: the headteacher informs the
  // chair before the meeting.
  s.event(d(2025, 11, 17), "visit.completed", {{"date", "2025-11-17"}, {"progress", "insufficient"}});
  NoticeEffect warn = s.one("csc-insufficient-progress-warning", d(2025, 11, 17));
  CHECK(warn.to == Roles{"headteacher"});
  CHECK(warn.cc == Roles{"chair_of_governors", "link_adviser"});

  // The termly meeting is scheduled for Thu 11 Dec 2025 (recorded on Mon 24 Nov): the progress
  // report is prepared by the working day before, Wed 10 Dec 2025.
  s.event(d(2025, 11, 24), "meeting.scheduled", {{"kind", "progress_review"}, {"date", "2025-12-11"}});
  CHECK(s.state_of("review_meeting") == "scheduled");
  CHECK(s.due("review_meeting", "report_prepared") == "2025-12-10");
  NoticeEffect invite = s.one("csc-review-meeting", d(2025, 11, 24));
  CHECK(invite.data.at("meeting_date.words") == "Thursday 11 December 2025");
  CHECK(invite.data.at("deadline.report_prepared.words") == "Wednesday 10 December 2025");
  s.event(d(2025, 12, 9), "progress_report.prepared", {{"date", "2025-12-09"}});
  CHECK(s.due("review_meeting", "report_prepared").empty());
  CHECK(s.one("csc-review-reminder", d(2025, 12, 5)).to == Roles{"link_adviser"});

  // Amber: satisfactory progress. The report is completed within 5 working days: 12, 15, 16,
  // 17, 18 -> Thu 18 Dec; it is completed on Tue 16 Dec.
  s.event(d(2025, 12, 11), "review.held", {{"date", "2025-12-11"}, {"rating", "amber"}});
  CHECK(s.state_of("review_meeting") == "report_completion");
  CHECK(s.due("review_meeting", "report_completed") == "2025-12-18");
  CHECK(s.var("support", "last_rating") == "amber");
  CHECK(s.state_of("support") == "amber_support");
  s.event(d(2025, 12, 16), "progress_report.completed", {{"date", "2025-12-16"}});
  CHECK(s.state_of("review_meeting") == "completed");

  // Fri 19 Dec, the last teaching day of Autumn 2 and of the autumn term: the meeting was held
  // this term (no warning), but only one visit (17 Nov) is dated in Autumn 2.
  s.run_until(d(2025, 12, 20));
  NoticeEffect few = s.one("csc-update", d(2025, 12, 20));
  CHECK(few.to == Roles{"la_lead"});
  CHECK(few.data.at("message").find("Fewer than two") != std::string::npos);
  // Next: the end of Spring 1, Fri 13 Feb 2026; the end of the spring term, Fri 27 Mar 2026,
  // reminder 10 working days before: 26, 25, 24, 23, 20, 19, 18, 17, 16, 13 -> Fri 13 Mar.
  CHECK(s.due("support", "visit_check") == "2026-02-13");
  CHECK(s.due("support", "review_due") == "2026-03-27");
  CHECK(s.due("support", "review_due#reminder1") == "2026-03-13");

  // Two visits in Spring 1 (Mon 12 Jan, Mon 2 Feb): no warning on Fri 13 Feb.
  s.event(d(2026, 1, 12), "visit.completed", {{"date", "2026-01-12"}});
  s.event(d(2026, 2, 2), "visit.completed", {{"date", "2026-02-02"}});
  s.run_until(d(2026, 2, 14));
  CHECK(s.sent("csc-update", d(2026, 2, 14)).empty());

  // Spring 2 (from Mon 23 Feb): a visit on Mon 2 March while amber. The next meeting, Thu 19
  // March: the report is due by the working day before, Wed 18 March. Not recorded as prepared
  // that day, it is overdue from 08:00 on Thu 19 March, an hour before the meeting.
  s.event(d(2026, 3, 2), "visit.completed", {{"date", "2026-03-02"}});
  s.event(d(2026, 3, 2), "meeting.scheduled", {{"kind", "progress_review"}, {"date", "2026-03-19"}});
  CHECK(s.due("review_meeting", "report_prepared") == "2026-03-18");
  CHECK(s.fires("review_meeting", "report_prepared") == "2026-03-19");
  s.run_until(d(2026, 3, 18));
  CHECK(s.sent("csc-update", d(2026, 3, 18)).empty());
  s.run_until(d(2026, 3, 19));
  NoticeEffect late = s.one("csc-update", d(2026, 3, 19));
  CHECK(late.to == Roles{"link_adviser"});
  CHECK(s.overdue("review_meeting") == std::vector<std::string>{"report_prepared"});

  // Red: limited progress -> the IP consults the PIP and the head of service (2.7).
  s.event(d(2026, 3, 19), "review.held", {{"date", "2026-03-19"}, {"rating", "red"}});
  CHECK(s.state_of("next_steps") == "consultation");
  NoticeEffect consult = s.one("csc-next-steps", d(2026, 3, 19));
  CHECK(consult.to == Roles{"la_lead", "director"});
  auto unknown = s.try_event(d(2026, 3, 20), "next_steps.agreed", {{"decision", "ignore"}});
  CHECK_FALSE(unknown);
  s.event(d(2026, 3, 20), "next_steps.agreed", {{"decision", "review"}});
  CHECK(s.state_of("next_steps") == "diagnostic_review");

  // ... and the category changes on Mon 23 Mar: red, half-termly. The review meeting is now
  // due at the end of this half-term, Fri 27 Mar 2026; its reminder 10 working days before (Fri
  // 13 Mar) had passed when it was armed, so it falls due at once, late - and is not sent, since
  // a review meeting (19 March) is already recorded in this half-term. The visit check is one
  // stage across amber and red: it stays on Fri 27 Mar and counts the visit of 2 March, recorded
  // while amber.
  s.event(d(2026, 3, 23), "category.agreed", {{"category", "red"}});
  CHECK(s.state_of("support") == "red_support");
  CHECK(s.category() == "red");
  CHECK(s.one("csc-progress-review-start", d(2026, 3, 23)).data.at("cadence") == "half-termly");
  CHECK(s.due("support", "review_due") == "2026-03-27");
  CHECK(s.due("support", "review_due#reminder1") == "2026-03-13");
  CHECK(s.fires("support", "review_due#reminder1") == "2026-03-23");
  CHECK(s.due("support", "visit_check") == "2026-03-27");
  s.event(d(2026, 3, 24), "progress_report.completed", {{"date", "2026-03-24"}});
  CHECK(s.sent("csc-review-reminder", d(2026, 3, 23)).empty());
  s.event(d(2026, 3, 25), "visit.completed", {{"date", "2026-03-25"}});
  // Fri 27 Mar: visits of 2 and 25 March, the meeting of 19 March: no warning.
  s.event(d(2026, 3, 27), "evaluation.completed", {{"date", "2026-03-27"}});
  CHECK(s.state_of("next_steps") == "reviewed");
  s.run_until(d(2026, 3, 28));
  CHECK(s.sent("csc-update", d(2026, 3, 28)).empty());
  // Summer 1 ends Fri 22 May 2026; the review reminder 10 working days before: 21, 20, 19, 18,
  // 15, 14, 13, 12, 11, 8 -> Fri 8 May.
  CHECK(s.due("support", "visit_check") == "2026-05-22");
  CHECK(s.due("support", "review_due") == "2026-05-22");
  CHECK(s.due("support", "review_due#reminder1") == "2026-05-08");

  // Yellow progress at the next meeting; two visits in Summer 1; no warning on 22 May.
  s.event(d(2026, 4, 20), "visit.completed", {{"date", "2026-04-20"}});
  s.event(d(2026, 5, 7), "review.held", {{"date", "2026-05-07"}, {"rating", "yellow"}});
  CHECK(s.var("support", "last_rating") == "yellow");
  s.event(d(2026, 5, 11), "visit.completed", {{"date", "2026-05-11"}});
  s.run_until(d(2026, 5, 23));
  CHECK(s.sent("csc-update", d(2026, 5, 23)).empty());

  // Then the exit. Support is not withdrawn without a recommendation on evidence (2.2): a bare
  // category change or approval is refused.
  CHECK_FALSE(s.try_event(d(2026, 7, 1), "category.agreed", {{"category", "green"}}));
  CHECK_FALSE(s.try_event(d(2026, 7, 1), "exit.approved", {{"date", "2026-07-01"}}));
  s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}});
  s.event(d(2026, 7, 10), "exit.approved", {{"date", "2026-07-10"}, {"category", "green"}});
  CHECK(s.state_of("support") == "core_support");
  CHECK(s.category() == "green");
  // Out of the progress review system: no visit check or review at the end of Summer 2.
  CHECK(s.due("support", "visit_check").empty());
  CHECK(s.due("support", "review_due").empty());
}

TEST_CASE("csc: concerns in writing, warning notice across Easter, statutory powers, governance and "
          "leadership concerns, headteacher monitoring for red schools",
          "[frameworks][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1),
          {.id = "920003", .name = "Ysgol yr Eglwys yng Nghymru Enghraifft", .type = "voluntary_controlled"});
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "red"}});

  // Concerns in writing: the letter must give the timescale (2.4).
  CHECK_FALSE(s.try_event(d(2026, 1, 26), "concern.notified", {{"reason", "Standards at KS2"}}));
  s.event(
      d(2026, 1, 26), "concern.notified",
      {{"reason", "Standards at KS2 remain low"}, {"action", "Implement the literacy plan"}, {"until", "2026-03-27"}});
  CHECK(s.state_of("cause_for_concern") == "concerns_in_writing");
  NoticeEffect letter = s.one("csc-concerns-letter", d(2026, 1, 26));
  CHECK(letter.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(letter.cc == Roles{"governing_body", "link_adviser", "la_lead"});
  CHECK(letter.data.at("until.words") == "Friday 27 March 2026");
  CHECK(letter.data.at("concerns") == "Standards at KS2 remain low");
  CHECK(s.due("cause_for_concern", "agreed_period_end") == "2026-03-27");
  CHECK(s.due("cause_for_concern", "agreed_period_end#reminder1") == "2026-03-20");

  // The timescale includes its last day, Fri 27 March; it closes at 00:00 on Sat 28 March.
  s.run_until(d(2026, 3, 27));
  CHECK(s.state_of("cause_for_concern") == "concerns_in_writing");
  s.run_until(d(2026, 3, 28));
  CHECK(s.state_of("cause_for_concern") == "end_of_agreed_period");
  CHECK(s.instance("cause_for_concern").entered == d(2026, 3, 28));
  // (Spring 2's visit and review checks, for the same day that is over, go out at 00:00 too.)
  int to_director = 0;
  for (const auto& u : s.sent("csc-update", d(2026, 3, 28))) to_director += u.to == Roles{"director", "la_lead"} ? 1 : 0;
  CHECK(to_director == 1);

  // Warning notice on Thu 2 Apr 2026 with 20 working days: Good Friday 3 Apr and Easter Monday
  // 6 Apr skipped; 7-10 (4), 13-17 (9), 20-24 (14), 27-30 (18), 1 May (19), the early May bank
  // holiday 4 May skipped, 5 May (20) -> Tue 5 May 2026.
  s.event(d(2026, 4, 2), "warning_notice.issued",
          {{"date", "2026-04-02"},
           {"grounds", "Insufficient progress at the end of the agreed period"},
           {"compliance_working_days", "20"}});
  CHECK(s.state_of("cause_for_concern") == "warning_notice");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-05-05");
  CHECK(s.due("cause_for_concern", "compliance_end") == "2026-05-05");
  auto letters = s.sent("warning-notice-letter", d(2026, 4, 2));
  REQUIRE(letters.size() == 2);
  for (const auto& l : letters) {
    CHECK(l.data.at("deadline.compliance_end.words") == "Tuesday 5 May 2026");
    if (l.to == Roles{"governing_body"}) {
      CHECK(l.cc == Roles{"headteacher", "appointing_authority"});
    } else {
      CHECK(l.to == Roles{"welsh_ministers"});
    }
  }
  CHECK_FALSE(s.try_event(d(2026, 4, 10), "representation.received", {{"date", "2026-04-10"}}));

  // The period runs to the end of Tue 5 May and closes at 00:00 on Wed 6 May.
  s.run_until(d(2026, 5, 5));
  CHECK(s.state_of("warning_notice") == "issued");
  s.run_until(d(2026, 5, 6));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  // Wales: the power to intervene arises without a further notice (SSO(W)A 2013 s.4(2)).
  s.event(d(2026, 5, 6), "warning_notice.not_complied", {{"date", "2026-05-06"}});
  CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
  CHECK(s.state_of("cause_for_concern") == "statutory_powers");

  s.event(d(2026, 5, 20), "powers.exercised", {{"power", "complaint_to_welsh_ministers"}});
  NoticeEffect wm = s.one("csc-update", d(2026, 5, 20));
  CHECK(wm.to == Roles{"welsh_ministers"});
  s.event(d(2026, 6, 2), "powers.exercised", {{"power", "interim_executive_board"}});
  CHECK(s.one("csc-update", d(2026, 6, 2)).to == Roles{"governing_body", "headteacher"});
  s.event(d(2026, 7, 10), "intervention.ended", {{"date", "2026-07-10"}});
  CHECK(s.state_of("cause_for_concern") == "no_concern");

  // Governance concerns -> written statement with a timescale (2.7).
  s.event(d(2026, 7, 10), "governance.concern_raised", {{"reason", "Governors do not challenge"}});
  CHECK(s.state_of("leadership_and_governance") == "governance_concerns");
  s.event(d(2026, 7, 13), "governance.statement_issued",
          {{"reason", "Governors do not challenge"},
           {"action", "Complete a self-review and training"},
           {"until", "2026-10-16"}});
  CHECK(s.state_of("leadership_and_governance") == "written_statement");
  NoticeEffect statement = s.one("csc-governance-statement", d(2026, 7, 13));
  CHECK(statement.to == Roles{"chair_of_governors", "headteacher"});
  CHECK(statement.data.at("until.words") == "Friday 16 October 2026");
  CHECK(s.due("leadership_and_governance", "statement_timescale_end#reminder1") == "2026-10-09");
  s.event(d(2026, 9, 7), "leadership.concern_letter", {{"reason", "Leadership of the headteacher"}});
  NoticeEffect lead = s.one("csc-leadership-letter", d(2026, 9, 7));
  CHECK(lead.to == Roles{"headteacher"});
  CHECK(lead.cc == Roles{"chair_of_governors"});
  // The timescale includes Fri 16 October; it has ended at 00:00 on Sat 17 October.
  s.run_until(d(2026, 10, 16));
  CHECK(s.state_of("leadership_and_governance") == "written_statement");
  s.run_until(d(2026, 10, 17));
  CHECK(s.state_of("leadership_and_governance") == "statement_timescale_ended");
  s.event(d(2026, 10, 20), "governance.resolved", {{"date", "2026-10-20"}});
  CHECK(s.state_of("leadership_and_governance") == "no_concern");

  // A red school's headteacher is monitored at least twice a year (section 5).
  s.event(d(2026, 11, 5), "pm.review_held", {{"date", "2026-11-05"}});
  s.event(d(2027, 3, 10), "pm.monitoring_held", {{"date", "2027-03-10"}});
  s.event(d(2027, 11, 4), "pm.review_held", {{"date", "2027-11-04"}});
  NoticeEffect twice = s.one("csc-update", d(2027, 11, 4));
  CHECK(twice.data.at("message").find("Fewer than two monitoring meetings") != std::string::npos);
}

TEST_CASE("csc: an Estyn statutory category brings red support and a statement of action, a cancelled "
          "meeting, support continues unchanged",
          "[frameworks][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1), {.id = "920004", .name = "Ysgol Enghraifft", .type = "community"});
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "green"}});
  // Estyn, in the Act's words (SSO(W)A 2013 s.2 ground 8): no Ofsted grade in Wales.
  s.event(d(2025, 11, 12), "estyn.judgement", {{"date", "2025-11-12"}, {"category", "special_measures"}});
  CHECK(s.state_of("support") == "red_support");
  CHECK(s.category() == "red");
  auto on_12 = s.sent("csc-update", d(2025, 11, 12));
  REQUIRE(on_12.size() == 1);
  CHECK(on_12[0].to == Roles{"link_adviser", "la_lead", "director"});
  CHECK(on_12[0].data.at("message").find("statement of action") != std::string::npos);

  s.event(d(2025, 11, 24), "meeting.scheduled", {{"kind", "progress_review"}, {"date", "2025-12-11"}});
  s.event(d(2025, 12, 1), "meeting.cancelled");
  CHECK(s.state_of("review_meeting") == "cancelled");
  // Another kind of meeting is not a progress review meeting.
  CHECK_FALSE(s.try_event(d(2025, 12, 2), "meeting.scheduled", {{"kind", "governors"}, {"date", "2025-12-15"}}));

  s.event(d(2025, 12, 11), "review.held", {{"date", "2025-12-11"}, {"progress", "insufficient"}});
  CHECK(s.state_of("next_steps") == "consultation");
  s.event(d(2025, 12, 15), "next_steps.agreed", {{"decision", "continue"}});
  CHECK(s.state_of("next_steps") == "continue_support");
  CHECK(s.state_of("support") == "red_support");
}

// A progress review meeting booked on Mon 2 Feb 2026 for Fri 13 Feb, then moved on Mon 9 Feb to
// Mon 23 Feb: the one meeting moves (no second is opened); the progress report, due the working
// day before the meeting, is due Fri 20 Feb instead of Thu 12 Feb, and the letter goes again with
// the new date. Once the meeting is held, the next booking opens a new meeting.
TEST_CASE("csc: a progress review meeting booked again moves to the new date, with its report deadline",
          "[frameworks][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1), {.id = "920005", .name = "Ysgol Enghraifft Pump", .type = "community"});
  s.event(d(2026, 1, 5), "category.agreed", {{"category", "red"}});
  s.event(d(2026, 2, 2), "meeting.scheduled", {{"kind", "progress_review"}, {"date", "2026-02-13"}});
  CHECK(s.due("review_meeting", "report_prepared") == "2026-02-12");
  CHECK(s.one("csc-review-meeting", d(2026, 2, 2)).data.at("meeting_date.words") == "Friday 13 February 2026");

  s.event(d(2026, 2, 9), "meeting.scheduled", {{"kind", "progress_review"}, {"date", "2026-02-23"}});
  auto meetings = [&] {
    int n = 0;
    for (const auto& i : s.state().instances) n += i.workflow == "review_meeting" && !i.final ? 1 : 0;
    return n;
  };
  CHECK(meetings() == 1);
  CHECK(s.state_of("review_meeting") == "scheduled");
  CHECK(s.due("review_meeting", "report_prepared") == "2026-02-20");
  CHECK(s.one("csc-review-meeting", d(2026, 2, 9)).data.at("meeting_date.words") == "Monday 23 February 2026");
  // Nothing is said on 12 or 13 February about a report for a meeting that has moved.
  s.run_until(d(2026, 2, 14));
  for (const auto& u : s.sent("csc-update", d(2026, 2, 13))) {
    CHECK(u.data.at("message").find("progress report") == std::string::npos);
  }

  s.event(d(2026, 2, 19), "progress_report.prepared");
  s.event(d(2026, 2, 23), "review.held", {{"date", "2026-02-23"}, {"progress", "sufficient"}});
  CHECK(s.state_of("review_meeting") == "report_completion");
  s.event(d(2026, 3, 2), "meeting.scheduled", {{"kind", "progress_review"}, {"date", "2026-03-20"}});
  CHECK(meetings() == 2);  // the held meeting's report is still open; the new meeting is its own
  CHECK(s.state_of("review_meeting") == "scheduled");
  CHECK(s.due("review_meeting", "report_prepared") == "2026-03-19");
}

// The 2026-27 dates below are the default pattern, which the scenario school keeps (its authority
// has no term-date file; a Cardiff school keeps the Welsh Ministers' 2026-27 dates instead, see
// shipped_config_test.cpp), worked out by hand:
//   2026-27 Autumn 1: Tue 1 Sep .. Fri 23 Oct 2026   Autumn 2: Mon 2 Nov .. Fri 18 Dec 2026
//           Spring 1: Mon 4 Jan .. Fri 12 Feb 2027   Spring 2: Mon 22 Feb .. Fri 19 Mar 2027
//           Summer 1: Mon 5 Apr .. Fri 28 May 2027   Summer 2: Mon 7 Jun .. Thu 22 Jul 2027
// Bank holidays: Fri 25 Dec 2026, Mon 28 Dec 2026 (Boxing Day substitute), Fri 1 Jan 2027; Good
// Friday 26 Mar 2027 and Easter Monday 29 Mar 2027.

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The "fewer than two visits" warnings among the csc-update notices sent on `on`.
std::size_t visit_warnings(const Scenario& s, sif::workflows::Date on) {
  std::size_t n = 0;
  for (const auto& u : s.sent("csc-update", on)) n += has(u.data.at("message"), "Fewer than two improvement partner") ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("csc: the target timescale specified at the start of amber support is a deadline on its date "
          "(Good Friday 2027), kept into red support, then passed: next steps",
          "[frameworks][csc-2020][target-timescale]") {
  Scenario s("csc-2020");
  s.start(d(2026, 9, 1), {.id = "920005", .name = "Ysgol Gynradd y Targed", .type = "community"});

  // The target is a date after the start: one already passed, or not a date, is refused.
  CHECK_FALSE(s.try_event(d(2026, 9, 7), "category.agreed", {{"category", "amber"}, {"until", "2026-09-04"}}));
  CHECK_FALSE(s.try_event(d(2026, 9, 7), "category.agreed", {{"category", "amber"}, {"until", "next Easter"}}));
  CHECK(s.state_of("support") == "awaiting_category");

  // Mon 7 Sep 2026: amber support, the target timescale ending on Good Friday, 26 March 2027.
  s.event(d(2026, 9, 7), "category.agreed", {{"category", "amber"}, {"until", "2027-03-26"}});
  CHECK(s.state_of("support") == "amber_support");
  // A deadline in calendar days keeps its date on a bank holiday. Met by anything recorded that
  // day; overdue from 08:00 on the next working day: Sat 27, Sun 28 and Easter Monday 29 March
  // are not, so Tue 30 March 2027. Reminder 10 working days before the 26th: 25, 24, 23, 22,
  // 19, 18, 17, 16, 15, 12 -> Fri 12 March 2027.
  CHECK(s.due("support", "target_timescale") == "2027-03-26");
  CHECK(s.fires("support", "target_timescale") == "2027-03-30");
  CHECK(s.due("support", "target_timescale#reminder1") == "2027-03-12");
  const NoticeEffect start = s.one("csc-progress-review-start", d(2026, 9, 7));
  CHECK(start.data.at("deadline.target_timescale.words") == "Friday 26 March 2027");
  CHECK(has(render(start, d(2026, 9, 7)).text, "ends on\n  Friday 26 March 2027."));

  // Mon 4 Jan 2027, after Christmas: the category becomes red with no new target. The target
  // belongs to the progress review stage and stays; the red letter states it.
  s.event(d(2027, 1, 4), "category.agreed", {{"category", "red"}});
  CHECK(s.state_of("support") == "red_support");
  CHECK(s.due("support", "target_timescale") == "2027-03-26");
  CHECK(s.one("csc-progress-review-start", d(2027, 1, 4)).data.at("deadline.target_timescale.words") ==
        "Friday 26 March 2027");

  s.run_until(d(2027, 3, 12));
  const NoticeEffect reminder = s.one("deadline-reminder", d(2027, 3, 12));
  CHECK(reminder.to == Roles{"link_adviser", "la_lead"});

  // Not overdue on the day itself, nor over the Easter weekend and Easter Monday.
  s.run_until(d(2027, 3, 29));
  CHECK(s.overdue("support").empty());
  CHECK(s.sent("csc-next-steps", d(2027, 3, 29)).empty());
  // Tue 30 March 2027, 08:00: the school is still in red support - the improvement was not
  // secured within the timescale. The IP, the PIP and the director are told, and the
  // consultation on next steps (section 2.7) begins.
  s.run_until(d(2027, 3, 30));
  CHECK(s.overdue("support") == std::vector<std::string>{"target_timescale"});
  const NoticeEffect passed = s.one("csc-update", d(2027, 3, 30));
  CHECK(passed.to == Roles{"link_adviser", "la_lead"});
  CHECK(passed.cc == Roles{"director"});
  CHECK(has(passed.data.at("message"), "target timescale"));
  CHECK(has(render(passed, d(2027, 3, 30)).text, "ended on Friday 26 March 2027"));
  CHECK(s.state_of("next_steps") == "consultation");
  const NoticeEffect consult = s.one("csc-next-steps", d(2027, 3, 30));
  CHECK(consult.to == Roles{"la_lead", "director"});
  CHECK(has(render(consult, d(2027, 3, 30)).text, "The target timescale for securing improvement"));

  // A new support plan with a new target (Fri 16 July 2027) replaces the passed one; one not
  // after the plan's date is refused.
  CHECK_FALSE(s.try_event(d(2027, 4, 6), "plan.agreed", {{"plan", "Revised support plan"}, {"until", "2027-04-06"}}));
  s.event(d(2027, 4, 6), "plan.agreed", {{"plan", "Revised support plan"}, {"until", "2027-07-16"}});
  CHECK(s.var("support", "support_plan") == "Revised support plan");
  CHECK(s.due("support", "target_timescale") == "2027-07-16");
  CHECK(s.overdue("support").empty());

  // The school leaves red support on Fri 16 July 2027, the target's last day: it was met.
  s.event(d(2027, 7, 12), "exit.recommended", {{"date", "2027-07-12"}});
  s.event(d(2027, 7, 16), "exit.approved", {{"date", "2027-07-16"}, {"category", "yellow"}});
  CHECK(s.state_of("support") == "core_support");
  CHECK(s.due("support", "target_timescale").empty());
  s.run_until(d(2027, 7, 20));
  CHECK(s.sent("csc-update", d(2027, 7, 19)).empty());
  CHECK(s.sent("csc-next-steps", d(2027, 7, 19)).empty());
}

TEST_CASE("csc: a recommendation of statutory powers goes to the local authority, which issues a Welsh "
          "warning notice after Christmas 2026",
          "[frameworks][csc-2020][statutory-powers]") {
  Scenario s("csc-2020");
  s.start(d(2026, 9, 1), {.id = "920006", .name = "Ysgol Uwchradd yr Argymhelliad", .type = "foundation"});
  s.event(d(2026, 9, 1), "category.agreed", {{"category", "red"}});
  // No target was given: there is no target deadline.
  CHECK(s.due("support", "target_timescale").empty());

  // Thu 10 Dec 2026: limited progress; Thu 17 Dec: the consultation recommends statutory powers.
  s.event(d(2026, 12, 10), "review.held", {{"date", "2026-12-10"}, {"rating", "red"}});
  CHECK(s.state_of("next_steps") == "consultation");
  s.event(d(2026, 12, 17), "next_steps.agreed", {{"decision", "statutory_powers"}, {"reason", "No improvement in KS3 standards"}});
  CHECK(s.state_of("next_steps") == "statutory_powers_recommended");
  CHECK(s.finished("next_steps"));
  // The recommendation reaches the local authority: one letter, to the director.
  CHECK(s.state_of("cause_for_concern") == "powers_recommended");
  const NoticeEffect rec = s.one("csc-update", d(2026, 12, 17));
  CHECK(rec.to == Roles{"director"});
  CHECK(rec.cc == Roles{"la_lead", "link_adviser"});
  CHECK(has(rec.data.at("message"), "recommends that the local authority considers using its statutory intervention powers"));
  CHECK(rec.data.at("concerns") == "No improvement in KS3 standards");
  // The LA's decision is prompted 10 working days on (sif's default): 18, 21, 22, 23, 24, 29,
  // 30, 31 December, 4 and 5 January (25 and 28 December and 1 January are bank holidays) ->
  // Tue 5 Jan 2027.
  CHECK(s.due("cause_for_concern", "decision_due") == "2027-01-05");
  s.run_until(d(2027, 1, 4));
  CHECK(s.sent("csc-update", d(2027, 1, 4)).empty());
  s.run_until(d(2027, 1, 5));
  const NoticeEffect prompt = s.one("csc-update", d(2027, 1, 5));
  CHECK(prompt.to == Roles{"director"});
  CHECK(has(prompt.data.at("message"), "No decision of the local authority"));
  CHECK(s.state_of("cause_for_concern") == "powers_recommended");

  // Wed 6 Jan 2027: the local authority issues a warning notice (SSO(W)A 2013 s.3) with 20
  // working days: 7, 8, 11-15, 18-22, 25-29 January, 1, 2, 3 February -> Wed 3 Feb 2027.
  CHECK_FALSE(s.try_event(d(2027, 1, 6), "warning_notice.issued", {{"date", "2027-01-06"}, {"grounds", "Standards"}}));
  s.event(d(2027, 1, 6), "warning_notice.issued",
          {{"date", "2027-01-06"}, {"grounds", "Insufficient progress (consortium recommendation)"}, {"compliance_working_days", "20"}});
  CHECK(s.state_of("cause_for_concern") == "warning_notice");
  CHECK(s.state_of("warning_notice") == "issued");
  CHECK(s.var("warning_notice", "regime") == "ssowa-2013-s3");
  CHECK(s.due("warning_notice", "compliance_end") == "2027-02-03");
  const auto letters = s.sent("warning-notice-letter", d(2027, 1, 6));
  REQUIRE(letters.size() == 2);
  CHECK(letters[0].to == Roles{"welsh_ministers"});
  CHECK(letters[1].to == Roles{"governing_body"});
  CHECK(letters[1].cc == Roles{"headteacher", "appointing_authority"});
  for (const auto& l : letters) CHECK(l.data.at("deadline.compliance_end.words") == "Wednesday 3 February 2027");
}

TEST_CASE("csc: the local authority may put its concerns in writing on a recommendation, or decline it",
          "[frameworks][csc-2020][statutory-powers]") {
  Scenario a("csc-2020");
  a.start(d(2026, 9, 1), {.id = "920007", .name = "Ysgol A", .type = "community"});
  a.event(d(2026, 9, 1), "category.agreed", {{"category", "amber"}});
  a.event(d(2026, 11, 26), "review.held", {{"date", "2026-11-26"}, {"progress", "insufficient"}});
  a.event(d(2026, 11, 30), "next_steps.agreed", {{"decision", "statutory_powers"}});
  CHECK(a.state_of("cause_for_concern") == "powers_recommended");
  // Concerns in writing with a timescale to Fri 12 Mar 2027 (2.4).
  a.event(d(2026, 12, 7), "concern.notified",
          {{"reason", "Attendance and standards"}, {"action", "Implement the attendance plan"}, {"until", "2027-03-12"}});
  CHECK(a.state_of("cause_for_concern") == "concerns_in_writing");
  CHECK(a.one("csc-concerns-letter", d(2026, 12, 7)).data.at("until.words") == "Friday 12 March 2027");
  CHECK(a.due("cause_for_concern", "decision_due").empty());
  // Another recommendation while the concerns are in writing: the LA considers a warning notice.
  a.event(d(2027, 2, 1), "review.held", {{"date", "2027-02-01"}, {"rating", "red"}});
  a.event(d(2027, 2, 3), "next_steps.agreed", {{"decision", "statutory_powers"}});
  CHECK(a.state_of("cause_for_concern") == "concerns_in_writing");
  CHECK(has(a.one("csc-update", d(2027, 2, 3)).data.at("message"), "considers issuing a formal warning notice"));

  Scenario b("csc-2020");
  b.start(d(2026, 9, 1), {.id = "920008", .name = "Ysgol B", .type = "community"});
  b.event(d(2026, 9, 1), "category.agreed", {{"category", "red"}});
  b.event(d(2026, 10, 8), "review.held", {{"date", "2026-10-08"}, {"rating", "red"}});
  b.event(d(2026, 10, 12), "next_steps.agreed", {{"decision", "statutory_powers"}});
  b.event(d(2026, 10, 19), "recommendation.declined", {{"reason", "New headteacher from January"}});
  CHECK(b.state_of("cause_for_concern") == "no_concern");
  const NoticeEffect declined = b.one("csc-update", d(2026, 10, 19));
  CHECK(declined.to == Roles{"la_lead", "link_adviser"});
  CHECK(b.due("cause_for_concern", "decision_due").empty());
  // Other decisions of the consultation do not reach the local authority's workflow.
  b.event(d(2026, 11, 5), "review.held", {{"date", "2026-11-05"}, {"rating", "red"}});
  b.event(d(2026, 11, 9), "next_steps.agreed", {{"decision", "continue"}});
  CHECK(b.state_of("cause_for_concern") == "no_concern");
  CHECK(b.sent("csc-update", d(2026, 11, 9)).empty());
}

TEST_CASE("csc: a visit back-dated into an earlier half-term counts in its own half-term, not in the "
          "current one (checked on the last teaching day)",
          "[frameworks][csc-2020][visits]") {
  Scenario s("csc-2020");
  s.start(d(2026, 9, 1), {.id = "920009", .name = "Ysgol yr Ymweliadau", .type = "community"});
  s.event(d(2026, 9, 1), "category.agreed", {{"category", "red"}, {"until", "2027-07-16"}});
  CHECK(s.due("support", "visit_check") == "2026-10-23");

  // Autumn 1: Mon 14 Sep and Mon 12 Oct. Fri 23 Oct 2026, its last teaching day: no warning.
  s.event(d(2026, 9, 14), "visit.completed", {{"date", "2026-09-14"}});
  s.event(d(2026, 10, 12), "visit.completed", {{"date", "2026-10-12"}});
  s.run_until(d(2026, 10, 24));
  CHECK(visit_warnings(s, d(2026, 10, 24)) == 0);
  CHECK(s.due("support", "visit_check") == "2026-12-18");

  // Autumn 2: Mon 9 Nov and Mon 30 Nov 2026, each recorded the day it took place. On Tue 1 Dec a
  // visit of Tue 20 Oct (Autumn 1, already checked) is recorded late; it found insufficient
  // progress, so the headteacher is still told.
  s.event(d(2026, 11, 9), "visit.completed", {{"date", "2026-11-09"}});
  s.event(d(2026, 11, 30), "visit.completed", {{"date", "2026-11-30"}});
  s.event(d(2026, 12, 1), "visit.completed", {{"date", "2026-10-20"}, {"progress", "insufficient"}});
  CHECK(s.one("csc-insufficient-progress-warning", d(2026, 12, 1)).to == Roles{"headteacher"});
  CHECK(s.var("support", "last_visit") == "2026-11-30");
  CHECK(s.var("support", "visit_before_last") == "2026-11-09");
  // The half-termly review meeting of Thu 3 Dec 2026; on Mon 7 Dec the meeting of Thu 15 Oct
  // (Autumn 1) is recorded late. It does not replace the later one.
  s.event(d(2026, 12, 3), "review.held", {{"date", "2026-12-03"}, {"rating", "amber"}});
  s.event(d(2026, 12, 7), "review.held", {{"date", "2026-10-15"}, {"rating", "yellow"}});
  CHECK(s.var("support", "last_review") == "2026-12-03");
  CHECK(s.var("support", "last_rating") == "amber");
  // Fri 18 Dec 2026, the last teaching day of Autumn 2: two visits and a meeting dated in it, no
  // warning of either.
  s.run_until(d(2026, 12, 19));
  CHECK(visit_warnings(s, d(2026, 12, 19)) == 0);
  CHECK(s.sent("csc-update", d(2026, 12, 19)).empty());
  CHECK(s.due("support", "visit_check") == "2027-02-12");

  // Spring 1: one visit, Mon 11 Jan 2027. On Wed 20 Jan a visit of Mon 14 Dec 2026 (Autumn 2)
  // is recorded: it does not count for Spring 1, so Fri 12 Feb 2027 warns.
  s.event(d(2027, 1, 11), "visit.completed", {{"date", "2027-01-11"}});
  s.event(d(2027, 1, 20), "visit.completed", {{"date", "2026-12-14"}});
  CHECK(s.var("support", "last_visit") == "2027-01-11");
  CHECK(s.var("support", "visit_before_last") == "2026-12-14");
  s.run_until(d(2027, 2, 12));
  CHECK(visit_warnings(s, d(2027, 2, 12)) == 0);
  s.run_until(d(2027, 2, 13));
  CHECK(visit_warnings(s, d(2027, 2, 13)) == 1);

  // A move to amber with a new target (Fri 11 Jun 2027) re-arms it; the entry letter states it.
  s.event(d(2027, 3, 1), "category.agreed", {{"category", "amber"}, {"until", "2027-06-11"}});
  CHECK(s.state_of("support") == "amber_support");
  CHECK(s.due("support", "target_timescale") == "2027-06-11");
  CHECK(s.one("csc-progress-review-start", d(2027, 3, 1)).data.at("deadline.target_timescale.words") ==
        "Friday 11 June 2027");
  // The visit cadence went on across the move: Spring 2 ends Fri 19 Mar 2027.
  CHECK(s.due("support", "visit_check") == "2027-03-19");
}
