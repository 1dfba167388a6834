// Fault loops from a transition to a delivered notice: the engine commits a transition and its
// outbox rows, the dispatcher reads them, sends them through a channel and marks them. With a
// failure injected at every statement of the commit, at every statement of the dispatcher's reads
// and marks, and at every call of the channel (and both at once):
//   - no notice is ever sent for a transition that did not commit;
//   - every notice of a committed transition is delivered, and each more than once only when
//     marking it sent failed after the channel accepted it (at-least-once; receivers de-duplicate
//     on the key, which a re-send keeps);
//   - none is left pending or dead once storage and the channel work again.
#include <catch2/catch.hpp>

#include <date/date.h>

#include <map>
#include <memory>
#include <set>

#include "daemon/engine.hpp"
#include "notifications/dispatcher.hpp"
#include "test_util.hpp"
#include "tests/support/engine_support.hpp"
#include "tests/support/fake_channel.hpp"
#include "tests/support/manual_clock.hpp"

using namespace sif;
using namespace std::chrono_literals;
using storage::OutboxStatus;

namespace {

const auto kMonday = test::utc(2026, 1, 5, 9);

std::shared_ptr<const config::ConfigSet> fixture_config() {
  static auto cfg = test::load_config_or_fail(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config");
  return cfg;
}

workflows::School school(const std::string& id) {
  workflows::School s;
  s.id = id;
  s.name = "Brook Primary " + id;
  s.la = "Example Borough";
  s.framework = "example-2024";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  for (const char* role : {"headteacher", "chair_of_governors", "governing_body", "link_adviser", "la_lead", "ofsted"}) {
    s.contacts[role] = {role, std::string(role) + "@" + id + ".example.org", ""};
  }
  return s;
}

workflows::Event amber() {
  workflows::Event e;
  e.type = "category.agreed";
  e.data = {{"category", "amber"}, {"date", "2026-01-05"}};
  e.actor = "officer@example.org";
  return e;
}

// An engine and a dispatcher over one database file.
struct Rig {
  test::TempDir dir;
  daemon::ManualClock clock{kMonday};
  std::unique_ptr<daemon::Engine> engine;
  notifications::DispatcherOptions options;

  Rig() {
    storage::DatabaseOptions fast;
    fast.synchronous = storage::DatabaseOptions::Synchronous::kOff;
    auto db = storage::Database::open(dir.path() / "sif.db", fast);
    REQUIRE(db);
    engine = std::make_unique<daemon::Engine>(fixture_config(), std::move(*db), clock);
    options.templates_dir = std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config/templates";
    options.backoff.initial = 60s;
    options.backoff.max_attempts = 50;  // a transient failure is retried, never given up on here
    options.seed = 3;
  }
  storage::Database& db() { return engine->database(); }

  // Drains until nothing is due, moving time to each retry; bounded.
  void drain_all(notifications::Dispatcher& d) {
    auto now = clock.now_utc();
    for (int i = 0; i < 100; ++i) {
      d.drain_once(now);
      auto next = d.next_due();
      if (!next) return;
      now = std::max(now + 1s, *next);
    }
    FAIL("notices still pending after 100 drains");
  }
  std::vector<std::string> outbox_keys(std::optional<OutboxStatus> status = std::nullopt) {
    auto rows = db().outbox_list(status);
    REQUIRE(rows);
    std::vector<std::string> keys;
    for (const auto& r : *rows) keys.push_back(r.key);
    std::sort(keys.begin(), keys.end());
    return keys;
  }
};

std::map<std::string, int> by_key(const test::FakeChannel& ch) {
  std::map<std::string, int> m;
  for (const auto& msg : ch.accepted) ++m[msg.header("Idempotency-Key")];
  return m;
}

}  // namespace

TEST_CASE("fault loop: a transition that fails to commit at any statement sends no notice, its retry sends each once",
          "[notifications][engine][fault]") {
  // The clean run: how many statements the event takes and which notices it queues.
  std::int64_t steps = 0;
  std::vector<std::string> keys;
  {
    Rig rig;
    REQUIRE(rig.engine->register_school(school("100001"), "", "admin"));
    const auto s0 = rig.db().statements_run();
    REQUIRE(rig.engine->record_event("100001", amber(), "agree"));
    steps = rig.db().statements_run() - s0;
    keys = rig.outbox_keys();
  }
  REQUIRE_FALSE(keys.empty());
  for (int n = 1; n <= steps + 1; ++n) {
    CAPTURE(n, steps);
    Rig rig;
    REQUIRE(rig.engine->register_school(school("100001"), "", "admin"));
    test::FakeChannel ch;
    notifications::Dispatcher d{rig.db(), ch, rig.options};
    rig.db().fail_at_statement(n);
    auto r = rig.engine->record_event("100001", amber(), "agree");
    rig.db().fail_at_statement(0);
    rig.drain_all(d);
    if (!r) {
      CHECK(ch.accepted.empty());  // nothing for the transition that did not commit
      CHECK(rig.outbox_keys().empty());
      REQUIRE(rig.engine->record_event("100001", amber(), "agree"));
      rig.drain_all(d);
    } else {
      CHECK(n == steps + 1);
    }
    CHECK(rig.outbox_keys(OutboxStatus::kSent) == keys);
    auto sent = by_key(ch);
    CHECK(sent.size() == keys.size());
    for (const auto& [key, times] : sent) CHECK(times == 1);
  }
}

TEST_CASE("fault loop: the dispatcher with a failing statement N and a failing channel call M loses no notice",
          "[notifications][dispatcher][fault]") {
  // Three schools in amber: three support letters pending in the outbox.
  auto setup = [](Rig& rig) {
    for (const char* id : {"100001", "100002", "100003"}) {
      REQUIRE(rig.engine->register_school(school(id), "", "admin"));
      REQUIRE(rig.engine->record_event(id, amber()));
    }
  };
  std::int64_t statements = 0;
  int calls = 0;
  std::vector<std::string> keys;
  {
    Rig rig;
    setup(rig);
    keys = rig.outbox_keys();
    test::FakeChannel ch;
    notifications::Dispatcher d{rig.db(), ch, rig.options};
    const auto s0 = rig.db().statements_run();
    rig.drain_all(d);
    statements = rig.db().statements_run() - s0;
    calls = ch.calls();
  }
  REQUIRE(keys.size() == 3);
  REQUIRE(calls == 3);
  int resent = 0;
  for (int n = 0; n <= statements + 1; ++n) {      // 0: storage never fails
    for (int m = -1; m <= calls; ++m) {            // -1: the channel never fails
      CAPTURE(n, m, statements, calls);
      Rig rig;
      setup(rig);
      test::FakeChannel ch{m < 0 ? std::nullopt : std::optional<int>(m)};
      notifications::Dispatcher d{rig.db(), ch, rig.options};
      rig.db().fail_at_statement(n);
      d.drain_once(rig.clock.now_utc());
      rig.db().fail_at_statement(0);
      rig.drain_all(d);
      CHECK(rig.outbox_keys(OutboxStatus::kSent) == keys);  // every notice sent, none dead or pending
      auto sent = by_key(ch);
      CHECK(sent.size() == keys.size());
      std::size_t extra = 0;
      for (const auto& [key, times] : sent) extra += static_cast<std::size_t>(times - 1);
      // A notice goes twice only when marking it sent failed after the channel took it.
      CHECK(extra <= d.stats().store_errors);
      resent += static_cast<int>(extra);
    }
  }
  CHECK(resent > 0);  // the grid did hit a failed mark-sent after an accepted send
}
