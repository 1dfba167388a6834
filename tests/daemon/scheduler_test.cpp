// Europe/London conversions across BST changes, the clocks, and the scheduler's single timer.
#include <catch2/catch.hpp>

#include "config/config_set.hpp"
#include "daemon/local_time.hpp"
#include "daemon/scheduler.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
using test::utc;
using workflows::make_date;

TEST_CASE("London local time to UTC across the BST changes of 2026", "[scheduler][time]") {
  // BST 2026 starts Sunday 29 March 01:00 UTC and ends Sunday 25 October 01:00 UTC.
  CHECK(daemon::london_to_utc(make_date(2026, 3, 27), 8 * 60) == utc(2026, 3, 27, 8));   // Friday, GMT
  CHECK(daemon::london_to_utc(make_date(2026, 3, 30), 8 * 60) == utc(2026, 3, 30, 7));   // Monday, BST
  CHECK(daemon::london_to_utc(make_date(2026, 10, 23), 8 * 60) == utc(2026, 10, 23, 7)); // Friday, BST
  CHECK(daemon::london_to_utc(make_date(2026, 10, 26), 8 * 60) == utc(2026, 10, 26, 8)); // Monday, GMT
  CHECK(daemon::london_to_utc(make_date(2026, 7, 1), 8 * 60 + 30) == utc(2026, 7, 1, 7, 30));
  // 01:30 on 29 March does not exist: read as GMT.
  CHECK(daemon::london_to_utc(make_date(2026, 3, 29), 90) == utc(2026, 3, 29, 1, 30));
  // 01:30 on 25 October happens twice: the first (BST) one.
  CHECK(daemon::london_to_utc(make_date(2026, 10, 25), 90) == utc(2026, 10, 25, 0, 30));
  CHECK(daemon::london_to_unix(make_date(1970, 1, 1), 60) == 0);  // 1970 London was on BST (UTC+1) all year
}

TEST_CASE("UTC instants to London wall-clock readings", "[scheduler][time]") {
  using workflows::LocalTime;
  CHECK(daemon::to_london(utc(2026, 1, 5, 9)) == LocalTime{make_date(2026, 1, 5), 9 * 60});
  CHECK(daemon::to_london(utc(2026, 3, 29, 0, 59)) == LocalTime{make_date(2026, 3, 29), 59});
  CHECK(daemon::to_london(utc(2026, 3, 29, 1, 0)) == LocalTime{make_date(2026, 3, 29), 2 * 60});
  CHECK(daemon::to_london(utc(2026, 6, 30, 23, 30)) == LocalTime{make_date(2026, 7, 1), 30});  // next day locally
  CHECK(daemon::to_london(utc(2026, 10, 25, 0, 30)) == LocalTime{make_date(2026, 10, 25), 90});
  CHECK(daemon::to_london(utc(2026, 10, 25, 1, 30)) == LocalTime{make_date(2026, 10, 25), 90});
}

TEST_CASE("manual clock moves only when told and its steady reading never goes back", "[scheduler]") {
  daemon::ManualClock clock(utc(2026, 1, 1));
  auto s0 = clock.steady_now();
  clock.advance(std::chrono::hours(24));
  CHECK(clock.now_utc() == utc(2026, 1, 2));
  CHECK(clock.steady_now() - s0 == std::chrono::hours(24));
  clock.set(utc(2025, 1, 1));
  CHECK(clock.now_utc() == utc(2025, 1, 1));
  CHECK(clock.steady_now() - s0 == std::chrono::hours(24));
  CHECK(daemon::format_utc(utc(2026, 3, 30, 7)) == "2026-03-30T07:00:00Z");
  CHECK(daemon::from_unix_seconds(daemon::to_unix_seconds(utc(2026, 3, 30, 7))) == utc(2026, 3, 30, 7));
}

namespace {

std::shared_ptr<const config::ConfigSet> fixture_config() {
  std::vector<config::Diagnostic> diags;
  auto c = config::load_config_dir(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config", &diags);
  REQUIRE(c);
  return *c;
}

workflows::School school(const std::string& id) {
  workflows::School s;
  s.id = id;
  s.name = "Example " + id;
  s.la = "Example Borough";
  s.framework = "example-2024";
  return s;
}

}  // namespace

TEST_CASE("scheduler: one timer armed at the earliest due timer, fires on wake", "[scheduler]") {
  test::TempDir dir;
  test::SteppedWallClock clock(utc(2026, 1, 5, 9));
  auto db = storage::Database::open(dir / "sif.db");
  REQUIRE(db);
  daemon::Engine engine(fixture_config(), std::move(*db), clock);
  boost::asio::io_context io;
  daemon::Scheduler scheduler(io, engine, clock);
  auto recovered = scheduler.start();
  REQUIRE(recovered);
  CHECK(*recovered == 0);
  io.poll();
  CHECK_FALSE(scheduler.armed_for());  // nothing to wait for

  REQUIRE(engine.register_school(school("1"), "", "admin"));
  workflows::Event e;
  e.type = "category.agreed";
  e.data = {{"category", "amber"}};
  e.actor = "officer";
  REQUIRE(engine.record_event("1", e));
  io.restart();  // poll() stopped the context when it ran out of work
  io.poll();     // the commit's callback re-armed the timer
  REQUIRE(scheduler.armed_for());
  CHECK(*scheduler.armed_for() == utc(2026, 1, 22, 8, 30));  // plan_due's reminder, 08:30 GMT

  // Time passes the due instant: the (zero-delay) wake fires it and re-arms at the next one.
  clock.set(utc(2026, 1, 22, 8, 30));
  scheduler.rearm();
  io.restart();
  // The wake is due now (zero delay); run until it fired and re-armed. run_for bounds a bug.
  for (int i = 0; i < 100 && scheduler.fired_total() == 0; ++i) io.run_one_for(std::chrono::seconds(1));
  io.poll();
  CHECK(scheduler.fired_total() == 1);
  REQUIRE(scheduler.armed_for());
  CHECK(*scheduler.armed_for() == utc(2026, 1, 26, 8, 30));  // plan_due (due Sun 25 Jan), overdue from Mon 26
  scheduler.stop();
  io.restart();
  io.poll();
}

TEST_CASE("scheduler: advance_to needs the manual clock", "[scheduler]") {
  test::TempDir dir;
  test::SteppedWallClock clock(utc(2026, 1, 5, 9));
  auto db = storage::Database::open(dir / "sif.db");
  REQUIRE(db);
  daemon::Engine engine(fixture_config(), std::move(*db), clock);
  boost::asio::io_context io;
  daemon::Scheduler scheduler(io, engine, clock);
  auto r = scheduler.advance_to(utc(2026, 2, 1));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == workflows::ErrorCode::kInvalidInput);
}
