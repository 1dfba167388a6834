// Term calendar files: the shipped example loads; each kind of mistake is reported at its
// line:column with what to change.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "config/calendar_loader.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
using config::Diagnostic;
using config::load_term_calendar;
using config::parse_term_calendar;
using workflows::make_date;

namespace {

// Two academic years of fictional dates. Half-term lines are 7-12 and 15-20; on each, the
// start date is at column 34 and the end date at column 51.
const std::string kValid = R"(id: example
version: "2025-06-01"
source: "test"
years:
  - year: 2025
    half_terms:
      - { name: Autumn 1, start: 2025-09-03, end: 2025-10-24 }
      - { name: Autumn 2, start: 2025-11-03, end: 2025-12-19 }
      - { name: Spring 1, start: 2026-01-05, end: 2026-02-13 }
      - { name: Spring 2, start: 2026-02-23, end: 2026-03-27 }
      - { name: Summer 1, start: 2026-04-13, end: 2026-05-22 }
      - { name: Summer 2, start: 2026-06-01, end: 2026-07-21 }
  - year: 2026
    half_terms:
      - { name: Autumn 1, start: 2026-09-02, end: 2026-10-23 }
      - { name: Autumn 2, start: 2026-11-02, end: 2026-12-18 }
      - { name: Spring 1, start: 2027-01-04, end: 2027-02-12 }
      - { name: Spring 2, start: 2027-02-22, end: 2027-03-25 }
      - { name: Summer 1, start: 2027-04-12, end: 2027-05-28 }
      - { name: Summer 2, start: 2027-06-07, end: 2027-07-21 }
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

std::vector<Diagnostic> problems(const std::string& text, std::optional<std::string> expected_id = std::nullopt) {
  std::vector<Diagnostic> diags;
  auto cal = parse_term_calendar(text, "t.yaml", std::move(expected_id), &diags);
  CHECK_FALSE(cal.has_value());
  return diags;
}

}  // namespace

TEST_CASE("a valid term calendar parses", "[config]") {
  std::vector<Diagnostic> diags;
  auto cal = parse_term_calendar(kValid, "t.yaml", std::string("example"), &diags);
  REQUIRE(cal.has_value());
  CHECK(diags.empty());
  CHECK(cal->id == "example");
  CHECK(cal->version == "2025-06-01");
  REQUIRE(cal->half_terms.size() == 12);
  CHECK(cal->half_terms[0].name == "Autumn 1");
  CHECK(cal->half_terms[0].start == make_date(2025, 9, 3));
  CHECK(cal->half_terms[0].end == make_date(2025, 10, 24));
  CHECK(cal->half_terms[11].name == "Summer 2");
  CHECK(cal->half_terms[11].end == make_date(2027, 7, 21));
  // Names may be left out: they follow from the position.
  auto unnamed = parse_term_calendar(replaced(kValid, "name: Spring 2, ", ""), "t.yaml", std::nullopt, nullptr);
  REQUIRE(unnamed.has_value());
  CHECK(unnamed->half_terms[3].name == "Spring 2");
}

TEST_CASE("the shipped example calendar loads and drives the calendar", "[config]") {
  const auto file = std::filesystem::path(SIF_SOURCE_DIR) / "config" / "calendars" / "example-fictional.yaml";
  std::vector<Diagnostic> diags;
  auto cal = load_term_calendar(file, &diags);
  for (const auto& d : diags) INFO(d.str());
  REQUIRE(cal.has_value());
  CHECK(diags.empty());
  CHECK(cal->id == "example-fictional");
  REQUIRE(cal->half_terms.size() == 12);
  const workflows::Calendar c(workflows::Region::kEnglandAndWales, *cal);
  CHECK(c.describe() == "england-and-wales/example-fictional@2025-06-01");
  CHECK_FALSE(c.in_term(make_date(2025, 9, 2)));
  CHECK(c.in_term(make_date(2025, 9, 3)));
  // Wed 10 Sep 2025 is 7 days into Autumn 1 (from 3 Sep); Autumn 2 from 3 Nov: 10 Nov.
  CHECK(*c.add_half_terms(make_date(2025, 9, 10), 1) == make_date(2025, 11, 10));
  // Working days skipping school holidays: Fri 17 Oct + 10 = 20-24 Oct, then 3-7 Nov.
  CHECK(c.add_working_days(make_date(2025, 10, 17), 10, {true}) == make_date(2025, 11, 7));
}

TEST_CASE("every shipped calendar file is valid", "[config]") {
  const auto dir = std::filesystem::path(SIF_SOURCE_DIR) / "config" / "calendars";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    std::vector<Diagnostic> diags;
    auto cal = load_term_calendar(entry.path(), &diags);
    for (const auto& d : diags) INFO(d.str());
    CHECK(cal.has_value());
  }
  CHECK(files >= 1);
}

TEST_CASE("a date that does not exist", "[config]") {
  auto diags = problems(replaced(kValid, "start: 2025-11-03", "start: 2025-11-31"));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str() ==
        "t.yaml:8:34: error: '2025-11-31' is not a date: day 31 does not exist: November 2025 has 30 days "
        "(write dates as YYYY-MM-DD, e.g. 2026-01-16)");
  auto leap = problems(replaced(kValid, "end: 2026-02-13", "end: 2026-02-29"));
  REQUIRE(leap.size() == 1);
  CHECK(leap[0].loc.line == 9);
  CHECK(leap[0].loc.column == 51);
  auto shape = problems(replaced(kValid, "start: 2026-04-13", "start: 2026-4-13"));
  REQUIRE(shape.size() == 1);
  CHECK(shape[0].loc.line == 11);
}

