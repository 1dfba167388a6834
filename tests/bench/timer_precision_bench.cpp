// Timer precision on the real clock: N timers fall due a few seconds after the start, spread over
// S seconds, and sifd's own scheduler (one steady_timer armed at the earliest stored fire_at, as
// sifd runs it) fires them. Prints the lateness of each timer, from its due instant to its
// transition committed (the engine's on_timer_fired, the figure /metrics exports as
// sif_timer_fire_lateness_seconds), the firing rate, and as the baseline measured in the same run
// the lateness of a bare asio steady_timer on this machine (the floor any scheduler here has).
// synchronous=FULL, as sifd runs. Not run in CI:
//   build-x/tests/bench_timer_precision_bench [timers, default 100000] [spread seconds, default 60]
//
// Setup: one example-2024 school agreed amber through the engine, cloned through storage; its
// first timers are then spread over S seconds in the timers table (sif's own due instants are
// whole minutes: a framework's fire_time on the timer's date, so one date's timers all fall due
// at the same instant; S = 0 measures that burst). docs/performance.md, Timer precision.
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/engine_request.hpp"
#include "daemon/scheduler.hpp"
#include "tests/bench/bench_support.hpp"

using namespace sif;
using Ms = std::chrono::duration<double, std::milli>;

namespace {

// The real clock, moved by a fixed offset: time passes at real speed, starting where the bench
// wants it (a few seconds before the first timers fall due).
class OffsetClock final : public daemon::Clock {
 public:
  explicit OffsetClock(std::chrono::system_clock::duration offset) : offset_(offset) {}
  time_point now_utc() const override { return std::chrono::system_clock::now() + offset_; }
  steady_point steady_now() const override { return std::chrono::steady_clock::now(); }

 private:
  std::chrono::system_clock::duration offset_;
};


double pct(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

bool raw_sql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(file.c_str(), &db) == SQLITE_OK &&
            sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  if (!ok) std::fprintf(stderr, "sql: %s\n", sqlite3_errmsg(db));
  sqlite3_close(db);
  return ok;
}

// The baseline: how late a bare steady_timer wakes on this machine, 200 wakes 5 ms apart.
std::vector<double> steady_timer_lateness() {
  boost::asio::io_context io;
  boost::asio::steady_timer t(io);
  std::vector<double> late;
  for (int i = 0; i < 200; ++i) {
    const auto due = std::chrono::steady_clock::now() + std::chrono::milliseconds(5);
    t.expires_at(due);
    t.wait();
    late.push_back(Ms(std::chrono::steady_clock::now() - due).count());
  }
  return late;
}

}  // namespace

