// wiltshire-2019 on real dates: the shipped definition driven through the School Improvement
// Framework 2019-2020 - universal and targeted support, the annual categorisation and termly
// reviews, the 6-month intensive process with both outcomes of every review, the evaluation
// report deadlines (one across Christmas, one across Easter), the formal notice of concern, the
// warning notice, and the exit strategy with its Ofsted guard.
//
// Term dates are the default pattern (docs/calendar.md): 2025-26 Autumn 1 1 Sep-24 Oct, Autumn 2
// 3 Nov-19 Dec, Spring 1 5 Jan-13 Feb, Spring 2 23 Feb-27 Mar, Summer 1 13 Apr-22 May, Summer 2
// 1 Jun-22 Jul; 2026-27 Autumn 1 1 Sep-23 Oct. A term on from a date is the same day of the
// half-term two half-terms on.
#include "tests/support/scenario_driver.hpp"

using namespace sif::test;

namespace {

const char* const kId = "wiltshire-2019";

// Universal, then vulnerable on 10 November 2025: the school enters the intensive process.
Scenario into_intensive() {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  s.event(d(2025, 9, 10), "category.agreed", {{"category", "secure"}});
  s.event(d(2025, 11, 10), "category.agreed", {{"category", "vulnerable"}});
  return s;
}

// Into implementation: Regional Lead's visit, a one-day evaluation on Thursday 18 December 2025,
// the findings meeting and the plan.
Scenario into_implementation() {
  Scenario s = into_intensive();
  s.event(d(2025, 11, 12), "meeting.scheduled", {{"kind", "lead_visit"}, {"date", "2025-12-03"}});
  s.event(d(2025, 12, 3), "visit.completed");
  s.event(d(2025, 12, 18), "evaluation.completed", {{"date", "2025-12-18"}});
  s.event(d(2025, 12, 22), "report.sent", {{"report", "draft"}});
  s.event(d(2026, 1, 8), "plan.agreed", {{"plan", "Raising attainment plan"}});
  return s;
}

// Progress review meeting on 18 March 2026 found progress insufficient; formal notice of
// concern on Tuesday 24 March 2026.
Scenario into_further_period() {
  Scenario s = into_implementation();
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "insufficient"}});
  s.event(d(2026, 3, 24), "concern.notified",
          {{"reason", "Insufficient engagement with the improvement process"},
           {"evidence", "Milestones for writing and attendance not met"},
           {"actions", "Appoint a writing lead; daily attendance follow-up"}});
  return s;
}

// Further review on Wednesday 24 June 2026 still insufficient; warning notice issued Friday 26 June.
Scenario into_warning_notice() {
  Scenario s = into_further_period();
  s.event(d(2026, 6, 24), "review.held", {{"date", "2026-06-24"}, {"progress", "insufficient"}});
  s.event(d(2026, 6, 26), "warning_notice.issued",
          {{"date", "2026-06-26"}, {"grounds", "Progress remains insufficient after the further 3 months"}});
  return s;
}

// Sufficient progress at the review of Wednesday 18 March 2026, the second evaluation on Tuesday
// 23 June and the support level reviewed and established as `level` on Thursday 2 July 2026:
// monitoring (step 9). The school's last graded inspection, Wednesday 8 October 2025 (before
// report cards), was good; it is recorded on Friday 3 July.
Scenario into_monitoring(const std::string& level) {
  Scenario s = into_implementation();
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "sufficient"}});
  s.event(d(2026, 6, 23), "evaluation.completed", {{"date", "2026-06-23"}});
  s.event(d(2026, 7, 2), "support_level.reviewed", {{"category", level}});
  s.event(d(2026, 7, 3), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "good"}});
  return s;
}

// The timers of the 6-month process that fired since the last take_fired(), as fired_list()
// writes them: the evaluation reports' own timers left out.
std::vector<std::string> process_fired(Scenario& s) {
  std::vector<FiredTimer> mine;
  for (const auto& f : s.take_fired()) {
    if (f.instance == "intensive_process") mine.push_back(f);
  }
  return fired_list(mine);
}

}  // namespace

TEST_CASE("wiltshire: universal support, termly reviews and the annual categorisation window",
          "[frameworks][wiltshire-2019]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  CHECK(s.state_of("support") == "universal");
  // Reviewed termly, a quota of the real term: checked when the autumn term's last teaching day,
  // Fri 19 Dec 2025, is over.
  CHECK(s.due("support", "termly_review") == "2025-12-19");
  // The categorisation falls at the start of the academic year, not on the anniversary of
  // registration: the first start of the autumn term at least three months on, Tue 1 Sep 2026.
  CHECK(s.due("support", "annual_categorisation") == "2026-09-01");
  // Six weeks before it: late July (Tue 21 Jul 2026), the other time the document names.
  CHECK(s.due("support", "annual_categorisation#reminder1") == "2026-07-21");

  s.event(d(2025, 9, 10), "category.agreed", {{"category", "secure"}});
  CHECK(s.category() == "secure");
  auto ns = s.take_notices();
  const auto& st = notice(ns, "wiltshire-statement-of-categorisation");
  CHECK(st.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(st.cc == Roles{"link_adviser", "la_lead", "director"});

  // Autumn: the level agreed on 10 September is the term's review, so its reminder (Fri 5 Dec, 10
  // working days before Fri 19 Dec) and its check say nothing. Spring (to Fri 27 Mar 2026) and
  // summer (to Wed 22 Jul) have none: each is reminded 10 working days before its end (Fri 13
  // Mar; 21, 20, 17, 16, 15, 14, 13, 10, 9, Wed 8 Jul) and told when its last day is over.
  s.run_until(d(2026, 9, 8));
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"placement@2025-09-08", "termly_review#reminder1@2025-12-05",
                                 "termly_review@2025-12-20 (due 2025-12-19)", "termly_review#reminder1@2026-03-13",
                                 "termly_review@2026-03-28 (due 2026-03-27)", "termly_review#reminder1@2026-07-08",
                                 "annual_categorisation#reminder1@2026-07-21",
                                 "termly_review@2026-07-23 (due 2026-07-22)", "annual_categorisation@2026-09-01"});
  ns = s.take_notices();
  CHECK(templates(ns) == std::vector<std::string>{"wiltshire-termly-review", "wiltshire-termly-review",
                                                  "wiltshire-termly-review", "deadline-reminder",
                                                  "wiltshire-termly-review", "wiltshire-categorisation-due"});
  CHECK(ns[0].to == Roles{"director", "la_lead"});
  CHECK(value(ns[0], "reminder.deadline.words") == "Friday 27 March 2026");
  CHECK(ns[1].to == Roles{"director", "la_lead"});
  CHECK(ns[1].cc == Roles{"link_adviser"});
  CHECK(value(ns[1], "missed") == "yes");
  CHECK(value(ns[1], "term_end.words") == "Friday 27 March 2026");
  CHECK(render(ns[1], d(2026, 3, 28)).text.find("No review of the support level of") != std::string::npos);
  CHECK(ns[3].to == Roles{"link_adviser", "headteacher", "chair_of_governors"});
  // Recurring: the start of the next academic year, Wed 1 Sep 2027.
  CHECK(s.due("support", "annual_categorisation") == "2027-09-01");
}

