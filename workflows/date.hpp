// Calendar dates for the pure core: a Date is a day count (date::sys_days), which makes
// arithmetic, ordering and hashing trivial. Deadlines are dates in Europe/London; turning a date
// and a local time into an instant is the shell's job (it needs the time-zone database).
//
// Thread-safety: free functions over values; all safe.
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

#include "workflows/result.hpp"

namespace sif::workflows {

using Date = date::sys_days;

// A wall-clock reading in Europe/London, as the shell hands it to the core.
struct LocalTime {
  Date date;
  int minutes = 0;  // minutes after local midnight, 0..1439
  friend bool operator==(const LocalTime&, const LocalTime&) = default;
  friend auto operator<=>(const LocalTime&, const LocalTime&) = default;
};

Date make_date(int y, unsigned m, unsigned d);

// Parses "YYYY-MM-DD" (a real date: 2023-02-29 is an error naming the field).
Result<Date> parse_date(std::string_view text);
// "YYYY-MM-DD"
std::string format_date(Date d);
// "Friday 16 January 2026": how a letter writes a date.
std::string format_date_words(Date d);
// "Monday", "Tuesday", ...
std::string weekday_name(Date d);

bool is_weekend(Date d);

// Calendar months with end-of-month clamping: 31 Jan + 1 month = 28/29 Feb.
Date add_months(Date d, int months);

// A wall-clock time of day, written HH:MM (00:00 to 23:59): when a framework's timers fire,
// when the digest goes out. Parsed once, where the configuration is read.
struct TimeOfDay {
  int minutes = 0;  // after midnight. Invariant: 0 <= minutes < 1440
  std::string str() const;  // "07:00"
  friend bool operator==(const TimeOfDay&, const TimeOfDay&) = default;
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

// "07:00" -> 420 minutes; nothing unless exactly HH:MM with HH <= 23 and MM <= 59.
std::optional<TimeOfDay> parse_time_of_day(std::string_view text);

}  // namespace sif::workflows
