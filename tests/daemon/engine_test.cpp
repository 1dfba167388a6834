// The engine on a ManualClock with the fixture framework (tests/fixtures/config, example-2024,
// fire_time 08:30): register, record events, idempotency, timers firing once in order,
// restart, group commit under concurrency, and a fork-and-kill crash test.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include <boost/json/serialize.hpp>

#include "config/config_set.hpp"
#include "daemon/engine.hpp"
#include "daemon/scheduler.hpp"
#include "tests/support/engine_support.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
using daemon::Effect;
using daemon::Engine;
using test::utc;

namespace {

std::shared_ptr<const config::ConfigSet> fixture_config() {
  static std::shared_ptr<const config::ConfigSet> cfg =
      test::load_config_or_fail(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config");
  return cfg;
}

std::unique_ptr<storage::Database> open_db(const std::filesystem::path& p) { return test::open_database_or_fail(p); }

workflows::School school(const std::string& id) {
  workflows::School s;
  s.id = id;
  s.name = "Example Primary " + id;
  s.la = "Example Borough";
  s.framework = "example-2024";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  s.contacts["headteacher"] = {"A Head", "head@example.org", ""};
  return s;
}

workflows::Event event(std::string type, workflows::Data data = {}) {
  workflows::Event e;
  e.type = std::move(type);
  e.data = std::move(data);
  e.actor = "officer@example.org";
  return e;
}

int count_events(storage::Database& db, const std::string& school, const std::string& type) {
  auto h = db.history(school);
  REQUIRE(h);
  return static_cast<int>(std::count_if(h->begin(), h->end(), [&](const storage::HistoryRow& r) {
    return r.entry.event == type;
  }));
}

const workflows::Instance& main_instance(storage::Database& db, const std::string& id) {
  static workflows::SchoolState keep;
  auto s = db.load_school(id);
  REQUIRE(s);
  REQUIRE(s->has_value());
  keep = (*s)->state;
  const auto* inst = keep.find("main");
  REQUIRE(inst);
  return *inst;
}

}  // namespace

TEST_CASE("engine: register, event, idempotent replay, errors", "[engine]") {
  test::TempDir dir;
  daemon::ManualClock clock(utc(2026, 1, 5, 9));  // Monday 5 January 2026, 09:00 GMT
  Engine engine(fixture_config(), open_db(dir / "sif.db"), clock);

  auto reg = engine.register_school(school("100001"), "", "admin");
  REQUIRE(reg);
  CHECK(reg->effect == Effect::kRegistered);
  CHECK_FALSE(reg->replayed);
  CHECK(reg->summary.seq == 1);
  CHECK(reg->summary.event == "school.registered");
  CHECK(main_instance(engine.database(), "100001").state == "monitoring");

  auto dup = engine.register_school(school("100001"), "", "admin");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == workflows::ErrorCode::kConflict);