TEST_CASE("wiltshire: academies - the annual meeting with the principal and the chair",
          "[frameworks][wiltshire-2019]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8), {.type = "academy_converter"});
  s.event(d(2025, 9, 10), "category.agreed", {{"category", "secure_plus"}});
  s.take_notices();
  s.run_until(d(2026, 9, 8));
  auto ns = s.take_notices();
  const auto& meeting = notice(ns, "wiltshire-academy-annual-meeting");
  CHECK(meeting.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(meeting.cc == Roles{"la_lead", "regional_director"});
  CHECK(value(meeting, "date.words") == "Tuesday 1 September 2026");
  CHECK(notice(ns, "wiltshire-categorisation-due").to == Roles{"link_adviser", "headteacher", "chair_of_governors"});
}

TEST_CASE("wiltshire: targeted support by letter and the SIA", "[frameworks][wiltshire-2019]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  s.event(d(2025, 10, 6), "targeted_support.identified", {{"areas", "Writing at key stage 2"}});
  CHECK(s.state_of("support") == "targeted");
  auto ns = s.take_notices();
  const auto& letter = notice(ns, "wiltshire-targeted-support");
  CHECK(letter.to == Roles{"headteacher"});
  CHECK(letter.cc == Roles{"chair_of_governors", "link_adviser"});
  CHECK(value(letter, "areas") == "Writing at key stage 2");
  s.event(d(2026, 2, 2), "targeted_support.completed");
  CHECK(s.state_of("support") == "universal");
}

TEST_CASE("wiltshire: intensive process - visit, evaluation and reports across Christmas",
          "[frameworks][wiltshire-2019]") {
  Scenario s = into_intensive();
  CHECK(s.category() == "vulnerable");
  CHECK(s.state_of("support") == "intensive");
  CHECK(s.state_of("intensive_process") == "lead_visit");
  // The termly review is one cadence whatever the level: entering intensive keeps the autumn
  // term's check (Fri 19 Dec 2025), which the level agreed on 10 November meets. The annual
  // categorisation is at the start of the next academic year, Tue 1 Sep 2026 - not the
  // anniversary of the new level (10 Nov 2026).
  CHECK(s.due("support", "termly_review") == "2025-12-19");
  CHECK(s.due("support", "annual_categorisation") == "2026-09-01");
  auto ns = s.take_notices();
  const auto& intensive = notice(ns, "wiltshire-intensive-support");
  CHECK(intensive.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(notice(ns, "wiltshire-arrange-visit").to == Roles{"la_lead"});

  // Step 1 visit on Wednesday 3 December: LA officers' summary 10 working days before, the
  // school's 5 working days before (Appendix 4).
  s.event(d(2025, 11, 12), "meeting.scheduled", {{"kind", "lead_visit"}, {"date", "2025-12-03"}});
  CHECK(s.state_of("intensive_process") == "lead_visit_scheduled");
  CHECK(s.due("intensive_process", "lead_visit#reminder1") == "2025-11-19");
  CHECK(s.due("intensive_process", "lead_visit#reminder2") == "2025-11-26");
  s.run_until(d(2025, 12, 3));
  ns = s.take_notices();
  CHECK(templates(ns) == std::vector<std::string>{"wiltshire-self-evaluation-la", "wiltshire-self-evaluation-school"});
  CHECK(ns[0].to == Roles{"la_lead", "link_adviser"});
  CHECK(ns[1].to == Roles{"headteacher"});
  CHECK(value(ns[1], "reminder.deadline.words") == "Wednesday 3 December 2025");
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"placement@2025-09-08", "lead_visit#reminder1@2025-11-19",
                                 "lead_visit#reminder2@2025-11-26", "lead_visit@2025-12-03"});

  s.event(d(2025, 12, 3), "visit.completed");
  CHECK(s.state_of("intensive_process") == "evaluation");

  // One-day evaluation on Thursday 18 December. Draft to the headteacher within 5 working days:
  // 19, 22, 23, 24 December, then (25, 26 December bank holidays, weekend) Monday 29 December.
  // Final to the governing body within 10 working days: 30, 31 December, (1 January) 2, 5,
  // 6 January 2026.
  s.event(d(2025, 12, 18), "evaluation.completed", {{"date", "2025-12-18"}});
  CHECK(s.state_of("intensive_process") == "findings_meeting");
  CHECK(s.state_of("evaluation_reports") == "draft_due");
  CHECK(s.due("evaluation_reports", "draft_report") == "2025-12-29");
  CHECK(s.due("evaluation_reports", "draft_report#reminder1") == "2025-12-23");

  // The step 3 planning meeting on Thursday 8 January 2026 (Appendix 4): LA officers' summary 10
  // working days before (7, 6, 5, 2 January, 31, 30, 29, 24, 23, 22 December), the school's
  // 5 working days before (7, 6, 5, 2 January, (1 January) 31 December).
  s.event(d(2025, 12, 19), "meeting.scheduled", {{"kind", "planning"}, {"date", "2026-01-08"}});
  CHECK(s.state_of("meeting_preparation") == "preparing");
  CHECK(s.due("meeting_preparation", "meeting#reminder1") == "2025-12-22");
  CHECK(s.due("meeting_preparation", "meeting#reminder2") == "2025-12-31");

  s.event(d(2025, 12, 22), "report.sent", {{"report", "draft"}});
  CHECK(s.state_of("evaluation_reports") == "final_due");
  CHECK(s.due("evaluation_reports", "final_report") == "2026-01-06");
  ns = s.take_notices();
  const auto& draft = notice(ns, "wiltshire-draft-report");
  CHECK(draft.to == Roles{"headteacher"});
  CHECK(value(draft, "evaluation_date.words") == "Thursday 18 December 2025");
  CHECK(value(draft, "deadline.final_report.words") == "Tuesday 6 January 2026");

  // The final report is not sent in time. Its last day is Tuesday 6 January (a report sent that
  // day would be on time); it is overdue from 08:00 on Wednesday 7 January, the next working
  // day, and sent at 09:00 that day.
  s.run_until(d(2026, 1, 6));
  CHECK(s.state_of("evaluation_reports") == "final_due");
  CHECK(s.fires("evaluation_reports", "final_report") == "2026-01-07");
  s.event(d(2026, 1, 7), "report.sent", {{"report", "final"}});
  // (The autumn term's review reminder and check fire too, and say nothing: the level was
  // agreed in the term.)
  CHECK(fired_list(s.take_fired()) ==
        std::vector<std::string>{"termly_review#reminder1@2025-12-05", "termly_review@2025-12-20 (due 2025-12-19)",
                                 "meeting#reminder1@2025-12-22", "meeting#reminder2@2025-12-31",
                                 "final_report#reminder1@2026-01-02",
                                 "final_report@2026-01-07 (due 2026-01-06)"});
  CHECK(s.sent("wiltshire-termly-review", d(2025, 12, 5)).empty());
  CHECK(s.sent("wiltshire-termly-review", d(2025, 12, 20)).empty());
  ns = s.take_notices();
  CHECK(notice(ns, "wiltshire-report-overdue").to == Roles{"la_lead", "director"});
  const auto& final_report = notice(ns, "wiltshire-final-report");
  CHECK(final_report.to == Roles{"governing_body"});
  CHECK(final_report.cc == Roles{"headteacher", "chair_of_governors", "la_lead"});
  CHECK(s.finished("evaluation_reports"));
  CHECK(s.state_of("evaluation_reports") == "sent");

  // Step 3 findings meeting -> plan -> step 4 implementation; review 3 months after the
  // evaluation (Wednesday 18 March 2026), evidence 5 working days before (Wednesday 11 March).
  s.event(d(2026, 1, 8), "plan.agreed", {{"plan", "Raising attainment plan"}});
  CHECK(s.finished("meeting_preparation"));
  CHECK(s.state_of("intensive_process") == "implementation");
  CHECK(s.due("intensive_process", "review_meeting") == "2026-03-18");
  CHECK(s.due("intensive_process", "review_meeting#reminder1") == "2026-03-11");
}

TEST_CASE("wiltshire: sufficient progress - second evaluation, support level reviewed, exit",
          "[frameworks][wiltshire-2019]") {
  Scenario s = into_implementation();
  s.take_notices();
  s.take_fired();
  s.run_until(d(2026, 3, 18));
  // No level review yet in the spring term: reminded 10 working days before its end (Fri 27
  // Mar), on Fri 13 Mar.
  CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"review_meeting#reminder1@2026-03-11",
                                                               "termly_review#reminder1@2026-03-13",
                                                               "review_meeting@2026-03-18"});
  auto ns = s.take_notices();
  const auto& evidence = notice(ns, "wiltshire-review-evidence");
  CHECK(evidence.to == Roles{"headteacher"});
  CHECK(value(evidence, "reminder.deadline.words") == "Wednesday 18 March 2026");
  CHECK(s.state_of("intensive_process") == "progress_review");
  CHECK(notice(ns, "wiltshire-review-meeting").to == Roles{"headteacher", "chair_of_governors"});

  // Step 6: a further 3 months from the review, then the second evaluation (step 7).
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "sufficient"}});
  CHECK(s.state_of("intensive_process") == "continued_implementation");
  CHECK(s.due("intensive_process", "second_evaluation") == "2026-06-18");
  s.run_until(d(2026, 6, 18));
  CHECK(s.state_of("intensive_process") == "second_evaluation");
  // The spring term's check when Fri 27 Mar was over (no review of the level recorded in it);
  // the next is the summer term's last teaching day, Wed 22 Jul 2026.
  CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"termly_review@2026-03-28 (due 2026-03-27)",
                                                               "second_evaluation#reminder1@2026-05-21",
                                                               "second_evaluation@2026-06-18"});
  CHECK(s.due("support", "termly_review") == "2026-07-22");

  s.event(d(2026, 6, 23), "evaluation.completed", {{"date", "2026-06-23"}});
  CHECK(s.state_of("intensive_process") == "support_level_review");
  CHECK(s.due("evaluation_reports", "draft_report") == "2026-06-30");

  SECTION("the second evaluation finds progress inadequate: a further 3-month process") {
    s.event(d(2026, 6, 30), "review.held", {{"date", "2026-06-30"}, {"progress", "insufficient"}});
    CHECK(s.state_of("intensive_process") == "notice_of_concern");
  }

  SECTION("support level reviewed and established; exit") {
    // Step 8: the support level reviewed and established; step 9: monitoring continues.
    s.event(d(2026, 6, 26), "report.sent", {{"report", "draft"}});
    s.event(d(2026, 7, 1), "report.sent", {{"report", "final"}});
    s.event(d(2026, 7, 2), "support_level.reviewed", {{"category", "secure"}});
    CHECK(s.finished("intensive_process"));
    CHECK(s.state_of("intensive_process") == "support_level_reviewed");
    CHECK(s.state_of("support") == "monitoring");
    CHECK(s.category() == "secure");

    // Exit: the Regional Lead recommends, the Head of School Improvement approves, in writing to
    // the governing body and headteacher.
    // The recommendation names the universal level; the approval, naming none, takes it.
    s.take_notices();
    // No Ofsted judgement is known yet: Appendix 7's rule never passes an unknown grade.
    CHECK(s.var("support", "ofsted_grade") == "unknown");
    auto unknown = s.try_event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == sif::workflows::ErrorCode::kInvalidInput);
    CHECK_THAT(unknown.error().details, Catch::Contains("vars.ofsted_grade"));
    CHECK(s.state_of("support") == "monitoring");
    // The school's last graded inspection (Wednesday 8 October 2025, before report cards): good.
    s.event(d(2026, 7, 6), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "good"}});
    CHECK(s.var("support", "ofsted_grade") == "good");
    CHECK(s.var("support", "ofsted_basis") == "graded_inspection");
    s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
    CHECK(s.state_of("support") == "exit_requested");
    CHECK(s.var("support", "recommended_category") == "secure");
    ns = s.take_notices();
    CHECK(notice(ns, "wiltshire-exit-request").to == Roles{"director"});
    s.event(d(2026, 7, 10), "exit.approved", {{"date", "2026-07-10"}});
    CHECK(s.state_of("support") == "universal");
    CHECK(s.category() == "secure");
    ns = s.take_notices();
    const auto& exit = notice(ns, "wiltshire-exit-letter");
    CHECK(exit.to == Roles{"governing_body", "headteacher"});
    CHECK(exit.cc == Roles{"chair_of_governors", "la_lead", "link_adviser"});
    CHECK(value(exit, "date.words") == "Friday 10 July 2026");
    const auto exit_letter = render(exit, d(2026, 7, 10));
    CHECK_THAT(exit_letter.text, Catch::Contains("To: Governing Body, Headteacher"));
    CHECK_THAT(exit_letter.text, Catch::Contains("Support level from today: Secure"));
  }
}

