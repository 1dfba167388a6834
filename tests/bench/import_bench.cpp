// CSV import throughput: a synthetic GIAS extract of N rows (Windows-1252, as GIAS publishes,
// with the extra columns a real extract carries) imported through import_register() as
// POST /v1/schools/import does, on a temporary database with synchronous=FULL, under the
// shipped Wiltshire framework. Prints rows/s for
//   - mode=all: one transaction for the whole file (Engine::register_schools, kAllOrNothing)
//   - mode=valid-only: chunks of EngineOptions::bulk_chunk rows per transaction
//   - one transaction per row (Engine::register_school, as the import did before), on a sample
//   - baseline: raw SQLite, N rows inserted in one transaction: 1 KB rows, and rows as large as
//     what sif stores per school (snapshot, history, timers, indexes)
// Figures only; nothing here asserts a time. Not run in CI; run by hand:
//   build-x/tests/bench_import_bench [rows=50000] [per-row sample=300]
#include <sqlite3.h>
#include <stdlib.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "config/config_set.hpp"
#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"

using namespace sif;
using Seconds = std::chrono::duration<double>;

namespace {

const char* const kTypes[] = {"Community school", "Voluntary aided school", "Academy converter",
                              "Foundation school", "Voluntary controlled school"};
const char* const kPhases[] = {"Primary", "Secondary", "Nursery", "All-through"};

// GIAS-like: the five columns sif reads among others it ignores; names with Windows-1252
// bytes (0x92 right quote, 0xE9 e-acute) on some rows.
std::string gias_csv(int rows, int first_urn) {
  std::string out =
      "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),"
      "EstablishmentStatus (name),PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,Street,Town,Postcode,"
      "HeadFirstName,HeadLastName,TelephoneNum,SchoolWebsite\r\n";
  for (int i = 0; i < rows; ++i) {
    const int urn = first_urn + i;
    std::string name = i % 7 == 0 ? "St Mary\x92s C of E School " : i % 11 == 0 ? "Ecole Saint-Andr\xE9 " : "Oakfield School ";
    name += std::to_string(urn);
    out += std::to_string(urn) + ",865,Wiltshire," + std::to_string(2000 + i % 8000) + ",\"" + name + "\"," +
           kTypes[i % 5] + ",Open," + kPhases[i % 4] + ",4,11,\"" + std::to_string(i % 300) +
           " High Street\",Trowbridge,BA14 8XX,Alex,Smith,01225 000000,www.example.sch.uk\r\n";
  }
  return out;
}

std::filesystem::path temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sif-import-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::abort();
  return tmpl;
}

struct Run {
  double seconds = 0;
  std::size_t registered = 0;
  std::size_t issues = 0;
  double db_mb = 0;  // the database file after the import (WAL checkpointed at close)
};

Run import_once(const std::shared_ptr<const config::ConfigSet>& cfg, const std::string& csv, bool valid_only) {
  auto dir = temp_dir();
  Run run;
  {
    auto db = storage::Database::open(dir / "bench.db");
    if (!db) {
      std::fprintf(stderr, "open: %s\n", db.error().message.c_str());
      std::abort();
    }
    daemon::SystemClock clock;
    daemon::Engine engine(cfg, std::move(*db), clock);
    daemon::DaemonConfig settings;
    settings.la_frameworks = {{"Wiltshire", "wiltshire-2019"}};
    const auto start = std::chrono::steady_clock::now();
    auto rep = daemon::import_register(engine, settings, csv, "", valid_only, "bench");
    run.seconds = Seconds(std::chrono::steady_clock::now() - start).count();
    if (!rep) {
      std::fprintf(stderr, "import: %s\n", rep.error().message.c_str());
      std::abort();
    }
    run.registered = rep->registered.size();
    run.issues = rep->issues.size();
  }
  run.db_mb = static_cast<double>(std::filesystem::file_size(dir / "bench.db")) / 1e6;
  std::filesystem::remove_all(dir);
  return run;
}

