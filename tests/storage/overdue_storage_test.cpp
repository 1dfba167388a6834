// Escalation timers and overdue deadlines through the database: the timers table keeps the
// escalation kind, and the snapshot keeps Instance::overdue.
#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;

TEST_CASE("escalation timers and overdue deadlines survive a commit and a load", "[storage]") {
  test::TempDir dir;
  auto db = storage::Database::open(dir / "sif.db");
  REQUIRE(db);
  storage::SchoolCommit c = test::make_registration("100004");
  workflows::Instance& main = c.next.instances[0];
  main.timers.push_back(test::make_timer("review_due#escalation1", workflows::make_date(2027, 1, 4),
                                         workflows::TimerKind::kEscalation));
  const workflows::Date due = workflows::make_date(2026, 12, 23);
  main.overdue.push_back(workflows::OverdueDeadline{"visit", "Adviser visit", due, test::make_timer("visit", due).provenance});
  REQUIRE((*db)->commit(c, test::test_fire_at, 1000));

  auto timers = (*db)->timers_for_school("100004");
  REQUIRE(timers);
  REQUIRE(timers->size() == 2);
  CHECK((*timers)[0].timer == "review_due");
  CHECK((*timers)[0].kind == workflows::TimerKind::kDeadline);
  CHECK((*timers)[1].timer == "review_due#escalation1");
  CHECK((*timers)[1].kind == workflows::TimerKind::kEscalation);
  CHECK((*timers)[1].due == workflows::make_date(2027, 1, 4));

  auto loaded = (*db)->load_school("100004");
  REQUIRE(loaded);
  REQUIRE(loaded->has_value());
  const auto& back = (*loaded)->state.instances[0];
  REQUIRE(back.overdue.size() == 1);
  CHECK(back.overdue[0].id == "visit");
  CHECK(back.overdue[0].title == "Adviser visit");
  CHECK(back.overdue[0].due == workflows::make_date(2026, 12, 23));
  REQUIRE(back.timers.size() == 2);
  CHECK(back.timers[1].kind == workflows::TimerKind::kEscalation);
}
