#include <catch2/catch.hpp>

#include <date/date.h>

#include <map>
#include <set>

#include "memory_outbox.hpp"
#include "notifications/dispatcher.hpp"
#include "tests/support/fake_channel.hpp"
#include "test_util.hpp"

using namespace sif;
using namespace std::chrono_literals;
using storage::OutboxStatus;

namespace {

// 2026-01-16 08:00 UTC (GMT in London, so the local date is the same).
const notifications::TimePoint kStart = date::sys_days{date::year{2026} / 1 / 16} + 8h;

struct Fixture {
  test::TempDir dir;
  test::MemoryOutbox outbox;
  notifications::DispatcherOptions options;

  Fixture() {
    test::write_file(dir.path() / "letter.txt",
                     "Subject: Letter to {{school.name}}\n\nDear {{recipients.to}}, ends {{deadline.end_words}}.\n"
                     "{{#recipients.cc}}Copies: {{recipients.cc}}\n{{/recipients.cc}}");
    workflows::School s;
    s.id = "120001";
    s.name = "Brook Primary";
    s.la = "Leicester";
    s.contacts["governing_body"] = {"Chair of Governors", "governors@brook.sch.uk", ""};
    s.contacts["headteacher"] = {"Ann Head", "head@brook.sch.uk", ""};
    outbox.schools[s.id] = s;
    options.templates_dir = dir.path();
    options.default_contacts = {{"ofsted", {"Ofsted", "enquiries@ofsted.gov.uk", ""}}};
    options.backoff.initial = 60s;
    options.backoff.max_delay = 3600s;
    options.backoff.jitter = 0.25;
    options.backoff.max_attempts = 4;
    options.seed = 7;
  }
  std::int64_t add_letter() {
    return outbox.add("120001", "letter", {"governing_body"}, {"headteacher", "ofsted"},
                      {{"deadline.end_words", "Friday 6 February 2026"}});
  }
};

// Drains until nothing is pending, moving the clock to each next attempt (a manual clock).
// Returns the number of drain calls; bounded so a bug cannot loop forever.
int drain_all(notifications::Dispatcher& d, notifications::TimePoint& now) {
  int calls = 0;
  for (; calls < 100; ++calls) {
    d.drain_once(now);
    auto next = d.next_due();
    if (!next) break;
    now = std::max(now, *next);
  }
  return calls;
}

}  // namespace

TEST_CASE("dispatcher renders, routes and sends a notice", "[notifications][dispatcher]") {
  Fixture f;
  const auto id = f.add_letter();
  test::FakeChannel ch;
  notifications::Dispatcher d{f.outbox, ch, f.options};
  CHECK(d.drain_once(kStart) == 1);
  REQUIRE(ch.accepted.size() == 1);
  const auto& m = ch.accepted[0];
  CHECK(m.id == "120001/1/1");
  CHECK(m.message_id() == "<120001/1/1@sif>");
  CHECK(m.header("Idempotency-Key") == "120001/1/1");
  CHECK(m.subject == "Letter to Brook Primary");
  CHECK(m.text == "Dear Chair of Governors, ends Friday 6 February 2026.\nCopies: Ann Head, Ofsted\n");
  CHECK(m.to.size() == 1);
  CHECK(m.cc.size() == 2);
  CHECK(m.data.at("today_words") == "Friday 16 January 2026");
  CHECK(f.outbox.row(id).status == OutboxStatus::kSent);
  CHECK(d.stats().sent == 1);
  CHECK(d.drain_once(kStart + 1h) == 0);  // nothing left
  CHECK_FALSE(d.next_due());
}

