// The manual clock (sifd --clock manual) is frozen between advances, but a timer that is already
// due at the frozen instant fires at once, as it would on the real clock: a school registered at
// 08:00 with a deadline "0 days" after registration must not wait for someone to move the clock.
#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>

#include <atomic>
#include <thread>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/scheduler.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
using test::utc;

namespace {
// The fixture definitions on a fresh database, a manual clock frozen at 09:00 on Monday 5 January
// 2026 and a started scheduler whose strand runs on `io`.
struct Rig {
  std::shared_ptr<const config::ConfigSet> cfg = load();
  test::TempDir dir;
  daemon::ManualClock clock{utc(2026, 1, 5, 9)};
  daemon::Engine engine{cfg, open(dir), clock};
  boost::asio::io_context io;
  daemon::Scheduler scheduler{io, engine, clock};

  Rig() { REQUIRE(scheduler.start()); }
  // Registers school `id` of example-2024 and agrees category amber, as of the clock's now.
  void register_amber(const std::string& id) {
    workflows::School s;
    s.id = id;
    s.name = "Example " + id;
    s.la = "Example Borough";
    s.framework = "example-2024";
    REQUIRE(engine.register_school(s, "", "admin"));
    workflows::Event e;
    e.type = "category.agreed";
    e.data = {{"category", "amber"}};
    e.actor = "officer";
    REQUIRE(engine.record_event(id, e));
  }
  static std::shared_ptr<const config::ConfigSet> load() {
    std::vector<config::Diagnostic> diags;
    auto cfg = config::load_config_dir(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config", &diags);
    REQUIRE(cfg);
    return *cfg;
  }
  static std::unique_ptr<storage::Database> open(const test::TempDir& dir) {
    auto db = storage::Database::open(dir / "sif.db");
    REQUIRE(db);
    return std::move(*db);
  }
};
}  // namespace

TEST_CASE("manual clock: a timer due at the frozen instant fires without an advance", "[scheduler]") {
  Rig rig;
  daemon::ManualClock& clock = rig.clock;
  boost::asio::io_context& io = rig.io;
  daemon::Scheduler& scheduler = rig.scheduler;

  rig.register_amber("1");
  io.restart();
  io.poll();
  CHECK(scheduler.fired_total() == 0);  // plan_due's reminder is due on 22 January, not yet

  // Someone sets the frozen clock exactly onto the reminder's instant (08:30 GMT on 22 January):
  // the reminder fires on the next re-arm, with no advance.
  clock.set(utc(2026, 1, 22, 8, 30));
  scheduler.rearm();
  io.restart();
  io.poll();
  CHECK(scheduler.fired_total() == 1);
  // Time did not move, and nothing else is due.
  CHECK(clock.now_utc() == utc(2026, 1, 22, 8, 30));
  REQUIRE(scheduler.armed_for());
  CHECK(*scheduler.armed_for() == utc(2026, 1, 26, 8, 30));  // plan_due (due Sun 25 Jan) is overdue from Mon 26
  scheduler.stop();
  io.restart();
  io.poll();
}

TEST_CASE("manual clock: an advance fires and counts every timer on its way, however often the scheduler re-arms",
          "[scheduler]") {
  // An advance moves the frozen clock onto each due instant in turn. A re-arm meanwhile (a
  // registration, an event) used to see that instant's timers "due at the frozen instant" and
  // fire them itself, so the advance answered "fired": 0 for timers that did fire on its way.
  Rig rig;
  daemon::ManualClock& clock = rig.clock;
  boost::asio::io_context& io = rig.io;
  daemon::Scheduler& scheduler = rig.scheduler;
  for (int i = 1; i <= 20; ++i) {
    clock.set(utc(2026, 1, 5, 9) + std::chrono::hours(24 * i));  // timers due at 20 different instants
    rig.register_amber(std::to_string(i));
  }
  auto work = boost::asio::make_work_guard(io);
  std::thread strand_thread([&] { io.run(); });
  std::atomic<bool> done{false};
  std::thread rearming([&] {
    while (!done) {
      scheduler.rearm();
      std::this_thread::yield();
    }
  });
  long answered = 0;
  for (int week = 4; week <= 34; ++week) {
    auto fired = scheduler.advance_to(utc(2026, 1, 5, 9) + std::chrono::hours(24 * 7 * week));
    REQUIRE(fired);
    answered += *fired;
  }
  done = true;
  rearming.join();
  scheduler.stop();
  work.reset();
  strand_thread.join();
  CHECK(answered > 20);  // each school's plan reminder and deadline at least
  CHECK(scheduler.fired_total() == answered);
}
