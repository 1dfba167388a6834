// Bank holidays: Easter, whole years against gov.uk's published lists, every one-off, and the
// substitute-day chains. Every expected date is a literal read off a real calendar.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "workflows/calendar.hpp"

using namespace sif::workflows;

namespace {

using Listed = std::vector<std::pair<std::string, std::string>>;  // ISO date, name

Listed listed(Region r, int year) {
  Listed out;
  for (const Holiday& h : bank_holidays(r, year)) out.emplace_back(format_date(h.date), h.name);
  return out;
}

std::vector<std::string> dates(Region r, int year) {
  std::vector<std::string> out;
  for (const Holiday& h : bank_holidays(r, year)) out.push_back(format_date(h.date));
  return out;
}

bool has(Region r, int y, unsigned m, unsigned d) {
  for (const Holiday& h : bank_holidays(r, y)) {
    if (h.date == make_date(y, m, d)) return true;
  }
  return false;
}

constexpr Region kEW = Region::kEnglandAndWales;
constexpr Region kSc = Region::kScotland;
constexpr Region kNI = Region::kNorthernIreland;
constexpr Region kAll[] = {kEW, kSc, kNI};

}  // namespace

TEST_CASE("Easter Sunday 2000-2040", "[calendar]") {
  // Written out by hand from the published tables of Western (Gregorian) Easter.
  const std::vector<std::string> expected = {
      "2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11", "2005-03-27", "2006-04-16",
      "2007-04-08", "2008-03-23", "2009-04-12", "2010-04-04", "2011-04-24", "2012-04-08", "2013-03-31",
      "2014-04-20", "2015-04-05", "2016-03-27", "2017-04-16", "2018-04-01", "2019-04-21", "2020-04-12",
      "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28",
      "2028-04-16", "2029-04-01", "2030-04-21", "2031-04-13", "2032-03-28", "2033-04-17", "2034-04-09",
      "2035-03-25", "2036-04-13", "2037-04-05", "2038-04-25", "2039-04-10", "2040-04-01",
  };
  for (int y = 2000; y <= 2040; ++y) {
    INFO(y);
    CHECK(format_date(easter_sunday(y)) == expected[static_cast<std::size_t>(y - 2000)]);
  }
  CHECK(format_date(easter_sunday(1995)) == "1995-04-16");
  CHECK(format_date(easter_sunday(1999)) == "1999-04-04");
}

