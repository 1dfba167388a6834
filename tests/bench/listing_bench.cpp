// The school listing and the overview at scale: N schools (default 100,000) registered under the
// shipped frameworks, one in ten with a contact, then GET /v1/schools pages (default, sorted,
// searched, filtered, deep offset) and GET /v1/overview through the Router, each timed (best
// of 3). Figures only; nothing here asserts a time. Not run in CI; run by hand:
//   build-x/tests/bench_listing_bench [schools=100000]
#include <stdlib.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/router.hpp"
#include "daemon/scheduler.hpp"

using namespace sif;
namespace http = boost::beast::http;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  spdlog::set_level(spdlog::level::warn);
  std::vector<config::Diagnostic> diags;
  auto cfg = config::load_config_dir(std::string(SIF_SOURCE_CONFIG_DIR), &diags);
  if (!cfg) {
    std::fprintf(stderr, "config does not load\n");
    return 1;
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / "sif-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return 1;
  const std::filesystem::path dir = tmpl;
  {
    auto db = storage::Database::open(dir / "bench.db", {storage::DatabaseOptions::Synchronous::kOff});
    if (!db) return 1;
    daemon::ManualClock clock(daemon::from_unix_seconds(1788246000));  // 2026-09-01T07:00:00Z
    daemon::Engine engine(*cfg, std::move(*db), clock);
    const char* frameworks[] = {"wiltshire-2019", "bristol-2025", "telford-2014", "leicester-2007", "csc-2020"};
    const char* las[] = {"Wiltshire", "Bristol, City of", "Telford and Wrekin", "Leicester", "Cardiff"};
    auto t0 = std::chrono::steady_clock::now();
    std::vector<workflows::School> schools;
    for (int i = 0; i < n; ++i) {
      workflows::School s;
      s.id = std::to_string(1000000 + i);
      s.name = "Bench School " + std::to_string(i * 7919 % n);
      s.la = las[i % 5];
      s.framework = frameworks[i % 5];
      s.region = (*cfg)->latest(s.framework)->region;
      if (i % 10 == 0) s.contacts["link_adviser"] = {"An Adviser", "adviser" + std::to_string(i % 7) + "@example.org", ""};
      schools.push_back(std::move(s));
    }
    auto reg = engine.register_schools(std::move(schools), "bench", daemon::BulkMode::kChunked);
    if (!reg || reg->registered.size() != static_cast<std::size_t>(n)) {
      std::fprintf(stderr, "registration failed\n");
      return 1;
    }
    std::printf("registered %d schools in %.1f s\n", n,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    boost::asio::io_context io;
    daemon::Scheduler scheduler(io, engine, clock);
    daemon::Authenticator auth;
    auth.add_plain_token("bench", "bench-token", daemon::Role::kViewer);
    daemon::ApiContext ctx;
    ctx.engine = &engine;
    ctx.scheduler = &scheduler;
    ctx.clock = &clock;
    ctx.auth = &auth;
    daemon::Router router(ctx);
    for (const char* target : {"/v1/schools", "/v1/schools?sort=name", "/v1/schools?sort=-next_deadline",
                               "/v1/schools?q=school%2012", "/v1/schools?framework=wiltshire-2019&category=none",
                               "/v1/schools?state=universal", "/v1/schools?overdue=true", "/v1/schools?offset=99900",
                               "/v1/schools?limit=1000", "/v1/overview"}) {
      double best = 1e9;
      std::string summary;
      for (int k = 0; k < 3; ++k) {
        daemon::HttpRequest req{http::verb::get, target, 11};
        req.set(http::field::authorization, "Bearer bench-token");
        auto start = std::chrono::steady_clock::now();
        auto res = router.handle(req);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        auto v = boost::json::parse(res.body());
        summary = std::to_string(res.result_int());
        if (v.as_object().contains("total")) {
          summary += " total " + boost::json::serialize(v.at("total")) + ", count " + boost::json::serialize(v.at("count"));
        }
      }
      std::printf("%-55s %8.1f ms  (%s)\n", target, best * 1000, summary.c_str());
    }
    // The overview's parts, each alone.
    auto& store = engine.database();
    const workflows::Date today = workflows::make_date(2026, 9, 1);
    auto time = [](const char* what, auto&& fn) {
      auto start = std::chrono::steady_clock::now();
      fn();
      std::printf("  overview part %-40s %8.1f ms\n", what,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() * 1000);
    };
    time("category_counts", [&] { (void)store.category_counts(); });
    time("stage_counts", [&] { (void)store.stage_counts(); });
    time("Engine::overdue", [&] { (void)engine.overdue(today); });
    time("deadlines_between (7 days, every row)", [&] { (void)store.deadlines_between(today, today + date::days{6}); });
    time("deadlines_due (7 days, count + 50)", [&] { (void)store.deadlines_due(today, today + date::days{6}, 50); });
    time("open_windows", [&] { (void)store.open_windows(today); });
    scheduler.stop();
  }
  std::filesystem::remove_all(dir);
  return 0;
}
