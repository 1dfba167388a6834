// The shared warning-notice workflow (config/workflows/warning-notice.yaml) as two frameworks
// use it: Leicester 2007 (EIA 2006 s.60 as first enacted: 15 working days, appeal to Ofsted
// within 15) and CSC 2020 (SSO(W)A 2013 s.3: the notice states the period; no representations).
//
// Dates are worked out by hand on the England-and-Wales calendar:
//   Fri 12 Dec 2025 + 15 working days: 15,16,17,18,19,22,23,24 (8), 25 and 26 Dec bank holidays,
//     29,30,31 (11), 1 Jan bank holiday, 2 (12), 5,6,7 (15) -> Wed 7 January 2026.
//     5 working days before it: 6,5,2,31,30 -> Tue 30 December 2025.
//     + 20 working days: 8,9,12,13,14 -> Wed 14 January 2026.
//   Thu 19 Mar 2026 + 15 working days: 20 (1), 23-27 (6), 30,31 (8), 1,2 Apr (10), Good Friday
//     3 Apr and Easter Monday 6 Apr skipped, 7,8,9,10 (14), 13 (15) -> Mon 13 April 2026.
//     5 working days before it: 10,9,8,7, (6 and 3 skipped) 2 -> Thu 2 April 2026.
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
  CHECK(s.due("warning_notice", "compliance_end") == "2026-01-07");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2025-12-30");

  // Appendix 9.5: to the governing body; copies to the headteacher, HMCI, the appointing
  // authority (a voluntary-aided school) and the SIP.
  NoticeEffect letter = s.one("warning-notice-letter", d(2025, 12, 12));
  CHECK(letter.to == Roles{"governing_body"});
  CHECK(letter.cc == Roles{"headteacher", "ofsted", "appointing_authority", "link_adviser"});
  // Appendix 9.12: reasons and evidence, action, intervention considered, end date, appeal.
  CHECK(letter.data["grounds"] == "Standards are unacceptably low (KS2 CVA bottom quartile)");
  CHECK(letter.data["required_action"] == "Amend the improvement plan and accept the support commissioned");
  CHECK(letter.data["intervention_considered"].find("Interim Executive Board") != std::string::npos);
  CHECK(letter.data["compliance_working_days"] == "15");
  CHECK(letter.data["deadline.compliance_end"] == "2026-01-07");
  CHECK(letter.data["deadline.compliance_end.words"] == "Wednesday 7 January 2026");
  CHECK(letter.data["date.words"] == "Friday 12 December 2025");
  CHECK(letter.data["representation_clause"].find("appeal to Ofsted within 15 working days") != std::string::npos);
  CHECK(letter.data["legislation"] == "section 60 of the Education and Inspections Act 2006");

  // The reminder five working days before the end of the period.
  s.run_until(d(2025, 12, 30));
  auto reminders = s.sent("deadline-reminder", d(2025, 12, 30));
  REQUIRE(reminders.size() == 1);
  CHECK(reminders[0].to == Roles{"link_adviser", "la_lead"});
  CHECK(reminders[0].data["reminder.deadline.words"] == "Wednesday 7 January 2026");

  s.run_until(d(2026, 1, 7));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  CHECK(s.one("warning-notice-update", d(2026, 1, 7)).to == Roles{"la_lead"});

  s.event(d(2026, 1, 8), "warning_notice.complied", {{"date", "2026-01-08"}});
  CHECK(s.state_of("warning_notice") == "complied");
  CHECK(s.finished("warning_notice"));
  CHECK(s.one("warning-notice-outcome", d(2026, 1, 8)).to == Roles{"governing_body"});
  // The parent stays on the register; a new notice may be issued later.
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.var("causing_concern", "warning_notice") == "none");
}