TEST_CASE("England and Wales, whole years as gov.uk lists them", "[calendar]") {
  CHECK(listed(kEW, 2022) == Listed{{"2022-01-03", "New Year's Day (substitute day)"},
                                    {"2022-04-15", "Good Friday"},
                                    {"2022-04-18", "Easter Monday"},
                                    {"2022-05-02", "Early May bank holiday"},
                                    {"2022-06-02", "Spring bank holiday"},
                                    {"2022-06-03", "Platinum Jubilee bank holiday"},
                                    {"2022-08-29", "Summer bank holiday"},
                                    {"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
                                    {"2022-12-26", "Boxing Day"},
                                    {"2022-12-27", "Christmas Day (substitute day)"}});
  CHECK(listed(kEW, 2023) == Listed{{"2023-01-02", "New Year's Day (substitute day)"},
                                    {"2023-04-07", "Good Friday"},
                                    {"2023-04-10", "Easter Monday"},
                                    {"2023-05-01", "Early May bank holiday"},
                                    {"2023-05-08", "Bank holiday for the coronation of King Charles III"},
                                    {"2023-05-29", "Spring bank holiday"},
                                    {"2023-08-28", "Summer bank holiday"},
                                    {"2023-12-25", "Christmas Day"},
                                    {"2023-12-26", "Boxing Day"}});
  CHECK(listed(kEW, 2020) == Listed{{"2020-01-01", "New Year's Day"},
                                    {"2020-04-10", "Good Friday"},
                                    {"2020-04-13", "Easter Monday"},
                                    {"2020-05-08", "Early May bank holiday (VE day)"},
                                    {"2020-05-25", "Spring bank holiday"},
                                    {"2020-08-31", "Summer bank holiday"},
                                    {"2020-12-25", "Christmas Day"},
                                    {"2020-12-28", "Boxing Day (substitute day)"}});
  CHECK(dates(kEW, 2025) == std::vector<std::string>{"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05",
                                                     "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"});
  CHECK(dates(kEW, 2026) == std::vector<std::string>{"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
                                                     "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"});
  CHECK(dates(kEW, 2012) == std::vector<std::string>{"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07",
                                                     "2012-06-04", "2012-06-05", "2012-08-27", "2012-12-25",
                                                     "2012-12-26"});
  CHECK(dates(kEW, 2011) == std::vector<std::string>{"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29",
                                                     "2011-05-02", "2011-05-30", "2011-08-29", "2011-12-26",
                                                     "2011-12-27"});
}

TEST_CASE("Scotland and Northern Ireland, whole years", "[calendar]") {
  CHECK(listed(kSc, 2022) == Listed{{"2022-01-03", "New Year's Day (substitute day)"},
                                    {"2022-01-04", "2nd January (substitute day)"},
                                    {"2022-04-15", "Good Friday"},
                                    {"2022-05-02", "Early May bank holiday"},
                                    {"2022-06-02", "Spring bank holiday"},
                                    {"2022-06-03", "Platinum Jubilee bank holiday"},
                                    {"2022-08-01", "Summer bank holiday"},
                                    {"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
                                    {"2022-11-30", "St Andrew's Day"},
                                    {"2022-12-26", "Boxing Day"},
                                    {"2022-12-27", "Christmas Day (substitute day)"}});
  CHECK(listed(kNI, 2018) == Listed{{"2018-01-01", "New Year's Day"},
                                    {"2018-03-19", "St Patrick's Day (substitute day)"},
                                    {"2018-03-30", "Good Friday"},
                                    {"2018-04-02", "Easter Monday"},
                                    {"2018-05-07", "Early May bank holiday"},
                                    {"2018-05-28", "Spring bank holiday"},
                                    {"2018-07-12", "Battle of the Boyne (Orangemen's Day)"},
                                    {"2018-08-27", "Summer bank holiday"},
                                    {"2018-12-25", "Christmas Day"},
                                    {"2018-12-26", "Boxing Day"}});
  CHECK(dates(kNI, 2020) == std::vector<std::string>{"2020-01-01", "2020-03-17", "2020-04-10", "2020-04-13",
                                                     "2020-05-08", "2020-05-25", "2020-07-13", "2020-08-31",
                                                     "2020-12-25", "2020-12-28"});
  CHECK(dates(kSc, 2025) == std::vector<std::string>{"2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05",
                                                     "2025-05-26", "2025-08-04", "2025-12-01", "2025-12-25",
                                                     "2025-12-26"});
}

TEST_CASE("one-off bank holidays, all three regions", "[calendar]") {
  for (Region r : kAll) {
    INFO(to_string(r));
    // 1995: early May moved from Mon 1 May to Mon 8 May (VE Day 50).
    CHECK(has(r, 1995, 5, 8));
    CHECK_FALSE(has(r, 1995, 5, 1));
    // 1999: Millennium Day, Fri 31 December, after the 27/28 December Christmas substitutes.
    CHECK(has(r, 1999, 12, 31));
    CHECK(has(r, 1999, 12, 27));
    CHECK(has(r, 1999, 12, 28));
    // 2002: spring holiday moved from Mon 27 May to Tue 4 June; Golden Jubilee Mon 3 June.
    CHECK(has(r, 2002, 6, 3));
    CHECK(has(r, 2002, 6, 4));
    CHECK_FALSE(has(r, 2002, 5, 27));
    // 2011: Royal Wedding, Fri 29 April.
    CHECK(has(r, 2011, 4, 29));
    // 2012: spring holiday moved from Mon 28 May to Mon 4 June; Diamond Jubilee Tue 5 June.
    CHECK(has(r, 2012, 6, 4));
    CHECK(has(r, 2012, 6, 5));
    CHECK_FALSE(has(r, 2012, 5, 28));
    // 2020: early May moved from Mon 4 May to Fri 8 May (VE Day 75).
    CHECK(has(r, 2020, 5, 8));
    CHECK_FALSE(has(r, 2020, 5, 4));
    // 2022: spring moved from Mon 30 May to Thu 2 June; Platinum Jubilee Fri 3 June;
    // State Funeral Mon 19 September.
    CHECK(has(r, 2022, 6, 2));
    CHECK(has(r, 2022, 6, 3));
    CHECK_FALSE(has(r, 2022, 5, 30));
    CHECK(has(r, 2022, 9, 19));
    // 2023: Coronation Mon 8 May, as well as the early May holiday Mon 1 May.
    CHECK(has(r, 2023, 5, 8));
    CHECK(has(r, 2023, 5, 1));
  }
  // In ordinary years the May holidays stay on their Mondays.
  CHECK(has(kEW, 2021, 5, 3));
  CHECK(has(kEW, 2021, 5, 31));
  CHECK(dates(kEW, 1995) == std::vector<std::string>{"1995-01-02", "1995-04-14", "1995-04-17", "1995-05-08",
                                                     "1995-05-29", "1995-08-28", "1995-12-25", "1995-12-26"});
  CHECK(dates(kEW, 1999) == std::vector<std::string>{"1999-01-01", "1999-04-02", "1999-04-05", "1999-05-03",
                                                     "1999-05-31", "1999-08-30", "1999-12-27", "1999-12-28",
                                                     "1999-12-31"});
}

TEST_CASE("Christmas and Boxing Day substitute chains", "[calendar]") {
  // 2021 and 2027 (and 2010): 25 Saturday, 26 Sunday -> Mon 27 and Tue 28.
  for (int y : {2010, 2021, 2027}) {
    INFO(y);
    auto all = listed(kEW, y);
    REQUIRE(all.size() >= 2);
    CHECK(all[all.size() - 2] == std::pair<std::string, std::string>{std::to_string(y) + "-12-27",
                                                                     "Christmas Day (substitute day)"});
    CHECK(all.back() ==
          std::pair<std::string, std::string>{std::to_string(y) + "-12-28", "Boxing Day (substitute day)"});
  }
  // 2022 and 2016 (and 2011): 25 Sunday -> Boxing Day keeps Mon 26, Christmas takes Tue 27.
  for (int y : {2011, 2016, 2022}) {
    INFO(y);
    auto all = listed(kEW, y);
    CHECK(all[all.size() - 2] == std::pair<std::string, std::string>{std::to_string(y) + "-12-26", "Boxing Day"});
    CHECK(all.back() ==
          std::pair<std::string, std::string>{std::to_string(y) + "-12-27", "Christmas Day (substitute day)"});
  }
  // 2015 and 2020: 25 Friday, 26 Saturday -> Boxing Day on Mon 28.
  for (int y : {2015, 2020}) {
    INFO(y);
    auto all = listed(kEW, y);
    CHECK(all[all.size() - 2] == std::pair<std::string, std::string>{std::to_string(y) + "-12-25", "Christmas Day"});
    CHECK(all.back() ==
          std::pair<std::string, std::string>{std::to_string(y) + "-12-28", "Boxing Day (substitute day)"});
  }
}

TEST_CASE("Scottish New Year chains", "[calendar]") {
  // 1 Sat, 2 Sun -> Mon 3 and Tue 4 (2011, 2022; also 2000).
  for (int y : {2000, 2011, 2022}) {
    INFO(y);
    auto all = listed(kSc, y);
    CHECK(all[0] == std::pair<std::string, std::string>{std::to_string(y) + "-01-03", "New Year's Day (substitute day)"});
    CHECK(all[1] == std::pair<std::string, std::string>{std::to_string(y) + "-01-04", "2nd January (substitute day)"});
  }
  // 2021: 1 Fri, 2 Sat -> Mon 4.
  auto y2021 = listed(kSc, 2021);
  CHECK(y2021[0] == std::pair<std::string, std::string>{"2021-01-01", "New Year's Day"});
  CHECK(y2021[1] == std::pair<std::string, std::string>{"2021-01-04", "2nd January (substitute day)"});
  // 2017 and 2023: 1 Sun, 2 Mon -> 2 January keeps Monday, New Year's Day takes Tuesday 3.
  for (int y : {2017, 2023}) {
    INFO(y);
    auto all = listed(kSc, y);
    CHECK(all[0] == std::pair<std::string, std::string>{std::to_string(y) + "-01-02", "2nd January"});
    CHECK(all[1] == std::pair<std::string, std::string>{std::to_string(y) + "-01-03", "New Year's Day (substitute day)"});
  }
  // England and Wales has no 2 January: 2022 has only Mon 3.
  CHECK_FALSE(has(kEW, 2022, 1, 4));
}

TEST_CASE("St Andrew's, St Patrick's and the Boyne", "[calendar]") {
  // St Andrew's Day: from 2007; on a weekend, the Monday after.
  CHECK(has(kSc, 2025, 12, 1));  // 30 Nov 2025 is a Sunday
  CHECK_FALSE(has(kSc, 2025, 11, 30));
  CHECK(has(kSc, 2024, 12, 2));  // 30 Nov 2024 is a Saturday
  CHECK(has(kSc, 2007, 11, 30));
  CHECK_FALSE(has(kSc, 2006, 11, 30));  // Thursday, before the 2007 Act
  CHECK_FALSE(has(kEW, 2022, 11, 30));
  // St Patrick's Day: 17 March 2018 was a Saturday -> Mon 19 March.
  CHECK(has(kNI, 2018, 3, 19));
  CHECK(has(kNI, 2019, 3, 18));  // Sunday 17 -> Monday 18
  CHECK(has(kNI, 2025, 3, 17));
  CHECK_FALSE(has(kEW, 2025, 3, 17));
  // Boyne: 12 July 2020 and 2026 are Sundays -> Monday 13; 2025 Saturday -> Monday 14.
  CHECK(has(kNI, 2020, 7, 13));
  CHECK(has(kNI, 2026, 7, 13));
  CHECK(has(kNI, 2025, 7, 14));
  CHECK(has(kNI, 2022, 7, 12));
  CHECK_FALSE(has(kSc, 2022, 7, 12));
  // Scotland: no Easter Monday, summer holiday the first Monday of August.
  CHECK_FALSE(has(kSc, 2026, 4, 6));
  CHECK(has(kSc, 2026, 8, 3));
  CHECK_FALSE(has(kSc, 2026, 8, 31));
}

TEST_CASE("every supported year has its holidays, in order, on weekdays", "[calendar]") {
  for (Region r : kAll) {
    for (int y = kFirstSupportedYear; y <= kLastSupportedYear; ++y) {
      auto hs = bank_holidays(r, y);
      INFO(to_string(r) << " " << y);
      // E&W 8 (+ one-offs); Scotland 9 from 2007 (8 before); NI 10.
      const std::size_t base = r == kEW ? 8 : r == kNI ? 10 : (y >= 2007 ? 9 : 8);
      CHECK(hs.size() >= base);
      CHECK(hs.size() <= base + 2);
      for (std::size_t i = 0; i < hs.size(); ++i) {
        CHECK_FALSE(is_weekend(hs[i].date));
        CHECK(static_cast<int>(date::year_month_day{hs[i].date}.year()) == y);
        if (i > 0) CHECK(hs[i - 1].date < hs[i].date);
      }
    }
  }
  CHECK(bank_holidays(kEW, 1994).empty());
  CHECK(bank_holidays(kEW, 2041).empty());
}

TEST_CASE("regions parse and print", "[calendar]") {
  for (Region r : kAll) CHECK(*parse_region(to_string(r)) == r);
  CHECK(std::string(to_string(kEW)) == "england-and-wales");
  CHECK(std::string(to_string(kSc)) == "scotland");
  CHECK(std::string(to_string(kNI)) == "northern-ireland");
  auto bad = parse_region("wales");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message == "unknown region 'wales'");
  CHECK(bad.error().details == "one of: england-and-wales, scotland, northern-ireland");
}
