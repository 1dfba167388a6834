// The shared warning-notice workflow (config/workflows/warning-notice.yaml) as two frameworks
// use it. The law is the one in force in the framework's nation on the day the notice is given:
//   - Leicester 2007 (England), a notice given before 18 April 2016: EIA 2006 s.60 as first
//     enacted - the compliance period IS the initial period, 15 working days following the day
//     the notice is given; representations to the Chief Inspector (Ofsted) within it; after
//     representations no period runs until the decision, and a confirmed notice runs 15 working
//     days from the day of confirmation.
//   - Leicester, a notice given from 18 April 2016: s.60 as amended by the Education and Adoption
//     Act 2016 - the period the notice states (event compliance_working_days | the framework's
//     15), no representations.
//   - England, either way: not complied -> reasonable notice in writing of the proposed powers
//     (intervention.notice_given) -> eligible for intervention.
//   - CSC 2020 (Wales): SSO(W)A 2013 s.3 - the notice states the period; no representations;
//     not complied -> eligible, with no further notice.
// A period includes its last day: it closes at 00:00 on the next calendar day.
//
// Dates are worked out by hand on the England-and-Wales calendar:
//   Fri 12 Dec 2025 + 15 working days: 15,16,17,18,19,22,23,24 (8), 25 and 26 Dec bank holidays,
//     29,30,31 (11), 1 Jan bank holiday, 2 (12), 5,6,7 (15) -> Wed 7 January 2026; closes 00:00
//     Thu 8 January. 5 working days before it: 6,5,2,31,30 -> Tue 30 December 2025.
//     + 20 working days: 8,9,12,13,14 -> Wed 14 January 2026.
//   Thu 17 Mar 2016 + 15 working days: 18 (1), 21-24 (5), Good Friday 25 Mar and Easter Monday
//     28 Mar skipped, 29,30,31 (8), 1 Apr (9), 4-8 (14), 11 (15) -> Mon 11 April 2016.
//     5 working days before it: 8,7,6,5,4 -> Mon 4 April 2016.
//   Tue 19 Apr 2016 + 15 working days: 20,21,22 (3), 25-29 (8), 2 May bank holiday, 3-6 (12),
//     9,10,11 (15) -> Wed 11 May 2016. 5 before it: 10,9,6,5,4 -> Wed 4 May 2016.
//   Fri 11 Dec 2015 + 15 working days: 14-18 (5), 21-24 (9), 25 Dec and 28 Dec (Boxing Day
//     substitute: 26 Dec was a Saturday) bank holidays, 29,30,31 (12), 1 Jan bank holiday, 4,5,6
//     (15) -> Wed 6 January 2016; closes 00:00 Thu 7 January. 5 before it: 5,4,31,30,29 -> Tue
//     29 December 2015. A notice given on Sat 12 Dec 2015 ends the same day: the first working
//     day following a Saturday is the Monday.
//   Tue 22 Dec 2015 + 15 working days: 23,24 (2), 25 and 28 Dec skipped, 29,30,31 (5), 1 Jan
//     skipped, 4-8 (10), 11-15 (15) -> Fri 15 January 2016. 5 before it: 14,13,12,11,8 -> Fri
//     8 January 2016.
//   Thu 19 Mar 2026 + 15 working days: 20 (1), 23-27 (6), 30,31 (8), 1,2 Apr (10), Good Friday
//     3 Apr and Easter Monday 6 Apr skipped, 7,8,9,10 (14), 13 (15) -> Mon 13 April 2026.
//   Mon 23 Mar 2026 + 10 working days: 24-27 (4), 30,31 (6), 1,2 Apr (8), Good Friday 3 and
//     Easter Monday 6 Apr skipped, 7, 8 (10) -> Wed 8 April 2026; closes 00:00 Thu 9 April.
//     5 working days before it: 7, (6, 3 skipped) 2, 1, 31, 30 -> Mon 30 March 2026.
#include "tests/support/scenario_driver.hpp"
#include "notifications/renderer.hpp"

