#include "tests/support/scenario_driver.hpp"
#include <iostream>
using namespace sif::test;
TEST_CASE("probe: red on the last teaching day", "[probe]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "amber"}});
  s.event(d(2025, 9, 16), "visit.completed", {{"date", "2025-09-16"}});
  s.event(d(2025, 10, 16), "visit.completed", {{"date", "2025-10-16"}});
  s.event(d(2025, 10, 24), "category.agreed", {{"category", "red"}});
  for (auto& t : s.instance("support").timers) std::cout << t.id << " due " << iso(t.due) << " fired " << t.fired << " base " << t.provenance.base_event << " " << iso(t.provenance.base) << "\n";
  s.run_until(d(2025, 10, 24));
  for (auto& f : fired_list(s.take_fired())) std::cout << f << "\n";
  for (auto& n : s.take_notices()) std::cout << n.template_id << " " << (n.data.count("message") ? n.data.at("message") : "") << "\n";
}
TEST_CASE("probe: amber entered on the last teaching day", "[probe]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 10, 24), "category.agreed", {{"category", "amber"}});
  s.run_until(d(2025, 10, 24));
  for (auto& f : fired_list(s.take_fired())) std::cout << f << "\n";
  for (auto& n : s.take_notices()) std::cout << n.template_id << " " << (n.data.count("message") ? n.data.at("message") : "") << "\n";
}
TEST_CASE("probe: back-dated visit", "[probe]") {
  Scenario s("csc-2020");
  s.start(d(2025, 9, 1));
  s.event(d(2025, 9, 1), "category.agreed", {{"category", "amber"}});
  s.event(d(2025, 11, 10), "visit.completed", {{"date", "2025-11-10"}});
  s.event(d(2025, 11, 20), "visit.completed", {{"date", "2025-11-20"}});
  s.event(d(2025, 11, 21), "visit.completed", {{"date", "2025-10-20"}});  // Autumn 1 visit recorded late
  s.run_until(d(2025, 12, 19));
  for (auto& n : s.sent("csc-update", d(2025, 12, 19))) std::cout << n.data.at("message") << "\n";
  std::cout << s.var("support","last_visit") << " " << s.var("support","visit_before_last") << "\n";
}
