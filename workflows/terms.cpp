// School terms: the documented default pattern for English schools (docs/calendar.md) and
// the Calendar's half-term arithmetic.
//
// The default pattern, for the academic year starting in September of year Y:
//   Autumn 1  1 September if Mon-Wed, else the next Monday .. the Friday before October half-term
//             (October half-term: the week beginning the fourth Monday of October, 22-28 Oct)
//   Autumn 2  the Monday after October half-term .. the last Friday on or before 22 December
//   Spring 1  the first weekday on or after 4 January .. the Friday before February half-term
//             (February half-term: the week beginning the Monday that falls 12-18 February)
//   Spring 2  the Monday after February half-term .. the Friday nine days before Easter Sunday
//   Summer 1  the Monday eight days after Easter Sunday .. the Friday before May half-term
//             (May half-term: the week beginning the last Monday of May, the spring bank holiday)
//   Summer 2  the Monday after May half-term .. the last weekday on or before 22 July
// A start or end that lands on an England-and-Wales bank holiday moves to the nearest weekday
// inside the half-term that is not one (e.g. Summer 1 after a late Easter would otherwise start
// on the early May bank holiday).
#include <algorithm>
#include <set>

#include "workflows/calendar.hpp"

namespace sif::workflows {
namespace {

constexpr date::days kOneDay{1};
// Names the revision of the default rules; shown in deadline provenance via describe().
constexpr const char* kDefaultPatternVersion = "2026-11-24";

Date nth_monday(int year, unsigned month, unsigned n) {
  return date::sys_days{date::year{year} / date::month{month} / date::Monday[n]};
}

Date last_monday(int year, unsigned month) {
  return date::sys_days{date::year{year} / date::month{month} / date::Monday[date::last]};
}

// The last day on or before d with the given weekday.
Date weekday_on_or_before(Date d, date::weekday wd) { return d - (date::weekday{d} - wd); }

Date weekday_on_or_after(Date d) {
  while (is_weekend(d)) d += kOneDay;
  return d;
}

Date weekday_on_or_before(Date d) {
  while (is_weekend(d)) d -= kOneDay;
  return d;
}

// The week (Monday) of the February half-term: the Monday falling 12-18 February.
Date february_half_term(int year) { return weekday_on_or_before(make_date(year, 2, 18), date::Monday); }

std::vector<HalfTerm> default_year(int y) {
  const Date sep1 = make_date(y, 9, 1);
  const unsigned sep1_wd = date::weekday{sep1}.c_encoding();  // 0 = Sunday
  const Date autumn_start =
      (sep1_wd >= 1 && sep1_wd <= 3) ? sep1 : sep1 + (date::Monday - date::weekday{sep1});
  const Date october = nth_monday(y, 10, 4);
  const Date february = february_half_term(y + 1);
  const Date easter = easter_sunday(y + 1);
  const Date may = last_monday(y + 1, 5);
  return {
      {autumn_start, october - date::days{3}, "Autumn 1"},
      {october + date::days{7}, weekday_on_or_before(make_date(y, 12, 22), date::Friday), "Autumn 2"},
      {weekday_on_or_after(make_date(y + 1, 1, 4)), february - date::days{3}, "Spring 1"},
      {february + date::days{7}, easter - date::days{9}, "Spring 2"},
      {easter + date::days{8}, may - date::days{3}, "Summer 1"},
      {may + date::days{7}, weekday_on_or_before(make_date(y + 1, 7, 22)), "Summer 2"},
  };
}

}  // namespace

TermCalendar default_term_calendar(int first_year, int last_year) {
  TermCalendar out{"default", kDefaultPatternVersion, {}, {}};
  std::set<Date> holidays;
  for (int y = first_year; y <= last_year + 1; ++y) {
    for (const Holiday& h : bank_holidays(Region::kEnglandAndWales, y)) holidays.insert(h.date);
  }
  const auto closed = [&](Date d) { return is_weekend(d) || holidays.count(d) != 0; };
  for (int y = first_year; y <= last_year; ++y) {
    for (HalfTerm& ht : default_year(y)) {
      while (ht.start < ht.end && closed(ht.start)) ht.start += kOneDay;
      while (ht.end > ht.start && closed(ht.end)) ht.end -= kOneDay;
      out.half_terms.push_back(std::move(ht));
    }
  }
  return out;
}

namespace {

// Index of the first half-term that ends on or after d (contains d, or is the next one).
std::size_t first_ending_on_or_after(const std::vector<HalfTerm>& hts, Date d) {
  return static_cast<std::size_t>(
      std::partition_point(hts.begin(), hts.end(), [&](const HalfTerm& h) { return h.end < d; }) - hts.begin());
}

}  // namespace

bool Calendar::in_term(Date d) const {
  const auto& hts = terms_.half_terms;
  const std::size_t i = first_ending_on_or_after(hts, d);
  return i < hts.size() && hts[i].start <= d;
}

std::optional<HalfTerm> Calendar::half_term_containing(Date d) const {
  const auto& hts = terms_.half_terms;
  const std::size_t i = first_ending_on_or_after(hts, d);
  if (i == hts.size()) return std::nullopt;
  return hts[i];
}

std::optional<Date> Calendar::next_half_term_start(Date d) const {
  const auto& hts = terms_.half_terms;
  auto it = std::partition_point(hts.begin(), hts.end(), [&](const HalfTerm& h) { return h.start <= d; });
  if (it == hts.end()) return std::nullopt;
  return it->start;
}

std::optional<Date> Calendar::add_half_terms(Date d, int n) const {
  if (n == 0) return d;
  const auto& hts = terms_.half_terms;
  const std::size_t i = first_ending_on_or_after(hts, d);
  if (i == hts.size()) return std::nullopt;
  // A date in a holiday stands at the start of the half-term that follows it.
  const date::days offset = std::max(date::days{0}, d - hts[i].start);
  const long long j = static_cast<long long>(i) + n;
  if (j < 0 || j >= static_cast<long long>(hts.size())) return std::nullopt;
  const HalfTerm& target = hts[static_cast<std::size_t>(j)];
  Date result = std::min(target.start + offset, target.end);
  // Half-terms start on different weekdays, so the same calendar offset can land on a weekend
  // or a bank holiday: a deadline then falls on the next teaching day of that half-term, or its
  // last teaching day when none is left.
  Date x = result;
  while (x <= target.end && !is_working_day(x)) x += date::days{1};
  if (x <= target.end) return x;
  for (x = result; x >= target.start; x -= date::days{1}) {
    if (is_working_day(x)) return x;
  }
  return result;
}

std::optional<Date> Calendar::add_terms(Date d, int n) const { return add_half_terms(d, 2 * n); }

TermCalendar with_default_years(TermCalendar published) {
  if (published.half_terms.empty()) return published;
  const Date first = published.half_terms.front().start;
  const Date last = published.half_terms.back().end;
  const TermCalendar pattern = default_term_calendar(kFirstSupportedYear, kLastSupportedYear - 1);
  bool added = false;
  for (const auto& h : pattern.half_terms) {
    if (h.end < first || h.start > last) {
      published.half_terms.push_back(h);
      added = true;
    }
  }
  std::sort(published.half_terms.begin(), published.half_terms.end(),
            [](const HalfTerm& a, const HalfTerm& b) { return a.start < b.start; });
  if (added) published.version += "+default";
  return published;
}

namespace {

std::optional<std::pair<unsigned, unsigned>> month_day(std::string_view a) {
  if (a.size() != 5 || a[2] != '-') return std::nullopt;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(a[0]) || !digit(a[1]) || !digit(a[3]) || !digit(a[4])) return std::nullopt;
  const unsigned m = static_cast<unsigned>((a[0] - '0') * 10 + (a[1] - '0'));
  const unsigned d = static_cast<unsigned>((a[3] - '0') * 10 + (a[4] - '0'));
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  // 29 February would skip three years in four: refused rather than surprising.
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1]) return std::nullopt;
  return std::pair{m, d};
}

}  // namespace

