// Catch-up after an outage: sifd was stopped for 30 days with N timers pending that fell due
// meanwhile; at start-up Engine::fire_due (the scheduler's recovery) fires them all. Prints the
// rate, the transactions it took, how long reads and another school's events waited meanwhile
// (a reader and a writer thread run beside the catch-up), and checks that every overdue timer
// fired exactly once, in due order (each school fires what its template fires alone, one
// transaction per timer). synchronous=FULL, as sifd runs. Not run in CI:
//   build-x/tests/bench_catchup_bench [overdue timers, default 100000] [timer_chunk, default 256]
//                                     [timer_chunk_budget ms, default 20]
//
// Setup: 30 template schools of example-2024 registered a day apart (so the timers spread over
// the month) and agreed amber through the engine, then cloned through storage to reach N timers.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/engine_request.hpp"
#include "tests/bench/bench_support.hpp"

using namespace sif;
using Seconds = std::chrono::duration<double>;

namespace {

constexpr int kTemplates = 30;

// Wall time frozen at the restart instant; steady time real (so the chunk budget sees real time).
class RestartClock final : public daemon::Clock {
 public:
  explicit RestartClock(time_point at) : at_(at) {}
  time_point now_utc() const override { return at_; }
  steady_point steady_now() const override { return std::chrono::steady_clock::now(); }

 private:
  time_point at_;
};


struct Latency {
  std::vector<double> ms;
  void add(Seconds s) { ms.push_back(s.count() * 1000); }
  double pct(double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
  }
};

}  // namespace