TEST_CASE("wiltshire: a secure level agreed at the 3-month review is the exit strategy, approved by the Head of School Improvement",
          "[frameworks][wiltshire-2019][exit]") {
  // Appendix 6, the review 3 months after the evaluation: "In the light of this review do school
  // meet the criteria for exit from LA support level?"; p.11: the level "can be changed at any
  // time in partnership with the school"; Appendix 7: the Regional Lead requests, the Head of
  // School Improvement approves removal.
  Scenario s = into_implementation();
  // Three months after the evaluation of Thursday 18 December 2025: Wednesday 18 March 2026.
  s.run_until(d(2026, 3, 18));
  REQUIRE(s.state_of("intensive_process") == "progress_review");
  s.take_notices();

  // No Ofsted judgement is known: Appendix 7's rule refuses the secure level, naming it.
  auto unknown = s.try_event(d(2026, 3, 18), "category.agreed", {{"date", "2026-03-18"}, {"category", "secure"}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == sif::workflows::ErrorCode::kInvalidInput);
  CHECK_THAT(unknown.error().details, Catch::Contains("vars.ofsted_grade"));
  CHECK(s.state_of("support") == "intensive");
  CHECK(s.category() == "vulnerable");

  // A level within intensive support still changes at once, as before.
  s.event(d(2026, 3, 18), "category.agreed", {{"date", "2026-03-18"}, {"category", "causing_concern"}});
  CHECK(s.category() == "causing_concern");
  CHECK(s.state_of("support") == "intensive");
  s.take_notices();

  // The school's last graded inspection, Wednesday 8 October 2025 (before report cards): good.
  s.event(d(2026, 3, 18), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "good"}});
  s.event(d(2026, 3, 18), "category.agreed", {{"date", "2026-03-18"}, {"category", "secure"}});
  CHECK(s.state_of("support") == "process_exit_requested");
  // The school stays at its intensive level until the Head of School Improvement approves, and
  // the process goes on meanwhile.
  CHECK(s.category() == "causing_concern");
  CHECK(s.var("support", "recommended_category") == "secure");
  CHECK(s.state_of("intensive_process") == "progress_review");
  auto ns = s.take_notices();
  CHECK(templates(ns) == std::vector<std::string>{"wiltshire-exit-request"});
  CHECK(notice(ns, "wiltshire-exit-request").to == Roles{"director"});
  CHECK(notice(ns, "wiltshire-exit-request").cc == Roles{"la_lead"});
  // The termly review keeps its cadence: the spring term's check, Fri 27 Mar 2026 (the levels
  // agreed on 18 March are this term's review).
  CHECK(s.due("support", "termly_review") == "2026-03-27");

  // Approved on Monday 23 March 2026, naming no level: the level agreed on 18 March. The process
  // ends; nothing of it is left to come.
  s.event(d(2026, 3, 23), "exit.approved", {{"date", "2026-03-23"}});
  CHECK(s.state_of("support") == "universal");
  CHECK(s.category() == "secure");
  CHECK(s.finished("intensive_process"));
  CHECK(s.state_of("intensive_process") == "exit_approved");
  ns = s.take_notices();
  const auto& exit = notice(ns, "wiltshire-exit-letter");
  CHECK(exit.to == Roles{"governing_body", "headteacher"});
  CHECK(value(exit, "date.words") == "Monday 23 March 2026");
  CHECK_THAT(render(exit, d(2026, 3, 23)).text, Catch::Contains("Support level from today: Secure"));
  s.take_fired();
  s.run_until(d(2026, 7, 31));
  for (const auto& f : s.take_fired()) CHECK(f.instance != "intensive_process");
  for (const auto& n : s.take_notices()) {
    CHECK(n.template_id != "wiltshire-review-meeting");
    CHECK(n.template_id != "wiltshire-second-evaluation");
  }
}

TEST_CASE("wiltshire: exit recommended at the 3-month review - declined, the process goes on, or it ends first",
          "[frameworks][wiltshire-2019][exit]") {
  Scenario s = into_implementation();
  // The school's last graded inspection, Wednesday 8 October 2025: good (recorded Monday 12 January).
  s.event(d(2026, 1, 12), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "good"}});
  // The review of Wednesday 18 March 2026 finds progress sufficient (step 6: a further 3 months
  // to the second evaluation, Thursday 18 June) and the exit criteria met (Appendix 6).
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "sufficient"}});
  REQUIRE(s.state_of("intensive_process") == "continued_implementation");
  s.take_notices();
  s.event(d(2026, 3, 18), "exit.recommended", {{"date", "2026-03-18"}, {"category", "secure_plus"}});
  CHECK(s.state_of("support") == "process_exit_requested");
  CHECK(s.category() == "vulnerable");
  CHECK(s.state_of("intensive_process") == "continued_implementation");
  CHECK(s.due("intensive_process", "second_evaluation") == "2026-06-18");
  CHECK(notice(s.take_notices(), "wiltshire-exit-request").to == Roles{"director"});

  SECTION("declined on Wednesday 25 March: the process goes on where it is, no new process starts") {
    s.event(d(2026, 3, 25), "exit.declined", {{"date", "2026-03-25"}});
    CHECK(s.state_of("support") == "intensive_continues");
    CHECK(s.category() == "vulnerable");
    CHECK(s.take_notices().empty());
    CHECK(s.state_of("intensive_process") == "continued_implementation");
    CHECK(s.due("intensive_process", "second_evaluation") == "2026-06-18");
    CHECK(s.due("support", "termly_review") == "2026-03-27");
    // Steps 7-9 as usual: the second evaluation on Tuesday 23 June, the level reviewed on
    // Thursday 2 July, monitoring.
    s.event(d(2026, 6, 23), "evaluation.completed", {{"date", "2026-06-23"}});
    s.event(d(2026, 7, 2), "support_level.reviewed", {{"category", "vulnerable"}});
    CHECK(s.state_of("support") == "monitoring");
  }
  SECTION("the process reaches step 9 while the request waits: monitoring, the request standing") {
    s.event(d(2026, 6, 23), "evaluation.completed", {{"date", "2026-06-23"}});
    s.take_notices();
    s.event(d(2026, 7, 2), "support_level.reviewed", {{"category", "vulnerable"}});
    CHECK(s.state_of("intensive_process") == "support_level_reviewed");
    CHECK(s.state_of("support") == "exit_requested");
    // The Head of School Improvement is asked again, now that the process has ended.
    CHECK(s.sent("wiltshire-exit-request", d(2026, 7, 2)).size() == 1);
    s.event(d(2026, 7, 6), "exit.approved", {{"date", "2026-07-06"}});
    CHECK(s.state_of("support") == "universal");
    CHECK(s.category() == "secure_plus");
  }
  SECTION("more support agreed on Monday 30 March while the request waits: withdrawn, the process goes on") {
    s.event(d(2026, 3, 30), "category.agreed", {{"date", "2026-03-30"}, {"category", "causing_concern"}});
    CHECK(s.state_of("support") == "intensive_continues");
    CHECK(s.category() == "causing_concern");
    CHECK(s.var("support", "exit_withdrawn_on") == "2026-03-30");
    CHECK(s.state_of("intensive_process") == "continued_implementation");
    auto ns = s.take_notices();
    // (First, the spring term's check of Sat 28 Mar: no level was agreed in the term - the exit
    // was only recommended.)
    CHECK(templates(ns) == std::vector<std::string>{"wiltshire-termly-review", "wiltshire-statement-of-categorisation",
                                                    "wiltshire-exit-withdrawn-process"});
    CHECK(value(ns[0], "missed") == "yes");
    const auto& withdrawn = notice(ns, "wiltshire-exit-withdrawn-process");
    CHECK(withdrawn.to == Roles{"director"});
    CHECK(withdrawn.cc == Roles{"la_lead", "link_adviser"});
    CHECK_THAT(render(withdrawn, d(2026, 3, 30)).text, Catch::Contains("process under way continues"));
    // Nothing is left to approve: the process takes an approval only once support has set a
    // universal level (422 naming school.category).
    auto late = s.try_event(d(2026, 3, 31), "exit.approved", {{"date", "2026-03-31"}, {"category", "secure"}});
    REQUIRE_FALSE(late);
    CHECK(late.error().code == sif::workflows::ErrorCode::kInvalidInput);
    CHECK_THAT(late.error().details, Catch::Contains("school.category"));
    CHECK(s.state_of("support") == "intensive_continues");
  }
}

TEST_CASE("wiltshire: insufficient progress - notice of concern, further 3 months, reports across Easter",
          "[frameworks][wiltshire-2019]") {
  Scenario s = into_implementation();
  s.run_until(d(2026, 3, 18));
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "insufficient"}});
  CHECK(s.state_of("intensive_process") == "notice_of_concern");
  s.take_notices();

  s.event(d(2026, 3, 24), "concern.notified",
          {{"reason", "Insufficient engagement with the improvement process"},
           {"evidence", "Milestones for writing and attendance not met"},
           {"actions", "Appoint a writing lead; daily attendance follow-up"}});
  CHECK(s.state_of("intensive_process") == "further_implementation");
  CHECK(s.category() == "causing_concern");
  CHECK(s.due("intensive_process", "further_review") == "2026-06-24");
  CHECK(s.due("intensive_process", "further_review#reminder1") == "2026-06-17");
  auto ns = s.take_notices();
  const auto& concern = notice(ns, "wiltshire-notice-of-concern");
  CHECK(concern.to == Roles{"headteacher", "chair_of_governors"});
  CHECK(value(concern, "evidence") == "Milestones for writing and attendance not met");
  CHECK(value(concern, "actions") == "Appoint a writing lead; daily attendance follow-up");
  CHECK(value(concern, "deadline.further_review.words") == "Wednesday 24 June 2026");
  const auto letter = render(concern, d(2026, 3, 24));
  CHECK(letter.subject == "FORMAL NOTICE OF CONCERN: Scenario Primary School");
  CHECK_THAT(letter.text, Catch::Contains("Date: Tuesday 24 March 2026"));
  CHECK_THAT(letter.text, Catch::Contains("To: Headteacher, Chair of Governors"));
  CHECK_THAT(letter.text, Catch::Contains("Milestones for writing and attendance not met"));
  CHECK_THAT(letter.text, Catch::Contains("Appoint a writing lead"));
  CHECK_THAT(letter.text, Catch::Contains("meeting due on Wednesday 24 June 2026"));

  // An evaluation on Tuesday 31 March 2026: draft by 1, 2, (Good Friday 3 April, weekend,
  // Easter Monday 6 April) 7, 8, 9 April; final by 10, 13, 14, 15, 16 April.
  s.event(d(2026, 3, 31), "evaluation.completed", {{"date", "2026-03-31"}});
  CHECK(s.state_of("intensive_process") == "further_implementation");
  CHECK(s.due("evaluation_reports", "draft_report") == "2026-04-09");
  s.event(d(2026, 4, 8), "report.sent", {{"report", "draft"}});
  CHECK(s.due("evaluation_reports", "final_report") == "2026-04-16");
  s.event(d(2026, 4, 15), "report.sent", {{"report", "final"}});
  CHECK(s.finished("evaluation_reports"));

  SECTION("progress now sufficient: monitoring continues (step 9)") {
    s.event(d(2026, 6, 24), "review.held", {{"date", "2026-06-24"}, {"progress", "sufficient"}});
    CHECK(s.state_of("intensive_process") == "progress_now_sufficient");
    CHECK(s.state_of("support") == "monitoring");
  }
  SECTION("still insufficient: the schools causing concern procedure") {
    s.event(d(2026, 6, 24), "review.held", {{"date", "2026-06-24"}, {"progress", "insufficient"}});
    CHECK(s.state_of("intensive_process") == "warning_notice_due");
    ns = s.take_notices();
    CHECK(notice(ns, "wiltshire-warning-notice-due").to == Roles{"director", "la_lead"});
  }
}

