// Fault loops through the engine, SQLite's habit: for each n from 1 to the number of statement
// steps an operation runs, the n-th fails (storage::Database::fail_at_statement) and then
//   - the operation reports an I/O error that says the fault was injected,
//   - nothing committed before is lost and nothing half-done is visible: every table is exactly
//     as it was, or (an operation of several transactions: firing timers, a clock advance) as it
//     was after one of the transactions a run without faults commits,
//   - the same operation, retried, succeeds and leaves exactly what a run without faults leaves.
// n one past the last step runs clean, so the loop provably visited every step.
//
// Operations: recording an event (history, snapshot, timers, outbox and idempotency key in one
// commit), registering a school, registering many at once (all or nothing), the CSV import
// (mode=all; tests/daemon/import_test.cpp loops over mode=valid-only), firing due timers and
// moving the manual clock.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "daemon/api_common.hpp"
#include "daemon/daemon_config.hpp"
#include "daemon/scheduler.hpp"
#include "tests/daemon/engine_rig.hpp"

using namespace sif;
using test::EngineRig;

namespace {

// The error an injected fault must surface as.
void check_injected(const workflows::Error& e) {
  INFO(e.message << " " << e.details);
  CHECK(e.code == workflows::ErrorCode::kIo);
  CHECK(e.message.find("injected fault") != std::string::npos);
}

// One operation that commits at most one transaction. Returns its error, if any.
using Op = std::function<std::optional<workflows::Error>(EngineRig&)>;

template <typename T>
std::optional<workflows::Error> error_of(const workflows::Result<T>& r) {
  if (r) return std::nullopt;
  return r.error();
}

// The loop for an operation of one transaction: a failure anywhere leaves every table as it was.
void single_transaction_loop(const EngineRig::Setup& setup, const Op& op) {
  std::string before, after;
  std::int64_t steps = 0;
  {
    EngineRig clean(setup);
    before = clean.fingerprint();
    const auto s0 = clean.db().statements_run();
    auto e = op(clean);
    REQUIRE_FALSE(e);
    steps = clean.db().statements_run() - s0;
    after = clean.fingerprint();
  }
  REQUIRE(steps > 0);
  REQUIRE(before != after);
  for (int n = 1; n <= steps + 1; ++n) {
    CAPTURE(n, steps);
    EngineRig rig(setup);
    REQUIRE(rig.fingerprint() == before);
    rig.db().fail_at_statement(n);
    auto e = op(rig);
    rig.db().fail_at_statement(0);
    if (n <= steps) {
      REQUIRE(e);
      check_injected(*e);
      REQUIRE(rig.fingerprint() == before);
      auto again = op(rig);
      INFO((again ? again->message : std::string()));
      REQUIRE_FALSE(again);
    } else {
      REQUIRE_FALSE(e);
    }
    REQUIRE(rig.fingerprint() == after);
  }
}

// A school in monitoring (registered Monday 5 January 2026 at 09:00).
void one_school(EngineRig& r) { r.register_school("100001"); }

// Amber from 5 January: plan_due (25 January) and its reminder (22 January), the first visit
// (2 February) and review_due (5 April) with its reminder are pending.
void amber_school(EngineRig& r) {
  r.register_school("100001");
  // No idempotency key: the writer's hourly expiry of old keys (a maintenance step whose failure
  // is only logged) then has nothing to delete, so it changes no table whether it fails or not.
  r.record("100001", test::rig_event("category.agreed", {{"category", "amber"}, {"date", "2026-01-05"}}));
}

std::string csv_of(int first, int n) {
  std::string csv = "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\n";
  for (int i = first; i < first + n; ++i) {
    csv += std::to_string(i) + ",School " + std::to_string(i) + ",Example Borough,Community school,Primary\n";
  }
  return csv;
}

}  // namespace

TEST_CASE("fault loop: recording an event fails at every statement and changes nothing", "[engine][fault]") {
  single_transaction_loop(one_school, [](EngineRig& r) {
    // monitoring -> supported: history, snapshot, five timers, a support letter, the key.
    return error_of(r.engine->record_event(
        "100001", test::rig_event("category.agreed", {{"category", "amber"}, {"date", "2026-01-05"}}), "key-1"));
  });
}

TEST_CASE("fault loop: registering a school fails at every statement and changes nothing", "[engine][fault]") {
  single_transaction_loop(one_school, [](EngineRig& r) {
    return error_of(r.engine->register_school(test::example_school("100002"), "amber", "admin", "reg-2"));
  });
}

TEST_CASE("fault loop: registering many schools at once is all or nothing at every statement", "[engine][fault]") {
  single_transaction_loop(one_school, [](EngineRig& r) -> std::optional<workflows::Error> {
    std::vector<workflows::School> schools;
    for (int i = 0; i < 4; ++i) schools.push_back(test::example_school(std::to_string(200001 + i)));
    auto out = r.engine->register_schools(std::move(schools), "import", daemon::BulkMode::kAllOrNothing);
    if (!out) return out.error();
    REQUIRE(out->registered.size() == 4);
    return std::nullopt;
  });
}

