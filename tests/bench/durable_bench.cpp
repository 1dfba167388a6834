// Durable transitions: events through the Engine (no HTTP) with synchronous=FULL, against a
// raw-SQLite loop on the same schema writing the same rows (the school's snapshot and counters,
// one hash-chained history row, the history head) in transactions of the same size, also with
// synchronous=FULL. The ratio is what the engine's decide-and-commit path costs over the bare
// writes. Not run in CI; run by hand:
//   build-x/tests/bench_durable_bench [threads, default 1 and 64] [events per thread, default 200]
// With one thread every event is its own transaction; with many, requests arriving together
// share one (group commit, at most EngineOptions::max_batch).
#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "storage/json_codec.hpp"
#include "tests/bench/bench_support.hpp"

using namespace sif;
using Seconds = std::chrono::duration<double>;

namespace {

struct EngineRun {
  double rate = 0;
  long events = 0;
  std::int64_t transactions = 0;
  std::string snapshot;  // a school's stored snapshot, for the raw loop's row size
  std::string history_data;
};

EngineRun engine_run(const std::shared_ptr<const config::ConfigSet>& cfg, const std::filesystem::path& file,
                     int threads, int per_thread) {
  EngineRun out;
  auto db = storage::Database::open(file);  // synchronous=FULL
  if (!db) std::exit(bench::fail("open", db.error()));
  daemon::SystemClock clock;
  daemon::Engine engine(cfg, std::move(*db), clock);
  for (int t = 0; t < threads; ++t) {
    workflows::School s;
    s.id = std::to_string(500000 + t);
    s.name = "Bench " + s.id;
    s.la = "Example Borough";
    s.framework = "example-2024";
    if (auto r = engine.register_school(s, "", "bench"); !r) std::exit(bench::fail("register", r.error()));
  }
  const std::int64_t before = engine.transactions();
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        workflows::Event e;
        e.type = "note.recorded";
        e.data = {{"text", "note " + std::to_string(i)}};
        e.actor = "bench";
        if (!engine.record_event(std::to_string(500000 + t), e)) std::abort();
      }
    });
  }
  for (auto& w : workers) w.join();
  const double took = Seconds(std::chrono::steady_clock::now() - start).count();
  out.events = static_cast<long>(threads) * per_thread;
  out.transactions = engine.transactions() - before;
  out.rate = static_cast<double>(out.events) / took;
  auto s = engine.database().load_school("500000");
  if (s && s->has_value()) out.snapshot = storage::dump_json(storage::to_json((*s)->state));
  out.history_data = R"({"text":"note 123"})";
  return out;
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

// The same rows per event, `per_tx` events per transaction, on a file with sif's schema.
double raw_run(const std::filesystem::path& file, int schools, long events, long per_tx, const std::string& snapshot,
               const std::string& data) {
  {
    auto db = storage::Database::open(file, bench::no_sync());  // the schema
    if (!db) std::exit(bench::fail("open", db.error()));
    std::vector<storage::SchoolCommit> commits;
    for (int t = 0; t < schools; ++t) {
      storage::SchoolCommit c;
      c.school_id = std::to_string(500000 + t);
      c.next.school.id = c.school_id;
      c.next.school.framework = "example-2024";
      commits.push_back(std::move(c));
    }
    auto fire_at = [](const std::string&, const workflows::PendingTimer&) { return storage::UnixSeconds{0}; };
    if (auto r = (*db)->commit_all(commits, fire_at, 0); !r) std::exit(bench::fail("schools", r.error()));
  }
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", nullptr, nullptr, nullptr), db, "pragma");
  sqlite3_stmt *upd = nullptr, *ins = nullptr, *head = nullptr;
  check(sqlite3_prepare_v2(db, "UPDATE schools SET snapshot = ?, seq = seq + 1, updated_at = ? WHERE id = ?", -1, &upd,
                           nullptr),
        db, "prepare");
  check(sqlite3_prepare_v2(db,
                           "INSERT INTO history (school, seq, instance, workflow, event, from_state, to_state, data, "
                           "actor, effective_date, note, recorded_at, prev_hash, hash) "
                           "VALUES (?, ?, 'main', 'main', 'note.recorded', 'monitoring', 'monitoring', ?, 'bench', "
                           "'2026-01-05', '', ?, ?, ?)",
                           -1, &ins, nullptr),
        db, "prepare");
  check(sqlite3_prepare_v2(db, "UPDATE schools SET history_seq = ?, history_head = ? WHERE id = ?", -1, &head, nullptr),
        db, "prepare");
  const std::string hash(64, 'a');
  std::vector<std::int64_t> seq(static_cast<std::size_t>(schools), 0);
  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  while (done < events) {
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
    for (long k = 0; k < per_tx && done < events; ++k, ++done) {
      const int t = static_cast<int>(done % schools);
      const std::string id = std::to_string(500000 + t);
      const std::int64_t n = ++seq[static_cast<std::size_t>(t)];
      sqlite3_reset(upd);
      sqlite3_bind_text(upd, 1, snapshot.data(), static_cast<int>(snapshot.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(upd, 2, n);
      sqlite3_bind_text(upd, 3, id.c_str(), -1, SQLITE_TRANSIENT);
      check(sqlite3_step(upd), db, "update");
      sqlite3_reset(ins);
      sqlite3_bind_text(ins, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins, 2, n);
      sqlite3_bind_text(ins, 3, data.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins, 4, n);
      sqlite3_bind_text(ins, 5, hash.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 6, hash.c_str(), -1, SQLITE_TRANSIENT);
      check(sqlite3_step(ins), db, "insert");
      sqlite3_reset(head);
      sqlite3_bind_int64(head, 1, n);
      sqlite3_bind_text(head, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(head, 3, id.c_str(), -1, SQLITE_TRANSIENT);
      check(sqlite3_step(head), db, "head");
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  }
  const double took = Seconds(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(upd);
  sqlite3_finalize(ins);
  sqlite3_finalize(head);
  sqlite3_close(db);
  return static_cast<double>(events) / took;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> thread_counts = {1, 64};
  if (argc > 1) thread_counts = {std::atoi(argv[1])};
  const int per_thread = argc > 2 ? std::atoi(argv[2]) : 200;
  spdlog::set_level(spdlog::level::warn);
  auto cfg = bench::fixture_config();
  std::printf("durable transitions, synchronous=FULL, note.recorded events\n");
  std::printf("%8s %8s %12s %14s %14s %8s\n", "threads", "events", "events/tx", "engine/s", "raw SQLite/s", "ratio");
  for (int threads : thread_counts) {
    const auto dir = bench::temp_dir();
    EngineRun e = engine_run(cfg, dir / "engine.db", threads, per_thread);
    const long per_tx = std::max<long>(1, std::lround(static_cast<double>(e.events) / static_cast<double>(e.transactions)));
    const double raw = raw_run(dir / "raw.db", threads, e.events, per_tx, e.snapshot, e.history_data);
    std::printf("%8d %8ld %12.1f %14.0f %14.0f %8.2f\n", threads, e.events,
                static_cast<double>(e.events) / static_cast<double>(e.transactions), e.rate, raw, e.rate / raw);
    std::filesystem::remove_all(dir);
  }
  return 0;
}