using namespace sif::test;
using sif::workflows::ErrorCode;
using sif::workflows::NoticeEffect;

namespace {

bool has(const std::vector<std::string>& v, const std::string& x) {
  for (const auto& e : v) {
    if (e == x) return true;
  }
  return false;
}

bool contains(const std::string& text, const std::string& x) { return text.find(x) != std::string::npos; }

}  // namespace

TEST_CASE("warning notice (Leicester): letter, copies, 15 working days across Christmas, complied",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 12, 1), {.id = "900001", .name = "St Example CE Primary School", .type = "voluntary_aided"});
  s.event(d(2025, 12, 12), "warning_notice.issued",
          {{"date", "2025-12-12"},
           {"grounds", "Standards are unacceptably low (KS2 CVA bottom quartile)"},
           {"required_action", "Amend the improvement plan and accept the support commissioned"}});

  CHECK(s.state_of("warning_notice") == "issued");
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.var("warning_notice", "regime") == "eia-2006-s60-as-amended-2016");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-01-07");
  CHECK(s.fires("warning_notice", "compliance_end") == "2026-01-08");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2025-12-30");

  // Appendix 9.5 and s.60(6): to the governing body; copies to the headteacher, HMCI, the
  // appointing authority (a voluntary-aided school) and the SIP; and since 18 April 2016 the
  // Secretary of State (s.60(6A)), through the DfE regional director.
  NoticeEffect letter = s.one("warning-notice-letter", d(2025, 12, 12));
  CHECK(letter.to == Roles{"governing_body"});
  CHECK(letter.cc == Roles{"headteacher", "ofsted", "regional_director", "appointing_authority", "link_adviser"});
  // Appendix 9.12: reasons and evidence, action, intervention considered, end date; since 2016
  // no appeal to Ofsted.
  CHECK(letter.data["grounds"] == "Standards are unacceptably low (KS2 CVA bottom quartile)");
  CHECK(letter.data["required_action"] == "Amend the improvement plan and accept the support commissioned");
  CHECK(contains(letter.data["intervention_considered"], "Interim Executive Board"));
  CHECK(letter.data["compliance_working_days"] == "15");
  CHECK(letter.data["deadline.compliance_end"] == "2026-01-07");
  CHECK(letter.data["deadline.compliance_end.words"] == "Wednesday 7 January 2026");
  CHECK(letter.data["date.words"] == "Friday 12 December 2025");
  CHECK(letter.data["legislation"] ==
        "section 60 of the Education and Inspections Act 2006, as amended by the Education and Adoption Act 2016");
  CHECK(contains(letter.data["representation_clause"], "that right ended on 18 April 2016"));
  CHECK(contains(letter.data["compliance_clause"], "the period for compliance specified in this notice"));
  CHECK(contains(letter.data["powers_clause"], "reasonable notice in writing"));

  // The reminder five working days before the end of the period.
  s.run_until(d(2025, 12, 30));
  auto reminders = s.sent("deadline-reminder", d(2025, 12, 30));
  REQUIRE(reminders.size() == 1);
  CHECK(reminders[0].to == Roles{"link_adviser", "la_lead"});
  CHECK(reminders[0].data["reminder.deadline.words"] == "Wednesday 7 January 2026");

  // The period runs through Wednesday 7 January and closes at 00:00 on Thursday 8 January.
  s.run_until(d(2026, 1, 7));
  CHECK(s.state_of("warning_notice") == "issued");
  s.run_until(d(2026, 1, 8));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  CHECK(s.instance("warning_notice").entered == d(2026, 1, 8));
  CHECK(s.one("warning-notice-update", d(2026, 1, 8)).to == Roles{"la_lead"});

  s.event(d(2026, 1, 8), "warning_notice.complied", {{"date", "2026-01-08"}});
  CHECK(s.state_of("warning_notice") == "complied");
  CHECK(s.finished("warning_notice"));
  CHECK(s.one("warning-notice-outcome", d(2026, 1, 8)).to == Roles{"governing_body"});
  // The parent stays on the register; a new notice may be issued later.
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.var("causing_concern", "warning_notice") == "none");
}

