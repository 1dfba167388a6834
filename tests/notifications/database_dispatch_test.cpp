// The dispatcher over the real outbox (storage::Database on a temporary file), delivering to
// the default maildir channel; with failures injected into the channel and into SQLite.
#include <catch2/catch.hpp>

#include <date/date.h>

#include <map>

#include "notifications/dispatcher.hpp"
#include "notifications/maildir_channel.hpp"
#include "storage/database.hpp"
#include "test_util.hpp"
#include "tests/support/fake_channel.hpp"

using namespace sif;
using namespace std::chrono_literals;
using storage::OutboxStatus;

namespace {

// 2026-01-16 08:00 UTC.
const notifications::TimePoint kNow = date::sys_days{date::year{2026} / 1 / 16} + 8h;
const storage::UnixSeconds kNowS = notifications::to_unix_ceil(kNow);

storage::UnixSeconds fire_at(const std::string&, const workflows::PendingTimer& t) {
  return static_cast<storage::UnixSeconds>(t.fires.time_since_epoch().count()) * 86400 + 8 * 3600;
}

workflows::NoticeEffect notice(std::string tmpl, std::vector<std::string> to, std::vector<std::string> cc = {}) {
  workflows::NoticeEffect n;
  n.instance = "main";
  n.workflow = "main";
  n.template_id = std::move(tmpl);
  n.to = std::move(to);
  n.cc = std::move(cc);
  n.data = {{"school.name", "Brook Primary"},
            {"deadline.review_due", "2026-02-02"},
            {"deadline.review_due.words", "Monday 2 February 2026"}};
  n.reason = "entered monitoring";
  return n;
}

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db;
  notifications::DispatcherOptions options;

  Fixture() {
    test::write_file(dir.path() / "templates" / "review.txt",
                     "Subject: Review due at {{school.name}}\n\nThe review is due on {{deadline.review_due.words}}"
                     " ({{deadline.review_due}}).\n");
    auto opened = storage::Database::open(dir.path() / "sif.db");
    if (!opened) throw std::runtime_error(opened.error().message);
    db = std::move(*opened);
    options.templates_dir = dir.path() / "templates";
    options.default_contacts = {{"link_adviser", {"SI team", "si@council.gov.uk", ""}}};
    options.backoff.initial = 60s;
    options.backoff.max_attempts = 3;
    options.seed = 11;
  }

  // Registers school `id` with the given notices in its outbox (one transaction).
  std::vector<std::int64_t> register_school(const std::string& id, std::vector<workflows::NoticeEffect> notices) {
    storage::SchoolCommit c;
    c.school_id = id;
    c.next.school.id = id;
    c.next.school.name = "Brook Primary";
    c.next.school.la = "Leicester";
    c.next.school.framework = "leicester-2007";
    c.next.school.contacts["headteacher"] = {"Ann Head", "head@brook.sch.uk", ""};
    c.notices = std::move(notices);
    auto r = db->commit(c, fire_at, kNowS - 60);
    if (!r) throw std::runtime_error(r.error().message);
    return r->outbox_ids;
  }
};

}  // namespace