// A contact known only by an email address is called by its role's title in the framework, as
// the notice carries it (role.<id>), and never by the role id.
TEST_CASE("dispatcher: a contact with no name is addressed by the framework's title for the role",
          "[notifications][dispatcher]") {
  Fixture f;
  f.outbox.schools["120001"].contacts["link_adviser"] = {"", "ip@council.gov.uk", ""};
  f.outbox.schools["120001"].contacts["chair_of_governors"] = {"", "chair@brook.sch.uk", ""};
  f.outbox.add("120001", "letter", {"link_adviser"}, {"chair_of_governors", "ofsted"},
               {{"deadline.end_words", "Friday 6 February 2026"},
                {"role.link_adviser", "Improvement Partner (IP)"},
                {"role.ofsted", "HMCI (Ofsted)"}});
  test::FakeChannel ch;
  notifications::Dispatcher d{f.outbox, ch, f.options};
  CHECK(d.drain_once(kStart) == 1);
  REQUIRE(ch.accepted.size() == 1);
  // The framework has no title for chair_of_governors in this notice: the role in words.
  CHECK(ch.accepted[0].text ==
        "Dear Improvement Partner (IP), ends Friday 6 February 2026.\nCopies: chair of governors, Ofsted\n");
  CHECK(ch.accepted[0].text.find("link_adviser") == std::string::npos);
}

TEST_CASE("dispatcher: a missing contact or template kills the notice with a visible error",
          "[notifications][dispatcher]") {
  Fixture f;
  const auto no_role = f.outbox.add("120001", "letter", {"appointing_authority"});
  const auto no_tmpl = f.outbox.add("120001", "no-such-letter", {"governing_body"});
  const auto no_school = f.outbox.add("999999", "letter", {"governing_body"});
  test::FakeChannel ch;
  notifications::Dispatcher d{f.outbox, ch, f.options};
  CHECK(d.drain_once(kStart) == 3);
  CHECK(ch.calls() == 0);
  CHECK(f.outbox.row(no_role).status == OutboxStatus::kDead);
  CHECK(f.outbox.row(no_role).last_error.find(
            "no email address for role appointing_authority at school 120001 (Brook Primary)") !=
        std::string::npos);
  CHECK(f.outbox.row(no_tmpl).status == OutboxStatus::kDead);
  CHECK(f.outbox.row(no_tmpl).last_error.find("missing template 'no-such-letter'") != std::string::npos);
  CHECK(f.outbox.row(no_school).status == OutboxStatus::kDead);
  CHECK(d.stats().dead == 3);

  // Fixed by an officer (contact added), retried: it goes out.
  f.outbox.schools["120001"].contacts["appointing_authority"] = {"Diocese", "schools@diocese.org.uk", ""};
  f.outbox.retry(no_role, notifications::to_unix_ceil(kStart));
  CHECK(d.drain_once(kStart) == 1);
  CHECK(f.outbox.row(no_role).status == OutboxStatus::kSent);
}

TEST_CASE("dispatcher retries with backoff, then dead, retry resets", "[notifications][dispatcher]") {
  Fixture f;
  const auto id = f.add_letter();
  test::FakeChannel ch;
  ch.fail_from(0);  // the server is down
  notifications::Dispatcher d{f.outbox, ch, f.options};
  auto now = kStart;
  std::vector<storage::UnixSeconds> schedule;
  for (int i = 0; i < 10 && f.outbox.row(id).status == OutboxStatus::kPending; ++i) {
    CHECK(d.drain_once(now) == 1);
    if (f.outbox.row(id).status != OutboxStatus::kPending) break;
    schedule.push_back(f.outbox.row(id).next_attempt_at - notifications::to_unix_ceil(now));
    CHECK(d.drain_once(now) == 0);  // not due again before its time
    now = *d.next_due();
  }
  CHECK(ch.calls() == 4);  // max_attempts
  CHECK(f.outbox.row(id).status == OutboxStatus::kDead);
  CHECK(f.outbox.row(id).attempts == 4);
  CHECK(f.outbox.row(id).last_error.find("gave up after 4 attempts: fake: injected failure") == 0);
  // Seed 7, jitter 0.25: each wait is within [75%, 100%] of 60, 120, 240 s.
  REQUIRE(schedule.size() == 3);
  CHECK(schedule[0] > 45);
  CHECK(schedule[0] <= 60);
  CHECK(schedule[1] > 90);
  CHECK(schedule[1] <= 120);
  CHECK(schedule[2] > 180);
  CHECK(schedule[2] <= 240);

  ch.heal();
  f.outbox.retry(id, notifications::to_unix_ceil(now));
  CHECK(d.drain_once(now) == 1);
  CHECK(f.outbox.row(id).status == OutboxStatus::kSent);
  CHECK(ch.accepted.size() == 1);
}