  auto bad_fw = school("100002");
  bad_fw.framework = "nope-2000";
  auto bad = engine.register_school(bad_fw, "", "admin");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == workflows::ErrorCode::kInvalidInput);

  auto agreed = engine.record_event("100001", event("category.agreed", {{"category", "amber"}}), "key-1");
  REQUIRE(agreed);
  CHECK(agreed->effect == Effect::kApplied);
  CHECK(agreed->summary.seq == 2);
  CHECK(agreed->summary.category == "amber");
  CHECK(main_instance(engine.database(), "100001").state == "supported");
  REQUIRE(agreed->summary.notices.size() == 1);
  CHECK(agreed->summary.notices[0].template_id == "support-letter");
  CHECK(agreed->summary.notices[0].outbox_id > 0);
  // plan_due: 20 days from 5 January is Sunday 25 January; its reminder 3 days before.
  auto find_timer = [&](const std::string& id) {
    auto it = std::find_if(agreed->summary.timers_set.begin(), agreed->summary.timers_set.end(),
                           [&](const daemon::TimerSummary& t) { return t.timer == id; });
    REQUIRE(it != agreed->summary.timers_set.end());
    return *it;
  };
  CHECK(find_timer("plan_due").due == "2026-01-25");
  CHECK(find_timer("plan_due").kind == "deadline");
  CHECK(find_timer("plan_due#reminder1").due == "2026-01-22");
  CHECK(find_timer("plan_due#reminder1").kind == "reminder");
  auto history_after_first = engine.database().history("100001");
  REQUIRE(history_after_first);

  // The same key again: the stored answer, nothing applied.
  auto again = engine.record_event("100001", event("category.agreed", {{"category", "amber"}}), "key-1");
  REQUIRE(again);
  CHECK(again->replayed);
  CHECK(again->effect == Effect::kApplied);
  CHECK(boost::json::serialize(again->body) == boost::json::serialize(agreed->body));
  CHECK(again->summary.seq == 2);
  auto history_now = engine.database().history("100001");
  REQUIRE(history_now);
  CHECK(history_now->size() == history_after_first->size());
  // The key belongs to that school and that request.
  auto other = engine.record_event("999999", event("note.recorded", {{"text", "x"}}), "key-1");
  REQUIRE_FALSE(other);
  CHECK(other.error().code == workflows::ErrorCode::kInvalidInput);
  CHECK(other.error().details == "idempotency_key");
  CHECK_THAT(other.error().message, Catch::Contains("different request") && Catch::Contains("school 100001"));

  auto not_allowed = engine.record_event("100001", event("review.held", {{"date", "2026-01-05"}, {"progress", "sufficient"}}));
  REQUIRE_FALSE(not_allowed);
  CHECK(not_allowed.error().code == workflows::ErrorCode::kConflict);
  CHECK_THAT(not_allowed.error().details, Catch::Contains("plan.agreed"));
  auto allowed = engine.allowed_events("100001");
  REQUIRE(allowed);
  CHECK(std::find(allowed->begin(), allowed->end(), "plan.agreed") != allowed->end());

  auto missing = engine.record_event("424242", event("note.recorded", {{"text", "x"}}));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == workflows::ErrorCode::kNotFound);

  auto outbox = engine.database().outbox_list(storage::OutboxStatus::kPending);
  REQUIRE(outbox);
  CHECK(outbox->size() == 1);
}

TEST_CASE("engine: an idempotency key reused for a different request is refused, keys expire after 30 days", "[engine]") {
  test::TempDir dir;
  daemon::ManualClock clock(utc(2026, 1, 5, 9));
  Engine engine(fixture_config(), open_db(dir / "sif.db"), clock);
  REQUIRE(engine.register_school(school("100001"), "", "admin"));
  REQUIRE(engine.record_event("100001", event("note.recorded", {{"text", "first visit"}}), "note-1"));

  // Different data, different type, different actor: each refused, nothing applied.
  auto different_data = engine.record_event("100001", event("note.recorded", {{"text", "second visit"}}), "note-1");
  REQUIRE_FALSE(different_data);
  CHECK(different_data.error().code == workflows::ErrorCode::kInvalidInput);
  CHECK(different_data.error().details == "idempotency_key");
  CHECK_THAT(different_data.error().message, Catch::Contains("was already used for a different request"));
  auto different_type = engine.record_event("100001", event("category.agreed", {{"category", "amber"}}), "note-1");
  REQUIRE_FALSE(different_type);
  auto by_someone_else = event("note.recorded", {{"text", "first visit"}});
  by_someone_else.actor = "another@example.org";
  REQUIRE_FALSE(engine.record_event("100001", by_someone_else, "note-1"));
  CHECK(count_events(engine.database(), "100001", "note.recorded") == 1);
  // A registration keyed like an earlier one, for another school, is refused too.
  REQUIRE(engine.register_school(school("100002"), "", "admin", "reg-1"));
  auto other_school = engine.register_school(school("100003"), "", "admin", "reg-1");
  REQUIRE_FALSE(other_school);
  CHECK(other_school.error().details == "idempotency_key");
  CHECK_FALSE(engine.database().load_school("100003").value().has_value());

  // The same request is still a replay 29 days on.
  clock.advance(std::chrono::hours(24 * 29));
  auto replay = engine.record_event("100001", event("note.recorded", {{"text", "first visit"}}), "note-1");
  REQUIRE(replay);
  CHECK(replay->replayed);
  // After the 30-day retention the key is forgotten: the same key is a new request.
  clock.advance(std::chrono::hours(24 * 2));
  auto fresh = engine.record_event("100001", event("note.recorded", {{"text", "second visit"}}), "note-1");
  REQUIRE(fresh);
  CHECK_FALSE(fresh->replayed);
  CHECK(count_events(engine.database(), "100001", "note.recorded") == 2);
}