int main(int argc, char** argv) {
  const long target = argc > 1 ? std::atol(argv[1]) : 100000;
  const std::size_t chunk = argc > 2 ? static_cast<std::size_t>(std::atol(argv[2])) : 256;
  // The time a chunk should take (EngineOptions::timer_chunk_budget): what other writes may wait.
  const long budget_ms = argc > 3 ? std::atol(argv[3]) : daemon::EngineOptions{}.timer_chunk_budget.count();
  spdlog::set_level(spdlog::level::warn);
  auto cfg = bench::fixture_config();
  const auto dir = bench::temp_dir();
  const auto file = dir / "bench.db";
  const daemon::Clock::time_point stopped = daemon::from_unix_seconds(1767600000);  // 2026-01-05 08:00 UTC
  const daemon::Clock::time_point restart = stopped + std::chrono::hours(24 * 30);

  // 1. Templates through the engine, a day apart, before the outage.
  std::vector<storage::StoredSchool> templates;
  std::size_t timers_per_round = 0;
  {
    auto db = storage::Database::open(file, bench::no_sync());
    if (!db) return bench::fail("open", db.error());
    daemon::ManualClock clock(stopped - std::chrono::hours(24 * kTemplates));
    daemon::Engine engine(cfg, std::move(*db), clock);
    for (int t = 0; t < kTemplates; ++t) {
      clock.advance(std::chrono::hours(24));
      const std::string id = "T" + std::to_string(t);
      if (auto r = engine.register_school(bench::example_school(id), "", "bench"); !r) return bench::fail("register", r.error());
      workflows::Event e;
      e.type = "category.agreed";
      e.data = {{"category", "amber"}};
      e.actor = "bench";
      if (auto r = engine.record_event(id, e); !r) return bench::fail("event", r.error());
      auto s = engine.database().load_school(id);
      if (!s || !s->has_value()) return 1;
      templates.push_back(std::move(**s));
      auto rows = engine.database().timers_for_school(id);
      if (!rows) return 1;
      timers_per_round += rows->size();
    }
  }

  // The reference: the templates alone, fired one transaction per timer (timer_chunk 1).
  using Firings = std::vector<std::tuple<std::string, std::string, std::string>>;  // instance, event, date
  auto firings_of = [&](storage::Database& db, const std::string& id) {
    Firings out;
    auto h = db.history(id);
    if (!h) std::exit(bench::fail("history", h.error()));
    for (const auto& row : *h) {
      if (row.entry.event.rfind("timer.", 0) != 0 || row.recorded_at != daemon::to_unix_seconds(restart)) continue;
      out.emplace_back(row.entry.instance, row.entry.event, workflows::format_date(row.entry.date));
    }
    return out;
  };
  std::vector<Firings> reference;
  std::filesystem::copy_file(file, dir / "reference.db");
  {
    auto db = storage::Database::open(dir / "reference.db", bench::no_sync());
    if (!db) return bench::fail("open", db.error());
    RestartClock clock(restart);
    daemon::EngineOptions options;
    options.timer_chunk = 1;
    daemon::Engine engine(cfg, std::move(*db), clock, options);
    if (auto r = engine.fire_due(clock.now_utc()); !r) return bench::fail("reference", r.error());
    for (int t = 0; t < kTemplates; ++t) reference.push_back(firings_of(engine.database(), "T" + std::to_string(t)));
  }

  // 2. Clones through storage until N timers are pending (nearly all due within the outage).
  const long rounds = std::max<long>(1, (target + static_cast<long>(timers_per_round) - 1) / static_cast<long>(timers_per_round));
  const auto setup_start = std::chrono::steady_clock::now();
  {
    auto db = storage::Database::open(file, bench::no_sync());
    if (!db) return bench::fail("open", db.error());
    bench::CloneWriter clones(**db, daemon::fire_at_fn(cfg), daemon::to_unix_seconds(stopped));
    for (long r = 0; r < rounds; ++r) {
      for (const auto& t : templates) {
        if (!clones.add(t.state, std::to_string(1000000 + r * kTemplates + (&t - templates.data())))) return 1;
      }
    }
    if (!clones.finish()) return 1;
  }
  const double setup_s = Seconds(std::chrono::steady_clock::now() - setup_start).count();

  // What is overdue at the restart, to check against afterwards.
  std::set<std::tuple<std::string, std::string, std::string, std::string>> overdue;  // school, instance, event, fires
  {
    auto db = storage::Database::open(file, bench::no_sync());
    if (!db) return 1;
    auto due = (*db)->timers_due(daemon::to_unix_seconds(restart));
    if (!due) return bench::fail("timers_due", due.error());
    for (const auto& row : *due) {
      overdue.emplace(row.school, row.instance, "timer." + row.timer, workflows::format_date(row.fires));
    }
  }

  // 3. The restart: synchronous=FULL, recovery fires everything due, with a reader and another
  //    school's officer working meanwhile.
  int fired = 0;
  std::int64_t transactions = 0;
  double catchup_s = 0;
  Latency reads, events;
  {
    auto db = storage::Database::open(file);
    if (!db) return bench::fail("open", db.error());
    RestartClock clock(restart);
    daemon::EngineOptions options;
    options.timer_chunk = chunk;
    options.timer_chunk_budget = std::chrono::milliseconds(budget_ms);
    daemon::Engine engine(cfg, std::move(*db), clock, options);
    // Another school's officer records notes throughout (a school in monitoring, not overdue).
    if (auto r = engine.register_school(bench::example_school("T-officer"), "", "bench"); !r) return bench::fail("register", r.error());
    const std::int64_t before = engine.transactions();
    std::atomic<bool> done{false};
    std::thread reader([&] {
      for (long i = 0; !done; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto s = engine.database().load_school(std::to_string(1000000 + (i * 7919) % (rounds * kTemplates)));
        if (!s) std::abort();
        reads.add(std::chrono::steady_clock::now() - t0);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    });
    std::thread officer([&] {
      for (int i = 0; !done; ++i) {
        workflows::Event e;
        e.type = "note.recorded";
        e.data = {{"text", "call " + std::to_string(i)}};
        e.actor = "officer";
        const auto t0 = std::chrono::steady_clock::now();
        if (auto r = engine.record_event("T-officer", e); !r) {
          bench::fail("officer's event", r.error());
          std::abort();
        }
        events.add(std::chrono::steady_clock::now() - t0);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
    const auto start = std::chrono::steady_clock::now();
    auto r = engine.fire_due(clock.now_utc());
    catchup_s = Seconds(std::chrono::steady_clock::now() - start).count();
    done = true;
    reader.join();
    officer.join();
    if (!r) return bench::fail("fire_due", r.error());
    fired = *r;
    transactions = engine.transactions() - before - static_cast<std::int64_t>(events.ms.size());
  }

  // 4. Every school fired exactly what its template fired alone, one transaction per timer, in
  //    the same order; and nothing is left due.
  std::size_t matching = 0, differing = 0, clones = 0;
  long left_due = 0;
  {
    auto db = storage::Database::open(file, bench::no_sync());
    if (!db) return 1;
    auto due = (*db)->timers_due(daemon::to_unix_seconds(restart));
    if (!due) return 1;
    left_due = static_cast<long>(due->size());
    for (long i = 0; i < rounds * kTemplates; ++i) {
      ++clones;
      if (firings_of(**db, std::to_string(1000000 + i)) == reference[static_cast<std::size_t>(i % kTemplates)]) {
        ++matching;
      } else {
        ++differing;
      }
    }
  }
  const bool ok = differing == 0 && left_due == 0;

  std::printf("catch-up after a 30-day outage, synchronous=FULL, timer_chunk %zu, chunk budget %ld ms\n", chunk,
              budget_ms);
  std::printf("  schools %ld (setup by storage clone in %.1f s), timers overdue at restart %zu\n",
              rounds * kTemplates, setup_s, overdue.size());
  std::printf("  fired %d in %.2f s: %.0f timers/s, %lld transactions (%.0f timers each)\n", fired, catchup_s,
              fired / catchup_s, static_cast<long long>(transactions),
              transactions ? static_cast<double>(fired) / static_cast<double>(transactions) : 0.0);
  std::printf("  meanwhile: %zu reads, p50 %.2f ms, p99 %.2f ms, max %.2f ms; %zu events of another school, "
              "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              reads.ms.size(), reads.pct(0.5), reads.pct(0.99), reads.pct(1.0), events.ms.size(), events.pct(0.5),
              events.pct(0.99), events.pct(1.0));
  std::printf("  check: %zu of %zu schools fired exactly the timers, in the order, that their template fired one "
              "transaction per timer; %ld still due: %s\n",
              matching, clones, left_due, ok ? "ok" : "FAILED");
  std::filesystem::remove_all(dir);
  return ok ? 0 : 1;
}
