// Commit throughput: events per second through the engine with one commit per event versus
// group commit (requests arriving together share one SQLite transaction), synchronous=FULL, on
// a temporary database. Not run in CI; run by hand:
//   build-x/tests/bench_commit_bench [threads] [events per thread]
#include <stdlib.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"

using namespace sif;

namespace {

double run(const std::shared_ptr<const config::ConfigSet>& cfg, bool group, int threads, int per_thread) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sif-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return 0;
  std::filesystem::path dir = tmpl;
  double rate = 0;
  {
    auto db = storage::Database::open(dir / "bench.db");
    if (!db) {
      std::fprintf(stderr, "open: %s\n", db.error().message.c_str());
      return 0;
    }
    daemon::SystemClock clock;
    daemon::EngineOptions options;
    options.group_commit = group;
    daemon::Engine engine(cfg, std::move(*db), clock, options);
    for (int t = 0; t < threads; ++t) {
      workflows::School s;
      s.id = std::to_string(500000 + t);
      s.name = "Bench " + s.id;
      s.la = "Example Borough";
      s.framework = "example-2024";
      if (!engine.register_school(s, "", "bench")) return 0;
    }
    auto start = clock.steady_now();
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
    std::chrono::duration<double> took = clock.steady_now() - start;
    rate = threads * per_thread / took.count();
  }
  std::filesystem::remove_all(dir);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 8;
  int per_thread = argc > 2 ? std::atoi(argv[2]) : 100;
  spdlog::set_level(spdlog::level::warn);
  auto fixtures = config::default_config_dir().parent_path() / "tests" / "fixtures" / "config";
  std::vector<config::Diagnostic> diags;
  auto cfg = config::load_config_dir(fixtures, &diags);
  if (!cfg) {
    std::fprintf(stderr, "cannot load %s: %s\n", fixtures.c_str(), cfg.error().message.c_str());
    return 1;
  }
  double single = run(*cfg, false, threads, per_thread);
  double group = run(*cfg, true, threads, per_thread);
  std::printf("threads=%d events/thread=%d synchronous=FULL\n", threads, per_thread);
  std::printf("single commit: %10.0f events/s\n", single);
  std::printf("group commit:  %10.0f events/s  (x%.1f)\n", group, single > 0 ? group / single : 0.0);
  return 0;
}
