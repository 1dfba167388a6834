// SIGTERM through a running sifd with a slow notices channel (a webhook receiver that takes
// its time to answer): sifd stops taking work, finishes the notice in flight, leaves the rest
// pending and exits at once; the next start sends the rest, none lost and none twice. A send
// stuck past shutdown_timeout_seconds is cut short (exit status 2) and goes out again, under
// the same idempotency key, on the next start.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>

#include "storage/database.hpp"
#include "tests/notifications/http_receiver.hpp"
#include "tests/notifications/test_util.hpp"
#include "tests/process/sifd_process.hpp"

using namespace sif::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kStart = "2026-09-01T07:00:00Z";

std::string webhook_settings(const HttpReceiver& hook, int shutdown_timeout_seconds = 10) {
  return "default_contacts:\n"
         "  headteacher: { name: Ann Head, email: head@brook.sch.uk }\n"
         "  link_adviser: { name: Lee Adviser, email: lee@council.gov.uk }\n"
         "  chair_of_governors: { name: Chris Chair, email: chair@brook.sch.uk }\n"
         "notifications:\n"
         "  channel: webhook\n"
         "  webhook: { url: \"" + hook.url() + "\", secret: s3cret, timeout_seconds: 30 }\n"
         "  digest: { enabled: false }\n"
         "shutdown_timeout_seconds: " + std::to_string(shutdown_timeout_seconds) + "\n";
}

// Registers `n` schools and agrees each one's category amber: one support letter each.
void queue_letters(const SifdProcess& d, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string id = std::to_string(200000 + i);
    auto reg = d.call("POST", "/v1/schools",
                      R"({"id":")" + id + R"(","name":"School )" + id +
                          R"(","la":"Exampleshire","framework":"example-2024","type":"community"})");
    REQUIRE(reg.status == 201);
    auto ev = d.call("POST", "/v1/schools/" + id + "/events",
                     R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})", kOfficerToken);
    REQUIRE(ev.status == 200);
  }
}

struct OutboxCounts {
  std::int64_t pending = -1, sent = -1, dead = -1;
};

// Read straight from the database file, with sifd stopped.
OutboxCounts outbox_counts(const SifdProcess& d) {
  auto db = sif::storage::Database::open(d.db());
  REQUIRE(db);
  OutboxCounts c;
  c.pending = *(*db)->outbox_count(sif::storage::OutboxStatus::kPending);
  c.sent = *(*db)->outbox_count(sif::storage::OutboxStatus::kSent);
  c.dead = *(*db)->outbox_count(sif::storage::OutboxStatus::kDead);
  return c;
}

std::multiset<std::string> keys_received(HttpReceiver& hook) {
  std::multiset<std::string> keys;
  for (const auto& r : hook.requests()) {
    auto it = r.headers.find("idempotency-key");
    keys.insert(it == r.headers.end() ? std::string("(none)") : it->second);
  }
  return keys;
}

}  // namespace

TEST_CASE("process: SIGTERM with a long outbox exits at once, leaving the rest pending for the next start",
          "[process][shutdown]") {
  constexpr int kLetters = 120;
  HttpReceiver hook;
  hook.set_delay(100ms);  // draining every letter would take 12 s
  SifdProcess d("shutdown");
  d.set_extra_settings(webhook_settings(hook));
  std::string why;
  REQUIRE(d.start(kStart, &why));
  INFO(why);
  queue_letters(d, kLetters);
  REQUIRE(wait_until([&] { return hook.requests().size() >= 3; }));

  const auto t0 = std::chrono::steady_clock::now();
  const int status = d.stop(SIGTERM);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  const std::size_t delivered = hook.requests().size();
  INFO("exit after " << took.count() << " ms with " << delivered << " of " << kLetters << " letters delivered");
  INFO(d.read_log());
  CHECK(status == 0);
  CHECK(took < 2s);  // one letter in flight (100 ms) and the rest of shutdown; was the whole outbox

  // Every letter delivered so far is marked sent; the others are pending, none dead.
  OutboxCounts after_stop = outbox_counts(d);
  CHECK(after_stop.sent == static_cast<std::int64_t>(delivered));
  CHECK(after_stop.pending == kLetters - static_cast<std::int64_t>(delivered));
  CHECK(after_stop.pending > 0);
  CHECK(after_stop.dead == 0);
  CHECK(d.read_log().find("notice(s) left pending; they are sent on the next start") != std::string::npos);

  // The next start sends the rest: each letter arrives exactly once.
  hook.set_delay(0ms);
  REQUIRE(d.start(kStart, &why));
  REQUIRE(wait_until([&] { return hook.requests().size() >= kLetters; }, 30s));
  CHECK(d.stop() == 0);
  const auto keys = keys_received(hook);
  CHECK(keys.size() == static_cast<std::size_t>(kLetters));
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == static_cast<std::size_t>(kLetters));
  OutboxCounts done = outbox_counts(d);
  CHECK(done.sent == kLetters);
  CHECK(done.pending == 0);
}

TEST_CASE("process: a send stuck past shutdown_timeout_seconds is cut short and goes out again on the next start",
          "[process][shutdown]") {
  HttpReceiver hook;
  hook.set_delay(20s);  // a receiver that takes the request and does not answer
  SifdProcess d("shutdown-deadline");
  d.set_extra_settings(webhook_settings(hook, /*shutdown_timeout_seconds=*/1));
  std::string why;
  REQUIRE(d.start(kStart, &why));
  INFO(why);
  queue_letters(d, 1);
  REQUIRE(wait_until([&] { return hook.requests().size() == 1; }));

  const auto t0 = std::chrono::steady_clock::now();
  const int status = d.stop(SIGTERM);
  const auto took = std::chrono::steady_clock::now() - t0;
  INFO(d.read_log());
  CHECK(status == 2);  // cut short at the deadline
  CHECK(took >= 900ms);
  CHECK(took < 5s);
  CHECK(d.read_log().find("exiting now") != std::string::npos);
  OutboxCounts cut = outbox_counts(d);
  CHECK(cut.pending == 1);
  CHECK(cut.sent == 0);

  // Sent again on the next start, with the same idempotency key, so the receiver can tell.
  hook.set_delay(0ms);
  REQUIRE(d.start(kStart, &why));
  REQUIRE(wait_until([&] { return hook.requests().size() >= 2; }, 30s));
  CHECK(d.stop() == 0);
  const auto keys = keys_received(hook);
  REQUIRE(keys.size() == 2);
  CHECK(*keys.begin() == *keys.rbegin());
  CHECK(outbox_counts(d).sent == 1);
}