TEST_CASE("fault loop: a CSV import (mode=all) fails at every statement and registers nothing", "[engine][fault][import]") {
  const std::string csv = csv_of(300001, 5);
  single_transaction_loop(one_school, [&](EngineRig& r) -> std::optional<workflows::Error> {
    daemon::DaemonConfig settings;
    auto rep = daemon::import_register(*r.engine, settings, csv, "example-2024", /*valid_only=*/false, "import");
    if (!rep) return rep.error();
    // A storage failure must not be reported as a list of row problems with some rows kept.
    INFO((rep->issues.empty() ? std::string() : boost::json::serialize(rep->issues.front())));
    REQUIRE(rep->issues.empty());
    REQUIRE(rep->registered.size() == 5);
    return std::nullopt;
  });
}

namespace {

// Fingerprints after each timer a clean fire_due (or advance) fires: [0] before, then one per
// timer fired. Timers fired in one chunk (one transaction) share the fingerprint taken after it.
struct Timeline {
  std::vector<std::string> states;
  std::int64_t steps = 0;
};

// The loop for an operation that commits several transactions (chunks of timers): a failure
// leaves the tables as one of the clean run's states between transactions, and a retry finishes
// the run.
void multi_transaction_loop(const EngineRig::Setup& setup, const std::function<workflows::Result<int>(EngineRig&)>& op,
                            const std::function<void(EngineRig&, std::size_t reached)>& after_failure = {}) {
  Timeline clean;
  {
    EngineRig rig(setup);
    clean.states.push_back(rig.fingerprint());
    rig.engine->set_on_timer_fired([&](double) { clean.states.push_back(rig.fingerprint()); });
    const auto s0 = rig.db().statements_run();
    auto fired = op(rig);
    REQUIRE(fired);
    rig.engine->set_on_timer_fired({});
    clean.steps = rig.db().statements_run() - s0;
    REQUIRE(*fired == static_cast<int>(clean.states.size()) - 1);
  }
  const std::size_t k = clean.states.size() - 1;
  REQUIRE(k >= 3);  // several timers, so several transactions
  int mid_run = 0, absorbed = 0;
  for (int n = 1; n <= clean.steps + 1; ++n) {
    CAPTURE(n, clean.steps);
    EngineRig rig(setup);
    rig.db().fail_at_statement(n);
    auto fired = op(rig);
    rig.db().fail_at_statement(0);
    if (fired) {
      // Past the last step, or a failure the engine absorbs by design: the writer's hourly
      // forgetting of old idempotency keys logs a failure and tries again an hour later.
      if (n <= clean.steps) ++absorbed;
      CHECK(*fired == static_cast<int>(k));
      CHECK(rig.fingerprint() == clean.states.back());
      continue;
    }
    check_injected(fired.error());
    const std::string now = rig.fingerprint();
    // A state the clean run passed through, never half of one (the last, when only a read after
    // the last commit failed).
    // The last timer with this fingerprint: every timer of its chunk has fired.
    auto it = std::find(clean.states.rbegin(), clean.states.rend(), now);
    REQUIRE(it != clean.states.rend());
    const auto reached = static_cast<std::size_t>(clean.states.rend() - it) - 1;
    if (reached > 0) ++mid_run;
    if (after_failure) after_failure(rig, reached);
    auto again = op(rig);
    REQUIRE(again);
    CHECK(*again == static_cast<int>(k - reached));  // each timer fires once over both calls
    CHECK(rig.fingerprint() == clean.states.back());
  }
  CHECK(mid_run > 0);  // some failures came after timers had already committed
  CHECK(absorbed * 10 < clean.steps);  // nearly every statement's failure is reported
}

// 20 April 2026: plan_due's reminder (22 January), plan_due (25 January: escalated), the decision
// on a warning notice (back to supported) and the timers of supported again have fired.
const daemon::Clock::time_point kLater = test::utc(2026, 4, 20, 12);

}  // namespace

TEST_CASE("fault loop: firing due timers fails at every statement, each timer fires once", "[engine][fault][timers]") {
  multi_transaction_loop(amber_school, [](EngineRig& r) {
    r.clock.set(kLater);
    return r.engine->fire_due(r.clock.now_utc());
  });
}

TEST_CASE("fault loop: a clock advance fails at every statement, the clock stops where the work did",
          "[engine][fault][timers][scheduler]") {
  boost::asio::io_context io;  // never run: the scheduler is not started, advance_to posts nothing
  const auto start = test::rig_start();
  auto op = [&](EngineRig& r) {
    daemon::Scheduler scheduler(io, *r.engine, r.clock);
    return scheduler.advance_to(kLater);
  };
  auto check_clock = [&](EngineRig& r, std::size_t reached) {
    const auto at = r.clock.now_utc();
    INFO("clock at " << daemon::format_utc(at) << " after " << reached << " timer(s)");
    CHECK(at < kLater);
    if (reached == 0) CHECK(at == start);
    // The clock never shows an instant before what the history has already recorded (the next
    // event would be recorded earlier than what it follows), and no timer due before it is still
    // pending (one due at it, when its instant's firing failed part-way, fires on the re-arm).
    const auto at_s = daemon::to_unix_seconds(at);
    CHECK(r.count("SELECT MAX(recorded_at) FROM history") <= at_s);
    CHECK(r.count("SELECT COUNT(*) FROM timers WHERE fire_at < " + std::to_string(at_s)) == 0);
    const auto last = r.count("SELECT MAX(recorded_at) FROM history");
    if (last < at_s) CHECK(r.count("SELECT COUNT(*) FROM timers WHERE fire_at <= " + std::to_string(at_s)) == 0);
  };
  multi_transaction_loop(amber_school, op, check_clock);
}
