// Working-day arithmetic and Calendar::add over real holiday periods. Every expected date was
// counted by hand on a real calendar; the counts are written out in the comments.
#include <catch2/catch.hpp>

#include "workflows/calendar.hpp"

using namespace sif::workflows;

namespace {

Date D(int y, unsigned m, unsigned d) { return make_date(y, m, d); }

const Calendar& ew() {
  static const Calendar cal(Region::kEnglandAndWales, default_term_calendar(2024, 2026));
  return cal;
}

}  // namespace

TEST_CASE("working days across Christmas 2025", "[calendar]") {
  // From Fri 12 Dec 2025: 15-19 Dec (5), 22-24 (8), [25 Christmas, 26 Boxing], 29-31 (11),
  // [1 Jan], Fri 2 Jan (12), Mon 5 (13), Tue 6 (14), Wed 7 Jan 2026 (15).
  std::vector<SkippedDay> skipped;
  CHECK(ew().add_working_days(D(2025, 12, 12), 15, {}, &skipped) == D(2026, 1, 7));
  CHECK(skipped == std::vector<SkippedDay>{{D(2025, 12, 13), "Saturday"},
                                           {D(2025, 12, 14), "Sunday"},
                                           {D(2025, 12, 20), "Saturday"},
                                           {D(2025, 12, 21), "Sunday"},
                                           {D(2025, 12, 25), "Christmas Day"},
                                           {D(2025, 12, 26), "Boxing Day"},
                                           {D(2025, 12, 27), "Saturday"},
                                           {D(2025, 12, 28), "Sunday"},
                                           {D(2026, 1, 1), "New Year's Day"},
                                           {D(2026, 1, 3), "Saturday"},
                                           {D(2026, 1, 4), "Sunday"}});
  CHECK(ew().add_working_days(D(2025, 12, 12), 13) == D(2026, 1, 5));
  CHECK(ew().add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29));
  CHECK(ew().add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2));
  // Backwards over the same days lands where it started.
  CHECK(ew().add_working_days(D(2026, 1, 7), -15) == D(2025, 12, 12));
  CHECK(ew().add_working_days(D(2026, 1, 2), -1) == D(2025, 12, 31));
  CHECK(ew().add_working_days(D(2025, 12, 29), -1) == D(2025, 12, 24));
  CHECK(ew().working_days_between(D(2025, 12, 12), D(2026, 1, 7)) == 15);
  CHECK(ew().working_days_between(D(2026, 1, 7), D(2025, 12, 12)) == -15);
}

TEST_CASE("working days across Easter 2026", "[calendar]") {
  // From Tue 31 Mar 2026: Wed 1 Apr (1), Thu 2 (2), [Good Friday 3, Sat 4, Sun 5, Easter
  // Monday 6], Tue 7 (3), Wed 8 (4), Thu 9 (5).
  std::vector<SkippedDay> skipped;
  CHECK(ew().add_working_days(D(2026, 3, 31), 5, {}, &skipped) == D(2026, 4, 9));
  CHECK(skipped == std::vector<SkippedDay>{{D(2026, 4, 3), "Good Friday"},
                                           {D(2026, 4, 4), "Saturday"},
                                           {D(2026, 4, 5), "Sunday"},
                                           {D(2026, 4, 6), "Easter Monday"}});
  CHECK(ew().add_working_days(D(2026, 4, 9), -5) == D(2026, 3, 31));
  // Scotland works on Easter Monday: Wed 1, Thu 2, Mon 6, Tue 7, Wed 8.
  const Calendar sc(Region::kScotland, default_term_calendar(2025, 2025));
  CHECK(sc.add_working_days(D(2026, 3, 31), 5) == D(2026, 4, 8));
  CHECK(sc.is_working_day(D(2026, 4, 6)));
  CHECK_FALSE(ew().is_working_day(D(2026, 4, 6)));
  CHECK(*ew().holiday_name(D(2026, 4, 3)) == "Good Friday");
  CHECK_FALSE(ew().holiday_name(D(2026, 4, 7)).has_value());
}