int main(int argc, char** argv) {
  const long target = argc > 1 ? std::atol(argv[1]) : 100000;
  const long spread = argc > 2 ? std::atol(argv[2]) : 60;
  spdlog::set_level(spdlog::level::warn);
  auto cfg = bench::fixture_config();
  const auto dir = bench::temp_dir();
  const auto file = dir / "bench.db";
  const daemon::Clock::time_point registered = daemon::from_unix_seconds(1767600000);  // Mon 5 Jan 2026, 08:00 UTC

  // 1. The template, through the engine; its first timers' fire_at.
  storage::StoredSchool tmpl;
  std::int64_t first_fire_at = 0;
  long firsts_per_school = 0;
  {
    auto db = storage::Database::open(file, bench::no_sync());
    if (!db) return bench::fail("open", db.error());
    daemon::ManualClock clock(registered);
    daemon::Engine engine(cfg, std::move(*db), clock);
    if (auto r = engine.register_school(bench::example_school("T"), "", "bench"); !r) return bench::fail("register", r.error());
    workflows::Event e;
    e.type = "category.agreed";
    e.data = {{"category", "amber"}};
    e.actor = "bench";
    if (auto r = engine.record_event("T", e); !r) return bench::fail("event", r.error());
    auto s = engine.database().load_school("T");
    if (!s || !s->has_value()) return 1;
    tmpl = std::move(**s);
    auto rows = engine.database().timers_for_school("T");
    if (!rows || rows->empty()) return 1;
    first_fire_at = rows->front().fire_at;
    for (const auto& row : *rows) first_fire_at = std::min(first_fire_at, row.fire_at);
    for (const auto& row : *rows) firsts_per_school += row.fire_at == first_fire_at;
  }
  const long schools = (target + firsts_per_school - 1) / firsts_per_school;

  // 2. Clones through storage, then their first timers spread over `spread` seconds.
  {
    auto db = storage::Database::open(file, bench::no_sync());
    if (!db) return bench::fail("open", db.error());
    bench::CloneWriter clones(**db, daemon::fire_at_fn(cfg), daemon::to_unix_seconds(registered));
    for (long i = 0; i < schools; ++i) {
      if (!clones.add(tmpl.state, std::to_string(1000000 + i))) return 1;
    }
    if (!clones.finish()) return 1;
  }
  if (!raw_sql(file, "DELETE FROM timers WHERE school = 'T'")) return 1;  // the template sits this out
  if (spread > 0 && !raw_sql(file, "UPDATE timers SET fire_at = fire_at + CAST(school AS INTEGER) % " +
                                       std::to_string(spread) + " WHERE fire_at = " + std::to_string(first_fire_at))) {
    return 1;
  }
  const long expected = schools * firsts_per_school;

  // 3. sifd's scheduler on the real clock, the first timers due 3 s from now.
  const auto due = daemon::from_unix_seconds(first_fire_at);
  OffsetClock clock(due - (std::chrono::system_clock::now() + std::chrono::seconds(3)));
  const auto steady_due = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<double> late_ms;
  late_ms.reserve(static_cast<std::size_t>(expected));
  std::mutex mu;
  std::condition_variable cv;
  std::int64_t transactions = 0;
  auto last_commit = std::chrono::steady_clock::now();
  {
    auto db = storage::Database::open(file);
    if (!db) return bench::fail("open", db.error());
    daemon::Engine engine(cfg, std::move(*db), clock);
    engine.set_on_timer_fired([&](double late_s) {
      std::lock_guard lock(mu);
      late_ms.push_back(late_s * 1000);
      last_commit = std::chrono::steady_clock::now();
      if (static_cast<long>(late_ms.size()) >= expected) cv.notify_all();
    });
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    daemon::Scheduler scheduler(io, engine, clock);
    if (auto r = scheduler.start(); !r) return bench::fail("start", r.error());
    std::thread runner([&] { io.run(); });
    const std::int64_t before = engine.transactions();
    {
      std::unique_lock lock(mu);
      cv.wait_for(lock, std::chrono::seconds(3 + spread + 300), [&] { return static_cast<long>(late_ms.size()) >= expected; });
    }
    transactions = engine.transactions() - before;
    scheduler.stop();
    work.reset();
    io.stop();
    runner.join();
    engine.set_on_timer_fired({});
  }
  auto baseline = steady_timer_lateness();

  std::lock_guard lock(mu);
  const long fired = static_cast<long>(late_ms.size());
  const double last_s = std::chrono::duration<double>(last_commit - steady_due).count();
  std::vector<double> sorted = late_ms;
  std::printf("timer precision on the real clock, synchronous=FULL: %ld timers (%ld schools x %ld) due over %ld s\n",
              expected, schools, firsts_per_school, spread);
  std::printf("  fired %ld in %lld transactions (%.0f timers each)\n", fired, static_cast<long long>(transactions),
              transactions ? static_cast<double>(fired) / static_cast<double>(transactions) : 0.0);
  std::printf("  the last committed %.2f s after the first was due (the last was due at %ld s): %.0f timers/s\n", last_s,
              std::max(0L, spread - 1), last_s > 0 ? static_cast<double>(fired) / last_s : 0.0);
  std::printf("  lateness, due instant to committed transition: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              pct(sorted, 0.5), pct(sorted, 0.99), pct(sorted, 1.0));
  std::printf("  baseline, a bare steady_timer on this machine: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
              pct(baseline, 0.5), pct(baseline, 0.99), pct(baseline, 1.0));
  std::filesystem::remove_all(dir);
  return fired == expected ? 0 : 1;
}
