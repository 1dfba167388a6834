// An Engine on a fresh database file and a ManualClock, brought to a starting state by a setup
// function, for the fault loops and storage-trouble tests: the same setup always leaves the same
// bytes in every table (the clock does not move unless told), so a fingerprint taken through a
// connection of the test's own (tests/support/sql_rows.hpp) says exactly what a write changed.
//
// Thread-safety: as Engine; one test thread drives a rig.
#pragma once

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>

#include "config/config_set.hpp"
#include "daemon/engine.hpp"
#include "tests/support/engine_support.hpp"
#include "tests/support/example_school.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/sql_rows.hpp"
#include "tests/support/temp_dir.hpp"

namespace sif::test {

inline std::shared_ptr<const config::ConfigSet> fixture_config() {
  static std::shared_ptr<const config::ConfigSet> cfg =
      load_config_or_fail(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config");
  return cfg;
}

// Monday 5 January 2026, 09:00 GMT.
inline daemon::Clock::time_point rig_start() { return utc(2026, 1, 5, 9); }


inline workflows::Event rig_event(std::string type, workflows::Data data = {}) {
  workflows::Event e;
  e.type = std::move(type);
  e.data = std::move(data);
  e.actor = "officer@example.org";
  return e;
}

class EngineRig {
 public:
  using Setup = std::function<void(EngineRig&)>;

  explicit EngineRig(const Setup& setup = {}, storage::DatabaseOptions options = fast()) : clock(rig_start()) {
    auto db = storage::Database::open(dir / "sif.db", options);
    if (!db) FAIL(db.error().message << " " << db.error().details);
    engine = std::make_unique<daemon::Engine>(fixture_config(), std::move(*db), clock);
    if (setup) setup(*this);
  }

  // No fsync: these tests are about what a failing statement leaves, not about power loss.
  static storage::DatabaseOptions fast() {
    storage::DatabaseOptions o;
    o.synchronous = storage::DatabaseOptions::Synchronous::kOff;
    return o;
  }

  storage::Database& db() { return engine->database(); }
  std::filesystem::path file() const { return dir / "sif.db"; }
  std::string fingerprint() { return SqlRows(file(), /*read_only=*/true).fingerprint(); }
  std::int64_t count(const std::string& sql) { return SqlRows(file(), true).count(sql); }

  void register_school(const std::string& id) {
    auto r = engine->register_school(example_school(id), "", "admin");
    if (!r) FAIL(r.error().message << " " << r.error().details);
  }
  void record(const std::string& id, workflows::Event e, std::string key = {}) {
    auto r = engine->record_event(id, std::move(e), std::move(key));
    if (!r) FAIL(r.error().message << " " << r.error().details);
  }

  TempDir dir;
  daemon::ManualClock clock;
  std::unique_ptr<daemon::Engine> engine;
};

}  // namespace sif::test
