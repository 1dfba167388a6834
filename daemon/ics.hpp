// An RFC 5545 iCalendar feed of deadlines (GET /v1/deadlines.ics), so officers can subscribe
// from Outlook or Google Calendar.
//
// Each deadline is an all-day VEVENT (DTSTART;VALUE=DATE) with a stable UID (school, instance,
// timer, due date), SUMMARY naming the school and the deadline, and DESCRIPTION carrying the
// provenance (framework, rule, base date, duration, calendar). Lines end in CRLF and are folded
// at 75 octets without splitting a UTF-8 sequence; TEXT values are escaped (\\ \; \, \n).
//
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/date.hpp"

namespace sif::daemon {

struct IcsEvent {
  std::string uid;          // globally unique and stable across fetches
  workflows::Date date;     // all-day event on this date
  std::string summary;
  std::string description;  // may contain newlines; escaped on output
};

// RFC 5545 3.3.11 TEXT escaping.
std::string ics_escape(std::string_view text);

// One content line folded at 75 octets (continuations start with a space), CRLF-terminated.
std::string ics_fold(std::string_view line);

// A VCALENDAR with one VEVENT per event. `stamp` is DTSTAMP (UTC, when the feed was made).
std::string render_ics(const std::vector<IcsEvent>& events, std::chrono::sys_seconds stamp,
                       std::string_view calendar_name = "sif deadlines");

}  // namespace sif::daemon