TEST_CASE("dispatcher: a failure at every call N loses no notice", "[notifications][dispatcher][fault]") {
  constexpr int kNotices = 4;
  for (bool transient : {true, false}) {
    for (int n = 0;; ++n) {
      CAPTURE(transient, n);
      Fixture f;
      for (int i = 0; i < kNotices; ++i) f.add_letter();
      test::FakeChannel ch{n, transient};
      notifications::Dispatcher d{f.outbox, ch, f.options};
      auto now = kStart;
      drain_all(d, now);

      // Every notice is sent exactly once, or (a permanent failure) dead with its error.
      std::map<std::string, int> accepted;
      for (const auto& m : ch.accepted) ++accepted[m.id];
      int dead = 0;
      for (const auto& row : f.outbox.rows) {
        if (row.status == OutboxStatus::kSent) {
          CHECK(accepted[row.key] == 1);
        } else {
          REQUIRE(row.status == OutboxStatus::kDead);
          CHECK_FALSE(transient);
          CHECK(accepted.count(row.key) == 0);
          CHECK(row.last_error.find("injected failure") != std::string::npos);
          ++dead;
        }
      }
      CHECK(static_cast<int>(accepted.size()) + dead == kNotices);
      CHECK(dead == (ch.failures() > 0 && !transient ? 1 : 0));
      if (ch.failures() == 0) break;  // N beyond the last call: every point has been covered
    }
  }
}

TEST_CASE("dispatcher: a crash between send and mark-sent re-sends with the same id",
          "[notifications][dispatcher][fault]") {
  constexpr int kNotices = 3;
  for (int n = 0; n < kNotices; ++n) {
    CAPTURE(n);
    Fixture f;
    for (int i = 0; i < kNotices; ++i) f.add_letter();
    f.outbox.fail_mark_sent_at = n;
    test::FakeChannel ch;
    notifications::Dispatcher d{f.outbox, ch, f.options};
    auto now = kStart;
    d.drain_once(now);
    CHECK(f.outbox.count(OutboxStatus::kSent) == kNotices - 1);
    CHECK(d.stats().store_errors == 1);
    d.drain_once(now + 1s);  // the unmarked row is still pending and due
    CHECK(f.outbox.count(OutboxStatus::kSent) == kNotices);
    REQUIRE(ch.accepted.size() == kNotices + 1);
    // The duplicate carries the same Message-ID and Idempotency-Key: receivers de-duplicate.
    std::set<std::string> ids;
    for (const auto& m : ch.accepted) ids.insert(m.header("Idempotency-Key"));
    CHECK(ids.size() == kNotices);
    CHECK(ch.accepted.back().message_id() == ch.accepted[static_cast<std::size_t>(n)].message_id());
  }
}

TEST_CASE("dispatcher pages through more notices than one batch", "[notifications][dispatcher]") {
  Fixture f;
  f.options.batch = 2;
  for (int i = 0; i < 5; ++i) f.add_letter();
  test::FakeChannel ch;
  notifications::Dispatcher d{f.outbox, ch, f.options};
  CHECK(d.drain_once(kStart) == 5);
  CHECK(f.outbox.count(OutboxStatus::kSent) == 5);
}

TEST_CASE("london_date follows British Summer Time", "[notifications][dispatcher]") {
  // 23:30 UTC on 1 July is 00:30 BST on 2 July.
  const notifications::TimePoint t = date::sys_days{date::year{2026} / 7 / 1} + 23h + 30min;
  CHECK(notifications::london_date(t) == workflows::make_date(2026, 7, 2));
  const notifications::TimePoint w = date::sys_days{date::year{2026} / 1 / 1} + 23h + 30min;
  CHECK(notifications::london_date(w) == workflows::make_date(2026, 1, 1));
}
