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

}  // namespace sif::workflows
