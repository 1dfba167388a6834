// The configuration that ships (config/) is what `scripts/run.sh` starts with and what CI checks
// with `sifd --check`: every framework of the mission must be there and pass every check.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/config_set.hpp"

namespace {

std::string joined(const std::vector<sif::config::Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.str() + "\n";
  return out;
}

}  // namespace

TEST_CASE("the shipped config passes every check and holds the five frameworks", "[config][shipped]") {
  std::vector<sif::config::Diagnostic> diagnostics;
  auto loaded = sif::config::load_config_dir(sif::config::default_config_dir(), &diagnostics);
  INFO(joined(diagnostics));
  REQUIRE(loaded.has_value());
  REQUIRE(diagnostics.empty());

  const auto& set = **loaded;
  for (const char* id : {"wiltshire-2019", "csc-2020", "bristol-2025", "telford-2014", "leicester-2007"}) {
    INFO(id);
    const auto* framework = set.latest(id);
    REQUIRE(framework != nullptr);
    CHECK(framework->version >= 1);
    CHECK_FALSE(framework->categories.empty());
    CHECK_FALSE(framework->document.empty());
    // Every framework starts something for each school it registers.
    bool has_root = false;
    for (const auto& w : framework->workflows) has_root = has_root || w.root;
    CHECK(has_root);
  }
  // CSC is Welsh: its deadlines count on the england-and-wales bank holidays (Wales shares them).
  CHECK(set.latest("csc-2020")->region == sif::workflows::Region::kEnglandAndWales);
}

TEST_CASE("a school keeps its authority's published term dates, and the default pattern beyond them",
          "[config][shipped][calendar]") {
  std::vector<sif::config::Diagnostic> diagnostics;
  auto loaded = sif::config::load_config_dir(sif::config::default_config_dir(), &diagnostics);
  REQUIRE(loaded.has_value());
  const auto& set = **loaded;
  using sif::workflows::make_date;
  const auto* bristol = set.latest("bristol-2025");
  const auto* csc = set.latest("csc-2020");
  REQUIRE(bristol);
  REQUIRE(csc);

  // Bristol's 2025-26 spring term ends on Thu 2 Apr 2026 (the default pattern: Fri 27 Mar).
  const auto terms = set.term_calendar(*bristol, "Bristol, City of");
  CHECK(terms.id == "bristol");
  CHECK(terms.version == "2026-12-01+default");
  sif::workflows::Calendar cal(bristol->region, terms);
  CHECK(*cal.next_anchor(make_date(2026, 3, 1), "end of term") == make_date(2026, 4, 2));
  CHECK(*cal.next_anchor(make_date(2026, 8, 1), "start of autumn term") == make_date(2026, 9, 3));
  // Past the published years, the default pattern: Wed 1 Sep 2027.
  CHECK(*cal.next_anchor(make_date(2027, 8, 1), "start of autumn term") == make_date(2027, 9, 1));
  CHECK(cal.describe() == "england-and-wales/bristol@2026-12-01+default");

  // A Cardiff school of the Central South Consortium keeps Cardiff's dates; an authority with no
  // published file keeps the default pattern, and so does a framework-wide lookup.
  CHECK(set.term_calendar_id(*csc, "Cardiff") == "cardiff");
  CHECK(set.term_calendar_id(*csc, "cardiff") == "cardiff");
  CHECK(set.term_calendar_id(*csc, "Swansea") == "default");
  CHECK(set.term_calendar_id(*bristol, "") == "default");
  const auto cardiff = set.term_calendar(*csc, "Cardiff");
  sif::workflows::Calendar welsh(csc->region, cardiff);
  CHECK(*welsh.next_anchor(make_date(2026, 6, 1), "end of half-term") == make_date(2026, 7, 20));
  // 2026-27, the Welsh Ministers' direction for every maintained school in Wales: Spring 1 ends
  // Fri 5 Feb 2027 (the default pattern would say Fri 12 Feb), half-term 8-12 Feb, Easter from
  // Mon 22 Mar (Good Friday 26 Mar), the summer term to Tue 20 Jul 2027.
  CHECK(*welsh.next_anchor(make_date(2027, 1, 4), "end of half-term") == make_date(2027, 2, 5));
  CHECK(*welsh.next_anchor(make_date(2027, 2, 6), "start of half-term") == make_date(2027, 2, 15));
  CHECK(*welsh.next_anchor(make_date(2027, 2, 15), "end of term") == make_date(2027, 3, 19));
  CHECK(*welsh.next_anchor(make_date(2027, 3, 20), "start of summer term") == make_date(2027, 4, 5));
  CHECK(*welsh.next_anchor(make_date(2027, 6, 1), "end of term") == make_date(2027, 7, 20));
  CHECK_FALSE(welsh.in_term(make_date(2027, 2, 10)));
  CHECK(welsh.describe() == "england-and-wales/cardiff@2026-12-03+default");
}