TEST_CASE("wiltshire: the warning notice and its outcomes", "[frameworks][wiltshire-2019]") {
  Scenario s = into_warning_notice();
  CHECK(s.state_of("intensive_process") == "warning_notice");
  CHECK(s.state_of("warning_notice") == "issued");
  // 15 working days following Friday 26 June 2026: 29 June-3 July, 6-10, 13-17 July, so the
  // period runs to the end of Friday 17 July (closes 00:00 Saturday 18 July); reminder 5 working
  // days before its last day, Friday 10 July.
  CHECK(s.due("warning_notice", "compliance_end") == "2026-07-17");
  CHECK(s.fires("warning_notice", "compliance_end") == "2026-07-18");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2026-07-10");
  auto ns = s.take_notices();
  const auto& wn = notice(ns, "warning-notice-letter");
  CHECK(wn.to == Roles{"governing_body"});
  // England since 2016: the head teacher and the Chief Inspector; Wiltshire copies its SIA.
  CHECK(wn.cc == Roles{"headteacher", "ofsted", "regional_director", "link_adviser"});
  CHECK(value(wn, "compliance_working_days") == "15");
  const auto letter = render(wn, d(2026, 6, 26));
  CHECK_THAT(letter.text, Catch::Contains("The compliance period ends at the end of\nFriday 17 July 2026."));
  CHECK_THAT(letter.text, Catch::Contains("as amended by the Education and Adoption Act 2016"));
  CHECK_THAT(letter.text, Catch::Contains("that right ended on 18 April 2016"));
  CHECK_THAT(letter.text, !Catch::Contains("section 60(7)"));

  // Since 2016 there is no right of representation to Ofsted.
  auto rep = s.try_event(d(2026, 7, 1), "representation.received", {{"date", "2026-07-01"}});
  REQUIRE_FALSE(rep);
  CHECK(rep.error().code == sif::workflows::ErrorCode::kInvalidInput);

  SECTION("not complied: notice of the powers, eligible for intervention, then exit only after a good Ofsted "
          "judgement") {
    // Not yet on the last day of the period.
    auto early = s.try_event(d(2026, 7, 17), "warning_notice.not_complied", {{"date", "2026-07-17"}});
    REQUIRE_FALSE(early);
    CHECK(early.error().code == sif::workflows::ErrorCode::kConflict);
    CHECK_THAT(early.error().message, Catch::Contains("Friday 17 July 2026"));
    s.run_until(d(2026, 7, 18));
    CHECK(s.state_of("warning_notice") == "compliance_review");
    s.event(d(2026, 7, 20), "warning_notice.not_complied", {{"date", "2026-07-20"}});
    // England: reasonable notice in writing of the proposed powers first (s.60(1)(d)).
    CHECK(s.state_of("warning_notice") == "powers_notice_due");
    CHECK(s.state_of("intensive_process") == "warning_notice");
    s.event(d(2026, 7, 21), "intervention.notice_given",
            {{"date", "2026-07-21"}, {"powers", "an interim executive board"}});
    CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
    CHECK(s.state_of("intensive_process") == "eligible_for_intervention");
    CHECK(s.state_of("support") == "intervention");
    ns = s.take_notices();
    CHECK(notice(ns, "wiltshire-intervention").to == Roles{"director", "la_lead"});

    s.event(d(2026, 10, 1), "ofsted.judgement", {{"date", "2026-10-01"}, {"grade", "requires_improvement"}});
    auto refused = s.try_event(d(2026, 10, 5), "exit.recommended", {{"date", "2026-10-05"}});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().details.find("vars.ofsted_grade") != std::string::npos);
    // Wednesday 12 May 2027: the next inspection is a report card, with no overall grade. A
    // "good" recorded for it is a grade Ofsted never gave: kept, but it does not pass the rule.
    s.event(d(2027, 5, 12), "ofsted.judgement", {{"date", "2027-05-12"}, {"grade", "good"}});
    CHECK(s.var("support", "ofsted_grade") == "no_overall_grade");
    CHECK(s.var("support", "ofsted_recorded_grade") == "good");
    auto no_grade = s.try_event(d(2027, 5, 17), "exit.recommended", {{"date", "2027-05-17"}});
    REQUIRE_FALSE(no_grade);
    CHECK_THAT(no_grade.error().details, Catch::Contains("vars.ofsted_grade"));
    // The report card as it is: safeguarding met, every area at the expected standard or above.
    s.event(d(2027, 5, 17), "ofsted.report_card",
            {{"date", "2027-05-12"}, {"safeguarding", "met"}, {"lowest_grade", "expected_standard"}});
    CHECK(s.var("support", "ofsted_grade") == "report_card_expected_or_better");
    s.event(d(2027, 5, 17), "exit.recommended", {{"date", "2027-05-17"}});
    CHECK(s.state_of("support") == "exit_requested");
    SECTION("declined") {
      s.event(d(2027, 5, 24), "exit.declined");
      CHECK(s.state_of("support") == "monitoring");
    }
    SECTION("approved") {
      // The recommendation named no level: an approval without one is refused (never read as
      // the intensive level the school had), one naming a universal level is taken.
      auto none = s.try_event(d(2027, 5, 24), "exit.approved", {{"date", "2027-05-24"}});
      REQUIRE_FALSE(none);
      CHECK(none.error().code == sif::workflows::ErrorCode::kInvalidInput);
      CHECK_THAT(none.error().details, Catch::Contains("event.category"));
      auto intensive = s.try_event(d(2027, 5, 24), "exit.approved", {{"date", "2027-05-24"}, {"category", "vulnerable"}});
      REQUIRE_FALSE(intensive);
      CHECK(intensive.error().code == sif::workflows::ErrorCode::kInvalidInput);
      CHECK(s.state_of("support") == "exit_requested");
      s.event(d(2027, 5, 24), "exit.approved", {{"date", "2027-05-24"}, {"category", "secure"}});
      CHECK(s.state_of("support") == "universal");
      CHECK(s.category() == "secure");
    }
  }
  SECTION("complied: monitoring; an RI school becomes eligible for exit by joining an academy") {
    s.event(d(2026, 7, 15), "ofsted.judgement", {{"date", "2026-07-15"}, {"grade", "requires_improvement"}});
    s.event(d(2026, 7, 16), "warning_notice.complied", {{"date", "2026-07-16"}});
    CHECK(s.state_of("intensive_process") == "warning_notice_complied");
    CHECK(s.state_of("support") == "monitoring");
    CHECK_FALSE(s.try_event(d(2026, 8, 28), "exit.recommended", {{"date", "2026-08-28"}}));
    s.event(d(2026, 9, 1), "academy.converted", {{"date", "2026-09-01"}});
    s.event(d(2026, 9, 7), "exit.recommended", {{"date", "2026-09-07"}});
    CHECK(s.state_of("support") == "exit_requested");
  }
}

TEST_CASE("wiltshire: a school registered as vulnerable starts the intensive process", "[frameworks][wiltshire-2019]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8), {.type = "community", .category = "vulnerable"});
  CHECK(s.state_of("support") == "universal");
  CHECK(s.due("support", "placement") == "2025-09-08");
  s.run_until(d(2025, 9, 8));
  CHECK(s.state_of("support") == "intensive");
  CHECK(s.state_of("intensive_process") == "lead_visit");
  // Registered on Mon 8 Sep 2025: categorised again at the start of the next academic year.
  CHECK(s.due("support", "annual_categorisation") == "2026-09-01");
}

TEST_CASE("wiltshire: a review meeting booked for its day, booked late, its evidence reminder goes at once, marked late",
          "[frameworks][wiltshire-2019][dates]") {
  Scenario s = into_implementation();
  // Three months after the evaluation of Thu 18 Dec 2025: the meeting is expected on Wed 18 Mar.
  CHECK(s.due("intensive_process", "review_meeting") == "2026-03-18");

  SECTION("booked in good time for Thu 26 Mar: the evidence is due 5 working days before, Thu 19 Mar") {
    s.event(d(2026, 2, 23), "meeting.scheduled", {{"kind", "review"}, {"date", "2026-03-26"}});
    s.take_fired();
    CHECK(s.due("intensive_process", "review_meeting") == "2026-03-26");
    CHECK(s.due("intensive_process", "review_meeting#reminder1") == "2026-03-19");
    CHECK_FALSE(s.timer("intensive_process", "review_meeting#reminder1").late);
    s.run_until(d(2026, 3, 26));
    CHECK(fired_list(s.take_fired()) == std::vector<std::string>{"termly_review#reminder1@2026-03-13",
                                                                 "review_meeting#reminder1@2026-03-19",
                                                                 "review_meeting@2026-03-26"});
    CHECK(s.state_of("intensive_process") == "progress_review");
  }
  SECTION("booked on Mon 16 Mar for Thu 19 Mar: its evidence reminder (Thu 12 Mar) has passed and goes out at once") {
    s.run_until(d(2026, 3, 13));
    s.take_fired();  // the reminder for the expected date, Wed 11 Mar, went out
    s.take_notices();
    s.event(d(2026, 3, 16), "meeting.scheduled", {{"kind", "review"}, {"date", "2026-03-19"}});
    const auto& r = s.timer("intensive_process", "review_meeting#reminder1");
    CHECK(r.late);
    CHECK(sif::workflows::format_date(r.due) == "2026-03-12");
    CHECK(sif::workflows::format_date(r.fires) == "2026-03-16");
    s.run_until(d(2026, 3, 16));
    CHECK(fired_list(s.take_fired()) ==
          std::vector<std::string>{"review_meeting#reminder1@2026-03-16 (due 2026-03-12) (late)"});
    CHECK(notice(s.take_notices(), "wiltshire-review-evidence").to == Roles{"headteacher"});
  }
  SECTION("booked for the day it was expected: nothing moves and no reminder goes twice") {
    s.run_until(d(2026, 3, 13));
    s.take_fired();
    s.event(d(2026, 3, 16), "meeting.scheduled", {{"kind", "review"}, {"date", "2026-03-18"}});
    CHECK(s.due("intensive_process", "review_meeting#reminder1").empty());  // it went on Wed 11 Mar
    CHECK(s.due("intensive_process", "review_meeting") == "2026-03-18");
    s.run_until(d(2026, 3, 17));
    CHECK(s.take_fired().empty());
  }
  SECTION("a meeting of another kind does not move the review") {
    CHECK_FALSE(s.try_event(d(2026, 2, 23), "meeting.scheduled", {{"kind", "governors"}, {"date", "2026-03-26"}}));
    CHECK(s.due("intensive_process", "review_meeting") == "2026-03-18");
  }
}