TEST_CASE("working days across the 2022 jubilee and the 2023 coronation", "[calendar]") {
  const Calendar cal(Region::kEnglandAndWales, TermCalendar{"none", "1", {}, {}});
  // From Tue 31 May 2022: Wed 1 Jun (1), [Thu 2 spring, Fri 3 jubilee, Sat, Sun], Mon 6 (2), Tue 7 (3).
  CHECK(cal.add_working_days(D(2022, 5, 31), 3) == D(2022, 6, 7));
  CHECK(cal.is_working_day(D(2022, 5, 30)));  // the usual spring Monday was a working day in 2022
  CHECK(cal.add_working_days(D(2022, 6, 7), -3) == D(2022, 5, 31));
  // From Fri 28 Apr 2023: [Mon 1 May], Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), [Mon 8 coronation], Tue 9 (5).
  std::vector<SkippedDay> skipped;
  CHECK(cal.add_working_days(D(2023, 4, 28), 5, {}, &skipped) == D(2023, 5, 9));
  CHECK(skipped == std::vector<SkippedDay>{{D(2023, 4, 29), "Saturday"},
                                           {D(2023, 4, 30), "Sunday"},
                                           {D(2023, 5, 1), "Early May bank holiday"},
                                           {D(2023, 5, 6), "Saturday"},
                                           {D(2023, 5, 7), "Sunday"},
                                           {D(2023, 5, 8), "Bank holiday for the coronation of King Charles III"}});
  // State funeral: Fri 16 Sep 2022 + 1 working day = Tue 20 Sep.
  CHECK(cal.add_working_days(D(2022, 9, 16), 1) == D(2022, 9, 20));
  CHECK(cal.working_days_between(D(2022, 9, 16), D(2022, 9, 20)) == 1);
}

TEST_CASE("add_working_days edge cases", "[calendar]") {
  // d itself never counts, even when it is a working day; N == 0 gives d (even on a weekend).
  CHECK(ew().add_working_days(D(2026, 1, 12), 1) == D(2026, 1, 13));
  CHECK(ew().add_working_days(D(2026, 1, 12), 0) == D(2026, 1, 12));
  CHECK(ew().add_working_days(D(2026, 1, 17), 0) == D(2026, 1, 17));
  // From a Saturday: Mon is the first.
  CHECK(ew().add_working_days(D(2026, 1, 17), 1) == D(2026, 1, 19));
  CHECK(ew().add_working_days(D(2026, 1, 17), -1) == D(2026, 1, 16));
  CHECK(ew().add_working_days(D(2026, 1, 16), 5) == D(2026, 1, 23));
  CHECK(ew().add_working_days(D(2026, 1, 16), -5) == D(2026, 1, 9));
  // 20 working days from Mon 2 Feb 2026 (no holidays): four weeks on, Mon 2 Mar.
  CHECK(ew().add_working_days(D(2026, 2, 2), 20) == D(2026, 3, 2));
  // Beyond the supported years only weekends are skipped.
  CHECK(ew().add_working_days(D(2041, 12, 24), 1) == D(2041, 12, 25));
}

TEST_CASE("working_days_between agrees with add_working_days", "[calendar]") {
  CHECK(ew().working_days_between(D(2026, 1, 12), D(2026, 1, 12)) == 0);
  CHECK(ew().working_days_between(D(2026, 1, 16), D(2026, 1, 19)) == 1);
  CHECK(ew().working_days_between(D(2026, 1, 17), D(2026, 1, 18)) == 0);
  CHECK(ew().working_days_between(D(2026, 3, 31), D(2026, 4, 9)) == 5);
  CHECK(ew().working_days_between(D(2026, 4, 9), D(2026, 3, 31)) == -5);
  // Every pair over Christmas and Easter, in both directions.
  for (Date base : {D(2025, 12, 10), D(2026, 3, 25)}) {
    for (int i = 0; i < 30; ++i) {
      for (int j = 0; j < 30; ++j) {
        const Date from = base + date::days{i};
        const Date to = base + date::days{j};
        const int n = ew().working_days_between(from, to);
        INFO(format_date(from) << " -> " << format_date(to) << " = " << n);
        if (ew().is_working_day(to)) CHECK(ew().add_working_days(from, n) == to);
      }
    }
  }
}