TEST_CASE("warning notice (Leicester, March 2016): a community school gets no appointing-authority copy, "
          "Easter, representations not confirmed",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2016, 3, 1), {.id = "900002", .name = "Example Community Primary School", .type = "community"});
  s.event(d(2016, 3, 17), "warning_notice.issued",
          {{"date", "2016-03-17"}, {"grounds", "Serious breakdown in governance"}});
  CHECK(s.var("warning_notice", "regime") == "eia-2006-s60-as-enacted");
  CHECK(s.due("warning_notice", "compliance_end") == "2016-04-11");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2016-04-04");
  NoticeEffect letter = s.one("warning-notice-letter", d(2016, 3, 17));
  CHECK_FALSE(has(letter.cc, "appointing_authority"));
  CHECK(letter.cc == Roles{"headteacher", "ofsted", "link_adviser"});
  CHECK(letter.data["deadline.compliance_end.words"] == "Monday 11 April 2016");
  CHECK(letter.data["legislation"] == "section 60 of the Education and Inspections Act 2006");
  CHECK(contains(letter.data["representation_clause"], "to the Chief Inspector (Ofsted)"));

  // The governing body makes representations to Ofsted within the initial period (Appendix
  // 9.12, s.60(7)): no compliance period runs until the Chief Inspector decides.
  s.take_notices();
  s.event(d(2016, 3, 30), "representation.received", {{"date", "2016-03-30"}});
  CHECK(s.state_of("warning_notice") == "representation_made");
  CHECK(s.due("warning_notice", "compliance_end").empty());
  CHECK(s.due("warning_notice", "compliance_end#reminder1").empty());
  CHECK(notice(s.take_notices(), "warning-notice-update").to == Roles{"la_lead"});
  s.run_until(d(2016, 4, 12));
  CHECK(s.state_of("warning_notice") == "representation_made");
  CHECK(s.sent("deadline-reminder", d(2016, 4, 4)).empty());
  auto not_complied = s.try_event(d(2016, 4, 12), "warning_notice.not_complied", {{"date", "2016-04-12"}});
  REQUIRE_FALSE(not_complied);
  CHECK(not_complied.error().code == ErrorCode::kConflict);

  s.event(d(2016, 4, 20), "representation.decided", {{"date", "2016-04-20"}, {"outcome", "not_confirmed"}});
  CHECK(s.state_of("warning_notice") == "withdrawn");
  CHECK(s.one("warning-notice-outcome", d(2016, 4, 20)).cc == Roles{"headteacher", "ofsted"});
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.var("causing_concern", "warning_notice") == "none");
}