TEST_CASE("engine: timers fire at 08:30 London time, once, in due order, restart changes nothing", "[engine]") {
  test::TempDir dir;
  auto path = dir / "sif.db";
  daemon::ManualClock clock(utc(2026, 1, 5, 9));
  std::vector<storage::HistoryRow> before_restart;
  {
    Engine engine(fixture_config(), open_db(path), clock);
    REQUIRE(engine.register_school(school("100001"), "", "admin"));
    REQUIRE(engine.record_event("100001", event("category.agreed", {{"category", "amber"}})));

    // The plan reminder is due Thursday 22 January 2026 at 08:30 GMT (= 08:30 UTC).
    auto next = engine.next_fire_at();
    REQUIRE(next);
    CHECK(*next == utc(2026, 1, 22, 8, 30));
    auto none = engine.fire_due(utc(2026, 1, 22, 8, 29, 59));
    REQUIRE(none);
    CHECK(*none == 0);
    auto one = engine.fire_due(utc(2026, 1, 22, 8, 30));
    REQUIRE(one);
    CHECK(*one == 1);
    CHECK(count_events(engine.database(), "100001", "timer.plan_due#reminder1") == 1);
    auto again = engine.fire_due(utc(2026, 1, 22, 8, 30));
    REQUIRE(again);
    CHECK(*again == 0);

    // plan_due is due Sunday 25 January, a deadline: nothing fires that day; it is overdue and
    // escalates at 08:30 on Monday 26 January.
    auto on_the_day = engine.fire_due(utc(2026, 1, 25, 23, 59));
    REQUIRE(on_the_day);
    CHECK(*on_the_day == 0);
    auto fired = engine.fire_due(utc(2026, 1, 26, 8, 30));
    REQUIRE(fired);
    CHECK(*fired == 1);
    CHECK(count_events(engine.database(), "100001", "timer.plan_due") == 1);
    CHECK(main_instance(engine.database(), "100001").state == "escalated");
    auto h = engine.database().history("100001");
    REQUIRE(h);
    before_restart = *h;
  }
  // Restart on the same file: nothing was due in between, so nothing changes.
  {
    Engine engine(fixture_config(), open_db(path), clock);
    auto fired = engine.fire_due(utc(2026, 1, 26, 12));
    REQUIRE(fired);
    CHECK(*fired == 0);
    auto h = engine.database().history("100001");
    REQUIRE(h);
    CHECK(h->size() == before_restart.size());
    CHECK(h->back().hash == before_restart.back().hash);
    auto audit = engine.database().verify_audit();
    REQUIRE(audit);
    CHECK(audit->ok);
  }
}

