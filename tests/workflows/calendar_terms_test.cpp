// Terms: the default English pattern (docs/calendar.md) and half-term arithmetic.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "workflows/calendar.hpp"

using namespace sif::workflows;

namespace {

Date D(int y, unsigned m, unsigned d) { return make_date(y, m, d); }

struct Span {
  std::string name, start, end;
  bool operator==(const Span&) const = default;
};

std::vector<Span> spans(const TermCalendar& tc) {
  std::vector<Span> out;
  for (const HalfTerm& h : tc.half_terms) out.push_back({h.name, format_date(h.start), format_date(h.end)});
  return out;
}

}  // namespace

TEST_CASE("default pattern, 2024-25 and 2025-26", "[calendar]") {
  const TermCalendar tc = default_term_calendar(2024, 2025);
  CHECK(tc.id == "default");
  CHECK(tc.version == "2026-11-24");
  CHECK(spans(tc) == std::vector<Span>{
                         // 1 Sep 2024 is a Sunday; fourth Monday of October is 28 Oct; 22 Dec a Sunday.
                         {"Autumn 1", "2024-09-02", "2024-10-25"},
                         {"Autumn 2", "2024-11-04", "2024-12-20"},
                         // 4 Jan 2025 a Saturday; the Monday in 12-18 Feb is 17 Feb; Easter 20 Apr.
                         {"Spring 1", "2025-01-06", "2025-02-14"},
                         {"Spring 2", "2025-02-24", "2025-04-11"},
                         // Spring bank holiday Mon 26 May; 22 Jul 2025 a Tuesday.
                         {"Summer 1", "2025-04-28", "2025-05-23"},
                         {"Summer 2", "2025-06-02", "2025-07-22"},
                         // 1 Sep 2025 a Monday; fourth Monday of October is 27 Oct; 22 Dec a Monday.
                         {"Autumn 1", "2025-09-01", "2025-10-24"},
                         {"Autumn 2", "2025-11-03", "2025-12-19"},
                         // 4 Jan 2026 a Sunday; the Monday in 12-18 Feb is 16 Feb; Easter 5 Apr.
                         {"Spring 1", "2026-01-05", "2026-02-13"},
                         {"Spring 2", "2026-02-23", "2026-03-27"},
                         // Spring bank holiday Mon 25 May; 22 Jul 2026 a Wednesday.
                         {"Summer 1", "2026-04-13", "2026-05-22"},
                         {"Summer 2", "2026-06-01", "2026-07-22"},
                     });
}

TEST_CASE("default pattern, 2023-24", "[calendar]") {
  CHECK(spans(default_term_calendar(2023, 2023)) == std::vector<Span>{
                                                        {"Autumn 1", "2023-09-04", "2023-10-20"},
                                                        {"Autumn 2", "2023-10-30", "2023-12-22"},
                                                        {"Spring 1", "2024-01-04", "2024-02-09"},
                                                        {"Spring 2", "2024-02-19", "2024-03-22"},
                                                        {"Summer 1", "2024-04-08", "2024-05-24"},
                                                        {"Summer 2", "2024-06-03", "2024-07-22"},
                                                    });
}

TEST_CASE("default pattern moves term starts off bank holidays", "[calendar]") {
  // Easter 2011 was 24 April: Summer 1 would start Mon 2 May, the early May bank holiday.
  auto y2010 = default_term_calendar(2010, 2010);
  CHECK(y2010.half_terms[3].end == D(2011, 4, 15));
  CHECK(y2010.half_terms[4].start == D(2011, 5, 3));
  // 2012: Summer 2 would start Mon 4 June; 4 and 5 June were the jubilee holidays.
  auto y2011 = default_term_calendar(2011, 2011);
  CHECK(y2011.half_terms[5].start == D(2012, 6, 6));
  // Easter 2038 is 25 April: Summer 1 would start Mon 3 May 2038, the early May holiday.
  auto y2037 = default_term_calendar(2037, 2037);
  CHECK(y2037.half_terms[4].start == D(2038, 5, 4));
}

