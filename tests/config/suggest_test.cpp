// Did-you-mean suggestions: typos, swapped letters and separator slips are caught; unrelated
// words get the list of names instead.
#include <catch2/catch.hpp>

#include "config/suggest.hpp"

using sif::config::closest;
using sif::config::did_you_mean;
using sif::config::edit_distance;

TEST_CASE("edit_distance counts a swap of neighbours as one slip", "[config]") {
  CHECK(edit_distance("review", "review") == 0);
  CHECK(edit_distance("reveiw", "review") == 1);
  CHECK(edit_distance("opne", "open") == 1);
  CHECK(edit_distance("titel", "title") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest and did_you_mean", "[config]") {
  const std::vector<std::string> states = {"monitoring", "review", "escalated", "closed"};
  CHECK(closest("reveiw", states) == "review");
  CHECK(closest("Closed", states) == "closed");           // case slip
  CHECK(closest("working-days", {"working_days"}) == "working_days");  // separator slip
  CHECK(closest("xyz", states).empty());
  CHECK(did_you_mean("escalatd", states) == "did you mean 'escalated'?");
  CHECK(did_you_mean("xyz", states) == "expected one of: monitoring, review, escalated, closed");
  CHECK(did_you_mean("xyz", {"a", "b", "c"}, 2) == "expected one of: a, b, ...");
  CHECK(did_you_mean("xyz", {}).empty());
}
