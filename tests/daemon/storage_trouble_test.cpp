// The database in trouble that sif did not cause: another program holding the write lock
// (SQLITE_BUSY), a reader holding an old snapshot open, and a full disk (SQLite's
// max_page_count, since a real full file system needs root). In each case every write either
// commits whole or fails with an error that says what is wrong, nothing acknowledged is lost,
// nothing half-done is visible, and the same request succeeds once the trouble has gone.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "tests/daemon/engine_rig.hpp"

using namespace sif;
using namespace std::chrono_literals;
using test::EngineRig;

namespace {

workflows::Event note(const std::string& text) { return test::rig_event("note.recorded", {{"text", text}}); }

storage::DatabaseOptions waits(std::chrono::milliseconds busy_timeout) {
  auto o = EngineRig::fast();
  o.busy_timeout = busy_timeout;
  return o;
}

void five_schools(EngineRig& r) {
  for (int i = 1; i <= 5; ++i) r.register_school(std::to_string(100000 + i));
}

std::int64_t notes(EngineRig& r, const std::string& text) {
  return r.count("SELECT COUNT(*) FROM history WHERE event = 'note.recorded' AND json_extract(data, '$.text') = '" +
                 text + "'");
}

}  // namespace

TEST_CASE("busy: a write lock held longer than the busy timeout fails events clearly, applying nothing",
          "[engine][fault][busy]") {
  EngineRig rig(five_schools, waits(200ms));
  const std::string before = rig.fingerprint();
  test::SqlRows outsider(rig.file());
  outsider.exec("BEGIN IMMEDIATE");  // another program takes the write lock and keeps it

  // Several events at once (they share a group commit), each with its key.
  std::vector<std::future<workflows::Result<daemon::EventOutcome>>> pending;
  for (int i = 1; i <= 5; ++i) {
    pending.push_back(std::async(std::launch::async, [&rig, i] {
      return rig.engine->record_event(std::to_string(100000 + i), note("held-" + std::to_string(i)), "held-" + std::to_string(i));
    }));
  }
  for (auto& f : pending) {
    auto r = f.get();
    REQUIRE_FALSE(r);
    INFO(r.error().message << " " << r.error().details);
    // Retry-later, not a server fault: 503 over HTTP.
    CHECK(r.error().code == workflows::ErrorCode::kTransient);
    CHECK(r.error().message.find("locked") != std::string::npos);
  }
  // A registration meets the same lock the same way.
  auto reg = rig.engine->register_school(test::example_school("100009"), "", "admin");
  REQUIRE_FALSE(reg);
  CHECK(reg.error().code == workflows::ErrorCode::kTransient);
  outsider.exec("ROLLBACK");
  CHECK(rig.fingerprint() == before);  // nothing half-applied

  // The same requests, retried with their keys, are applied now, once each.
  for (int i = 1; i <= 5; ++i) {
    auto r = rig.engine->record_event(std::to_string(100000 + i), note("held-" + std::to_string(i)), "held-" + std::to_string(i));
    REQUIRE(r);
    CHECK_FALSE(r->replayed);
    CHECK(notes(rig, "held-" + std::to_string(i)) == 1);
  }
  REQUIRE(rig.engine->register_school(test::example_school("100009"), "", "admin"));
  auto audit = rig.db().verify_audit();
  REQUIRE(audit);
  CHECK(audit->ok);
}

TEST_CASE("busy: an event waits for a write lock released within the busy timeout, then commits once",
          "[engine][fault][busy]") {
  EngineRig rig(five_schools, waits(20s));
  test::SqlRows outsider(rig.file());
  outsider.exec("BEGIN IMMEDIATE");
  auto event = std::async(std::launch::async, [&] { return rig.engine->record_event("100001", note("waited"), "waited"); });
  // While the lock is held the event cannot have committed (it is waiting in SQLite's busy handler).
  CHECK(event.wait_for(300ms) == std::future_status::timeout);
  outsider.exec("ROLLBACK");
  auto r = event.get();
  INFO((r ? std::string() : r.error().message));
  REQUIRE(r);
  CHECK(notes(rig, "waited") == 1);
  // Timers due meanwhile fire once the lock is gone, once.
  rig.record("100002", test::rig_event("category.agreed", {{"category", "amber"}, {"date", "2026-01-05"}}));
  outsider.exec("BEGIN IMMEDIATE");
  rig.clock.set(test::utc(2026, 1, 23, 12));  // plan_due's reminder (22 January) is due
  auto fire = std::async(std::launch::async, [&] { return rig.engine->fire_due(rig.clock.now_utc()); });
  CHECK(fire.wait_for(300ms) == std::future_status::timeout);
  outsider.exec("ROLLBACK");
  auto fired = fire.get();
  REQUIRE(fired);
  CHECK(*fired == 1);
  CHECK(rig.engine->fire_due(rig.clock.now_utc()).value() == 0);
}

