#include "workflows/date.hpp"

#include <array>
#include <cstdio>

namespace sif::workflows {
namespace {

constexpr std::array<const char*, 12> kMonthNames = {"January", "February", "March",     "April",   "May",      "June",
                                                     "July",    "August",   "September", "October", "November", "December"};
// Indexed by date::weekday::c_encoding(): 0 = Sunday.
constexpr std::array<const char*, 7> kWeekdayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                      "Thursday", "Friday", "Saturday"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits [pos, pos + len) of `text` as a number; the caller has checked they are digits.
int digits_value(std::string_view text, std::size_t pos, std::size_t len) {
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
  return v;
}

Error bad_date(std::string_view text, std::string why) {
  return Error::invalid("'" + std::string(text) + "' is not a date: " + why,
                        "write dates as YYYY-MM-DD, e.g. 2026-01-16");
}

}  // namespace

Date make_date(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

Result<Date> parse_date(std::string_view text) {
  // Exactly YYYY-MM-DD: a stricter shape than date::parse accepts, so "2024-1-5" and trailing
  // text are rejected instead of silently read as something the author did not mean.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return bad_date(text, "expected the form YYYY-MM-DD (four-digit year, two-digit month and day)");
  }
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!is_digit(text[i])) return bad_date(text, "expected digits in the form YYYY-MM-DD");
  }
  const int y = digits_value(text, 0, 4);
  const int m = digits_value(text, 5, 2);
  const int d = digits_value(text, 8, 2);
  if (m < 1 || m > 12) {
    return bad_date(text, "month " + std::to_string(m) + " is not between 01 and 12");
  }
  const date::year_month ym{date::year{y}, date::month{static_cast<unsigned>(m)}};
  const unsigned last = static_cast<unsigned>((ym / date::last).day());
  if (d < 1 || static_cast<unsigned>(d) > last) {
    return bad_date(text, "day " + std::to_string(d) + " does not exist: " + kMonthNames[m - 1] + " " +
                              std::to_string(y) + " has " + std::to_string(last) + " days");
  }
  return make_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_date(Date d) {
  const date::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string format_date_words(Date d) {
  const date::year_month_day ymd{d};
  return weekday_name(d) + " " + std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonthNames[static_cast<unsigned>(ymd.month()) - 1] + " " + std::to_string(static_cast<int>(ymd.year()));
}

std::string weekday_name(Date d) { return kWeekdayNames[date::weekday{d}.c_encoding()]; }

bool is_weekend(Date d) {
  const date::weekday wd{d};
  return wd == date::Saturday || wd == date::Sunday;
}

Date add_months(Date d, int months) {
  const date::year_month_day ymd{d};
  // year_month arithmetic carries across years in both directions; the day is then clamped to
  // the target month's length (31 January + 1 month = 28 or 29 February).
  const date::year_month target = date::year_month{ymd.year(), ymd.month()} + date::months{months};
  const date::day last = (target / date::last).day();
  const date::day day = ymd.day() > last ? last : ymd.day();
  return date::sys_days{target / day};
}

std::string TimeOfDay::str() const {
  const int h = minutes / 60;
  const int m = minutes % 60;
  return std::string(h < 10 ? "0" : "") + std::to_string(h) + ":" + (m < 10 ? "0" : "") + std::to_string(m);
}

std::optional<TimeOfDay> parse_time_of_day(std::string_view t) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() != 5 || t[2] != ':' || !digit(t[0]) || !digit(t[1]) || !digit(t[3]) || !digit(t[4])) {
    return std::nullopt;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return TimeOfDay{h * 60 + m};
}

}  // namespace sif::workflows