bool Calendar::valid_anchor(std::string_view a) {
  return month_day(a) || a == "start of autumn term" || a == "start of spring term" || a == "start of summer term" ||
         a == "start of term" || a == "start of half-term" || a == "end of half-term" || a == "end of term";
}

Result<Date> Calendar::next_anchor(Date d, std::string_view anchor) const {
  if (auto md = month_day(anchor)) {
    const date::year_month_day ymd{d};
    Date candidate = date::sys_days{ymd.year() / date::month{md->first} / date::day{md->second}};
    if (candidate < d) candidate = date::sys_days{(ymd.year() + date::years{1}) / date::month{md->first} / date::day{md->second}};
    if (Status s = check_supported(candidate, "'" + std::string(anchor) + "' after " + format_date(d) + " falls on"); !s) {
      return s.error();
    }
    return candidate;
  }
  const auto& hts = terms_.half_terms;
  // A start is the first on or after d; an end is the first strictly after d: a period that ends
  // on the day a school enters a state was not that state's (a check of it would be unfair).
  auto pick = [&](auto pred, bool use_start) -> Result<Date> {
    for (const auto& h : hts) {
      const Date at = use_start ? h.start : h.end;
      if ((use_start ? at >= d : at > d) && pred(h)) return at;
    }
    return Error::invalid("term calendar '" + terms_.id + "' does not reach far enough for '" + std::string(anchor) +
                              "' after " + format_date(d),
                          "add the authority's later term dates to config/calendars/" + terms_.id + ".yaml");
  };
  auto named = [](const char* n) { return [n](const HalfTerm& h) { return h.name == n; }; };
  auto any = [](const HalfTerm&) { return true; };
  if (anchor == "start of autumn term") return pick(named("Autumn 1"), true);
  if (anchor == "start of spring term") return pick(named("Spring 1"), true);
  if (anchor == "start of summer term") return pick(named("Summer 1"), true);
  if (anchor == "start of term") {
    return pick([](const HalfTerm& h) { return h.name == "Autumn 1" || h.name == "Spring 1" || h.name == "Summer 1"; },
                true);
  }
  if (anchor == "start of half-term") return pick(any, true);
  if (anchor == "end of half-term") return pick(any, false);
  if (anchor == "end of term") {
    return pick([](const HalfTerm& h) { return h.name == "Autumn 2" || h.name == "Spring 2" || h.name == "Summer 2"; },
                false);
  }
  return Error::invalid("unknown calendar anchor '" + std::string(anchor) + "'",
                        "use \"MM-DD\", \"start of autumn term\", \"start of spring term\", \"start of summer "
                        "term\", \"start of term\", \"start of half-term\", \"end of half-term\" or \"end of term\"");
}

}  // namespace sif::workflows