TEST_CASE("wiltshire: the step 2 evaluation day is planned with the school, and booked again when postponed",
          "[frameworks][wiltshire-2019][meetings]") {
  // Appendix 3: "The Evaluation will be planned alongside the head, senior leadership team and
  // governors".
  Scenario s = into_intensive();
  s.event(d(2025, 11, 12), "meeting.scheduled", {{"kind", "lead_visit"}, {"date", "2025-12-03"}});
  s.event(d(2025, 12, 3), "visit.completed", {{"date", "2025-12-03"}});
  REQUIRE(s.state_of("intensive_process") == "evaluation");
  // Nothing is booked on entering step 2.
  CHECK(s.due("intensive_process", "evaluation_day").empty());

  // Monday 8 December 2025: booked for Thursday 18 December.
  s.event(d(2025, 12, 8), "meeting.scheduled", {{"kind", "evaluation"}, {"date", "2025-12-18"}});
  CHECK(s.due("intensive_process", "evaluation_day") == "2025-12-18");
  CHECK(s.state_of("intensive_process") == "evaluation");
  // A meeting of another kind is not the evaluation: refused, naming the kind.
  auto other = s.try_event(d(2025, 12, 8), "meeting.scheduled", {{"kind", "review"}, {"date", "2025-12-18"}});
  REQUIRE_FALSE(other);
  CHECK(other.error().code == sif::workflows::ErrorCode::kInvalidInput);
  CHECK_THAT(other.error().details, Catch::Contains("event.kind"));

  // Friday 12 December: postponed and booked again for Tuesday 6 January 2026, the second day of
  // Spring 1. Nothing is left on 18 December.
  s.event(d(2025, 12, 12), "meeting.scheduled", {{"kind", "evaluation"}, {"date", "2026-01-06"}});
  CHECK(s.due("intensive_process", "evaluation_day") == "2026-01-06");
  s.take_fired();
  s.run_until(d(2026, 1, 6));
  CHECK(process_fired(s) == std::vector<std::string>{"evaluation_day@2026-01-06"});

  // Held that day. Draft report within 5 working days: 7, 8, 9, 12, 13 January (Tuesday 13th).
  s.event(d(2026, 1, 6), "evaluation.completed", {{"date", "2026-01-06"}});
  CHECK(s.state_of("intensive_process") == "findings_meeting");
  CHECK(s.due("evaluation_reports", "draft_report") == "2026-01-13");
}

TEST_CASE("wiltshire: the progress review meeting booked once it is due, and a postponed one booked again",
          "[frameworks][wiltshire-2019][meetings]") {
  Scenario s = into_implementation();
  // Due three months after the evaluation: Wednesday 18 March 2026.
  s.run_until(d(2026, 3, 18));
  REQUIRE(s.state_of("intensive_process") == "progress_review");
  s.take_notices();
  s.take_fired();
  CHECK(s.due("intensive_process", "review_meeting").empty());

  // Not held that day: booked on 18 March for Thursday 2 April. Evidence 5 working days before
  // (1 April, 31, 30, 27, 26 March): Thursday 26 March.
  s.event(d(2026, 3, 18), "meeting.scheduled", {{"kind", "review"}, {"date", "2026-04-02"}});
  CHECK(s.due("intensive_process", "review_meeting") == "2026-04-02");
  CHECK(s.due("intensive_process", "review_meeting#reminder1") == "2026-03-26");
  CHECK_FALSE(s.timer("intensive_process", "review_meeting#reminder1").late);

  SECTION("held on the day booked") {
    s.run_until(d(2026, 4, 2));
    CHECK(process_fired(s) == std::vector<std::string>{"review_meeting#reminder1@2026-03-26", "review_meeting@2026-04-02"});
    const auto ns = s.take_notices();
    const auto& evidence = notice(ns, "wiltshire-review-evidence");
    CHECK(evidence.to == Roles{"headteacher"});
    CHECK(value(evidence, "reminder.deadline.words") == "Thursday 2 April 2026");
    s.event(d(2026, 4, 2), "review.held", {{"date", "2026-04-02"}, {"progress", "sufficient"}});
    CHECK(s.state_of("intensive_process") == "continued_implementation");
    // Step 6: a further 3 months from the review, Thursday 2 July.
    CHECK(s.due("intensive_process", "second_evaluation") == "2026-07-02");
  }
  SECTION("postponed on Monday 30 March to Tuesday 21 April, after Easter: the evidence is due again on Tuesday 14 April") {
    // 5 working days before 21 April: 20, 17, 16, 15, 14 April.
    s.run_until(d(2026, 3, 27));
    s.event(d(2026, 3, 30), "meeting.scheduled", {{"kind", "progress_review"}, {"date", "2026-04-21"}});
    CHECK(s.due("intensive_process", "review_meeting") == "2026-04-21");
    CHECK(s.due("intensive_process", "review_meeting#reminder1") == "2026-04-14");
    s.run_until(d(2026, 4, 21));
    CHECK(process_fired(s) == std::vector<std::string>{"review_meeting#reminder1@2026-03-26",
                                                       "review_meeting#reminder1@2026-04-14",
                                                       "review_meeting@2026-04-21"});
    CHECK(s.state_of("intensive_process") == "progress_review");
  }
}

TEST_CASE("wiltshire: the second evaluation booked ahead (step 6) or once it is due (step 7)",
          "[frameworks][wiltshire-2019][meetings]") {
  Scenario s = into_implementation();
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "sufficient"}});
  // Three months from the review: Thursday 18 June 2026; sif's four weeks' notice: Thursday 21 May.
  REQUIRE(s.due("intensive_process", "second_evaluation") == "2026-06-18");
  CHECK(s.due("intensive_process", "second_evaluation#reminder1") == "2026-05-21");
  s.take_fired();
  s.take_notices();

  SECTION("booked on Monday 4 May for Tuesday 23 June: the four weeks' notice is Tuesday 26 May") {
    // 23 June less four weeks is Tuesday 26 May (the day after the spring bank holiday).
    s.event(d(2026, 5, 4), "meeting.scheduled", {{"kind", "evaluation"}, {"date", "2026-06-23"}});
    CHECK(s.due("intensive_process", "second_evaluation") == "2026-06-23");
    CHECK(s.due("intensive_process", "second_evaluation#reminder1") == "2026-05-26");
    s.run_until(d(2026, 6, 23));
    CHECK(process_fired(s) == std::vector<std::string>{"second_evaluation#reminder1@2026-05-26",
                                                       "second_evaluation@2026-06-23"});
    CHECK(s.state_of("intensive_process") == "second_evaluation");
    CHECK(notice(s.take_notices(), "wiltshire-second-evaluation").to == Roles{"la_lead"});
  }
  SECTION("due on Thursday 18 June, booked that day for Thursday 25 June") {
    s.run_until(d(2026, 6, 18));
    REQUIRE(s.state_of("intensive_process") == "second_evaluation");
    s.take_fired();
    CHECK(s.due("intensive_process", "evaluation_day").empty());
    s.event(d(2026, 6, 18), "meeting.scheduled", {{"kind", "second_evaluation"}, {"date", "2026-06-25"}});
    CHECK(s.due("intensive_process", "evaluation_day") == "2026-06-25");
    s.run_until(d(2026, 6, 25));
    CHECK(process_fired(s) == std::vector<std::string>{"evaluation_day@2026-06-25"});
    // Held that day; draft within 5 working days: 26, 29, 30 June, 1, 2 July.
    s.event(d(2026, 6, 25), "evaluation.completed", {{"date", "2026-06-25"}});
    CHECK(s.state_of("intensive_process") == "support_level_review");
    CHECK(s.due("evaluation_reports", "draft_report") == "2026-07-02");
  }
}