// The old path: one register_school (one transaction, one fsync) per row.
double per_row(const std::shared_ptr<const config::ConfigSet>& cfg, int rows) {
  auto dir = temp_dir();
  double seconds = 0;
  {
    auto db = storage::Database::open(dir / "bench.db");
    if (!db) std::abort();
    daemon::SystemClock clock;
    daemon::Engine engine(cfg, std::move(*db), clock);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < rows; ++i) {
      workflows::School s;
      s.id = std::to_string(300000 + i);
      s.name = "Oakfield School " + s.id;
      s.la = "Wiltshire";
      s.framework = "wiltshire-2019";
      s.facts = {{"type", "community"}, {"phase", "primary"}};
      if (!engine.register_school(s, "", "bench")) std::abort();
    }
    seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  }
  std::filesystem::remove_all(dir);
  return seconds;
}

// Baseline: N rows (id, name, la, a snapshot of `bytes`) in one transaction, WAL and
// synchronous=FULL as sif opens its database.
double raw_sqlite(int rows, std::size_t bytes) {
  auto dir = temp_dir();
  sqlite3* db = nullptr;
  if (sqlite3_open((dir / "raw.db").c_str(), &db) != SQLITE_OK) std::abort();
  sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
               "CREATE TABLE schools (id TEXT PRIMARY KEY, name TEXT, la TEXT, snapshot TEXT)",
               nullptr, nullptr, nullptr);
  const std::string snapshot(bytes, 'x');
  const auto start = std::chrono::steady_clock::now();
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO schools VALUES (?, ?, ?, ?)", -1, &st, nullptr);
  for (int i = 0; i < rows; ++i) {
    const std::string id = std::to_string(100000 + i);
    const std::string name = "Oakfield School " + id;
    sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, "Wiltshire", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, snapshot.c_str(), static_cast<int>(snapshot.size()), SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) std::abort();
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  const double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::atoi(argv[1]) : 50000;
  const int sample = argc > 2 ? std::atoi(argv[2]) : 300;
  spdlog::set_level(spdlog::level::warn);
  std::vector<config::Diagnostic> diags;
  auto cfg = config::load_config_dir(config::default_config_dir(), &diags);
  if (!cfg) {
    std::fprintf(stderr, "cannot load %s: %s\n", config::default_config_dir().c_str(), cfg.error().message.c_str());
    return 1;
  }
  const std::string csv = gias_csv(rows, 100000);
  std::printf("%d rows, %.1f MB of Windows-1252 CSV, framework wiltshire-2019, synchronous=FULL\n", rows,
              static_cast<double>(csv.size()) / 1e6);
  auto report = [&](const char* what, double seconds, std::size_t n) {
    std::printf("%-44s %8.2f s %10.0f rows/s\n", what, seconds, seconds > 0 ? static_cast<double>(n) / seconds : 0.0);
  };
  const Run all = import_once(*cfg, csv, false);
  if (all.registered != static_cast<std::size_t>(rows)) {
    std::fprintf(stderr, "mode=all registered %zu of %d (%zu issues)\n", all.registered, rows, all.issues);
    return 1;
  }
  report("import mode=all (one transaction)", all.seconds, all.registered);
  std::printf("%-44s %8.1f MB\n", "  database after the import", all.db_mb);
  const Run chunked = import_once(*cfg, csv, true);
  report("import mode=valid-only (500 rows/transaction)", chunked.seconds, chunked.registered);
  if (sample > 0) {
    const double old = per_row(*cfg, sample);
    report("one transaction per row (old path, sample)", old, static_cast<std::size_t>(sample));
    std::printf("%-44s %8.2f s (extrapolated)\n", "  ... for all rows at that rate", old / sample * rows);
  }
  report("baseline: raw SQLite, 1 KB rows", raw_sqlite(rows, 1024), static_cast<std::size_t>(rows));
  // sif writes a snapshot, history, timers and their indexes per school: the same bytes per row
  // is the floor for the disk.
  const auto per_school = static_cast<std::size_t>(all.db_mb * 1e6 / rows);
  char what[64];
  std::snprintf(what, sizeof what, "baseline: raw SQLite, %zu-byte rows (as sif)", per_school);
  report(what, raw_sqlite(rows, per_school), static_cast<std::size_t>(rows));
  return 0;
}