TEST_CASE("busy: a reader holding an old snapshot blocks no write and loses none", "[engine][fault][busy]") {
  EngineRig rig(five_schools, waits(200ms));
  test::SqlRows reader(rig.file(), /*read_only=*/true);
  reader.exec("BEGIN");
  const auto seen = reader.count("SELECT COUNT(*) FROM history");
  for (int i = 0; i < 50; ++i) {
    auto r = rig.engine->record_event(std::to_string(100001 + i % 5), note("read-" + std::to_string(i)), "read-" + std::to_string(i));
    REQUIRE(r);
  }
  CHECK(reader.count("SELECT COUNT(*) FROM history") == seen);  // its snapshot, unchanged
  reader.exec("COMMIT");
  CHECK(reader.count("SELECT COUNT(*) FROM history") == seen + 50);
  for (int i = 0; i < 50; ++i) CHECK(notes(rig, "read-" + std::to_string(i)) == 1);
}

TEST_CASE("disk full: writes fail saying the disk is full, keep everything committed, and resume", "[engine][fault][full]") {
  EngineRig rig(five_schools);
  const std::string text(1500, 'x');  // a long note fills pages quickly
  const auto pages = test::SqlRows(rig.file(), true).count("PRAGMA page_count");
  // Room for a few notes, then full.
  auto limit = rig.db().limit_pages(pages + 8);
  REQUIRE(limit);

  int acknowledged = 0;
  std::optional<workflows::Error> full;
  std::string before_failure;
  for (int i = 0; i < 2000 && !full; ++i) {
    before_failure = rig.fingerprint();
    auto r = rig.engine->record_event(std::to_string(100001 + i % 4), note(text + std::to_string(i)), "full-" + std::to_string(i));
    if (r) {
      ++acknowledged;
    } else {
      full = r.error();
    }
  }
  REQUIRE(full);
  CHECK_THAT(full->message, Catch::Contains("full"));
  CHECK(rig.fingerprint() == before_failure);  // the failed event left nothing behind
  const int failed_at = acknowledged;
  CHECK(acknowledged > 0);

  // While full: an event with timers and a notice, an import, firing timers. Each may still fit in
  // a page freed meanwhile; if not, it fails saying so and leaves nothing.
  before_failure = rig.fingerprint();
  auto agreed = rig.engine->record_event("100005", test::rig_event("category.agreed", {{"category", "amber"}, {"date", "2026-01-05"}}));
  if (!agreed) {
    CHECK(agreed.error().message.find("full") != std::string::npos);
    CHECK(rig.fingerprint() == before_failure);
  }
  std::vector<workflows::School> many;
  for (int i = 0; i < 50; ++i) many.push_back(test::example_school(std::to_string(400000 + i)));
  auto bulk = rig.engine->register_schools(many, "import", daemon::BulkMode::kAllOrNothing);
  if (!bulk) CHECK(rig.count("SELECT COUNT(*) FROM schools WHERE id >= '400000'") == 0);
  rig.clock.set(test::utc(2026, 3, 1, 12));
  auto fired = rig.engine->fire_due(rig.clock.now_utc());
  if (!fired) CHECK(fired.error().message.find("full") != std::string::npos);

  // Space again: the refused event, retried with its key, is applied; everything is there once.
  REQUIRE(rig.db().limit_pages(1 << 30));
  auto again = rig.engine->record_event(std::to_string(100001 + failed_at % 4), note(text + std::to_string(failed_at)),
                                        "full-" + std::to_string(failed_at));
  REQUIRE(again);
  CHECK_FALSE(again->replayed);
  for (int i = 0; i <= failed_at; ++i) CHECK(notes(rig, text + std::to_string(i)) == 1);
  if (!agreed) REQUIRE(rig.engine->record_event("100005", test::rig_event("category.agreed", {{"category", "amber"}, {"date", "2026-01-05"}})));
  if (!bulk) REQUIRE(rig.engine->register_schools(many, "import", daemon::BulkMode::kAllOrNothing));
  CHECK(rig.count("SELECT COUNT(*) FROM schools WHERE id >= '400000'") == 50);
  REQUIRE(rig.engine->fire_due(rig.clock.now_utc()));
  CHECK(rig.count("SELECT COUNT(*) FROM timers WHERE fire_at <= " +
                  std::to_string(daemon::to_unix_seconds(rig.clock.now_utc()))) == 0);
  auto audit = rig.db().verify_audit();
  REQUIRE(audit);
  CHECK(audit->ok);
  CHECK(test::SqlRows(rig.file(), true).value("PRAGMA integrity_check") == "ok");
}