TEST_CASE("dispatcher drains the database outbox into the maildir", "[notifications][dispatcher][storage]") {
  Fixture f;
  auto ids = f.register_school("120001", {notice("review", {"headteacher"}, {"link_adviser"}),
                                          notice("review", {"governing_body"})});
  notifications::MaildirChannel ch{{f.dir.path() / "notices", {"SI", "si@council.gov.uk", ""}}};
  notifications::Dispatcher d{*f.db, ch, f.options};
  CHECK(d.drain_once(kNow) == 2);

  auto sent = f.db->outbox_get(ids[0]);
  REQUIRE(sent);
  REQUIRE(sent->has_value());
  CHECK((*sent)->status == OutboxStatus::kSent);
  const auto path = ch.path_for((*sent)->key);
  REQUIRE(std::filesystem::exists(path));
  auto mail = test::parse_mail(test::read_text(path));
  CHECK(mail.header("subject") == "Review due at Brook Primary");
  CHECK(mail.header("to") == "Ann Head <head@brook.sch.uk>");
  CHECK(mail.header("cc") == "SI team <si@council.gov.uk>");
  CHECK(mail.header("message-id") == "<" + (*sent)->key + "@sif>");
  // Both parts: the text as written, and its HTML form.
  const std::string body = test::decode_qp(mail.body);
  CHECK(body.find("Content-Type: text/plain") != std::string::npos);
  CHECK(body.find("The review is due on Monday 2 February 2026 (2026-02-02).\n") != std::string::npos);
  CHECK(body.find("Content-Type: text/html") != std::string::npos);
  CHECK(body.find("<p>The review is due on Monday 2 February 2026 (2026-02-02).</p>") != std::string::npos);

  // No governing_body contact: dead, visible in the listing with the role and school named.
  auto dead = f.db->outbox_list(OutboxStatus::kDead);
  REQUIRE(dead);
  REQUIRE(dead->size() == 1);
  CHECK(dead->at(0).id == ids[1]);
  CHECK(dead->at(0).last_error.find("no email address for role governing_body at school 120001 (Brook Primary)") !=
        std::string::npos);
  CHECK_FALSE(d.next_due());

  // Retry of a dead notice resets it to pending; still no contact, so it dies again.
  REQUIRE(f.db->outbox_retry(ids[1], kNowS));
  CHECK(d.next_due() == notifications::TimePoint{std::chrono::seconds{kNowS}});
  CHECK(d.drain_once(kNow) == 1);
  CHECK(f.db->outbox_count(OutboxStatus::kDead).value() == 1);
}

TEST_CASE("dispatcher over the database: a failure at every channel call N loses nothing",
          "[notifications][dispatcher][storage][fault]") {
  for (int n = 0;; ++n) {
    CAPTURE(n);
    Fixture f;
    f.register_school("120001", {notice("review", {"headteacher"}), notice("review", {"headteacher"}),
                                 notice("review", {"link_adviser"})});
    test::FakeChannel ch{n};
    notifications::Dispatcher d{*f.db, ch, f.options};
    auto now = kNow;
    for (int i = 0; i < 20; ++i) {
      d.drain_once(now);
      auto next = d.next_due();
      if (!next) break;
      now = std::max(now, *next);
    }
    CHECK(f.db->outbox_count(OutboxStatus::kSent).value() == 3);
    CHECK(f.db->outbox_count(OutboxStatus::kPending).value() == 0);
    std::map<std::string, int> by_id;
    for (const auto& m : ch.accepted) ++by_id[m.id];
    CHECK(by_id.size() == 3);
    for (const auto& [id, count] : by_id) CHECK(count == 1);
    if (ch.failures() == 0) break;
  }
}

TEST_CASE("dispatcher over the database: an I/O error at every statement N loses nothing",
          "[notifications][dispatcher][storage][fault]") {
  // Size the loop: statements one clean drain runs.
  std::int64_t clean_statements = 0;
  {
    Fixture f;
    f.register_school("120001", {notice("review", {"headteacher"}), notice("review", {"headteacher"})});
    test::FakeChannel ch;
    notifications::Dispatcher d{*f.db, ch, f.options};
    const auto before = f.db->statements_run();
    d.drain_once(kNow);
    clean_statements = f.db->statements_run() - before;
  }
  REQUIRE(clean_statements > 0);
  int injected = 0;
  for (int n = 1; n <= clean_statements + 1; ++n) {
    CAPTURE(n);
    Fixture f;
    f.register_school("120001", {notice("review", {"headteacher"}), notice("review", {"headteacher"})});
    test::FakeChannel ch;
    notifications::Dispatcher d{*f.db, ch, f.options};
    f.db->fail_at_statement(n);
    auto now = kNow;
    for (int i = 0; i < 20; ++i) {
      d.drain_once(now);
      f.db->fail_at_statement(0);
      auto next = d.next_due();
      if (!next) break;
      now = std::max(now + 1s, *next);
    }
    // Every notice ends sent; a notice whose mark-sent failed was sent again with the same id.
    CHECK(f.db->outbox_count(OutboxStatus::kSent).value() == 2);
    std::map<std::string, int> by_id;
    for (const auto& m : ch.accepted) ++by_id[m.id];
    CHECK(by_id.size() == 2);
    CHECK(ch.accepted.size() <= 3);
    injected += d.stats().store_errors > 0 ? 1 : 0;
  }
  CHECK(injected > 0);  // the loop did hit the dispatcher's reads and marks
}