TEST_CASE("warning notice (Leicester): a community school gets no appointing-authority copy; Easter; "
          "representations not confirmed",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2026, 3, 2), {.id = "900002", .name = "Example Community Primary School", .type = "community"});
  s.event(d(2026, 3, 19), "warning_notice.issued",
          {{"date", "2026-03-19"}, {"grounds", "Serious breakdown in governance"}});
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-13");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2026-04-02");
  NoticeEffect letter = s.one("warning-notice-letter", d(2026, 3, 19));
  CHECK_FALSE(has(letter.cc, "appointing_authority"));
  CHECK(letter.cc == Roles{"headteacher", "ofsted", "link_adviser"});
  CHECK(letter.data["deadline.compliance_end.words"] == "Monday 13 April 2026");

  // The governing body appeals to Ofsted within the period (Appendix 9.12).
  s.event(d(2026, 3, 30), "representation.received", {{"date", "2026-03-30"}});
  CHECK(s.state_of("warning_notice") == "representation_made");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-13");  // the period keeps running
  s.run_until(d(2026, 4, 13));
  CHECK(s.state_of("warning_notice") == "representation_made");
  CHECK(s.var("warning_notice", "compliance_period_ended") == "yes");

  s.event(d(2026, 4, 20), "representation.decided", {{"date", "2026-04-20"}, {"outcome", "not_confirmed"}});
  CHECK(s.state_of("warning_notice") == "withdrawn");
  CHECK(s.state_of("causing_concern") == "on_register");
  CHECK(s.var("causing_concern", "warning_notice") == "none");
}

TEST_CASE("warning notice (Leicester): representations confirmed, then not complied -> intervention",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2026, 3, 2), {.id = "900003", .name = "Example Foundation School", .type = "foundation"});
  s.event(d(2026, 3, 19), "warning_notice.issued",
          {{"date", "2026-03-19"}, {"grounds", "Pupils' safety is threatened"}});
  CHECK(has(s.one("warning-notice-letter", d(2026, 3, 19)).cc, "appointing_authority"));
  s.event(d(2026, 3, 30), "representation.received", {{"date", "2026-03-30"}});
  s.event(d(2026, 4, 8), "representation.decided", {{"date", "2026-04-08"}, {"outcome", "confirmed"}});
  CHECK(s.state_of("warning_notice") == "confirmed");
  CHECK(s.due("warning_notice", "compliance_end") == "2026-04-13");
  s.run_until(d(2026, 4, 13));
  CHECK(s.state_of("warning_notice") == "compliance_review");
  s.event(d(2026, 4, 14), "warning_notice.not_complied", {{"date", "2026-04-14"}});
  CHECK(s.state_of("warning_notice") == "eligible_for_intervention");
  CHECK(s.state_of("causing_concern") == "statutory_intervention");
  NoticeEffect outcome = s.one("warning-notice-outcome", d(2026, 4, 14));
  CHECK(outcome.cc == Roles{"headteacher", "ofsted", "appointing_authority", "link_adviser"});
}

TEST_CASE("warning notice: the event's compliance_working_days wins over the framework's 15",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 12, 1), {.id = "900004", .name = "Example Primary School", .type = "community"});
  s.event(d(2025, 12, 12), "warning_notice.issued",
          {{"date", "2025-12-12"}, {"grounds", "Low standards"}, {"compliance_working_days", "20"}});
  CHECK(s.due("warning_notice", "compliance_end") == "2026-01-14");
  CHECK(s.one("warning-notice-letter", d(2025, 12, 12)).data["deadline.compliance_end.words"] ==
        "Wednesday 14 January 2026");
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
  CHECK(s.due("warning_notice", "compliance_end") == "2026-01-07");

  // Two letters go out: the governing body's (with its copies) and the Welsh Ministers' copy.
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
}