TEST_CASE("default pattern holds its invariants for every supported year", "[calendar]") {
  const TermCalendar tc = default_term_calendar(kFirstSupportedYear, kLastSupportedYear - 1);
  REQUIRE(tc.half_terms.size() == static_cast<std::size_t>(6 * (kLastSupportedYear - kFirstSupportedYear)));
  const Calendar cal(Region::kEnglandAndWales, tc);
  const char* names[] = {"Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"};
  for (std::size_t i = 0; i < tc.half_terms.size(); ++i) {
    const HalfTerm& h = tc.half_terms[i];
    INFO(h.name << " " << format_date(h.start) << " .. " << format_date(h.end));
    CHECK(h.name == names[i % 6]);
    CHECK(h.start < h.end);
    CHECK(cal.is_working_day(h.start));
    CHECK(cal.is_working_day(h.end));
    if (i > 0) CHECK(tc.half_terms[i - 1].end + date::days{2} < h.start);  // a holiday between
    if (i % 6 == 0) CHECK(date::year_month_day{h.start}.month() == date::September);
    if (i % 6 == 5) CHECK(date::year_month_day{h.end}.month() == date::July);
    const int teaching = cal.working_days_between(h.start - date::days{1}, h.end);
    CHECK(teaching >= 15);  // at least three weeks
    CHECK(teaching <= 45);  // at most nine weeks
  }
  for (int y = kFirstSupportedYear + 1; y <= kLastSupportedYear; ++y) {
    INFO(y);
    const Date easter = easter_sunday(y);
    CHECK_FALSE(cal.in_term(easter - date::days{2}));  // Good Friday
    CHECK_FALSE(cal.in_term(easter + date::days{1}));  // Easter Monday
    CHECK_FALSE(cal.in_term(D(y, 1, 1)));
    CHECK_FALSE(cal.in_term(D(y - 1, 12, 25)));
    CHECK_FALSE(cal.in_term(D(y, 8, 15)));
  }
}

TEST_CASE("half-term look-ups", "[calendar]") {
  const Calendar cal(Region::kEnglandAndWales, default_term_calendar(2025, 2025));
  CHECK(cal.in_term(D(2025, 10, 24)));
  CHECK_FALSE(cal.in_term(D(2025, 10, 25)));
  CHECK_FALSE(cal.in_term(D(2025, 10, 29)));
  CHECK(cal.in_term(D(2025, 11, 3)));
  CHECK(cal.in_term(D(2025, 9, 1)));
  CHECK_FALSE(cal.in_term(D(2025, 8, 31)));
  CHECK_FALSE(cal.in_term(D(2026, 7, 23)));

  auto h = cal.half_term_containing(D(2025, 10, 1));
  REQUIRE(h.has_value());
  CHECK(h->name == "Autumn 1");
  h = cal.half_term_containing(D(2025, 10, 29));  // in the October holiday: the next one
  REQUIRE(h.has_value());
  CHECK(h->name == "Autumn 2");
  CHECK(h->start == D(2025, 11, 3));
  CHECK(h->end == D(2025, 12, 19));
  CHECK(cal.half_term_containing(D(2025, 6, 1))->name == "Autumn 1");  // before the data
  CHECK_FALSE(cal.half_term_containing(D(2026, 7, 23)).has_value());  // after the data

  CHECK(*cal.next_half_term_start(D(2025, 9, 10)) == D(2025, 11, 3));
  CHECK(*cal.next_half_term_start(D(2025, 11, 3)) == D(2026, 1, 5));  // strictly after
  CHECK(*cal.next_half_term_start(D(2025, 11, 2)) == D(2025, 11, 3));
  CHECK(*cal.next_half_term_start(D(2026, 5, 30)) == D(2026, 6, 1));
  CHECK_FALSE(cal.next_half_term_start(D(2026, 6, 1)).has_value());
}

