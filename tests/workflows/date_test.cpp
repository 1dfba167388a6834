// Dates: parsing, formatting, weekdays and calendar months. Every expected value is a literal
// read off a real calendar.
#include <catch2/catch.hpp>

#include "workflows/date.hpp"

using sif::workflows::add_months;
using sif::workflows::Date;
using sif::workflows::format_date;
using sif::workflows::format_date_words;
using sif::workflows::is_weekend;
using sif::workflows::make_date;
using sif::workflows::parse_date;
using sif::workflows::weekday_name;

TEST_CASE("parse_date reads real YYYY-MM-DD dates", "[date]") {
  auto d = parse_date("2026-01-16");
  REQUIRE(d.has_value());
  CHECK(*d == make_date(2026, 1, 16));
  CHECK(*parse_date("2024-02-29") == make_date(2024, 2, 29));  // leap year
  CHECK(*parse_date("2000-02-29") == make_date(2000, 2, 29));  // divisible by 400: leap
  CHECK(*parse_date("1995-12-31") == make_date(1995, 12, 31));
  CHECK(*parse_date("2040-01-01") == make_date(2040, 1, 1));
}

TEST_CASE("parse_date rejects what is not a date, saying why", "[date]") {
  auto feb29 = parse_date("2023-02-29");
  REQUIRE_FALSE(feb29.has_value());
  CHECK(feb29.error().code == sif::workflows::ErrorCode::kInvalidInput);
  CHECK(feb29.error().message == "'2023-02-29' is not a date: day 29 does not exist: February 2023 has 28 days");
  CHECK(feb29.error().details == "write dates as YYYY-MM-DD, e.g. 2026-01-16");

  auto month13 = parse_date("2024-13-01");
  REQUIRE_FALSE(month13.has_value());
  CHECK(month13.error().message == "'2024-13-01' is not a date: month 13 is not between 01 and 12");

  CHECK(parse_date("2024-1-5").error().message ==
        "'2024-1-5' is not a date: expected the form YYYY-MM-DD (four-digit year, two-digit month and day)");
  CHECK(parse_date("2024-04-31").error().message ==
        "'2024-04-31' is not a date: day 31 does not exist: April 2024 has 30 days");

  for (const char* bad : {"1900-02-29", "2100-02-29", "2024-00-10", "2024-06-00", "2024-06-31", "2024-01-05x",
                          "2024-01-05 ", " 2024-01-05", "2024/01/05", "24-01-05", "", "2024-01-0a", "+024-01-05",
                          "2024-01-05T00:00"}) {
    INFO(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
}

TEST_CASE("format_date and format_date_words", "[date]") {
  CHECK(format_date(make_date(2026, 1, 16)) == "2026-01-16");
  CHECK(format_date(make_date(1995, 5, 8)) == "1995-05-08");
  CHECK(format_date_words(make_date(2026, 1, 16)) == "Friday 16 January 2026");
  CHECK(format_date_words(make_date(2025, 12, 1)) == "Monday 1 December 2025");
  CHECK(format_date_words(make_date(2024, 2, 29)) == "Thursday 29 February 2024");
  CHECK(format_date_words(make_date(2023, 5, 8)) == "Monday 8 May 2023");
  CHECK(format_date_words(make_date(2022, 9, 19)) == "Monday 19 September 2022");
  CHECK(format_date_words(make_date(2021, 12, 25)) == "Saturday 25 December 2021");
  CHECK(format_date_words(make_date(2022, 6, 2)) == "Thursday 2 June 2022");
  CHECK(format_date_words(make_date(2026, 7, 22)) == "Wednesday 22 July 2026");
  // Round trip over every day of two years, leap day included.
  for (Date d = make_date(2023, 1, 1); d <= make_date(2024, 12, 31); d += date::days{1}) {
    auto back = parse_date(format_date(d));
    REQUIRE(back.has_value());
    CHECK(*back == d);
  }
}

TEST_CASE("weekday_name and is_weekend", "[date]") {
  CHECK(weekday_name(make_date(2026, 1, 12)) == "Monday");
  CHECK(weekday_name(make_date(2026, 1, 13)) == "Tuesday");
  CHECK(weekday_name(make_date(2026, 1, 14)) == "Wednesday");
  CHECK(weekday_name(make_date(2026, 1, 15)) == "Thursday");
  CHECK(weekday_name(make_date(2026, 1, 16)) == "Friday");
  CHECK(weekday_name(make_date(2026, 1, 17)) == "Saturday");
  CHECK(weekday_name(make_date(2026, 1, 18)) == "Sunday");
  CHECK_FALSE(is_weekend(make_date(2026, 1, 16)));
  CHECK(is_weekend(make_date(2026, 1, 17)));
  CHECK(is_weekend(make_date(2026, 1, 18)));
  CHECK_FALSE(is_weekend(make_date(2026, 1, 19)));
  CHECK(weekday_name(make_date(1995, 1, 1)) == "Sunday");
  CHECK(weekday_name(make_date(2040, 12, 25)) == "Tuesday");
}

TEST_CASE("add_months clamps to the end of the month", "[date]") {
  CHECK(add_months(make_date(2024, 1, 31), 1) == make_date(2024, 2, 29));
  CHECK(add_months(make_date(2025, 1, 31), 1) == make_date(2025, 2, 28));
  CHECK(add_months(make_date(2025, 8, 31), 1) == make_date(2025, 9, 30));
  CHECK(add_months(make_date(2025, 1, 15), 1) == make_date(2025, 2, 15));
  CHECK(add_months(make_date(2025, 12, 31), 2) == make_date(2026, 2, 28));
  CHECK(add_months(make_date(2025, 11, 30), 3) == make_date(2026, 2, 28));
  CHECK(add_months(make_date(2024, 2, 29), 12) == make_date(2025, 2, 28));
  CHECK(add_months(make_date(2024, 2, 29), 48) == make_date(2028, 2, 29));
  CHECK(add_months(make_date(2025, 10, 31), 6) == make_date(2026, 4, 30));
  CHECK(add_months(make_date(2025, 3, 10), 0) == make_date(2025, 3, 10));
}

TEST_CASE("add_months backwards", "[date]") {
  CHECK(add_months(make_date(2024, 3, 31), -1) == make_date(2024, 2, 29));
  CHECK(add_months(make_date(2025, 3, 31), -1) == make_date(2025, 2, 28));
  CHECK(add_months(make_date(2025, 1, 15), -1) == make_date(2024, 12, 15));
  CHECK(add_months(make_date(2025, 5, 31), -13) == make_date(2024, 4, 30));
  CHECK(add_months(make_date(2026, 1, 31), -2) == make_date(2025, 11, 30));
  CHECK(add_months(make_date(2024, 12, 31), -10) == make_date(2024, 2, 29));
  CHECK(add_months(make_date(2025, 7, 31), -24) == make_date(2023, 7, 31));
}