// The letters as the dispatcher renders them: every item Appendix 9.12 and SSO(W)A 2013 s.3(2)
// require, with the end of the compliance period in words.
TEST_CASE("warning notice letters render every required item", "[frameworks][warning-notice][render]") {
  sif::notifications::Renderer renderer(sif::config::default_config_dir() / "templates");

  Scenario l("leicester-2007");
  l.start(d(2025, 12, 1), {.id = "900006", .name = "St Example CE Primary School", .type = "voluntary_aided"});
  l.event(d(2025, 12, 12), "warning_notice.issued",
          {{"date", "2025-12-12"},
           {"grounds", "KS2 CVA in the bottom quartile for three years"},
           {"required_action", "Revise the improvement plan by 19 December"}});
  auto r = renderer.render("warning-notice-letter", l.one("warning-notice-letter", d(2025, 12, 12)).data,
                           d(2025, 12, 12));
  REQUIRE(r);
  const std::string& text = r->text;
  INFO(text);
  CHECK(r->subject == "Warning notice to the governing body of St Example CE Primary School");
  CHECK(text.find("To: the Governing Body of St Example CE Primary School") != std::string::npos);
  CHECK(text.find("section 60 of the Education and Inspections Act 2006") != std::string::npos);
  CHECK(text.find("KS2 CVA in the bottom quartile for three years") != std::string::npos);
  CHECK(text.find("Revise the improvement plan by 19 December") != std::string::npos);
  CHECK(text.find("Interim Executive Board") != std::string::npos);
  CHECK(text.find("within 15 working days\nof the date of this notice. The compliance period ends on Wednesday 7 "
                  "January 2026.") != std::string::npos);
  CHECK(text.find("may appeal to Ofsted within 15 working days") != std::string::npos);
  CHECK(text.find("Date: Friday 12 December 2025") != std::string::npos);
  CHECK(r->html.find("<strong>Wednesday 7 January 2026</strong>") != std::string::npos);

  Scenario c("csc-2020");
  c.start(d(2026, 3, 2), {.id = "900007", .name = "Ysgol Enghraifft", .type = "community"});
  c.event(d(2026, 3, 19), "warning_notice.issued",
          {{"date", "2026-03-19"},
           {"grounds", "Standards are unacceptably low"},
           {"compliance_working_days", "15"},
           {"guidance", "Work with the improvement partner on the literacy plan"}});
  for (const auto& n : c.sent("warning-notice-letter", d(2026, 3, 19))) {
    auto w = renderer.render("warning-notice-letter", n.data, d(2026, 3, 19));
    REQUIRE(w);
    INFO(w->text);
    CHECK(w->text.find("The compliance period ends on Monday 13 April 2026.") != std::string::npos);
    CHECK(w->text.find("section 3 of the School Standards and Organisation (Wales) Act 2013") != std::string::npos);
    CHECK(w->text.find("Work with the improvement partner on the literacy plan") != std::string::npos);
    CHECK(w->text.find("appeal") == std::string::npos);
  }
}

TEST_CASE("warning notice: the compliance reminder survives representations",
          "[frameworks][warning-notice][leicester-2007]") {
  Scenario s("leicester-2007");
  s.start(d(2025, 12, 1), {.id = "900008", .name = "Example Primary School", .type = "community"});
  s.event(d(2025, 12, 12), "warning_notice.issued", {{"date", "2025-12-12"}, {"grounds", "Low standards"}});
  s.event(d(2025, 12, 22), "representation.received", {{"date", "2025-12-22"}});
  // Re-armed from the day of the notice: the same end date and the same reminder.
  CHECK(s.due("warning_notice", "compliance_end") == "2026-01-07");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2025-12-30");
  s.event(d(2025, 12, 23), "representation.decided", {{"date", "2025-12-23"}, {"outcome", "confirmed"}});
  CHECK(s.state_of("warning_notice") == "confirmed");
  CHECK(s.due("warning_notice", "compliance_end#reminder1") == "2025-12-30");
  s.run_until(d(2025, 12, 30));
  CHECK(s.sent("deadline-reminder", d(2025, 12, 30)).size() == 1);
}