TEST_CASE("warning notice (Leicester, March 2016): representations confirmed after 18 April 2016, then not "
          "complied -> notice of the powers -> intervention",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2016, 3, 1), {.id = "900003", .name = "Example Foundation School", .type = "foundation"});
  s.event(d(2016, 3, 17), "warning_notice.issued",
          {{"date", "2016-03-17"}, {"grounds", "Pupils' safety is threatened"}});
  CHECK(has(s.one("warning-notice-letter", d(2016, 3, 17)).cc, "appointing_authority"));
  s.event(d(2016, 3, 30), "representation.received", {{"date", "2016-03-30"}});
  CHECK(s.state_of("warning_notice") == "representation_made");

  // Confirmed on Tuesday 19 April 2016, the day after the 2016 Act came into force: a notice
  // given before it keeps the old rules (S.I. 2016/466 reg. 4), so the period is the 15 working
  // days following the day of confirmation.
  s.event(d(2016, 4, 19), "representation.decided", {{"date", "2016-04-19"}, {"outcome", "confirmed"}});
  CHECK(s.state_of("warning_notice") == "confirmed");
  CHECK(s.due("warning_notice", "compliance_end") == "2016-05-11");
  CHECK(s.fires("warning_notice", "compliance_end") == "2016-05-12");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2016-05-04");
  CHECK(s.one("warning-notice-update", d(2016, 4, 19)).to == Roles{"governing_body", "la_lead"});

  auto early = s.try_event(d(2016, 5, 11), "warning_notice.not_complied", {{"date", "2016-05-11"}});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == ErrorCode::kConflict);
  CHECK(contains(early.error().message, "Wednesday 11 May 2016"));
  CHECK(s.sent("deadline-reminder", d(2016, 5, 4)).size() == 1);

  s.run_until(d(2016, 5, 12));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  s.event(d(2016, 5, 12), "warning_notice.not_complied", {{"date", "2016-05-12"}});
  CHECK(s.state_of("warning_notice") == "powers_notice_due");
  CHECK(s.state_of("causing_concern") != "statutory_intervention");
  // Reasonable notice in writing of the powers the authority proposes to use (s.60(1)(e)).
  s.event(d(2016, 5, 13), "intervention.notice_given",
          {{"date", "2016-05-13"}, {"powers", "the appointment of an interim executive board"}});
  CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
  CHECK(s.state_of("causing_concern") == "statutory_intervention");
  NoticeEffect outcome = s.one("warning-notice-outcome", d(2016, 5, 13));
  CHECK(outcome.cc == Roles{"headteacher", "ofsted", "appointing_authority", "link_adviser"});
  CHECK(outcome.data["intervention_considered"] == "the appointment of an interim executive board");
}

// s.60(6A), inserted by the Education and Adoption Act 2016 s.2(2)(g) from Monday 18 April 2016
// (S.I. 2016/466 reg. 2): the authority gives a copy of its notice to the Secretary of State
// "at the same time". A notice of Friday 15 April 2016 is under s.60 as first enacted and has
// no such copy; one of Monday 18 April 2016 has it. The DfE regional director acts for the
// Secretary of State, so the copy goes to each framework's `regional_director`.
TEST_CASE("warning notice (Leicester, April 2016): the Secretary of State's copy from 18 April 2016, not before",
          "[frameworks][warning-notice][leicester-2007][dates]") {
  Scenario before("leicester-2007");
  before.start(d(2016, 4, 1), {.id = "900020", .name = "Example Primary School", .type = "community"});
  before.event(d(2016, 4, 15), "warning_notice.issued", {{"date", "2016-04-15"}, {"grounds", "Low standards"}});
  CHECK(before.var("warning_notice", "regime") == "eia-2006-s60-as-enacted");
  NoticeEffect old_letter = before.one("warning-notice-letter", d(2016, 4, 15));
  CHECK(old_letter.cc == Roles{"headteacher", "ofsted", "link_adviser"});

  Scenario after("leicester-2007");
  after.start(d(2016, 4, 1), {.id = "900021", .name = "Example Primary School", .type = "community"});
  after.event(d(2016, 4, 18), "warning_notice.issued", {{"date", "2016-04-18"}, {"grounds", "Low standards"}});
  CHECK(after.var("warning_notice", "regime") == "eia-2006-s60-as-amended-2016");
  NoticeEffect new_letter = after.one("warning-notice-letter", d(2016, 4, 18));
  CHECK(new_letter.to == Roles{"governing_body"});
  CHECK(new_letter.cc == Roles{"headteacher", "ofsted", "regional_director", "link_adviser"});
  // Only the notice itself: the outcome letter has no Secretary of State's copy.
  after.event(d(2016, 5, 11), "warning_notice.complied", {{"date", "2016-05-11"}});
  CHECK_FALSE(has(after.one("warning-notice-outcome", d(2016, 5, 11)).cc, "regional_director"));
}