TEST_CASE("nth working day and nearest working day", "[calendar]") {
  CHECK(ew().nth_working_day_from(D(2025, 12, 15), 1) == D(2025, 12, 15));
  CHECK(ew().nth_working_day_from(D(2025, 12, 15), 5) == D(2025, 12, 19));
  CHECK(ew().nth_working_day_from(D(2025, 12, 27), 1) == D(2025, 12, 29));
  CHECK(ew().nth_working_day_from(D(2025, 12, 25), 3) == D(2025, 12, 31));
  // "the 10th working day of January 2026": 2, 5-9, 12-15 -> Thu 15 Jan.
  CHECK(ew().nth_working_day_from(D(2026, 1, 1), 10) == D(2026, 1, 15));
  CHECK(ew().working_day_on_or_after(D(2025, 12, 25)) == D(2025, 12, 29));
  CHECK(ew().working_day_on_or_after(D(2025, 12, 24)) == D(2025, 12, 24));
  CHECK(ew().working_day_on_or_before(D(2026, 1, 4)) == D(2026, 1, 2));
  CHECK(ew().working_day_on_or_before(D(2026, 1, 1)) == D(2025, 12, 31));
  CHECK(ew().working_day_on_or_before(D(2026, 4, 6)) == D(2026, 4, 2));
}

TEST_CASE("working days that also skip school holidays", "[calendar]") {
  const AddOptions school{true};
  // Default pattern 2025: Autumn 1 ends Fri 24 Oct, Autumn 2 starts Mon 3 Nov.
  // From Fri 17 Oct: 20-24 Oct (5), [27-31 Oct half-term], 3-7 Nov (10).
  std::vector<SkippedDay> skipped;
  CHECK(ew().add_working_days(D(2025, 10, 17), 10, school, &skipped) == D(2025, 11, 7));
  CHECK(skipped == std::vector<SkippedDay>{{D(2025, 10, 18), "Saturday"},
                                           {D(2025, 10, 19), "Sunday"},
                                           {D(2025, 10, 25), "Saturday"},
                                           {D(2025, 10, 26), "Sunday"},
                                           {D(2025, 10, 27), "school holiday"},
                                           {D(2025, 10, 28), "school holiday"},
                                           {D(2025, 10, 29), "school holiday"},
                                           {D(2025, 10, 30), "school holiday"},
                                           {D(2025, 10, 31), "school holiday"},
                                           {D(2025, 11, 1), "Saturday"},
                                           {D(2025, 11, 2), "Sunday"}});
  CHECK(ew().add_working_days(D(2025, 10, 17), 10) == D(2025, 10, 31));
  // Christmas: 15-19 Dec (5), then nothing until Mon 5 Jan 2026 (6) and Wed 7 (8).
  CHECK(ew().add_working_days(D(2025, 12, 12), 6, school) == D(2026, 1, 5));
  CHECK(ew().add_working_days(D(2025, 12, 12), 8, school) == D(2026, 1, 7));
  CHECK(ew().add_working_days(D(2026, 1, 5), -1, school) == D(2025, 12, 19));
  CHECK(ew().working_days_between(D(2025, 12, 12), D(2026, 1, 7), school) == 8);
  CHECK(ew().working_days_between(D(2026, 1, 7), D(2025, 12, 12), school) == -8);
  CHECK(ew().nth_working_day_from(D(2025, 12, 20), 1, school) == D(2026, 1, 5));
}

