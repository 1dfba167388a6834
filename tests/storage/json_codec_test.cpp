#include <catch2/catch.hpp>

#include "storage/json_codec.hpp"
#include "tests/storage/storage_fixtures.hpp"

using namespace sif;

namespace {

template <typename T, typename F>
T round_trip(const T& value, F decode) {
  auto text = storage::dump_json(storage::to_json(value));
  auto parsed = storage::parse_json(text);
  REQUIRE(parsed);
  auto back = decode(*parsed);
  REQUIRE(back);
  // Encoding again gives the same text: the encoding is canonical.
  CHECK(storage::dump_json(storage::to_json(*back)) == text);
  return *back;
}

}  // namespace

TEST_CASE("SchoolState round-trips through JSON", "[storage][json]") {
  auto s = test::make_state("100001");
  s.school.region = workflows::Region::kScotland;
  s.instances[0].timers.push_back(test::make_timer("review_due#reminder1", workflows::make_date(2026, 1, 26),
                                                   workflows::TimerKind::kReminder));
  s.instances[0].timers.back().fired = 2;
  auto back = round_trip(s, storage::school_state_from_json);
  CHECK(back.school.id == "100001");
  CHECK(back.school.region == workflows::Region::kScotland);
  CHECK(back.school.facts == s.school.facts);
  CHECK(back.school.contacts.at("headteacher").email == "head@example.org");
  CHECK(back.category == "amber");
  CHECK(back.next_instance == 3);
  REQUIRE(back.instances.size() == 2);
  const auto& main = back.instances[0];
  CHECK(main.entered == workflows::make_date(2026, 1, 5));
  CHECK(main.vars == s.instances[0].vars);
  REQUIRE(main.timers.size() == 2);
  CHECK(main.timers[1].kind == workflows::TimerKind::kReminder);
  CHECK(main.timers[1].fired == 2);
  CHECK(main.timers[0].provenance.duration == workflows::Duration{10, workflows::Unit::kWorkingDays});
  CHECK(main.timers[0].provenance.skipped == s.instances[0].timers[0].provenance.skipped);
  CHECK(main.timers[0].provenance.base == workflows::make_date(2026, 1, 5));
  CHECK(back.instances[1].final);
  CHECK(back.instances[1].parent == "main");
}

TEST_CASE("history entries, notices and events round-trip", "[storage][json]") {
  auto h = round_trip(test::make_entry("review.held", "monitoring", "review"), storage::history_entry_from_json);
  CHECK(h.event == "review.held");
  CHECK(h.date == workflows::make_date(2026, 1, 5));
  auto n = round_trip(test::make_registration("1").notices[0], storage::notice_from_json);
  CHECK(n.to == std::vector<std::string>{"headteacher"});
  CHECK(n.cc == std::vector<std::string>{"link_adviser"});
  workflows::Event e{"timer.review_due", {{"x", "y"}}, "system", "main", "review_due"};
  auto eb = round_trip(e, storage::event_from_json);
  CHECK(eb.type == "timer.review_due");
  CHECK(eb.timer == "review_due");
  CHECK(eb.data.at("x") == "y");
}

TEST_CASE("decoding names the bad member", "[storage][json]") {
  auto v = storage::parse_json(R"({"type": "review.held", "data": {"date": ["no"]}})");
  REQUIRE(v);
  auto e = storage::event_from_json(*v);
  REQUIRE_FALSE(e);
  CHECK(e.error().details == "event.data");

  auto bad_date = storage::parse_json(R"({"instance": "main", "date": "2026-02-30"})");
  REQUIRE(bad_date);
  auto h = storage::history_entry_from_json(*bad_date);
  REQUIRE_FALSE(h);
  CHECK(h.error().details == "history.date");

  CHECK_FALSE(storage::parse_json("{not json"));
  // Numbers in event data keep their JSON text.
  auto num = storage::parse_json(R"({"type": "x", "data": {"compliance_working_days": 15}})");
  REQUIRE(num);
  auto ev = storage::event_from_json(*num);
  REQUIRE(ev);
  CHECK(ev->data.at("compliance_working_days") == "15");
}

TEST_CASE("overdue deadlines round-trip, snapshots without them still decode", "[storage][json]") {
  auto s = test::make_state("100002");
  workflows::OverdueDeadline d;
  d.id = "review_due";
  d.title = "Termly review";
  d.due = workflows::make_date(2026, 12, 24);
  d.provenance = test::make_timer("review_due", d.due).provenance;
  s.instances[0].overdue.push_back(d);
  auto back = round_trip(s, storage::school_state_from_json);
  REQUIRE(back.instances[0].overdue.size() == 1);
  const auto& o = back.instances[0].overdue[0];
  CHECK(o.id == "review_due");
  CHECK(o.title == "Termly review");
  CHECK(o.due == workflows::make_date(2026, 12, 24));
  CHECK(o.provenance.rule == "Section 1");
  CHECK(o.provenance.skipped == d.provenance.skipped);
  CHECK(back.instances[1].overdue.empty());

  // A snapshot written before overdue tracking has no "overdue" member at all.
  auto v = storage::to_json(test::make_state("100003"));
  for (auto& i : v.as_object()["instances"].as_array()) {
    REQUIRE(i.as_object().erase("overdue") == 1);
  }
  auto old = storage::school_state_from_json(v);
  REQUIRE(old);
  CHECK(old->instances[0].overdue.empty());
  CHECK(old->instances[0].timers.size() == 1);

  auto bad = storage::parse_json(R"({"id": "main", "overdue": [{"id": "x", "due": "2026-13-01"}]})");
  REQUIRE(bad);
  auto inst = storage::instance_from_json(*bad);
  REQUIRE_FALSE(inst);
  CHECK(inst.error().details == "overdue.due");
}
