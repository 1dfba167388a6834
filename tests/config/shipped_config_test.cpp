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