TEST_CASE("Telford & Wrekin and Leicester schools keep their councils' published term dates",
          "[config][shipped][calendar]") {
  std::vector<sif::config::Diagnostic> diagnostics;
  auto loaded = sif::config::load_config_dir(sif::config::default_config_dir(), &diagnostics);
  INFO(joined(diagnostics));
  REQUIRE(loaded.has_value());
  REQUIRE(diagnostics.empty());
  const auto& set = **loaded;
  using sif::workflows::make_date;
  const auto* telford = set.latest("telford-2014");
  const auto* leicester = set.latest("leicester-2007");
  const auto* wiltshire = set.latest("wiltshire-2019");
  const auto* csc = set.latest("csc-2020");
  REQUIRE(telford);
  REQUIRE(leicester);
  REQUIRE(wiltshire);
  REQUIRE(csc);

  // Telford & Wrekin 2024-25 (Shropshire Star, 18 July 2024): autumn from Mon 2 Sep 2024 (an LA
  // suggested PD day, inside term), half-term 28 Oct - 1 Nov, spring to Fri 11 Apr 2025, summer to
  // Mon 21 Jul 2025 (an LA proposed PD day, inside term).
  CHECK(set.term_calendar_id(*telford, "Telford and Wrekin") == "telford-and-wrekin");
  const auto tw = set.term_calendar(*telford, "Telford and Wrekin");
  CHECK(tw.version == "2026-12-02+default");
  sif::workflows::Calendar twc(telford->region, tw);
  CHECK(*twc.next_anchor(make_date(2024, 8, 1), "start of autumn term") == make_date(2024, 9, 2));
  CHECK(*twc.next_anchor(make_date(2024, 9, 2), "end of half-term") == make_date(2024, 10, 25));
  CHECK(*twc.next_anchor(make_date(2024, 10, 26), "start of half-term") == make_date(2024, 11, 4));
  CHECK(*twc.next_anchor(make_date(2025, 3, 1), "end of term") == make_date(2025, 4, 11));
  CHECK(*twc.next_anchor(make_date(2025, 4, 12), "start of summer term") == make_date(2025, 4, 28));
  CHECK(*twc.next_anchor(make_date(2025, 6, 1), "end of term") == make_date(2025, 7, 21));
  // 2025-26 was not found: the default pattern (Mon 1 Sep 2025).
  CHECK(*twc.next_anchor(make_date(2025, 8, 1), "start of autumn term") == make_date(2025, 9, 1));
  CHECK(twc.describe() == "england-and-wales/telford-and-wrekin@2026-12-02+default");

  // Leicester 2025-26 (a Leicester school's copy): back on Tue 26 Aug 2025, the October break from
  // Fri 17 Oct, and the summer holiday after Fri 10 Jul 2026 (the default pattern: Wed 22 Jul).
  CHECK(set.term_calendar_id(*leicester, "Leicester") == "leicester");
  const auto lc = set.term_calendar(*leicester, "Leicester");
  CHECK(lc.version == "2026-12-02+default");
  sif::workflows::Calendar lcc(leicester->region, lc);
  CHECK(*lcc.next_anchor(make_date(2025, 8, 1), "start of autumn term") == make_date(2025, 8, 26));
  CHECK(*lcc.next_anchor(make_date(2025, 8, 26), "end of half-term") == make_date(2025, 10, 17));
  CHECK(*lcc.next_anchor(make_date(2026, 3, 1), "end of term") == make_date(2026, 3, 27));
  CHECK(*lcc.next_anchor(make_date(2026, 6, 1), "end of term") == make_date(2026, 7, 10));
  CHECK_FALSE(lcc.in_term(make_date(2026, 7, 13)));
  // 2026-27 was not found: the default pattern (Tue 1 Sep 2026).
  CHECK(*lcc.next_anchor(make_date(2026, 8, 1), "start of autumn term") == make_date(2026, 9, 1));

  // No published year could be found for Wiltshire: its schools keep the default pattern. Merthyr
  // Tydfil and Rhondda Cynon Taf have 2026-27 only (the Welsh Ministers' direction); their 2025-26
  // is the default pattern.
  CHECK(set.term_calendar_id(*wiltshire, "Wiltshire") == "default");
  CHECK(set.term_calendar_id(*csc, "Merthyr Tydfil") == "merthyr-tydfil");
  CHECK(set.term_calendar_id(*csc, "Rhondda Cynon Taf") == "rhondda-cynon-taf");
  CHECK(set.term_calendar_id(*csc, "Rhondda Cynon Taff") == "rhondda-cynon-taf");
  sif::workflows::Calendar rct(csc->region, set.term_calendar(*csc, "Rhondda Cynon Taf"));
  CHECK(*rct.next_anchor(make_date(2025, 8, 1), "start of autumn term") == make_date(2025, 9, 1));   // default
  CHECK(*rct.next_anchor(make_date(2026, 8, 1), "start of autumn term") == make_date(2026, 9, 1));   // directed
  CHECK(*rct.next_anchor(make_date(2027, 5, 1), "end of half-term") == make_date(2027, 5, 28));
  CHECK(set.term_calendar_id(*csc, "Bridgend") == "bridgend");
  CHECK(set.term_calendar_id(*csc, "Vale of Glamorgan") == "vale-of-glamorgan");
  sif::workflows::Calendar vale(csc->region, set.term_calendar(*csc, "Vale of Glamorgan"));
  CHECK(*vale.next_anchor(make_date(2025, 8, 1), "start of autumn term") == make_date(2025, 9, 2));
  // The Vale leaves out its designated INSET day, Tue 1 Sep 2026, as it did in 2025.
  CHECK(*vale.next_anchor(make_date(2026, 8, 1), "start of autumn term") == make_date(2026, 9, 2));
  CHECK(*vale.next_anchor(make_date(2027, 1, 4), "end of half-term") == make_date(2027, 2, 5));
}