TEST_CASE("warning notice: the event's compliance_working_days wins over the framework's 15",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 12, 1), {.id = "900004", .name = "Example Primary School", .type = "community"});
  s.event(d(2025, 12, 12), "warning_notice.issued",
          {{"date", "2025-12-12"}, {"grounds", "Low standards"}, {"compliance_working_days", "20"}});
  CHECK(s.due("warning_notice", "compliance_end") == "2026-01-14");
  NoticeEffect letter = s.one("warning-notice-letter", d(2025, 12, 12));
  CHECK(letter.data["deadline.compliance_end.words"] == "Wednesday 14 January 2026");
  CHECK(letter.data["compliance_working_days"] == "20");
  // A second notice while one runs is refused.
  auto again = s.try_event(d(2025, 12, 15), "warning_notice.issued", {{"date", "2025-12-15"}, {"grounds", "x"}});
  CHECK_FALSE(again);
}

TEST_CASE("warning notice (CSC, Wales): the notice states its period, copies under SSO(W)A 2013 s.3, "
          "no representations",
          "[frameworks][warning-notice][csc-2020]") {
  Scenario s("csc-2020");
  s.start(d(2025, 12, 1), {.id = "900005", .name = "Ysgol Enghraifft", .type = "foundation"});

  // The period must be stated (s.3(2)(d)): without it the event is refused.
  auto missing =
      s.try_event(d(2025, 12, 12), "warning_notice.issued", {{"date", "2025-12-12"}, {"grounds", "Low standards"}});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kInvalidInput);

  s.event(d(2025, 12, 12), "warning_notice.issued",
          {{"date", "2025-12-12"},
           {"grounds", "Standards of performance are unacceptably low"},
           {"compliance_working_days", "15"}});
  CHECK(s.state_of("cause_for_concern") == "warning_notice");
  CHECK(s.var("warning_notice", "regime") == "ssowa-2013-s3");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-01-07");

  // Two letters go out: the governing body's (with its copies; no Chief Inspector in Wales) and
  // the Welsh Ministers' copy.
  auto letters = s.sent("warning-notice-letter", d(2025, 12, 12));
  REQUIRE(letters.size() == 2);
  NoticeEffect to_welsh_ministers = letters[0].to == Roles{"welsh_ministers"} ? letters[0] : letters[1];
  NoticeEffect to_gb = letters[0].to == Roles{"governing_body"} ? letters[0] : letters[1];
  CHECK(to_gb.to == Roles{"governing_body"});
  CHECK(to_gb.cc == Roles{"headteacher", "appointing_authority"});
  CHECK(to_gb.data["legislation"] == "section 3 of the School Standards and Organisation (Wales) Act 2013");
  CHECK(to_gb.data["deadline.compliance_end.words"] == "Wednesday 7 January 2026");
  CHECK(to_welsh_ministers.to == Roles{"welsh_ministers"});
  CHECK(to_welsh_ministers.data["deadline.compliance_end.words"] == "Wednesday 7 January 2026");
  CHECK(to_welsh_ministers.data["grounds"] == "Standards of performance are unacceptably low");

  auto rep = s.try_event(d(2025, 12, 15), "representation.received", {{"date", "2025-12-15"}});
  REQUIRE_FALSE(rep);
  CHECK(rep.error().code == ErrorCode::kInvalidInput);
}

