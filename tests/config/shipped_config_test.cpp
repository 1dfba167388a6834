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
  CHECK(set.term_calendar_id(*csc, "Merthyr Tydfil") == "default");
  CHECK(set.term_calendar_id(*bristol, "") == "default");
  const auto cardiff = set.term_calendar(*csc, "Cardiff");
  sif::workflows::Calendar welsh(csc->region, cardiff);
  CHECK(*welsh.next_anchor(make_date(2026, 6, 1), "end of half-term") == make_date(2026, 7, 20));
}
