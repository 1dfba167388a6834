#include <catch2/catch.hpp>

#include "daemon/ics.hpp"

using namespace sif::daemon;
using sif::workflows::make_date;

TEST_CASE("ics_escape escapes TEXT per RFC 5545 3.3.11", "[ics]") {
  CHECK(ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  CHECK(ics_escape("x\r\ny") == "x\\ny");
}

TEST_CASE("ics_fold folds at 75 octets without splitting UTF-8", "[ics]") {
  CHECK(ics_fold("SHORT") == "SHORT\r\n");
  std::string line(160, 'x');
  std::string folded = ics_fold(line);
  CHECK(folded == std::string(75, 'x') + "\r\n " + std::string(74, 'x') + "\r\n " + std::string(11, 'x') + "\r\n");
  // 74 ASCII then a 2-byte character: it cannot fit in octet 75, so it moves to the next line.
  std::string u = std::string(74, 'a') + "\xC3\xA9" "b";
  CHECK(ics_fold(u) == std::string(74, 'a') + "\r\n \xC3\xA9" + "b\r\n");
}

TEST_CASE("render_ics: one all-day VEVENT per deadline", "[ics]") {
  IcsEvent e;
  e.uid = "100001-main-review_due@sif";
  e.date = make_date(2026, 1, 7);
  e.summary = "Review meeting; Avonmead, Bristol";
  e.description = "15 working_days from 2025-12-12\nRule: Appendix 9.12";
  auto stamp = std::chrono::sys_seconds{std::chrono::sys_days{make_date(2025, 12, 12)}} + std::chrono::hours(9) +
               std::chrono::minutes(30);
  std::string ics = render_ics({e}, stamp);
  CHECK(ics ==
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//sif//school improvement deadlines//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "X-WR-CALNAME:sif deadlines\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:100001-main-review_due@sif\r\n"
        "DTSTAMP:20251212T093000Z\r\n"
        "DTSTART;VALUE=DATE:20260107\r\n"
        "DTEND;VALUE=DATE:20260108\r\n"
        "SUMMARY:Review meeting\\; Avonmead\\, Bristol\r\n"
        "DESCRIPTION:15 working_days from 2025-12-12\\nRule: Appendix 9.12\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n");
  // No content line exceeds 75 octets.
  size_t start = 0;
  while (start < ics.size()) {
    size_t end = ics.find("\r\n", start);
    CHECK(end - start <= 75);
    start = end + 2;
  }
}

TEST_CASE("deadline_uid: school, instance and timer, never the due date", "[ics]") {
  // Before, the UID ended in the due date: a deadline that moved was a second event in every
  // subscribed calendar, and the first never went away.
  CHECK(deadline_uid("100001", "main", "review_due") == "100001-main-review_due@sif");
  CHECK(deadline_uid("100001", "main", "review_due.r1") == "100001-main-review_due.r1@sif");
  // A second instance of a workflow ("main#2") is its own event; bytes outside [A-Za-z0-9_.]
  // are written %XX, so no two timers can share a UID.
  CHECK(deadline_uid("100001", "warning_notice#2", "compliance_end") == "100001-warning_notice%232-compliance_end@sif");
  CHECK(deadline_uid("1-2", "a", "b") != deadline_uid("1", "2-a", "b"));
  CHECK(deadline_uid("1 2", "a", "b") == "1%202-a-b@sif");
  CHECK(deadline_uid("100001", "main", "review_due") != deadline_uid("100002", "main", "review_due"));
}

TEST_CASE("deadline_summary: 'Reminder: ' once, the title, the school", "[ics]") {
  // Reminder timers' titles already begin "Reminder: " (workflows/timers.cpp); the feed used to
  // add another.
  CHECK(deadline_summary(true, "Reminder: Review meeting", "review_due.r1", "Avonmead Primary") ==
        "Reminder: Review meeting — Avonmead Primary");
  CHECK(deadline_summary(true, "Review meeting", "review_due.r1", "Avonmead Primary") ==
        "Reminder: Review meeting — Avonmead Primary");
  CHECK(deadline_summary(false, "Review meeting", "review_due", "Avonmead Primary") == "Review meeting — Avonmead Primary");
  CHECK(deadline_summary(false, "", "review_due", "Avonmead Primary") == "review_due — Avonmead Primary");
  // A deadline whose own title mentions a reminder keeps it: only reminders get the prefix.
  CHECK(deadline_summary(false, "Reminder letter sent", "letter", "X") == "Reminder letter sent — X");
}