// The letters as the dispatcher renders them: every item Appendix 9.12 and SSO(W)A 2013 s.3(2)
// require, with the end of the compliance period in words.
TEST_CASE("warning notice letters render every required item", "[frameworks][warning-notice][render]") {
  sif::notifications::Renderer renderer(sif::config::default_config_dir() / "templates");

  // Leicester, December 2015: the Act as first enacted, with the appeal to Ofsted.
  Scenario l("leicester-2007");
  l.start(d(2015, 12, 1), {.id = "900006", .name = "St Example CE Primary School", .type = "voluntary_aided"});
  l.event(d(2015, 12, 11), "warning_notice.issued",
          {{"date", "2015-12-11"},
           {"grounds", "KS2 CVA in the bottom quartile for three years"},
           {"required_action", "Revise the improvement plan by 18 December"}});
  auto r = renderer.render("warning-notice-letter", l.one("warning-notice-letter", d(2015, 12, 11)).data,
                           d(2015, 12, 11));
  REQUIRE(r);
  {
    const std::string& text = r->text;
    INFO(text);
    CHECK(r->subject == "Warning notice to the governing body of St Example CE Primary School");
    CHECK(contains(text, "To: the Governing Body of St Example CE Primary School"));
    CHECK(contains(text, "under section 60 of the Education and Inspections Act 2006.\n"));
    CHECK(contains(text, "KS2 CVA in the bottom quartile for three years"));
    CHECK(contains(text, "Revise the improvement plan by 18 December"));
    CHECK(contains(text, "Interim Executive Board"));
    CHECK(contains(text, "within 15 working days\nfollowing the day this notice is given. The compliance period ends "
                         "at the end of\nWednesday 6 January 2016. Unless the governing body makes representations"));
    CHECK(contains(text, "written representations against this notice to the Chief Inspector (Ofsted) before the "
                         "end of the initial period"));
    CHECK(contains(text, "(section 60(1)(e))"));
    CHECK(contains(text, "Date: Friday 11 December 2015"));
    CHECK(contains(r->html, "<strong>Wednesday 6 January 2016</strong>"));
  }

  // Leicester, December 2025: the Act as amended in 2016; no appeal to Ofsted.
  Scenario m("leicester-2007");
  m.start(d(2025, 12, 1), {.id = "900009", .name = "St Example CE Primary School", .type = "voluntary_aided"});
  m.event(d(2025, 12, 12), "warning_notice.issued",
          {{"date", "2025-12-12"}, {"grounds", "KS2 CVA in the bottom quartile for three years"}});
  auto r2 = renderer.render("warning-notice-letter", m.one("warning-notice-letter", d(2025, 12, 12)).data,
                            d(2025, 12, 12));
  REQUIRE(r2);
  {
    const std::string& text = r2->text;
    INFO(text);
    CHECK(contains(text, "as amended by the Education and Adoption Act 2016"));
    CHECK(contains(text, "The compliance period ends at the end of\nWednesday 7 January 2026. This is the period "
                         "for compliance specified in this notice"));
    CHECK(contains(text, "that right ended on 18 April 2016"));
    CHECK_FALSE(contains(text, "to the Chief Inspector (Ofsted)"));
    CHECK_FALSE(contains(text, "appeal"));
    CHECK(contains(text, "(section 60(1)(d))"));
  }

  Scenario c("csc-2020");
  c.start(d(2026, 3, 2), {.id = "900007", .name = "Ysgol Enghraifft", .type = "community"});
  c.event(d(2026, 3, 19), "warning_notice.issued",
          {{"date", "2026-03-19"},
           {"grounds", "Standards are unacceptably low"},
           {"compliance_working_days", "15"},
           {"guidance", "Work with the improvement partner on the literacy plan"}});
  auto welsh = c.sent("warning-notice-letter", d(2026, 3, 19));
  REQUIRE(welsh.size() == 2);
  for (const auto& n : welsh) {
    auto w = renderer.render("warning-notice-letter", n.data, d(2026, 3, 19));
    REQUIRE(w);
    INFO(w->text);
    CHECK(contains(w->text, "The compliance period ends at the end of\nMonday 13 April 2026."));
    CHECK(contains(w->text, "section 3 of the School Standards and Organisation (Wales) Act 2013"));
    CHECK(contains(w->text, "Work with the improvement partner on the literacy plan"));
    if (n.to == Roles{"governing_body"}) {
      CHECK(contains(w->text, "This is the compliance period specified in this notice (section 3(2)(d) of the Act)."));
      CHECK(contains(w->text, "without further notice (section 4(2))"));
    } else {
      CHECK(contains(w->text, "the copy of the warning notice given to the Welsh Ministers"));
    }
    CHECK_FALSE(contains(w->text, "appeal"));
    CHECK_FALSE(contains(w->text, "Ofsted"));
  }
}

