// The statutory calendar: bank holidays by region, working-day arithmetic, calendar months,
// weeks, and school terms and half-terms.
//
// Bank holidays for 1995-2040 are computed by rule (fixed dates with substitute days, Easter,
// first/last Mondays) plus a table of one-off changes (jubilees, royal events, moved May
// holidays). Term dates are input (config/calendars/, loaded by config/), or the documented
// default pattern when an authority has none. Nothing here reads a file or the clock.
//
// Thread-safety: a Calendar is immutable after construction; share it freely across threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workflows/date.hpp"
#include "workflows/result.hpp"

namespace sif::workflows {

enum class Region { kEnglandAndWales, kScotland, kNorthernIreland };

Result<Region> parse_region(std::string_view text);  // "england-and-wales", "scotland", "northern-ireland"
const char* to_string(Region r);

inline constexpr int kFirstSupportedYear = 1995;
inline constexpr int kLastSupportedYear = 2040;

// The days the calendar knows: 1 January of kFirstSupportedYear to 31 December of
// kLastSupportedYear. Every date sif counts from or to lies in it; one outside is refused
// (an event dated 9999-12-20 or 0000-01-01 is a typing error, not a statutory date).
Date first_supported_day();
Date last_supported_day();
bool in_supported_span(Date d);
std::string supported_span_text();  // "1995-01-01 to 2040-12-31"
// kInvalidInput "<what> 2041-03-01 is outside the dates sif's calendar knows (1995-01-01 to ...)".
Status check_supported(Date d, const std::string& what);

struct Holiday {
  Date date;
  std::string name;  // "Christmas Day (substitute day)", "Good Friday", ...
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// Every bank holiday of `region` in calendar year `year`, in date order.
// REQUIRES: kFirstSupportedYear <= year <= kLastSupportedYear (outside, returns an empty list).
std::vector<Holiday> bank_holidays(Region region, int year);

Date easter_sunday(int year);

// One half-term: first and last teaching day, both inclusive.
struct HalfTerm {
  Date start;
  Date end;
  std::string name;  // "Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"
};

// An authority's term dates: half-terms in date order, and extra non-teaching days
// (INSET days are teaching-calendar data too, but sif only needs holidays).
struct TermCalendar {
  std::string id;       // "wiltshire", or "default" for the documented pattern
  std::string version;  // e.g. "2025-06-01": shown in deadline provenance
  std::vector<HalfTerm> half_terms;
  // The local authorities (as GIAS names them, "Bristol, City of") whose schools keep these
  // dates; empty for a calendar a framework names with `calendar:`.
  std::vector<std::string> authorities;
};

// A published calendar, with the default pattern for the academic years it does not cover (a
// file lists the years an authority has published; deadlines beyond them still need dates). Its
// version then says so: "2026-12-01+default".
TermCalendar with_default_years(TermCalendar published);

// The documented default pattern (docs/calendar.md) for academic years starting in
// first_year..last_year (an academic year "2025" runs September 2025 to July 2026).
TermCalendar default_term_calendar(int first_year, int last_year);

enum class Unit { kDays, kWorkingDays, kWeeks, kMonths, kHalfTerms, kTerms };
Result<Unit> parse_unit(std::string_view text);  // "days", "working_days", "weeks", ...
const char* to_string(Unit u);

struct Duration {
  int count = 0;  // may be negative: before the base date
  Unit unit = Unit::kDays;
  friend bool operator==(const Duration&, const Duration&) = default;
};

// A day that a working-day count passed over, and why.
struct SkippedDay {
  Date date;
  std::string reason;  // "Saturday", "Sunday", "Good Friday", "school holiday"
  friend bool operator==(const SkippedDay&, const SkippedDay&) = default;
};

struct AddOptions {
  bool skip_school_holidays = false;  // a working-day count also skips days outside term
};

class Calendar {
 public:
  Calendar(Region region, TermCalendar terms);

  Region region() const { return region_; }
  const TermCalendar& terms() const { return terms_; }
  // "england-and-wales/default@2025-06-01": names the data a deadline was computed on.
  std::string describe() const;

  std::optional<std::string> holiday_name(Date d) const;  // bank holiday name, if any
  bool is_working_day(Date d) const;                        // Mon-Fri and not a bank holiday
  bool in_term(Date d) const;                               // inside some half-term

  // N working days after d (N > 0) or before d (N < 0); d itself never counts. N == 0 gives d.
  // Days passed over that are not working days are appended to *skipped when given.
  Date add_working_days(Date d, int n, AddOptions opts = {}, std::vector<SkippedDay>* skipped = nullptr) const;
  // Working days in (from, to]; negative when to < from. add_working_days(from, between(from, to))
  // is `to` whenever `to` is a working day.
  int working_days_between(Date from, Date to, AddOptions opts = {}) const;
  // The Nth working day counting d itself as the first when it is a working day (N >= 1):
  // "on or before the Nth working day of" a period starting on d.
  Date nth_working_day_from(Date d, int n, AddOptions opts = {}) const;
  // d if a working day, else the next (or previous) working day.
  Date working_day_on_or_after(Date d) const;
  Date working_day_on_or_before(Date d) const;
  // d if it counts under opts (a working day and, with skip_school_holidays, inside term where
  // the term data reaches), else the next day that does; each day passed over is appended to
  // *skipped with why ("Saturday", "Easter Monday", "school holiday") when given.
  Date countable_day_on_or_after(Date d, AddOptions opts, std::vector<SkippedDay>* skipped = nullptr) const;

  // Half-terms: the half-term containing d (or the next one starting after d, if d is in a
  // holiday), the start of the next half-term strictly after d, and N half-terms/terms on.
  // N half-terms after d: the same position (days since start, clamped) in the half-term N on.
  std::optional<HalfTerm> half_term_containing(Date d) const;
  std::optional<Date> next_half_term_start(Date d) const;
  std::optional<Date> add_half_terms(Date d, int n) const;
  std::optional<Date> add_terms(Date d, int n) const;  // a term is two half-terms

  // A calendar anchor (docs/definitions.md, "Anchors"): the first date on or after d (for the
  // "end of" anchors, strictly after d) that is
  //   "MM-DD"                   that day of the year ("09-01": 1 September)
  //   "start of autumn term"    the first teaching day of Autumn 1 (spring: Spring 1, summer: Summer 1)
  //   "start of half-term"      the first teaching day of a half-term
  //   "end of half-term"        the last teaching day of a half-term
  //   "end of term"             the last teaching day of Autumn 2, Spring 2 or Summer 2
  // Fails for an anchor it does not know, or when term data does not reach far enough.
  Result<Date> next_anchor(Date d, std::string_view anchor) const;
  static bool valid_anchor(std::string_view anchor);

  // Any unit. Fails when term data does not reach far enough for half-terms/terms, or when `d`
  // or the result lies outside the supported span (check_supported).
  Result<Date> add(Date d, Duration dur, AddOptions opts = {}, std::vector<SkippedDay>* skipped = nullptr) const;

 private:
  Result<Date> add_in_span(Date d, Duration dur, AddOptions opts, std::vector<SkippedDay>* skipped) const;
  bool is_countable(Date d, AddOptions opts) const;
  std::optional<std::string> skip_reason(Date d, AddOptions opts) const;

  Region region_;
  TermCalendar terms_;
  std::map<Date, std::string> holidays_;  // every supported year, built once
};

}  // namespace sif::workflows