TEST_CASE("engine: months on a manual clock, then a restart recovers what fell due while down", "[engine][scheduler]") {
  test::TempDir dir;
  auto path = dir / "sif.db";
  daemon::ManualClock clock(utc(2026, 1, 5, 9));
  int fired_first = 0;
  {
    boost::asio::io_context io;
    Engine engine(fixture_config(), open_db(path), clock);
    daemon::Scheduler scheduler(io, engine, clock);
    REQUIRE(scheduler.start());
    REQUIRE(engine.register_school(school("100001"), "", "admin"));
    REQUIRE(engine.register_school(school("100002"), "", "admin"));
    REQUIRE(engine.record_event("100001", event("category.agreed", {{"category", "amber"}})));
    REQUIRE(engine.record_event("100002", event("category.agreed", {{"category", "red"}})));
    REQUIRE(engine.record_event("100002", event("plan.agreed", {{"plan", "RAP"}})));
    auto fired = scheduler.advance_to(utc(2026, 3, 1));
    REQUIRE(fired);
    fired_first = *fired;
    CHECK(fired_first > 0);
    CHECK(clock.now_utc() == utc(2026, 3, 1));
    CHECK(count_events(engine.database(), "100001", "timer.plan_due") == 1);
    CHECK(count_events(engine.database(), "100002", "timer.plan_due") == 0);  // cancelled by plan.agreed
    // Every timer of the snapshot is in the future.
    auto due = engine.database().timers_due(daemon::to_unix_seconds(clock.now_utc()));
    REQUIRE(due);
    CHECK(due->empty());
    io.poll();
  }
  // Down for two months: the restart fires everything that fell due, in order, once.
  clock.set(utc(2026, 5, 1));
  {
    boost::asio::io_context io;
    Engine engine(fixture_config(), open_db(path), clock);
    daemon::Scheduler scheduler(io, engine, clock);
    auto recovered = scheduler.start();
    REQUIRE(recovered);
    CHECK(*recovered > 0);
    auto due = engine.database().timers_due(daemon::to_unix_seconds(clock.now_utc()));
    REQUIRE(due);
    CHECK(due->empty());
    // History times of fired timers never go backwards within a school (due order).
    for (const std::string id : {"100001", "100002"}) {
      auto h = engine.database().history(id);
      REQUIRE(h);
      workflows::Date last{};
      for (const auto& row : *h) {
        if (row.entry.event.rfind("timer.", 0) != 0) continue;
        CHECK(row.entry.date >= last);
        last = row.entry.date;
      }
    }
    auto audit = engine.database().verify_audit();
    REQUIRE(audit);
    CHECK(audit->ok);
    io.poll();
  }
  {
    Engine engine(fixture_config(), open_db(path), clock);
    auto fired = engine.fire_due(clock.now_utc());
    REQUIRE(fired);
    CHECK(*fired == 0);  // exactly once: a second start fires nothing
  }
}

TEST_CASE("engine: concurrent writers share transactions and lose nothing", "[engine]") {
  test::TempDir dir;
  daemon::ManualClock clock(utc(2026, 1, 5, 9));
  Engine engine(fixture_config(), open_db(dir / "sif.db"), clock);
  constexpr int kSchools = 4;
  constexpr int kEach = 25;
  for (int s = 0; s < kSchools; ++s) REQUIRE(engine.register_school(school(std::to_string(200000 + s)), "", "admin"));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < kSchools * 2; ++t) {
    threads.emplace_back([&, t] {
      // Two threads per school: same-school requests land in one batch and must chain.
      const std::string id = std::to_string(200000 + t % kSchools);
      for (int i = 0; i < kEach; ++i) {
        auto key = "t" + std::to_string(t) + "-" + std::to_string(i);
        auto r = engine.record_event(id, event("note.recorded", {{"text", key}}), key);
        if (r && !r->replayed) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok == kSchools * 2 * kEach);
  for (int s = 0; s < kSchools; ++s) {
    CHECK(count_events(engine.database(), std::to_string(200000 + s), "note.recorded") == 2 * kEach);
    auto stored = engine.database().load_school(std::to_string(200000 + s));
    REQUIRE(stored);
    CHECK((*stored)->seq == 1 + 2 * kEach);
  }
  auto audit = engine.database().verify_audit();
  REQUIRE(audit);
  CHECK(audit->ok);
}

TEST_CASE("engine: a process killed mid-stream loses no acknowledged event", "[engine][crash]") {
  test::TempDir dir;
  auto path = dir / "sif.db";
  {
    daemon::ManualClock clock(utc(2026, 1, 5, 9));
    Engine engine(fixture_config(), open_db(path), clock);
    REQUIRE(engine.register_school(school("300001"), "", "admin"));
  }
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    daemon::ManualClock clock(utc(2026, 1, 5, 9));
    auto db = storage::Database::open(path);
    if (!db) _exit(2);
    Engine engine(fixture_config(), std::move(*db), clock);
    for (int i = 0;; ++i) {
      auto r = engine.record_event("300001", event("note.recorded", {{"text", std::to_string(i)}}));
      if (!r) _exit(3);
      char c = 'x';
      if (write(fds[1], &c, 1) != 1) _exit(4);  // acknowledged only after the commit returned
    }
  }
  close(fds[1]);
  int acknowledged = 0;
  char c;
  while (acknowledged < 40 && read(fds[0], &c, 1) == 1) ++acknowledged;
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fds[0]);
  REQUIRE(acknowledged == 40);

  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.string().c_str(), &raw) == SQLITE_OK);
  std::string integrity;
  sqlite3_exec(
      raw, "PRAGMA integrity_check",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) += values[0] ? values[0] : "";
        return 0;
      },
      &integrity, nullptr);
  sqlite3_close(raw);
  CHECK(integrity == "ok");

  auto db = open_db(path);
  CHECK(count_events(*db, "300001", "note.recorded") >= 40);
  auto stored = db->load_school("300001");
  REQUIRE(stored);
  auto h = db->history("300001");
  REQUIRE(h);
  // Snapshot and history moved together: one history row per note plus the registration rows.
  CHECK((*stored)->seq == 1 + count_events(*db, "300001", "note.recorded"));
  auto audit = db->verify_audit();
  REQUIRE(audit);
  CHECK(audit->ok);
}

