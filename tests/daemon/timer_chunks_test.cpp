// Timers fire in chunks (issue #10): a clock advance that fires thousands of timers commits them
// in far fewer transactions than timers, and the result is exactly what firing them one
// transaction each gives: every timer once, each school's in the same order, the same history.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <set>
#include <tuple>

#include "daemon/engine.hpp"
#include "daemon/scheduler.hpp"
#include "tests/daemon/engine_rig.hpp"
#include "tests/support/sanitizers.hpp"

using namespace sif;

namespace {

// 1200 schools: thousands of timers. Under the sanitizers (where this test took three minutes)
// 300, still several chunks of 256 and the same checks.
constexpr int kSchools = test::kUnderSanitizers ? 300 : 1200;

struct Run {
  int fired = 0;
  std::int64_t transactions = 0;  // during the advance
  std::vector<test::SqlRows::Row> history;
  std::vector<test::SqlRows::Row> timers_left;
};

// kSchools schools, each with its plan timers armed (category agreed), then the clock moved
// 200 days on, firing everything due on the way.
Run advance_200_days(std::size_t timer_chunk) {
  test::TempDir dir;
  daemon::ManualClock clock(test::rig_start());
  auto db = storage::Database::open(dir / "sif.db", test::EngineRig::fast());
  REQUIRE(db);
  daemon::EngineOptions options;
  options.timer_chunk = timer_chunk;
  daemon::Engine engine(test::fixture_config(), std::move(*db), clock, options);
  std::vector<workflows::School> schools;
  for (int i = 0; i < kSchools; ++i) schools.push_back(test::example_school(std::to_string(100000 + i)));
  auto reg = engine.register_schools(std::move(schools), "admin", daemon::BulkMode::kAllOrNothing);
  REQUIRE(reg);
  REQUIRE(reg->registered.size() == static_cast<std::size_t>(kSchools));
  for (int i = 0; i < kSchools; ++i) {
    REQUIRE(engine.record_event(std::to_string(100000 + i), test::rig_event("category.agreed", {{"category", "amber"}})));
  }
  boost::asio::io_context io;
  daemon::Scheduler scheduler(io, engine, clock);
  REQUIRE(scheduler.start());
  Run run;
  const std::int64_t before = engine.transactions();
  auto fired = scheduler.advance_to(clock.now_utc() + std::chrono::hours(24 * 200));
  REQUIRE(fired);
  run.fired = *fired;
  run.transactions = engine.transactions() - before;
  scheduler.stop();
  test::SqlRows rows(dir / "sif.db", /*read_only=*/true);
  run.history = rows.rows(
      "SELECT school, seq, instance, event, from_state, to_state, effective_date, note, data FROM history "
      "ORDER BY school, seq");
  run.timers_left = rows.rows("SELECT school, instance, timer, due, fire_at FROM timers ORDER BY school, instance, timer");
  return run;
}

}  // namespace

TEST_CASE("a clock advance fires thousands of timers in few transactions, each once and in order",
          "[engine][scheduler][slow]") {
  const Run one = advance_200_days(1);  // one transaction per timer: the reference
  const Run chunked = advance_200_days(256);
  INFO("fired " << chunked.fired << " in " << chunked.transactions << " transactions (one each: "
                << one.transactions << ")");
  REQUIRE(one.fired >= 2 * kSchools);
  CHECK(chunked.fired == one.fired);
  CHECK(one.transactions >= one.fired);
  CHECK(chunked.transactions * 20 < chunked.fired);

  // Exactly the same history, school by school, and the same timers still pending.
  CHECK(chunked.history == one.history);
  CHECK(chunked.timers_left == one.timers_left);

  // Every timer once: one history entry per firing, and no timer fired twice for one due date.
  std::set<std::tuple<std::string, std::string, std::string, std::string>> firings;
  int timer_entries = 0;
  for (const auto& h : chunked.history) {
    if (h[3].rfind("timer.", 0) != 0) continue;
    ++timer_entries;
    CHECK(firings.emplace(h[0], h[2], h[3], h[6]).second);
  }
  CHECK(timer_entries >= chunked.fired);
}
