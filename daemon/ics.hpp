// An RFC 5545 iCalendar feed of deadlines (GET /v1/deadlines.ics), so officers can subscribe
// from Outlook or Google Calendar.
//
// Each deadline is an all-day VEVENT (DTSTART;VALUE=DATE) with a stable UID (school, instance,
// timer: not the due date, so a deadline that moves is one event that moves, not a second one),
// SUMMARY naming the deadline and the school, and DESCRIPTION carrying the
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

// The UID of the VEVENT for timer `timer` of instance `instance` at school `school`:
// "<school>-<instance>-<timer>@sif", each part with every byte outside [A-Za-z0-9_.] written
// %XX, so no two timers share one ("main#2" is "main%232"). Stable while the timer is pending,
// whatever its due date.
std::string deadline_uid(std::string_view school, std::string_view instance, std::string_view timer);

// "<title> — <school name>", with "Reminder: " in front of a reminder's title exactly once
// (reminder titles from the core already start with it). `title` empty: the timer id is used.
std::string deadline_summary(bool reminder, std::string_view title, std::string_view timer,
                             std::string_view school_name);

// A VCALENDAR with one VEVENT per event. `stamp` is DTSTAMP (UTC, when the feed was made).
std::string render_ics(const std::vector<IcsEvent>& events, std::chrono::sys_seconds stamp,
                       std::string_view calendar_name = "sif deadlines");

}  // namespace sif::daemon