TEST_CASE("warning notice (Leicester, December 2015): a confirmed notice gets its own reminder, a late "
          "confirmation's reminder goes at once",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2015, 12, 1), {.id = "900008", .name = "Example Primary School", .type = "community"});
  s.event(d(2015, 12, 11), "warning_notice.issued", {{"date", "2015-12-11"}, {"grounds", "Low standards"}});
  CHECK(s.due("warning_notice", "compliance_end") == "2016-01-06");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2015-12-29");
  s.event(d(2015, 12, 21), "representation.received", {{"date", "2015-12-21"}});
  CHECK(s.due("warning_notice", "compliance_end#reminder1").empty());

  SECTION("confirmed on Tuesday 22 December 2015: ends Friday 15 January 2016, reminder Friday 8 January") {
    s.event(d(2015, 12, 22), "representation.decided", {{"date", "2015-12-22"}, {"outcome", "confirmed"}});
    CHECK(s.state_of("warning_notice") == "confirmed");
    CHECK(s.due("warning_notice", "compliance_end") == "2016-01-15");
    CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2016-01-08");
    s.run_until(d(2016, 1, 8));
    // The first period's reminder (29 December) went with it; the new one is on time.
    CHECK(s.sent("deadline-reminder", d(2015, 12, 29)).empty());
    auto reminder = s.one("deadline-reminder", d(2016, 1, 8));
    CHECK(reminder.data["reminder.deadline.words"] == "Friday 15 January 2016");
    s.run_until(d(2016, 1, 16));
    CHECK(s.state_of("warning_notice") == "compliance_review");
    CHECK(s.instance("warning_notice").entered == d(2016, 1, 16));
  }
  SECTION("the confirmation of 22 December recorded on Monday 11 January: the reminder is already late") {
    s.take_fired();
    s.event(d(2016, 1, 11), "representation.decided", {{"date", "2015-12-22"}, {"outcome", "confirmed"}});
    CHECK(s.state_of("warning_notice") == "confirmed");
    CHECK(s.due("warning_notice", "compliance_end") == "2016-01-15");
    CHECK(s.fires("warning_notice", "compliance_end#reminder1") == "2016-01-11");
    s.run_until(d(2016, 1, 11));
    std::vector<FiredTimer> notice_timers;  // the annual cycle's deadlines fire meanwhile too
    for (const auto& f : s.take_fired()) {
      if (f.instance == "warning_notice") notice_timers.push_back(f);
    }
    CHECK(fired_list(notice_timers) ==
          std::vector<std::string>{"compliance_end#reminder1@2016-01-11 (due 2016-01-08) (late)"});
    CHECK(s.one("deadline-reminder", d(2016, 1, 11)).data["reminder.deadline.words"] == "Friday 15 January 2016");
  }
}