TEST_CASE("a half-term that ends before it starts", "[config]") {
  auto diags = problems(replaced(kValid, "end: 2026-02-13", "end: 2026-01-02"));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str() ==
        "t.yaml:9:51: error: Spring 1 ends (2026-01-02) before it starts (2026-01-05) "
        "(end is the half-term's last teaching day, on or after its start)");
}

TEST_CASE("half-terms that overlap or are out of order", "[config]") {
  auto diags = problems(replaced(kValid, "start: 2026-02-23", "start: 2026-02-11"));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str() ==
        "t.yaml:10:34: error: Spring 2 starts 2026-02-11, not after the end of Spring 1 (2026-02-13) "
        "(half-terms must be in date order without overlap; check for a typing slip in either date)");
}

TEST_CASE("six half-terms per year, named in order", "[config]") {
  auto five = problems(replaced(kValid, "      - { name: Summer 2, start: 2027-06-07, end: 2027-07-21 }\n", ""));
  REQUIRE(five.size() == 1);
  CHECK(five[0].str() ==
        "t.yaml:15:7: error: academic year 2026 has 5 half-terms; expected 6 "
        "(list Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1, Summer 2, in that order)");
  auto misnamed = problems(replaced(kValid, "name: Autumn 2", "name: Autum 2"));
  REQUIRE(misnamed.size() == 1);
  CHECK(misnamed[0].loc.line == 8);
  CHECK(misnamed[0].loc.column == 17);
  CHECK(misnamed[0].message == "half-term 2 is named 'Autum 2'; expected 'Autumn 2'");
}

TEST_CASE("weekend dates and dates outside the academic year", "[config]") {
  auto weekend = problems(replaced(kValid, "start: 2025-09-03", "start: 2025-09-06"));
  REQUIRE(weekend.size() == 1);
  CHECK(weekend[0].str() == "t.yaml:7:34: error: Autumn 1 start 2025-09-06 is a Saturday (give the first teaching day)");
  // A slip of the year: Summer 2 ending in 2027 also overlaps the next year's Autumn 1.
  auto slip = problems(replaced(kValid, "end: 2026-07-21", "end: 2027-07-21"));
  REQUIRE(slip.size() == 2);
  CHECK(slip[0].str() ==
        "t.yaml:12:51: error: Summer 2 end 2027-07-21 is outside academic year 2025 (2025-08-01 to 2026-08-31) "
        "(check the year of the date, or the `year:` of this entry)");
  CHECK(slip[1].loc.line == 15);
  CHECK(slip[1].loc.column == 34);
  auto twice = problems(replaced(kValid, "year: 2026", "year: 2025"));
  REQUIRE_FALSE(twice.empty());
  CHECK(twice[0].str() ==
        "t.yaml:13:11: error: year 2025 is listed twice (list each academic year once, earliest first)");
  auto far = problems(replaced(kValid, "year: 2025", "year: 1990"));
  REQUIRE_FALSE(far.empty());
  CHECK(far[0].message == "year 1990 is outside the supported academic years 1995-2039");
}

TEST_CASE("keys: unknown, missing, and the id", "[config]") {
  auto diags = problems(replaced(kValid, "source:", "sourse:"));
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].loc.line == 3);
  CHECK(diags[0].loc.column == 1);
  CHECK(diags[0].message == "unknown key 'sourse' in the term calendar");
  CHECK(diags[1].str() ==
        "t.yaml:1:1: error: missing 'source' (name where the dates were published (a URL or document))");
  auto id = problems(kValid, std::string("wiltshire"));
  REQUIRE(id.size() == 1);
  CHECK(id[0].str() ==
        "t.yaml:1:5: error: id 'example' does not match the file name 'wiltshire.yaml' "
        "(set id: wiltshire or rename the file to example.yaml)");
  auto reserved = problems(replaced(kValid, "id: example", "id: default"));
  REQUIRE(reserved.size() == 1);
  CHECK(reserved[0].loc.column == 5);
  auto list = problems("- a\n- b\n");
  REQUIRE(list.size() == 1);
  CHECK(list[0].message == "a term calendar file must be a map (found a list)");
}

TEST_CASE("broken YAML and missing files", "[config]") {
  std::vector<Diagnostic> diags;
  auto cal = parse_term_calendar("id: x\nyears: [\n", "t.yaml", std::nullopt, &diags);
  REQUIRE_FALSE(cal.has_value());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message.rfind("not valid YAML: ", 0) == 0);
  CHECK(diags[0].loc.line >= 2);
  CHECK(cal.error().message == "1 problem in term calendar t.yaml");

  test::TempDir tmp;
  diags.clear();
  auto missing = load_term_calendar(tmp / "nope.yaml", &diags);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == workflows::ErrorCode::kIo);
  CHECK(diags.size() == 1);

  // The file name decides the expected id.
  {
    std::ofstream(tmp / "wiltshire.yaml") << kValid;
  }
  diags.clear();
  auto wrong = load_term_calendar(tmp / "wiltshire.yaml", &diags);
  REQUIRE_FALSE(wrong.has_value());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].loc.file == (tmp / "wiltshire.yaml").string());
  CHECK(diags[0].message == "id 'example' does not match the file name 'wiltshire.yaml'");
  {
    std::ofstream(tmp / "example.yaml") << kValid;
  }
  auto right = load_term_calendar(tmp / "example.yaml", nullptr);
  CHECK(right.has_value());
}