TEST_CASE("wiltshire: the further 3 months - the next review's date set at the review, the evaluation booked with it, the review rebooked",
          "[frameworks][wiltshire-2019][meetings]") {
  Scenario s = into_implementation();
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "insufficient"}});
  // Appendix 6, purpose 6: "To set dates and expectations for the next review meeting" -
  // Wednesday 1 July 2026, set at the review on 18 March.
  s.event(d(2026, 3, 18), "meeting.scheduled", {{"kind", "review"}, {"date", "2026-07-01"}});
  CHECK(s.state_of("intensive_process") == "notice_of_concern");
  CHECK(s.var("intensive_process", "next_review_on") == "2026-07-01");
  s.take_notices();

  // The notice of concern on Tuesday 24 March: the further review falls on the day set, not three
  // months on (Wednesday 24 June). Evidence 5 working days before (30, 29, 26, 25, 24 June):
  // Wednesday 24 June.
  s.event(d(2026, 3, 24), "concern.notified",
          {{"reason", "Insufficient engagement with the improvement process"},
           {"evidence", "Milestones for writing and attendance not met"},
           {"actions", "Appoint a writing lead; daily attendance follow-up"}});
  CHECK(s.state_of("intensive_process") == "further_implementation");
  CHECK(s.category() == "causing_concern");
  CHECK(s.due("intensive_process", "further_review") == "2026-07-01");
  CHECK(s.due("intensive_process", "further_review#reminder1") == "2026-06-24");
  CHECK(value(notice(s.take_notices(), "wiltshire-notice-of-concern"), "deadline.further_review.words") ==
        "Wednesday 1 July 2026");

  // "A school evaluation may be put in place together with a review meeting": booked on Monday
  // 1 June for Tuesday 23 June. The review is then moved (Monday 1 June) to Wednesday 8 July:
  // evidence 5 working days before (7, 6, 3, 2, 1 July), Wednesday 1 July.
  s.event(d(2026, 6, 1), "meeting.scheduled", {{"kind", "evaluation"}, {"date", "2026-06-23"}});
  CHECK(s.due("intensive_process", "evaluation_day") == "2026-06-23");
  CHECK(s.due("intensive_process", "further_review") == "2026-07-01");
  s.event(d(2026, 6, 1), "meeting.scheduled", {{"kind", "review"}, {"date", "2026-07-08"}});
  CHECK(s.due("intensive_process", "further_review") == "2026-07-08");
  CHECK(s.due("intensive_process", "further_review#reminder1") == "2026-07-01");
  s.take_fired();
  s.run_until(d(2026, 6, 23));
  CHECK(process_fired(s) == std::vector<std::string>{"evaluation_day@2026-06-23"});
  s.event(d(2026, 6, 23), "evaluation.completed", {{"date", "2026-06-23"}});
  CHECK(s.state_of("intensive_process") == "further_implementation");
  CHECK(s.due("intensive_process", "evaluation_day").empty());
  // Draft within 5 working days: 24, 25, 26, 29, 30 June.
  CHECK(s.due("evaluation_reports", "draft_report") == "2026-06-30");

  s.run_until(d(2026, 7, 8));
  CHECK(process_fired(s) == std::vector<std::string>{"further_review#reminder1@2026-07-01", "further_review@2026-07-08"});
  CHECK(s.state_of("intensive_process") == "further_review");
  CHECK(s.due("intensive_process", "review_meeting").empty());
  s.take_notices();

  // Postponed on the day: booked again for Thursday 16 July, evidence 5 working days before
  // (15, 14, 13, 10, 9 July), Thursday 9 July.
  s.event(d(2026, 7, 8), "meeting.scheduled", {{"kind", "review"}, {"date", "2026-07-16"}});
  CHECK(s.due("intensive_process", "review_meeting") == "2026-07-16");
  CHECK(s.due("intensive_process", "review_meeting#reminder1") == "2026-07-09");
  s.run_until(d(2026, 7, 16));
  CHECK(process_fired(s) == std::vector<std::string>{"review_meeting#reminder1@2026-07-09", "review_meeting@2026-07-16"});
  CHECK(value(notice(s.take_notices(), "wiltshire-review-evidence"), "reminder.deadline.words") == "Thursday 16 July 2026");
  s.event(d(2026, 7, 16), "review.held", {{"date", "2026-07-16"}, {"progress", "sufficient"}});
  CHECK(s.state_of("intensive_process") == "progress_now_sufficient");
  CHECK(s.state_of("support") == "monitoring");
}

TEST_CASE("wiltshire: the further 3 months may be given - or the notice of concern goes straight to the warning notice",
          "[frameworks][wiltshire-2019]") {
  Scenario s = into_implementation();
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "insufficient"}});
  s.event(d(2026, 3, 24), "concern.notified",
          {{"reason", "No engagement with the improvement process"}, {"further_period", "no"}});
  CHECK(s.category() == "causing_concern");
  CHECK(s.state_of("intensive_process") == "warning_notice_due");
  CHECK(notice(s.take_notices(), "wiltshire-notice-of-concern").to == Roles{"headteacher", "chair_of_governors"});
}

TEST_CASE("wiltshire: the universal SIA visits are recordable (Visit 1, the End of Year visit)", "[frameworks][wiltshire-2019]") {
  Scenario s(kId);
  s.start(d(2025, 9, 8));
  s.event(d(2025, 9, 10), "category.agreed", {{"category", "secure"}});
  s.event(d(2025, 9, 24), "visit.completed", {{"date", "2025-09-24"}, {"kind", "visit_1"}});
  CHECK(s.var("support", "last_sia_visit") == "2025-09-24");
  s.event(d(2026, 7, 8), "visit.completed", {{"date", "2026-07-08"}, {"kind", "end_of_year"}});
  CHECK(s.var("support", "last_sia_visit_kind") == "end_of_year");
  CHECK(s.state_of("support") == "universal");
}

