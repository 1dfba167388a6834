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
  e.uid = "100001-main-review_due-2026-01-07@sif";
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
        "UID:100001-main-review_due-2026-01-07@sif\r\n"
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
