// Bank holidays of the three UK holiday regions, by rule plus a table of one-off changes.
//
// The rules (docs/calendar.md has the full account):
//   - fixed-date holidays: New Year's Day; 2 January (Scotland); St Patrick's Day, 17 March, and
//     the Battle of the Boyne, 12 July (Northern Ireland); St Andrew's Day, 30 November (Scotland,
//     from 2007); Christmas Day; Boxing Day.
//   - Good Friday; Easter Monday (not Scotland); early May = first Monday of May; spring = last
//     Monday of May; summer = last Monday of August (Scotland: first Monday of August).
//   - a fixed-date holiday on a Saturday or Sunday gives a substitute day: the next weekday that
//     is not already a holiday. Processing the weekend ones in date order, after every weekday
//     holiday is placed, yields the Christmas/Boxing Day and 1/2 January chains.
//   - one-offs proclaimed under the Banking and Financial Dealings Act 1971, s.1(3) (and, for
//     Scotland's St Andrew's Day, the St Andrew's Day Bank Holiday (Scotland) Act 2007).
#include <map>
#include <string>

#include "workflows/calendar.hpp"

namespace sif::workflows {
namespace {

constexpr const char* kEarlyMay = "Early May bank holiday";
constexpr const char* kSpring = "Spring bank holiday";
constexpr const char* kSummer = "Summer bank holiday";

// A rule holiday moved to another date in one year.
struct Moved {
  int year;
  const char* holiday;  // the rule holiday's name, as placed by the rules below
  unsigned month;
  unsigned day;
  const char* new_name;  // nullptr: keep the name
  const char* source;
};

// An extra, one-off holiday.
struct Extra {
  int year;
  unsigned month;
  unsigned day;
  const char* name;
  const char* source;
};

// All three regions, checked against the lists gov.uk publishes (gov.uk/bank-holidays) and
// the proclamations named. Keep docs/calendar.md in step with these tables.
constexpr Moved kMoved[] = {
    {1995, kEarlyMay, 5, 8, "Early May bank holiday (VE day)",
     "Royal Proclamation moving the May Day holiday from 1 to 8 May 1995 for the 50th anniversary of VE Day"},
    {2002, kSpring, 6, 4, nullptr,
     "Royal Proclamation for the Golden Jubilee: spring holiday moved from Mon 27 May to Tue 4 June 2002"},
    {2012, kSpring, 6, 4, nullptr,
     "Royal Proclamation for the Diamond Jubilee: spring holiday moved from Mon 28 May to Mon 4 June 2012"},
    {2020, kEarlyMay, 5, 8, "Early May bank holiday (VE day)",
     "Royal Proclamation (announced June 2019) moving the early May holiday from Mon 4 May to Fri 8 May 2020, VE Day 75"},
    {2022, kSpring, 6, 2, nullptr,
     "Royal Proclamation for the Platinum Jubilee: spring holiday moved from Mon 30 May to Thu 2 June 2022"},
};

constexpr Extra kExtras[] = {
    {1999, 12, 31, "Millennium Day", "Royal Proclamation for the Millennium: Fri 31 December 1999"},
    {2002, 6, 3, "Golden Jubilee bank holiday", "Royal Proclamation for the Golden Jubilee: Mon 3 June 2002"},
    {2011, 4, 29, "Royal wedding", "Royal Proclamation: wedding of Prince William, Fri 29 April 2011"},
    {2012, 6, 5, "Queen's Diamond Jubilee", "Royal Proclamation for the Diamond Jubilee: Tue 5 June 2012"},
    {2022, 6, 3, "Platinum Jubilee bank holiday", "Royal Proclamation for the Platinum Jubilee: Fri 3 June 2022"},
    {2022, 9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II",
     "Royal Proclamation (announced 12 September 2022): Mon 19 September 2022"},
    {2023, 5, 8, "Bank holiday for the coronation of King Charles III",
     "Royal Proclamation for the Coronation (announced November 2022): Mon 8 May 2023"},
};

struct Fixed {
  unsigned month;
  unsigned day;
  const char* name;
};

// Fixed-date holidays of `region` in `year`, in date order (the order substitutes are taken).
std::vector<Fixed> fixed_holidays(Region region, int year) {
  std::vector<Fixed> out{{1, 1, "New Year's Day"}};
  if (region == Region::kScotland) out.push_back({1, 2, "2nd January"});
  if (region == Region::kNorthernIreland) {
    out.push_back({3, 17, "St Patrick's Day"});
    out.push_back({7, 12, "Battle of the Boyne (Orangemen's Day)"});
  }
  if (region == Region::kScotland && year >= 2007) out.push_back({11, 30, "St Andrew's Day"});
  out.push_back({12, 25, "Christmas Day"});
  out.push_back({12, 26, "Boxing Day"});
  return out;
}

Date first_monday(int year, unsigned month) {
  return date::sys_days{date::year{year} / date::month{month} / date::Monday[1]};
}

Date last_monday(int year, unsigned month) {
  return date::sys_days{date::year{year} / date::month{month} / date::Monday[date::last]};
}

}  // namespace

Result<Region> parse_region(std::string_view text) {
  if (text == "england-and-wales") return Region::kEnglandAndWales;
  if (text == "scotland") return Region::kScotland;
  if (text == "northern-ireland") return Region::kNorthernIreland;
  return Error::invalid("unknown region '" + std::string(text) + "'",
                        "one of: england-and-wales, scotland, northern-ireland");
}

const char* to_string(Region r) {
  switch (r) {
    case Region::kEnglandAndWales: return "england-and-wales";
    case Region::kScotland: return "scotland";
    case Region::kNorthernIreland: return "northern-ireland";
  }
  return "unknown";
}

Date easter_sunday(int year) {
  // The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms; Jones 1876; Butcher 1876).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return make_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::vector<Holiday> bank_holidays(Region region, int year) {
  if (year < kFirstSupportedYear || year > kLastSupportedYear) return {};

  // Movable holidays first, with this year's moves applied.
  std::vector<Holiday> movable;
  const Date easter = easter_sunday(year);
  movable.push_back({easter - date::days{2}, "Good Friday"});
  if (region != Region::kScotland) movable.push_back({easter + date::days{1}, "Easter Monday"});
  movable.push_back({first_monday(year, 5), kEarlyMay});
  movable.push_back({last_monday(year, 5), kSpring});
  movable.push_back({region == Region::kScotland ? first_monday(year, 8) : last_monday(year, 8), kSummer});
  for (const Moved& mv : kMoved) {
    if (mv.year != year) continue;
    for (Holiday& h : movable) {
      if (h.name != mv.holiday) continue;
      h.date = make_date(year, mv.month, mv.day);
      if (mv.new_name != nullptr) h.name = mv.new_name;
    }
  }

  std::map<Date, std::string> days;
  for (Holiday& h : movable) days.emplace(h.date, std::move(h.name));
  for (const Extra& ex : kExtras) {
    if (ex.year == year) days.emplace(make_date(year, ex.month, ex.day), ex.name);
  }

  // Fixed dates: weekday ones stand; weekend ones then take, in date order, the next weekday
  // not already a holiday. (25 Sun + 26 Mon: Boxing Day keeps the Monday, Christmas takes Tue.)
  const std::vector<Fixed> fixed = fixed_holidays(region, year);
  for (const Fixed& f : fixed) {
    const Date d = make_date(year, f.month, f.day);
    if (!is_weekend(d)) days.emplace(d, f.name);
  }
  for (const Fixed& f : fixed) {
    Date d = make_date(year, f.month, f.day);
    if (!is_weekend(d)) continue;
    do {
      d += date::days{1};
    } while (is_weekend(d) || days.count(d) != 0);
    days.emplace(d, std::string(f.name) + " (substitute day)");
  }

  std::vector<Holiday> out;
  out.reserve(days.size());
  for (auto& [d, name] : days) out.push_back({d, std::move(name)});
  return out;
}

}  // namespace sif::workflows
