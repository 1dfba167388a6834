// Calendar: holiday look-up, working-day arithmetic and Calendar::add over every unit.
// Half-term arithmetic and the default term pattern live in terms.cpp.
#include "workflows/calendar.hpp"


namespace sif::workflows {
namespace {

constexpr date::days kOneDay{1};
constexpr int kMaxCount = 36600;

struct UnitName {
  Unit unit;
  const char* name;
};
constexpr UnitName kUnits[] = {
    {Unit::kDays, "days"},     {Unit::kWorkingDays, "working_days"}, {Unit::kWeeks, "weeks"},
    {Unit::kMonths, "months"}, {Unit::kHalfTerms, "half_terms"},     {Unit::kTerms, "terms"},
};

}  // namespace

Result<Unit> parse_unit(std::string_view text) {
  for (const UnitName& u : kUnits) {
    if (text == u.name) return u.unit;
  }
  return Error::invalid("unknown unit '" + std::string(text) + "'",
                        "one of: days, working_days, weeks, months, half_terms, terms");
}

const char* to_string(Unit u) {
  for (const UnitName& n : kUnits) {
    if (n.unit == u) return n.name;
  }
  return "unknown";
}

Calendar::Calendar(Region region, TermCalendar terms) : region_(region), terms_(std::move(terms)) {
  for (int y = kFirstSupportedYear; y <= kLastSupportedYear; ++y) {
    for (Holiday& h : bank_holidays(region_, y)) holidays_.emplace(h.date, std::move(h.name));
  }
}

std::string Calendar::describe() const {
  return std::string(to_string(region_)) + "/" + terms_.id + "@" + terms_.version;
}

std::optional<std::string> Calendar::holiday_name(Date d) const {
  auto it = holidays_.find(d);
  if (it == holidays_.end()) return std::nullopt;
  return it->second;
}

bool Calendar::is_working_day(Date d) const { return !is_weekend(d) && holidays_.count(d) == 0; }

std::optional<std::string> Calendar::skip_reason(Date d, AddOptions opts) const {
  if (is_weekend(d)) return weekday_name(d);
  if (auto name = holiday_name(d)) return name;
  if (opts.skip_school_holidays && !in_term(d)) {
    // Outside the span the term data covers, school holidays are unknown; counting those days
    // keeps every count finite. Calendar::add reports a result that lands out there.
    if (!terms_.half_terms.empty() && d >= terms_.half_terms.front().start && d <= terms_.half_terms.back().end) {
      return std::string("school holiday");
    }
  }
  return std::nullopt;
}

bool Calendar::is_countable(Date d, AddOptions opts) const { return !skip_reason(d, opts).has_value(); }

Date Calendar::add_working_days(Date d, int n, AddOptions opts, std::vector<SkippedDay>* skipped) const {
  const date::days step{n < 0 ? -1 : 1};
  long long remaining = n < 0 ? -static_cast<long long>(n) : n;  // no overflow at INT_MIN
  Date cur = d;
  while (remaining > 0) {
    cur += step;
    if (auto reason = skip_reason(cur, opts)) {
      if (skipped != nullptr) skipped->push_back({cur, std::move(*reason)});
    } else {
      --remaining;
    }
  }
  return cur;
}

int Calendar::working_days_between(Date from, Date to, AddOptions opts) const {
  // Forwards: countable days in (from, to]. Backwards: minus those in [to, from), so that
  // add_working_days(from, result) lands on `to` when `to` is countable, in both directions.
  int count = 0;
  if (to >= from) {
    for (Date d = from + kOneDay; d <= to; d += kOneDay) count += is_countable(d, opts) ? 1 : 0;
    return count;
  }
  for (Date d = to; d < from; d += kOneDay) count += is_countable(d, opts) ? 1 : 0;
  return -count;
}

Date Calendar::nth_working_day_from(Date d, int n, AddOptions opts) const {
  // Counting from the day before makes d itself the first candidate. n < 1 is treated as 1.
  return add_working_days(d - kOneDay, n < 1 ? 1 : n, opts);
}

Date Calendar::working_day_on_or_after(Date d) const {
  while (!is_working_day(d)) d += kOneDay;
  return d;
}

Date Calendar::countable_day_on_or_after(Date d, AddOptions opts, std::vector<SkippedDay>* skipped) const {
  while (auto reason = skip_reason(d, opts)) {
    if (skipped != nullptr) skipped->push_back({d, std::move(*reason)});
    d += kOneDay;
  }
  return d;
}

Date Calendar::working_day_on_or_before(Date d) const {
  while (!is_working_day(d)) d -= kOneDay;
  return d;
}

Date first_supported_day() { return make_date(kFirstSupportedYear, 1, 1); }
Date last_supported_day() { return make_date(kLastSupportedYear, 12, 31); }
bool in_supported_span(Date d) { return d >= first_supported_day() && d <= last_supported_day(); }
std::string supported_span_text() {
  return format_date(first_supported_day()) + " to " + format_date(last_supported_day());
}

Status check_supported(Date d, const std::string& what) {
  if (in_supported_span(d)) return Ok{};
  return Error::invalid(what + " " + format_date(d) + " is outside the dates sif's calendar knows (" +
                            supported_span_text() + ")",
                        "the bank holidays of England and Wales are known from " + format_date(first_supported_day()) +
                            " to " + format_date(last_supported_day()));
}

Result<Date> Calendar::add(Date d, Duration dur, AddOptions opts, std::vector<SkippedDay>* skipped) const {
  if (Status s = check_supported(d, "counting from"); !s) return s.error();
  Result<Date> out = add_in_span(d, dur, opts, skipped);
  if (!out) return out;
  if (Status s = check_supported(*out, std::to_string(dur.count) + " " + to_string(dur.unit) + " from " +
                                           format_date(d) + " reaches");
      !s) {
    return s.error();
  }
  return out;
}

Result<Date> Calendar::add_in_span(Date d, Duration dur, AddOptions opts, std::vector<SkippedDay>* skipped) const {
  const auto beyond_terms = [&](const char* what) {
    std::string range = terms_.half_terms.empty()
                            ? std::string("it has no half-terms")
                            : "it covers " + format_date(terms_.half_terms.front().start) + " to " +
                                  format_date(terms_.half_terms.back().end);
    return Error::invalid("term calendar '" + terms_.id + "' does not reach far enough for " +
                              std::to_string(dur.count) + " " + what + " from " + format_date(d) + ": " + range,
                          "add term dates for the years needed to config/calendars/" + terms_.id + ".yaml");
  };
  // A count from configuration or an event could be absurd; refuse it rather than overflow the
  // day count or spin for minutes. A century of days is far beyond any statutory period.
  if (dur.count > kMaxCount || dur.count < -kMaxCount) {
    return Error::invalid("a count of " + std::to_string(dur.count) + " " + to_string(dur.unit) + " is too large",
                          "counts are limited to " + std::to_string(kMaxCount) + " in either direction");
  }
  switch (dur.unit) {
    case Unit::kDays:
      return d + date::days{dur.count};
    case Unit::kWeeks:
      return d + date::days{7 * dur.count};
    case Unit::kMonths:
      return add_months(d, dur.count);
    case Unit::kWorkingDays: {
      const Date out = add_working_days(d, dur.count, opts, skipped);
      if (opts.skip_school_holidays && dur.count != 0 &&
          (terms_.half_terms.empty() || out < terms_.half_terms.front().start ||
           out > terms_.half_terms.back().end)) {
        return beyond_terms("working days (skipping school holidays)");
      }
      return out;
    }
    case Unit::kHalfTerms: {
      if (auto out = add_half_terms(d, dur.count)) return *out;
      return beyond_terms("half-terms");
    }
    case Unit::kTerms: {
      if (auto out = add_terms(d, dur.count)) return *out;
      return beyond_terms("terms");
    }
  }
  return Error::invalid("unknown unit");
}

}  // namespace sif::workflows