// The copy to the school's religious body, by its religious character as the register gives it
// (GIAS ReligiousCharacter, read by the import and POST /v1/schools into religious_character and
// church_school; daemon/csv_import.hpp). England: the diocesan authority of a Church of England
// or Roman Catholic school (EIA 2006 s.60(6), in both versions of s.60). Wales: for a foundation or voluntary school, "if the school has a religious
// character, the appropriate religious body" (SSO(W)A 2013 s.3(3)(b)(ii)), whatever the faith.
TEST_CASE("warning notice: the religious body's copy follows the school's religious character, by the Act of "
          "its nation",
          "[frameworks][warning-notice]") {
  auto letter_cc = [](const std::string& framework, Date given, ScenarioSchool school) {
    Scenario s(framework);
    s.start(given - date::days{7}, school);
    s.event(given, "warning_notice.issued",
            {{"date", iso(given)}, {"grounds", "Standards are unacceptably low"}, {"compliance_working_days", "10"}});
    for (const auto& l : s.sent("warning-notice-letter", given)) {
      if (l.to == Roles{"governing_body"}) return l.cc;
    }
    FAIL("no letter to the governing body on " << iso(given));
    return Roles{};
  };
  const Data church_of_england{{"religious_character", "church_of_england"}, {"church_school", "church_of_england"}};
  const Data roman_catholic{{"religious_character", "roman_catholic"}, {"church_school", "roman_catholic"}};
  const Data jewish{{"religious_character", "jewish"}, {"church_school", "no"}};
  const Data church_in_wales{{"religious_character", "church_in_wales"}, {"church_school", "no"}};
  const Data none{{"religious_character", "none"}, {"church_school", "no"}};

  // England, Wednesday 9 December 2026 (s.60 as amended): a Church of England voluntary-aided
  // school's diocesan authority gets a copy, after the person who appoints its foundation
  // governors; a Jewish voluntary-aided school's religious body does not (s.60(6) names the two
  // churches only); a school registered without its religious character gets none either.
  const Date dec9 = d(2026, 12, 9);
  CHECK(letter_cc("leicester-2007", dec9, {.type = "voluntary_aided", .facts = church_of_england}) ==
        Roles{"headteacher", "ofsted", "regional_director", "appointing_authority", "religious_body", "link_adviser"});
  CHECK(letter_cc("leicester-2007", dec9, {.type = "voluntary_aided", .facts = jewish}) ==
        Roles{"headteacher", "ofsted", "regional_director", "appointing_authority", "link_adviser"});
  CHECK(letter_cc("leicester-2007", dec9, {.type = "voluntary_aided"}) ==
        Roles{"headteacher", "ofsted", "regional_director", "appointing_authority", "link_adviser"});
  // As first enacted too: a Roman Catholic school's notice of Monday 7 December 2015.
  CHECK(letter_cc("leicester-2007", d(2015, 12, 7), {.type = "voluntary_aided", .facts = roman_catholic}) ==
        Roles{"headteacher", "ofsted", "appointing_authority", "religious_body", "link_adviser"});

  // Wales: any religious character of a foundation or voluntary school, the Church in Wales and
  // a Jewish school alike; a foundation school with none gets only the appointing person's copy.
  CHECK(letter_cc("csc-2020", dec9, {.type = "voluntary_controlled", .facts = church_in_wales}) ==
        Roles{"headteacher", "appointing_authority", "religious_body"});
  CHECK(letter_cc("csc-2020", dec9, {.type = "voluntary_aided", .facts = jewish}) ==
        Roles{"headteacher", "appointing_authority", "religious_body"});
  CHECK(letter_cc("csc-2020", dec9, {.type = "foundation", .facts = none}) == Roles{"headteacher", "appointing_authority"});
  CHECK(letter_cc("csc-2020", dec9, {.type = "community", .facts = church_in_wales}) == Roles{"headteacher"});

  // The outcome letter when the notice is not complied with goes to the same bodies: Wednesday 9
  // December 2026 plus 10 working days is Wednesday 23 December; not complied recorded on
  // Thursday 24 December.
  Scenario s("csc-2020");
  s.start(d(2026, 12, 1), {.id = "900010", .name = "Ysgol Sant Elfan", .type = "voluntary_controlled", .facts = church_in_wales});
  s.event(dec9, "warning_notice.issued",
          {{"date", "2026-12-09"}, {"grounds", "Standards are unacceptably low"}, {"compliance_working_days", "10"}});
  CHECK(s.due("warning_notice", "compliance_end") == "2026-12-23");
  s.run_until(d(2026, 12, 24));
  s.event(d(2026, 12, 24), "warning_notice.not_complied", {{"date", "2026-12-24"}});
  CHECK(s.one("warning-notice-outcome", d(2026, 12, 24)).cc == Roles{"headteacher", "appointing_authority", "religious_body"});
}