TEST_CASE("engine: after a reload running instances keep their version, new ones take the latest", "[engine]") {
  test::TempDir dir;
  daemon::ManualClock clock(utc(2026, 1, 5, 9));
  Engine engine(fixture_config(), open_db(dir / "sif.db"), clock);
  REQUIRE(engine.register_school(school("400001"), "", "admin"));
  CHECK(main_instance(engine.database(), "400001").framework_version == 2);

  // Version 3 no longer takes note.recorded in monitoring.
  auto next = std::make_shared<config::ConfigSet>(*fixture_config());
  workflows::Framework v3 = next->frameworks.at("example-2024").at(2);
  v3.version = 3;
  auto& main = *std::find_if(v3.workflows.begin(), v3.workflows.end(),
                             [](const workflows::WorkflowSpec& w) { return w.id == "main"; });
  auto& monitoring = *std::find_if(main.states.begin(), main.states.end(),
                                   [](const workflows::StateSpec& s) { return s.id == "monitoring"; });
  REQUIRE(monitoring.on.erase("note.recorded") == 1);
  next->frameworks.at("example-2024").emplace(3, v3);
  engine.reload(next);

  REQUIRE(engine.register_school(school("400002"), "", "admin"));
  CHECK(main_instance(engine.database(), "400002").framework_version == 3);
  CHECK(engine.record_event("400001", event("note.recorded", {{"text", "still v2"}})));
  auto refused = engine.record_event("400002", event("note.recorded", {{"text", "v3"}}));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == workflows::ErrorCode::kConflict);
}

TEST_CASE("engine: each fired timer reports how late it fired (for /metrics)", "[engine]") {
  test::TempDir dir;
  daemon::ManualClock clock(utc(2026, 1, 5, 9));
  Engine engine(fixture_config(), open_db(dir / "sif.db"), clock);
  std::vector<double> lateness;
  engine.set_on_timer_fired([&](double late) { lateness.push_back(late); });
  REQUIRE(engine.register_school(school("100001"), "", "admin"));
  REQUIRE(engine.record_event("100001", event("category.agreed", {{"category", "amber"}})));

  // The daemon was down from before the plan reminder's 08:30 on Thursday 22 January 2026
  // until 10:30 that day: the reminder fires two hours late.
  clock.set(utc(2026, 1, 22, 10, 30));
  auto fired = engine.fire_due(clock.now_utc());
  REQUIRE(fired);
  REQUIRE(*fired == 1);
  REQUIRE(lateness.size() == 1);
  CHECK(lateness[0] == Approx(2 * 3600.0));

  // plan_due, fired at its own instant, reports zero.
  auto next = engine.next_fire_at();
  REQUIRE(next);
  clock.set(*next);
  fired = engine.fire_due(clock.now_utc());
  REQUIRE(fired);
  REQUIRE(*fired == 1);
  REQUIRE(lateness.size() == 2);
  CHECK(lateness[1] == Approx(0.0));
}