TEST_CASE("wiltshire: SIA visits are recorded in every state after universal support, never as the Regional Lead's step-1 visit",
          "[frameworks][wiltshire-2019][visits]") {
  // "all maintained schools will receive the equivalent of 3 whole days ... from the SIA"
  // (Universal Support); step 9: "monitoring of school continues by Regional School Improvement
  // and Excellence Lead and School Improvement Advisor".
  Scenario s = into_intensive();
  REQUIRE(s.state_of("intensive_process") == "lead_visit");

  // Wednesday 19 November 2025, while the Regional Lead's step-1 visit is still to come: the
  // SIA's School Improvement visit (Appendix 1) is recorded in support; step 1 does not move.
  s.event(d(2025, 11, 19), "visit.completed", {{"date", "2025-11-19"}, {"kind", "school_improvement"}});
  CHECK(s.var("support", "last_sia_visit") == "2025-11-19");
  CHECK(s.var("support", "last_sia_visit_kind") == "school_improvement");
  CHECK(s.state_of("support") == "intensive");
  CHECK(s.state_of("intensive_process") == "lead_visit");

  // A kind that is neither an SIA visit nor the Regional Lead's is refused, naming the kind.
  auto unknown = s.try_event(d(2025, 11, 20), "visit.completed", {{"date", "2025-11-20"}, {"kind", "drop_in"}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == sif::workflows::ErrorCode::kInvalidInput);
  CHECK_THAT(unknown.error().details, Catch::Contains("event.kind"));
  CHECK(s.state_of("intensive_process") == "lead_visit");

  // Wednesday 3 December 2025: the Regional Lead's visit, recorded without a kind, is step 1; it
  // is not an SIA visit.
  s.event(d(2025, 12, 3), "visit.completed", {{"date", "2025-12-03"}});
  CHECK(s.state_of("intensive_process") == "evaluation");
  CHECK(s.var("support", "last_sia_visit") == "2025-11-19");

  // Past step 1 a visit must say whose it is: without a kind it is refused (422 naming
  // event.kind); the SIA's half day for headteacher performance management (Appendix 2) on
  // Wednesday 10 December is recorded and the evaluation (step 2) is still awaited.
  auto bare = s.try_event(d(2025, 12, 10), "visit.completed", {{"date", "2025-12-10"}});
  REQUIRE_FALSE(bare);
  CHECK(bare.error().code == sif::workflows::ErrorCode::kInvalidInput);
  CHECK_THAT(bare.error().details, Catch::Contains("event.kind"));
  s.event(d(2025, 12, 10), "visit.completed", {{"date", "2025-12-10"}, {"kind", "htpm"}});
  CHECK(s.var("support", "last_sia_visit") == "2025-12-10");
  CHECK(s.var("support", "last_sia_visit_kind") == "htpm");
  CHECK(s.state_of("intensive_process") == "evaluation");
}

TEST_CASE("wiltshire: SIA visits in monitoring, while exit awaits approval, and in intervention",
          "[frameworks][wiltshire-2019][visits]") {
  SECTION("step 9 monitoring, then the exit request") {
    Scenario s = into_monitoring("vulnerable");
    REQUIRE(s.state_of("support") == "monitoring");
    // Wednesday 15 July 2026: the End of Year visit (Appendix 1).
    s.event(d(2026, 7, 15), "visit.completed", {{"date", "2026-07-15"}, {"kind", "end_of_year"}});
    CHECK(s.var("support", "last_sia_visit") == "2026-07-15");
    CHECK(s.var("support", "last_sia_visit_kind") == "end_of_year");
    CHECK(s.state_of("support") == "monitoring");
    // A visit without a kind could be the Regional Lead's (step 9): refused, naming the kind.
    auto bare = s.try_event(d(2026, 7, 16), "visit.completed", {{"date", "2026-07-16"}});
    REQUIRE_FALSE(bare);
    CHECK_THAT(bare.error().details, Catch::Contains("event.kind"));

    s.event(d(2026, 7, 16), "exit.recommended", {{"date", "2026-07-16"}, {"category", "secure"}});
    REQUIRE(s.state_of("support") == "exit_requested");
    s.take_notices();
    // Tuesday 1 September 2026, the first day of the autumn term: Visit 1 while the request waits.
    s.event(d(2026, 9, 1), "visit.completed", {{"date", "2026-09-01"}, {"kind", "visit_1"}});
    CHECK(s.var("support", "last_sia_visit") == "2026-09-01");
    CHECK(s.state_of("support") == "exit_requested");
  }
  SECTION("eligible for intervention") {
    Scenario s = into_warning_notice();
    s.run_until(d(2026, 7, 18));
    s.event(d(2026, 7, 20), "warning_notice.not_complied", {{"date", "2026-07-20"}});
    s.event(d(2026, 7, 21), "intervention.notice_given", {{"date", "2026-07-21"}, {"powers", "an interim executive board"}});
    REQUIRE(s.state_of("support") == "intervention");
    // Wednesday 16 September 2026: a School Improvement visit.
    s.event(d(2026, 9, 16), "visit.completed", {{"date", "2026-09-16"}, {"kind", "school_improvement"}});
    CHECK(s.var("support", "last_sia_visit") == "2026-09-16");
    CHECK(s.state_of("support") == "intervention");
  }
}

TEST_CASE("wiltshire: a final report missed over Christmas stays overdue in final_overdue until it is sent",
          "[frameworks][wiltshire-2019][overdue]") {
  // Evaluation on Thursday 18 December 2025, draft sent Monday 22 December; the final report's
  // last day is Tuesday 6 January 2026 (30, 31 December, (1 January) 2, 5, 6 January).
  Scenario s = into_intensive();
  s.event(d(2025, 11, 12), "meeting.scheduled", {{"kind", "lead_visit"}, {"date", "2025-12-03"}});
  s.event(d(2025, 12, 3), "visit.completed");
  s.event(d(2025, 12, 18), "evaluation.completed", {{"date", "2025-12-18"}});
  s.event(d(2025, 12, 22), "report.sent", {{"report", "draft"}});
  CHECK(s.due("evaluation_reports", "final_report") == "2026-01-06");
  s.take_notices();

  // On its last day it is not overdue yet.
  s.run_until(d(2026, 1, 6));
  CHECK(s.state_of("evaluation_reports") == "final_due");
  CHECK(s.overdue("evaluation_reports").empty());

  // final_due + timer.final_report -> final_overdue at 08:00 on Wednesday 7 January: the deadline
  // is overdue there, with the date it fell due, and the overdue letter can say so.
  s.run_until(d(2026, 1, 7));
  CHECK(s.state_of("evaluation_reports") == "final_overdue");
  REQUIRE(s.overdue("evaluation_reports") == std::vector<std::string>{"final_report"});
  const auto& entry = s.instance("evaluation_reports").overdue.front();
  CHECK(entry.title == "Final evaluation report shared with the governing body");
  CHECK(iso(entry.due) == "2026-01-06");
  CHECK(entry.provenance.base == d(2025, 12, 18));
  const auto overdue_letter = s.one("wiltshire-report-overdue", d(2026, 1, 7));
  CHECK(value(overdue_letter, "overdue.final_report") == "2026-01-06");
  CHECK(value(overdue_letter, "overdue.final_report.title") == "Final evaluation report shared with the governing body");

  // final_overdue + note.recorded (internal) -> final_overdue: still overdue.
  s.event(d(2026, 1, 8), "note.recorded", {{"text", "Lead evaluator chased"}});
  CHECK(s.overdue("evaluation_reports") == std::vector<std::string>{"final_report"});

  // final_overdue + report.sent [report: final] -> sent (final): nothing overdue any more.
  s.event(d(2026, 1, 9), "report.sent", {{"report", "final"}});
  CHECK(s.state_of("evaluation_reports") == "sent");
  CHECK(s.finished("evaluation_reports"));
  CHECK(s.overdue("evaluation_reports").empty());
}

TEST_CASE("wiltshire: a draft report missed over Easter is overdue in draft_overdue, then the final one is due",
          "[frameworks][wiltshire-2019][overdue]") {
  // Evaluation on Tuesday 31 March 2026: draft by 1, 2, (Good Friday 3 April, weekend, Easter
  // Monday 6 April) 7, 8, 9 April. Not sent: overdue from 08:00 on Friday 10 April.
  Scenario s = into_implementation();
  s.run_until(d(2026, 3, 18));
  s.event(d(2026, 3, 18), "review.held", {{"date", "2026-03-18"}, {"progress", "insufficient"}});
  s.event(d(2026, 3, 24), "concern.notified",
          {{"reason", "Insufficient engagement with the improvement process"},
           {"evidence", "Milestones not met"},
           {"actions", "Appoint a writing lead"}});
  s.event(d(2026, 3, 31), "evaluation.completed", {{"date", "2026-03-31"}});
  CHECK(s.due("evaluation_reports", "draft_report") == "2026-04-09");
  s.run_until(d(2026, 4, 10));
  CHECK(s.state_of("evaluation_reports") == "draft_overdue");
  REQUIRE(s.instance("evaluation_reports").overdue.size() == 1);
  CHECK(s.instance("evaluation_reports").overdue.front().id == "draft_report");
  CHECK(iso(s.instance("evaluation_reports").overdue.front().due) == "2026-04-09");

  // draft_overdue + report.sent [report: draft] -> final_due: leaving draft_overdue takes the
  // draft off the list; the final report's 10 working days from the evaluation (1, 2, 7, 8, 9,
  // 10, 13, 14, 15, 16 April) end on Thursday 16 April, still ahead on Monday 13 April.
  s.event(d(2026, 4, 13), "report.sent", {{"report", "draft"}});
  CHECK(s.state_of("evaluation_reports") == "final_due");
  CHECK(s.overdue("evaluation_reports").empty());
  CHECK(s.due("evaluation_reports", "final_report") == "2026-04-16");
}

TEST_CASE("wiltshire: a universal level agreed while exit awaits approval becomes the level the exit establishes",
          "[frameworks][wiltshire-2019][exit]") {
  Scenario s = into_monitoring("vulnerable");
  REQUIRE(s.state_of("support") == "monitoring");
  CHECK(s.category() == "vulnerable");
  s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
  CHECK(s.state_of("support") == "exit_requested");
  s.take_notices();

  // Wednesday 8 July 2026: secure plus agreed with the school. The school stays in intensive
  // support (vulnerable) until the Head of School Improvement approves; the request stands and
  // now names secure plus.
  s.event(d(2026, 7, 8), "category.agreed", {{"date", "2026-07-08"}, {"category", "secure_plus"}});
  CHECK(s.state_of("support") == "exit_requested");
  CHECK(s.category() == "vulnerable");
  CHECK(s.var("support", "recommended_category") == "secure_plus");
  auto ns = s.take_notices();
  CHECK(templates(ns) == std::vector<std::string>{"wiltshire-exit-level-changed"});
  const auto& changed = notice(ns, "wiltshire-exit-level-changed");
  CHECK(changed.to == Roles{"director"});
  CHECK(changed.cc == Roles{"la_lead", "link_adviser", "headteacher", "chair_of_governors"});
  const auto changed_text = render(changed, d(2026, 7, 8)).text;
  CHECK_THAT(changed_text, Catch::Contains("To: Head of School Improvement (School Effectiveness)"));
  CHECK_THAT(changed_text, Catch::Contains("Support level on exit: Secure plus"));
  CHECK_THAT(changed_text, Catch::Contains("Current support level until then: Vulnerable"));

  // Approved on Monday 13 July 2026, naming no level: the level agreed on 8 July.
  s.event(d(2026, 7, 13), "exit.approved", {{"date", "2026-07-13"}});
  CHECK(s.state_of("support") == "universal");
  CHECK(s.category() == "secure_plus");
  ns = s.take_notices();
  const auto& exit = notice(ns, "wiltshire-exit-letter");
  CHECK(exit.to == Roles{"governing_body", "headteacher"});
  CHECK(value(exit, "date.words") == "Monday 13 July 2026");
  CHECK_THAT(render(exit, d(2026, 7, 13)).text, Catch::Contains("Support level from today: Secure plus"));
}

TEST_CASE("wiltshire: a change within intensive support while exit awaits approval",
          "[frameworks][wiltshire-2019][exit]") {
  Scenario s = into_monitoring("causing_concern");
  CHECK(s.category() == "causing_concern");
  s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
  s.take_notices();

  // Less support, still intensive (causing concern to vulnerable): the level changes at once,
  // recorded by letter; the request for approval stands.
  s.event(d(2026, 7, 8), "category.agreed", {{"date", "2026-07-08"}, {"category", "vulnerable"}});
  CHECK(s.state_of("support") == "exit_requested");
  CHECK(s.category() == "vulnerable");
  CHECK(s.var("support", "recommended_category") == "secure");
  auto ns = s.take_notices();
  CHECK(templates(ns) == std::vector<std::string>{"wiltshire-statement-of-categorisation"});
  CHECK(notice(ns, "wiltshire-statement-of-categorisation").to == Roles{"headteacher", "chair_of_governors"});
  CHECK_THAT(render(notice(ns, "wiltshire-statement-of-categorisation"), d(2026, 7, 8)).text,
             Catch::Contains("Support level: Vulnerable"));

  SECTION("the same level agreed again: the request stands, the approval takes the recommended level") {
    s.event(d(2026, 7, 9), "category.agreed", {{"date", "2026-07-09"}, {"category", "vulnerable"}});
    CHECK(s.state_of("support") == "exit_requested");
    s.event(d(2026, 7, 10), "exit.approved", {{"date", "2026-07-10"}});
    CHECK(s.state_of("support") == "universal");
    CHECK(s.category() == "secure");
  }
  SECTION("more support (vulnerable to causing concern): the request is withdrawn, a new 6-month process") {
    s.event(d(2026, 7, 9), "category.agreed", {{"date", "2026-07-09"}, {"category", "causing_concern"}});
    CHECK(s.state_of("support") == "intensive");
    CHECK(s.category() == "causing_concern");
    CHECK(s.var("support", "exit_withdrawn_on") == "2026-07-09");
    CHECK(s.state_of("intensive_process") == "lead_visit");
    CHECK_FALSE(s.finished("intensive_process"));
    ns = s.take_notices();
    const auto& withdrawn = notice(ns, "wiltshire-exit-withdrawn");
    CHECK(withdrawn.to == Roles{"director"});
    CHECK(withdrawn.cc == Roles{"la_lead", "link_adviser"});
    CHECK_THAT(render(withdrawn, d(2026, 7, 9)).text, Catch::Contains("changed, in partnership with\nthe school, to Causing concern"));
    CHECK(notice(ns, "wiltshire-statement-of-categorisation").cc == Roles{"link_adviser", "la_lead", "director"});
    CHECK(notice(ns, "wiltshire-arrange-visit").to == Roles{"la_lead"});
    // Nothing is left to approve: the new process takes an approval only once support has set a
    // universal level, which it does only for a pending request (422 naming school.category).
    auto late = s.try_event(d(2026, 7, 10), "exit.approved", {{"date", "2026-07-10"}, {"category", "secure"}});
    REQUIRE_FALSE(late);
    CHECK(late.error().code == sif::workflows::ErrorCode::kInvalidInput);
    CHECK_THAT(late.error().details, Catch::Contains("school.category"));
    CHECK(s.state_of("support") == "intensive");
  }
}

TEST_CASE("wiltshire: a secure level reviewed at step 8, then vulnerable agreed while exit awaits approval, withdraws it",
          "[frameworks][wiltshire-2019][exit]") {
  Scenario s = into_monitoring("secure");
  s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
  s.event(d(2026, 7, 8), "category.agreed", {{"date", "2026-07-08"}, {"category", "vulnerable"}});
  CHECK(s.state_of("support") == "intensive");
  CHECK(s.category() == "vulnerable");
  CHECK(s.sent("wiltshire-exit-withdrawn", d(2026, 7, 8)).size() == 1);
}

TEST_CASE("wiltshire: Ofsted report cards and the exit rule - how a report card is recorded and read",
          "[frameworks][wiltshire-2019][exit]") {
  Scenario s = into_monitoring("vulnerable");
  // The school was inspected again on Wednesday 4 March 2026, a report card (from 10 November
  // 2025): it replaces the good of October 2025 as the latest judgement.
  SECTION("a report card without its grades is refused: an unknown grade never passes") {
    auto bare = s.try_event(d(2026, 7, 6), "ofsted.report_card", {{"date", "2026-03-04"}});
    REQUIRE_FALSE(bare);
    CHECK(bare.error().code == sif::workflows::ErrorCode::kInvalidInput);
    CHECK_THAT(bare.error().details, Catch::Contains("event.safeguarding"));
    CHECK_THAT(bare.error().details, Catch::Contains("event.lowest_grade"));
    auto words = s.try_event(d(2026, 7, 6), "ofsted.report_card",
                             {{"date", "2026-03-04"}, {"safeguarding", "met"}, {"lowest_grade", "good"}});
    REQUIRE_FALSE(words);
    CHECK(s.var("support", "ofsted_grade") == "good");
  }
  SECTION("an area that needs attention: not a judgement of good") {
    s.event(d(2026, 7, 6), "ofsted.report_card",
            {{"date", "2026-03-04"}, {"safeguarding", "met"}, {"lowest_grade", "needs_attention"}});
    CHECK(s.var("support", "ofsted_grade") == "report_card_below_expected");
    CHECK(s.var("support", "report_card_lowest_grade") == "needs_attention");
    auto refused = s.try_event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().details, Catch::Contains("vars.ofsted_grade"));
    CHECK(s.state_of("support") == "monitoring");
  }
  SECTION("safeguarding not met: not a judgement of good, whatever the areas") {
    s.event(d(2026, 7, 6), "ofsted.report_card",
            {{"date", "2026-03-04"}, {"safeguarding", "not_met"}, {"lowest_grade", "strong_standard"}});
    CHECK(s.var("support", "ofsted_grade") == "report_card_below_expected");
    CHECK_FALSE(s.try_event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}}));
  }
  SECTION("expected standard or above and safeguarding met: read as good, exit") {
    s.event(d(2026, 7, 6), "ofsted.report_card",
            {{"date", "2026-03-04"}, {"safeguarding", "met"}, {"lowest_grade", "expected_standard"}});
    CHECK(s.var("support", "ofsted_grade") == "report_card_expected_or_better");
    CHECK(s.var("support", "ofsted_basis") == "report_card");
    CHECK(s.var("support", "ofsted_date") == "2026-03-04");
    s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
    CHECK(s.state_of("support") == "exit_requested");

    // A report card below the reading of good recorded while the request waits (Tuesday 14 July
    // 2026, the inspection of Thursday 9 July): the approval is refused on the same rule.
    s.event(d(2026, 7, 14), "ofsted.report_card",
            {{"date", "2026-07-09"}, {"safeguarding", "met"}, {"lowest_grade", "urgent_improvement"}});
    auto approval = s.try_event(d(2026, 7, 15), "exit.approved", {{"date", "2026-07-15"}});
    REQUIRE_FALSE(approval);
    CHECK(approval.error().code == sif::workflows::ErrorCode::kInvalidInput);
    CHECK_THAT(approval.error().details, Catch::Contains("vars.ofsted_grade"));
    CHECK(s.state_of("support") == "exit_requested");
    CHECK(s.category() == "vulnerable");
    s.event(d(2026, 7, 15), "exit.declined");
    CHECK(s.state_of("support") == "monitoring");
  }
  SECTION("a category of concern on a report card is never good") {
    s.event(d(2026, 7, 6), "ofsted.report_card",
            {{"date", "2026-03-04"}, {"safeguarding", "met"}, {"lowest_grade", "expected_standard"},
             {"category", "special_measures"}});
    CHECK(s.var("support", "ofsted_grade") == "report_card_below_expected");
    CHECK(s.var("support", "report_card_category") == "special_measures");
  }
}