TEST_CASE("adding half-terms and terms", "[calendar]") {
  const Calendar cal(Region::kEnglandAndWales, default_term_calendar(2025, 2025));
  // Wed 10 Sep 2025 is 9 days into Autumn 1 (from 1 Sep); Autumn 2 starts 3 Nov: 12 Nov.
  CHECK(*cal.add_half_terms(D(2025, 9, 10), 1) == D(2025, 11, 12));
  // Two half-terms (one term) on: Spring 1 from 5 Jan: 14 Jan 2026.
  CHECK(*cal.add_half_terms(D(2025, 9, 10), 2) == D(2026, 1, 14));
  CHECK(*cal.add_terms(D(2025, 9, 10), 1) == D(2026, 1, 14));
  // Two terms: Summer 1 from 13 Apr: 22 Apr 2026.
  CHECK(*cal.add_terms(D(2025, 9, 10), 2) == D(2026, 4, 22));
  // Mon 20 Oct is 49 days in; Autumn 2 + 49 days = 22 Dec, clamped to its end, Fri 19 Dec.
  CHECK(*cal.add_half_terms(D(2025, 10, 20), 1) == D(2025, 12, 19));
  // From a holiday: the start of the next half-term, then on from there.
  CHECK(*cal.add_half_terms(D(2025, 10, 29), 1) == D(2026, 1, 5));
  CHECK(*cal.add_half_terms(D(2025, 12, 25), 1) == D(2026, 2, 23));
  // Backwards: 14 Jan is 9 days into Spring 1; Autumn 1 + 9 = 10 Sep.
  CHECK(*cal.add_half_terms(D(2026, 1, 14), -2) == D(2025, 9, 10));
  CHECK(*cal.add_terms(D(2026, 1, 14), -1) == D(2025, 9, 10));
  CHECK(*cal.add_half_terms(D(2025, 9, 10), 0) == D(2025, 9, 10));
  // Beyond the data.
  CHECK_FALSE(cal.add_half_terms(D(2026, 6, 10), 1).has_value());
  CHECK_FALSE(cal.add_half_terms(D(2025, 9, 10), -1).has_value());
  CHECK_FALSE(cal.add_terms(D(2026, 4, 20), 1).has_value());
  CHECK(*cal.add_half_terms(D(2026, 4, 20), 1) == D(2026, 6, 8));

  // A deadline never lands on a day the school is shut: Autumn 1 of 2026-27 starts on Tue 1 Sep,
  // Spring 1 on Mon 4 Jan 2027. Mon 7 Sep 2026 is 6 days in; 6 days into Spring 1 is Sun 10 Jan,
  // so the deadline moves to Mon 11 Jan 2027.
  const Calendar next(Region::kEnglandAndWales, default_term_calendar(2026, 2026));
  REQUIRE(next.half_term_containing(D(2026, 9, 7))->start == D(2026, 9, 1));
  CHECK(*next.add_terms(D(2026, 9, 7), 1) == D(2027, 1, 11));
  // Sat 12 Sep 2026 is 11 days in; Autumn 2 starts Mon 2 Nov: Fri 13 Nov, a school day.
  CHECK(*next.add_half_terms(D(2026, 9, 12), 1) == D(2026, 11, 13));
  // A bank holiday too: Mon 16 Mar 2026 is 21 days into Spring 2 (from Mon 23 Feb); 21 days into
  // Summer 1 (from Mon 13 Apr) is Mon 4 May, the early May bank holiday, so Tue 5 May.
  CHECK(*cal.add_half_terms(D(2026, 3, 16), 1) == D(2026, 5, 5));
  // Clamped to the end and then back to a teaching day: Autumn 2 2026 ends Fri 18 Dec.
  CHECK(*next.add_half_terms(D(2026, 10, 23), 1) == D(2026, 12, 18));

  const Calendar none(Region::kEnglandAndWales, TermCalendar{"none", "1", {}, {}});
  CHECK_FALSE(none.in_term(D(2025, 10, 1)));
  CHECK_FALSE(none.half_term_containing(D(2025, 10, 1)).has_value());
  CHECK_FALSE(none.add_half_terms(D(2025, 10, 1), 1).has_value());
  auto err = none.add(D(2025, 10, 1), {1, Unit::kTerms});
  REQUIRE_FALSE(err.has_value());
  CHECK(err.error().message ==
        "term calendar 'none' does not reach far enough for 1 terms from 2025-10-01: it has no half-terms");
}