TEST_CASE("Calendar::add for every unit", "[calendar]") {
  const Date base = D(2025, 12, 12);
  CHECK(*ew().add(base, {15, Unit::kDays}) == D(2025, 12, 27));
  CHECK(*ew().add(base, {-12, Unit::kDays}) == D(2025, 11, 30));
  CHECK(*ew().add(base, {3, Unit::kWeeks}) == D(2026, 1, 2));
  CHECK(*ew().add(base, {-2, Unit::kWeeks}) == D(2025, 11, 28));
  CHECK(*ew().add(D(2026, 1, 31), {1, Unit::kMonths}) == D(2026, 2, 28));
  CHECK(*ew().add(D(2024, 3, 31), {-1, Unit::kMonths}) == D(2024, 2, 29));
  std::vector<SkippedDay> skipped;
  CHECK(*ew().add(base, {15, Unit::kWorkingDays}, {}, &skipped) == D(2026, 1, 7));
  CHECK(skipped.size() == 11);
  CHECK(*ew().add(base, {-5, Unit::kWorkingDays}) == D(2025, 12, 5));
  // Default 2025 pattern: Autumn 2 is 3 Nov - 19 Dec; 12 Dec is day 39 of it. Spring 1 is
  // 5 Jan - 13 Feb: 5 Jan + 39 days = 13 Feb (exactly its end). Spring 2 is 23 Feb - 27 Mar:
  // 23 Feb + 39 = 3 Apr, clamped to 27 Mar.
  CHECK(*ew().add(base, {1, Unit::kHalfTerms}) == D(2026, 2, 13));
  CHECK(*ew().add(base, {1, Unit::kTerms}) == D(2026, 3, 27));
  // Two half-terms back from Autumn 2 2025 is Summer 2 2025 (2 Jun - 22 Jul): 2 Jun + 39 = 11 Jul.
  CHECK(*ew().add(base, {-2, Unit::kHalfTerms}) == D(2025, 7, 11));
  // Out of term data: an error naming the calendar and what it covers.
  auto far = ew().add(base, {30, Unit::kHalfTerms});
  REQUIRE_FALSE(far.has_value());
  CHECK(far.error().message ==
        "term calendar 'default' does not reach far enough for 30 half-terms from 2025-12-12: it covers "
        "2024-09-02 to 2027-07-22");
  CHECK_FALSE(ew().add(base, {-20, Unit::kTerms}).has_value());
  CHECK_FALSE(ew().add(D(2027, 7, 1), {200, Unit::kWorkingDays}, AddOptions{true}).has_value());
  CHECK(ew().add(D(2027, 7, 1), {200, Unit::kWorkingDays}).has_value());
  // Absurd counts are refused, not overflowed.
  auto huge = ew().add(base, {2000000000, Unit::kDays});
  REQUIRE_FALSE(huge.has_value());
  CHECK(huge.error().message == "a count of 2000000000 days is too large");
  CHECK_FALSE(ew().add(base, {-2147483647 - 1, Unit::kWorkingDays}).has_value());
  // The largest count is accepted, but 2126 is beyond the calendar: refused, not guessed.
  auto century = ew().add(base, {36600, Unit::kDays});
  REQUIRE_FALSE(century.has_value());
  CHECK(century.error().message ==
        "36600 days from 2025-12-12 reaches 2126-02-26 is outside the dates sif's calendar knows (1995-01-01 to "
        "2040-12-31)");
}

TEST_CASE("units parse and print, describe names the data", "[calendar]") {
  for (Unit u : {Unit::kDays, Unit::kWorkingDays, Unit::kWeeks, Unit::kMonths, Unit::kHalfTerms, Unit::kTerms}) {
    CHECK(*parse_unit(to_string(u)) == u);
  }
  CHECK(std::string(to_string(Unit::kWorkingDays)) == "working_days");
  CHECK(std::string(to_string(Unit::kHalfTerms)) == "half_terms");
  auto bad = parse_unit("fortnights");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message == "unknown unit 'fortnights'");
  CHECK(ew().describe() == "england-and-wales/default@2026-11-24");
  const Calendar ni(Region::kNorthernIreland, TermCalendar{"belfast", "2025-06-01", {}, {}});
  CHECK(ni.describe() == "northern-ireland/belfast@2025-06-01");
}

TEST_CASE("a date outside the calendar's span (1995-2040) is refused, never wrapped or guessed", "[calendar]") {
  // The last day counted: Monday 31 December 2040 is a working day; one more runs off the end.
  CHECK(ew().add(D(2040, 12, 28), {1, Unit::kWorkingDays}).value() == D(2040, 12, 31));
  auto past_end = ew().add(D(2040, 12, 31), {1, Unit::kWorkingDays});
  REQUIRE_FALSE(past_end);
  CHECK(past_end.error().code == ErrorCode::kInvalidInput);
  CHECK_THAT(past_end.error().message, Catch::Contains("2041-01-01") && Catch::Contains("1995-01-01 to 2040-12-31"));
  // An event typed as 9999-12-20 (the probe's overflow) or 0000-01-01: no deadline is computed.
  auto far = ew().add(D(9999, 12, 20), {15, Unit::kWorkingDays});
  REQUIRE_FALSE(far);
  CHECK_THAT(far.error().message, Catch::Contains("counting from 9999-12-20"));
  REQUIRE_FALSE(ew().add(D(0, 1, 1), {3, Unit::kMonths}));
  // 2626-01-06 is not read as a date in 2041 or any other year.
  REQUIRE_FALSE(ew().add(D(2626, 1, 6), {20, Unit::kDays}));
  // The first day counts; a month before it does not.
  CHECK(ew().add(D(1995, 1, 1), {1, Unit::kMonths}).value() == D(1995, 2, 1));
  REQUIRE_FALSE(ew().add(D(1995, 1, 31), {-1, Unit::kMonths}));
  CHECK(supported_span_text() == "1995-01-01 to 2040-12-31");
}