TEST_CASE("wiltshire: a report card is an Ofsted report for the evaluation of needs (step 1)",
          "[frameworks][wiltshire-2019]") {
  Scenario s = into_intensive();
  CHECK(s.state_of("intensive_process") == "lead_visit");
  // Inspected on Tuesday 18 November 2025 under the report-card framework.
  s.event(d(2025, 11, 24), "ofsted.report_card",
          {{"date", "2025-11-18"}, {"safeguarding", "met"}, {"lowest_grade", "needs_attention"}});
  CHECK(s.state_of("intensive_process") == "findings_meeting");
  CHECK(s.var("intensive_process", "evaluation_basis") == "ofsted_report");
  CHECK(s.var("support", "ofsted_grade") == "report_card_below_expected");
}

// The step 3 planning meeting booked for Thursday 8 January 2026, then moved on Monday 5 January
// to Thursday 15 January: the one meeting moves (start: once), and its self-evaluation reminders
// are counted back from the new date: the LA's summary 10 working days before (14, 13, 12, 9, 8,
// 7, 6, 5, 2 January, (1 January bank holiday) 31 December) was already past when it was moved,
// so it goes at once, late; the school's, 5 working days before (14, 13, 12, 9, 8 January), is
// Thursday 8 January.
TEST_CASE("wiltshire: the planning meeting booked again moves, with its self-evaluation reminders",
          "[frameworks][wiltshire-2019][dates]") {
  Scenario s = into_intensive();
  s.event(d(2025, 11, 12), "meeting.scheduled", {{"kind", "lead_visit"}, {"date", "2025-12-03"}});
  s.run_until(d(2025, 12, 3));
  s.event(d(2025, 12, 3), "visit.completed");
  s.event(d(2025, 12, 18), "evaluation.completed", {{"date", "2025-12-18"}});
  REQUIRE(s.state_of("intensive_process") == "findings_meeting");
  s.event(d(2025, 12, 19), "meeting.scheduled", {{"kind", "planning"}, {"date", "2026-01-08"}});
  CHECK(s.due("meeting_preparation", "meeting") == "2026-01-08");
  s.run_until(d(2026, 1, 5));
  s.take_notices();
  s.event(d(2026, 1, 5), "meeting.scheduled", {{"kind", "planning"}, {"date", "2026-01-15"}});
  int open = 0;
  for (const auto& i : s.state().instances) open += i.workflow == "meeting_preparation" && !i.final ? 1 : 0;
  CHECK(open == 1);
  CHECK(s.due("meeting_preparation", "meeting") == "2026-01-15");
  CHECK(s.due("meeting_preparation", "meeting#reminder1") == "2025-12-31");
  CHECK(s.timer("meeting_preparation", "meeting#reminder1").late);
  CHECK(s.due("meeting_preparation", "meeting#reminder2") == "2026-01-08");
  // Nothing happens on 8 January for a meeting that has moved; the meeting is reached on the 15th.
  s.run_until(d(2026, 1, 8));
  CHECK(s.state_of("meeting_preparation") == "preparing");
  s.run_until(d(2026, 1, 15));
  CHECK(s.finished("meeting_preparation"));
}

// Categorisation (p.11): the support level "reviewed on a termly basis", also while an exit waits
// for the Head of School Improvement's approval (the school is still in intensive support). The
// level reviewed and established at step 8 (Thursday 2 July 2026) is the summer term's review,
// and the next annual categorisation counts from it. Default calendar 2026-27: the summer term
// ends Wednesday 22 July 2026, the autumn term Friday 18 December 2026; ten working days before
// it, Friday 4 December.
TEST_CASE("wiltshire: while exit awaits approval the support level is still reviewed termly, the step 8 review "
          "and a universal level agreed count",
          "[frameworks][wiltshire-2019][exit]") {
  Scenario s = into_monitoring("vulnerable");
  s.event(d(2026, 7, 6), "exit.recommended", {{"date", "2026-07-06"}, {"category", "secure"}});
  REQUIRE(s.state_of("support") == "exit_requested");
  CHECK(s.var("support", "categorised_on") == "2026-07-02");
  CHECK(s.due("support", "termly_review") == "2026-07-22");
  CHECK(s.due("support", "annual_categorisation") == "2027-09-01");  // a year on, not 1 September 2026

  // The summer term had its review (2 July): no reminder on Wednesday 8 July, no warning when it ends.
  s.run_until(d(2026, 7, 23));
  CHECK(s.sent("wiltshire-termly-review", d(2026, 7, 8)).empty());
  CHECK(s.sent("wiltshire-termly-review", d(2026, 7, 23)).empty());
  CHECK(s.state_of("support") == "exit_requested");
  CHECK(s.due("support", "termly_review") == "2026-12-18");
  CHECK(s.sent("wiltshire-categorisation-due", d(2026, 9, 1)).empty());

  SECTION("no review in the autumn term while the request waits: reminded on 4 December, told on 19 December") {
    s.run_until(d(2026, 12, 19));
    CHECK(s.one("wiltshire-termly-review", d(2026, 12, 4)).to == Roles{"director", "la_lead"});
    const auto missed = s.one("wiltshire-termly-review", d(2026, 12, 19));
    CHECK(missed.to == Roles{"director", "la_lead"});
    CHECK(missed.cc == Roles{"link_adviser"});
    CHECK(s.state_of("support") == "exit_requested");
  }
  SECTION("secure agreed on Wednesday 14 October while it waits: the autumn term's review") {
    s.event(d(2026, 10, 14), "category.agreed", {{"date", "2026-10-14"}, {"category", "secure"}});
    CHECK(s.state_of("support") == "exit_requested");
    CHECK(s.var("support", "categorised_on") == "2026-10-14");
    s.run_until(d(2026, 12, 19));
    CHECK(s.sent("wiltshire-termly-review", d(2026, 12, 4)).empty());
    CHECK(s.sent("wiltshire-termly-review", d(2026, 12, 19)).empty());
  }
}

// An exit approved while a warning notice is in force would leave the statutory notice running
// with nobody to act on its outcome: the approval is refused until the notice is complied with
// (or withdrawn), then taken (sif's rule; Appendix 7 and 8 do not say).
TEST_CASE("wiltshire: an exit is not approved while a warning notice is in force, and is once it is complied with",
          "[frameworks][wiltshire-2019][exit]") {
  Scenario s = into_warning_notice();
  REQUIRE(s.state_of("warning_notice") == "issued");
  s.event(d(2026, 6, 29), "ofsted.judgement", {{"date", "2025-10-08"}, {"grade", "good"}});
  s.event(d(2026, 6, 30), "exit.recommended", {{"date", "2026-06-30"}, {"category", "secure"}});
  CHECK(s.state_of("support") == "process_exit_requested");

  auto refused = s.try_event(d(2026, 7, 1), "exit.approved", {{"date", "2026-07-01"}});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == sif::workflows::ErrorCode::kInvalidInput);
  CHECK_THAT(refused.error().details, Catch::Contains("workflows.warning_notice: { absent: true } (was issued)"));
  CHECK(s.state_of("support") == "process_exit_requested");
  CHECK(s.state_of("intensive_process") == "warning_notice");
  CHECK(s.category() == "causing_concern");

  // Complied with on Monday 6 July: the process ends, the request stands, and the approval of
  // Wednesday 8 July is taken.
  s.event(d(2026, 7, 6), "warning_notice.complied", {{"date", "2026-07-06"}});
  CHECK(s.instance("warning_notice").final);
  CHECK(s.state_of("support") == "exit_requested");
  s.event(d(2026, 7, 8), "exit.approved", {{"date", "2026-07-08"}});
  CHECK(s.state_of("support") == "universal");
  CHECK(s.category() == "secure");
}