// A request reads its school's calendar from the loaded configuration: built once, the same
// one for every school that keeps those dates, and another for a school that keeps others.
TEST_CASE("the configuration builds each calendar once and hands the same one to every school that keeps it",
          "[config][shipped]") {
  std::vector<sif::config::Diagnostic> diags;
  auto loaded = sif::config::load_config_dir(sif::config::default_config_dir(), &diags);
  REQUIRE(loaded);
  const auto& set = **loaded;
  const auto* bristol = set.latest("bristol-2025");
  REQUIRE(bristol != nullptr);
  const auto region = sif::workflows::Region::kEnglandAndWales;
  const sif::workflows::Calendar& a = set.calendar(*bristol, region, "Bristol, City of");
  const sif::workflows::Calendar& b = set.calendar(*bristol, region, "Bristol");
  CHECK(&a == &b);
  CHECK(a.describe().find("/bristol@") != std::string::npos);
  // Bristol's Spring 1 2026 starts on Monday 5 January; a school elsewhere keeps the default.
  CHECK(a.in_term(sif::workflows::make_date(2026, 1, 5)));
  const sif::workflows::Calendar& other = set.calendar(*bristol, region, "Somewhere Else");
  CHECK(&other != &a);
  CHECK(other.describe().find("/default@") != std::string::npos);
  // A copy of the configuration builds its own.
  const sif::config::ConfigSet copy = set;
  CHECK(&copy.calendar(*copy.latest("bristol-2025"), region, "Bristol") != &a);
}
