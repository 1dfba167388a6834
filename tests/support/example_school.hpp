// The example-2024 school the engine tests and the benchmarks register: a community primary
// school with an address for every role its notices name. No test framework here, so the
// benchmarks (tests/bench/) use it too.
#pragma once

#include <string>

#include "workflows/state.hpp"

namespace sif::test {

inline workflows::School example_school(const std::string& id) {
  workflows::School s;
  s.id = id;
  s.name = "Example Primary " + id;
  s.la = "Example Borough";
  s.framework = "example-2024";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  for (const char* role : {"headteacher", "chair_of_governors", "governing_body", "link_adviser", "la_lead", "ofsted"}) {
    s.contacts[role] = {role, std::string(role) + "@" + id + ".example.org", ""};
  }
  return s;
}

}  // namespace sif::test
