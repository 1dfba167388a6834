#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/hash_chain.hpp"
#include "tests/storage/sqlite_helpers.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
using storage::Database;

using test::open_db;
using test::raw_sql;
using test::raw_value;

namespace {

const storage::FireAtFn kFireAt = test::test_fire_at;

}  // namespace

TEST_CASE("open migrates a new file and refuses a newer schema", "[storage]") {
  test::TempDir dir;
  auto path = dir / "sif.db";
  {
    auto db = open_db(path);
    CHECK(db->schema_version() == Database::latest_schema_version());
    CHECK(Database::latest_schema_version() >= 2);
  }
  {
    auto db = open_db(path);  // reopening applies nothing new
    CHECK(db->schema_version() == Database::latest_schema_version());
  }
  raw_sql(path, "INSERT INTO schema_version (version, description) VALUES (99, 'from the future')");
  auto refused = Database::open(path);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == workflows::ErrorCode::kCorruption);
  CHECK_THAT(refused.error().message, Catch::Contains("99") &&
                                          Catch::Contains("(" + std::to_string(Database::latest_schema_version()) + ")"));
}

TEST_CASE("a migration stopped half way resumes from the last applied version", "[storage]") {
  test::TempDir dir;
  auto path = dir / "sif.db";
  { auto db = open_db(path); }
  // Pretend only migration 1 ran: drop what 2 created (3 recreated the outbox indexes), the
  // columns 4 added, and the later version rows. Migration 3 then rebuilds an outbox that is already in its shape.
  raw_sql(path,
          "DROP INDEX timers_by_fire_at; DROP INDEX timers_by_due; DROP INDEX outbox_by_status;"
          "DROP INDEX outbox_by_school; DROP INDEX schools_by_framework;"
          "DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete;"
          "DROP INDEX IF EXISTS timers_windows; DROP INDEX IF EXISTS schools_with_overdue; DROP INDEX IF EXISTS outbox_by_template;"
          "ALTER TABLE schools DROP COLUMN overdue; ALTER TABLE schools DROP COLUMN emails;"  // migration 8
          "ALTER TABLE timers DROP COLUMN meaning; ALTER TABLE timers DROP COLUMN fires;"
          "ALTER TABLE timers DROP COLUMN late;"
          "DROP INDEX idempotency_by_created; ALTER TABLE idempotency DROP COLUMN request;"
          "ALTER TABLE idempotency RENAME COLUMN registered TO status;"  // migration 9
          + std::string(test::kUndoMigration10) + "DELETE FROM schema_version WHERE version >= 2");
  auto db = open_db(path);
  CHECK(db->schema_version() == Database::latest_schema_version());
}

TEST_CASE("commit stores snapshot, history, timers, outbox, load reads them back", "[storage]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  auto reg = test::make_registration("100001");
  auto r = db->commit(reg, kFireAt, 1000);
  REQUIRE(r);
  CHECK(r->seq == 1);
  CHECK(r->first_history_seq == 1);
  CHECK(r->outbox_ids.size() == 1);

  auto loaded = db->load_school("100001");
  REQUIRE(loaded);
  REQUIRE(loaded->has_value());
  CHECK((*loaded)->seq == 1);
  CHECK((*loaded)->created_at == 1000);
  CHECK((*loaded)->state.instances.size() == 2);
  CHECK((*loaded)->state.category == "amber");

  auto missing = db->load_school("999");
  REQUIRE(missing);
  CHECK_FALSE(missing->has_value());

  auto timers = db->timers_for_school("100001");
  REQUIRE(timers);
  REQUIRE(timers->size() == 1);  // the finished instance's timer is not stored
  CHECK((*timers)[0].timer == "review_due");
  CHECK((*timers)[0].school_name == "School 100001");
  CHECK((*timers)[0].due == workflows::make_date(2026, 2, 2));
  CHECK((*timers)[0].fire_at == test::test_fire_at_day(workflows::make_date(2026, 2, 2)));
  CHECK((*timers)[0].provenance.rule == "Section 1");

  auto hist = db->history("100001");
  REQUIRE(hist);
  REQUIRE(hist->size() == 2);
  CHECK((*hist)[0].seq == 1);
  CHECK((*hist)[0].prev_hash.empty());
  CHECK((*hist)[0].hash.size() == 64);
  CHECK((*hist)[0].entry.event == "school.registered");

  auto list = db->list_schools();
  REQUIRE(list);
  REQUIRE(list->size() == 1);
  CHECK((*list)[0].category == "amber");
  REQUIRE((*list)[0].active.size() == 1);
  CHECK((*list)[0].active[0].state == "monitoring");
  REQUIRE((*list)[0].next_deadline);
  CHECK((*list)[0].next_deadline->timer == "review_due");
  auto filtered = db->list_schools({"other-framework", "", ""});
  REQUIRE(filtered);
  CHECK(filtered->empty());

  auto out = db->outbox_list(storage::OutboxStatus::kPending);
  REQUIRE(out);
  REQUIRE(out->size() == 1);
  CHECK((*out)[0].key == "100001/1/1");
  CHECK((*out)[0].template_id == "welcome");
  CHECK((*out)[0].to == std::vector<std::string>{"headteacher"});
}

TEST_CASE("optimistic concurrency: stale seq and double registration are conflicts", "[storage]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("1"), kFireAt, 10));
  auto again = db->commit(test::make_registration("1"), kFireAt, 11);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == workflows::ErrorCode::kConflict);

  storage::SchoolCommit next;
  next.school_id = "1";
  next.expected_seq = 1;
  next.next = test::make_state("1");
  next.history = {test::make_entry("review.held", "monitoring", "review")};
  auto ok = db->commit(next, kFireAt, 12);
  REQUIRE(ok);
  CHECK(ok->seq == 2);
  CHECK(ok->first_history_seq == 3);  // the registration wrote rows 1 and 2
  auto stale = db->commit(next, kFireAt, 13);  // still says seq 1
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == workflows::ErrorCode::kConflict);
  next.school_id = next.next.school.id = "2";
  auto unknown = db->commit(next, kFireAt, 13);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == workflows::ErrorCode::kNotFound);
  auto hist = db->history("1");
  REQUIRE(hist);
  CHECK(hist->size() == 3);
  CHECK((*hist)[1].prev_hash == (*hist)[0].hash);
  auto last = db->history("1", 1);
  REQUIRE(last);
  REQUIRE(last->size() == 1);
  CHECK(last->front().seq == 3);
}

TEST_CASE("timers are replaced from the snapshot and read in due order", "[storage]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("2"), kFireAt, 10));
  REQUIRE(db->commit(test::make_registration("1"), kFireAt, 10));
  // School 1 moves on: review_due goes, two new timers come.
  storage::SchoolCommit c;
  c.school_id = "1";
  c.expected_seq = 1;
  c.next = test::make_state("1");
  c.next.instances[0].timers = {
      test::make_timer("b_report", workflows::make_date(2026, 2, 2)),
      test::make_timer("a_reminder", workflows::make_date(2026, 1, 26), workflows::TimerKind::kReminder)};
  REQUIRE(db->commit(c, kFireAt, 20));

  auto all = db->timers_due(test::test_fire_at_day(workflows::make_date(2026, 12, 31)));
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].timer == "a_reminder");  // earliest fire_at
  CHECK((*all)[0].kind == workflows::TimerKind::kReminder);
  // Same instant: ordered by school, then timer id.
  CHECK((*all)[1].school == "1");
  CHECK((*all)[1].timer == "b_report");
  CHECK((*all)[2].school == "2");
  CHECK((*all)[2].timer == "review_due");

  auto due_now = db->timers_due(test::test_fire_at_day(workflows::make_date(2026, 1, 26)));
  REQUIRE(due_now);
  CHECK(due_now->size() == 1);
  auto limited = db->timers_due(test::test_fire_at_day(workflows::make_date(2026, 12, 31)), 2);
  REQUIRE(limited);
  CHECK(limited->size() == 2);

  auto earliest = db->earliest_fire_at();
  REQUIRE(earliest);
  REQUIRE(earliest->has_value());
  CHECK(**earliest == test::test_fire_at_day(workflows::make_date(2026, 1, 26)));

  auto feb = db->deadlines_between(workflows::make_date(2026, 2, 1), workflows::make_date(2026, 2, 28));
  REQUIRE(feb);
  REQUIRE(feb->size() == 2);
  CHECK((*feb)[0].school == "1");

  // Finishing the instance removes its timers.
  storage::SchoolCommit fin;
  fin.school_id = "1";
  fin.expected_seq = 2;
  fin.next = c.next;
  fin.next.instances[0].final = true;
  REQUIRE(db->commit(fin, kFireAt, 30));
  auto left = db->timers_for_school("1");
  REQUIRE(left);
  CHECK(left->empty());
  auto list = db->list_schools();
  REQUIRE(list);
  CHECK((*list)[0].active.empty());
  CHECK_FALSE((*list)[0].next_deadline);
}

TEST_CASE("idempotency keys are stored with the commit", "[storage]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  auto reg = test::make_registration("1");
  reg.idempotency = storage::IdempotencyRecord{"key-1", "1", true, "", 0, ""};
  reg.response_for = [](const storage::CommitResult& r) {
    return "{\"seq\":" + std::to_string(r.seq) + "}";
  };
  REQUIRE(db->commit(reg, kFireAt, 50));
  auto found = db->find_idempotency("key-1");
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->registered);
  CHECK((*found)->response_json == "{\"seq\":1}");
  CHECK((*found)->created_at == 50);
  auto none = db->find_idempotency("key-2");
  REQUIRE(none);
  CHECK_FALSE(none->has_value());

  auto reg2 = test::make_registration("2");
  reg2.idempotency = storage::IdempotencyRecord{"key-1", "2", true, "{}", 0, ""};
  auto dup = db->commit(reg2, kFireAt, 51);
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == workflows::ErrorCode::kConflict);
  auto school2 = db->load_school("2");
  REQUIRE(school2);
  CHECK_FALSE(school2->has_value());  // the whole commit rolled back
}

TEST_CASE("group commit: a failing item is rolled back alone", "[storage]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("2"), kFireAt, 10));
  std::vector<storage::SchoolCommit> batch = {test::make_registration("1"), test::make_registration("2"),
                                              test::make_registration("3")};
  auto results = db->commit_batch(batch, kFireAt, 20);
  REQUIRE(results.size() == 3);
  CHECK(results[0]);
  REQUIRE_FALSE(results[1]);
  CHECK(results[1].error().code == workflows::ErrorCode::kConflict);
  CHECK(results[2]);
  auto list = db->list_schools();
  REQUIRE(list);
  CHECK(list->size() == 3);
  auto h2 = db->history("2");
  REQUIRE(h2);
  CHECK(h2->size() == 2);
  CHECK(h2->front().recorded_at == 10);
  auto out = db->outbox_list(std::nullopt);
  REQUIRE(out);
  CHECK(out->size() == 3);
}

TEST_CASE("fault injection: a commit failing at any statement changes nothing", "[storage][fault]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("1"), kFireAt, 10));
  storage::SchoolCommit c;
  c.school_id = "1";
  c.expected_seq = 1;
  c.next = test::make_state("1");
  c.next.category = "red";
  c.next.instances[0].state = "review";  // where its history below takes it
  c.next.instances[0].timers.push_back(test::make_timer("extra", workflows::make_date(2026, 3, 2)));
  c.history = {test::make_entry("category.agreed", "monitoring", "monitoring"),
               test::make_entry("review.held", "monitoring", "review")};
  c.notices = test::make_registration("1").notices;
  c.idempotency = storage::IdempotencyRecord{"k", "1", false, "{}", 0, ""};

  int failures = 0;
  for (int n = 1;; ++n) {
    // Alternate the single and the batch path: both must be all or nothing.
    db->fail_at_statement(n);
    bool ok;
    if (n % 2) {
      ok = static_cast<bool>(db->commit(c, kFireAt, 20));
    } else {
      auto rs = db->commit_batch({c}, kFireAt, 20);
      ok = static_cast<bool>(rs.at(0));
    }
    db->fail_at_statement(0);
    auto s = db->load_school("1");
    REQUIRE(s);
    auto h = db->history("1");
    REQUIRE(h);
    auto t = db->timers_for_school("1");
    REQUIRE(t);
    auto o = db->outbox_list(std::nullopt);
    REQUIRE(o);
    auto k = db->find_idempotency("k");
    REQUIRE(k);
    if (!ok) {
      ++failures;
      INFO("failed at statement " << n);
      CHECK((*s)->seq == 1);
      CHECK((*s)->state.category == "amber");
      CHECK(h->size() == 2);
      CHECK(t->size() == 1);
      CHECK(o->size() == 1);
      CHECK_FALSE(k->has_value());
      continue;
    }
    // The first n that does not fail is past the last statement: everything is there at once.
    CHECK((*s)->seq == 2);
    CHECK((*s)->state.category == "red");
    CHECK(h->size() == 4);
    CHECK(t->size() == 2);
    CHECK(o->size() == 2);
    CHECK(k->has_value());
    break;
  }
  CHECK(failures >= 10);
  auto audit = db->verify_audit();
  REQUIRE(audit);
  CHECK(audit->ok);
}

TEST_CASE("audit verify detects an edited row and removed rows", "[storage][audit]") {
  test::TempDir dir;
  auto path = dir / "sif.db";
  {
    auto db = open_db(path);
    REQUIRE(db->commit(test::make_registration("1"), kFireAt, 10));
    REQUIRE(db->commit(test::make_registration("2"), kFireAt, 10));
    for (int i = 0; i < 3; ++i) {
      storage::SchoolCommit c;
      c.school_id = "2";
      c.expected_seq = 1 + i;
      c.next = test::make_state("2");
      c.history = {test::make_entry("note.recorded", "monitoring", "monitoring")};
      c.history[0].data = {{"text", "note " + std::to_string(i)}};
      REQUIRE(db->commit(c, kFireAt, 20 + i));
    }
    auto ok = db->verify_audit();
    REQUIRE(ok);
    CHECK(ok->ok);
    CHECK(ok->schools == 2);
    CHECK(ok->rows == 7);
  }
  raw_sql(path, "DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete;");

  SECTION("edited data") {
    raw_sql(path, "UPDATE history SET data = '{\"text\":\"nothing to see\"}' WHERE school = '2' AND seq = 3");
    auto db = open_db(path);
    auto r = db->verify_audit();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK(r->school == "2");
    CHECK(r->seq == 3);
    CHECK(r->expected_hash != r->stored_hash);
    CHECK_THAT(r->problem, Catch::Contains("edited"));
  }
  SECTION("edited row with its hash recomputed still breaks the next link") {
    raw_sql(path, "UPDATE history SET actor = 'mallory', hash = 'abc' WHERE school = '2' AND seq = 2");
    auto db = open_db(path);
    auto r = db->verify_audit();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK(r->seq == 2);
  }
  SECTION("a middle row removed") {
    raw_sql(path, "DELETE FROM history WHERE school = '2' AND seq = 2");
    auto db = open_db(path);
    auto r = db->verify_audit();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK(r->school == "2");
    CHECK(r->seq == 3);
    CHECK_THAT(r->problem, Catch::Contains("missing"));
  }
  SECTION("the newest row removed") {
    raw_sql(path, "DELETE FROM history WHERE school = '2' AND seq = 5");
    auto db = open_db(path);
    auto r = db->verify_audit();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK(r->school == "2");
    CHECK(r->seq == 5);
  }
  SECTION("a row moved back in time (recorded before the row it follows)") {
    raw_sql(path, "UPDATE history SET recorded_at = 5 WHERE school = '2' AND seq = 4");
    // The hash covers recorded_at: recompute the chain from seq 4 on, as a careful forger would.
    {
      auto db = open_db(path);
      auto rows = db->history("2");
      REQUIRE(rows);
      std::string prev = (*rows)[2].hash;
      for (std::size_t i = 3; i < rows->size(); ++i) {
        auto row = (*rows)[i];
        row.prev_hash = prev;
        row.hash = storage::history_hash(row);
        raw_sql(path, "UPDATE history SET prev_hash = '" + row.prev_hash + "', hash = '" + row.hash +
                          "' WHERE school = '2' AND seq = " + std::to_string(row.seq));
        prev = row.hash;
      }
      raw_sql(path, "UPDATE schools SET history_head = '" + prev + "' WHERE id = '2'");
    }
    auto db = open_db(path);
    auto r = db->verify_audit();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK(r->school == "2");
    CHECK(r->seq == 4);
    CHECK_THAT(r->problem, Catch::Contains("out of recorded order"));
  }
  SECTION("a snapshot edited to another state than its history leads to") {
    raw_sql(path, "UPDATE schools SET snapshot = replace(snapshot, '\"state\":\"monitoring\"', '\"state\":\"escalated\"') "
                  "WHERE id = '2'");
    auto db = open_db(path);
    auto r = db->verify_audit();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK(r->school == "2");
    CHECK_THAT(r->problem, Catch::Contains("instance main is stored in state 'escalated'") &&
                               Catch::Contains("leaves it in 'monitoring'"));
  }
}

TEST_CASE("history is append-only in the schema", "[storage][audit]") {
  test::TempDir dir;
  auto path = dir / "sif.db";
  { auto db = open_db(path); REQUIRE(db->commit(test::make_registration("1"), kFireAt, 10)); }
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.string().c_str(), &raw) == SQLITE_OK);
  CHECK(sqlite3_exec(raw, "UPDATE history SET actor = 'x'", nullptr, nullptr, nullptr) != SQLITE_OK);
  CHECK(sqlite3_exec(raw, "DELETE FROM history", nullptr, nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(raw);
}

TEST_CASE("outbox: due, failed with retry, dead, retried, sent", "[storage][outbox]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("1"), kFireAt, 100));
  auto due = db->outbox_due(100);
  REQUIRE(due);
  REQUIRE(due->size() == 1);
  auto id = due->front().id;
  CHECK(due->front().attempts == 0);
  // Every change to the school's notice moves its revision (what a cached case file checks);
  // seq, the school's commits, stays.
  auto revision = [&] {
    auto r = db->school_revision("1");
    REQUIRE(r);
    REQUIRE(r->has_value());
    return **r;
  };
  const auto registered = revision();
  CHECK(registered.seq == 1);
  CHECK(registered.notices_rev == 1);  // the registration queued one notice

  REQUIRE(db->outbox_mark_failed(id, "smtp: connection refused", 160));
  CHECK(revision() == storage::SchoolRevision{1, 2});
  auto later = db->outbox_due(159);
  REQUIRE(later);
  CHECK(later->empty());
  auto again = db->outbox_due(160);
  REQUIRE(again);
  REQUIRE(again->size() == 1);
  CHECK(again->front().attempts == 1);
  CHECK(again->front().last_error == "smtp: connection refused");

  REQUIRE(db->outbox_mark_failed(id, "smtp: 550", std::nullopt));
  auto dead = db->outbox_list(storage::OutboxStatus::kDead);
  REQUIRE(dead);
  REQUIRE(dead->size() == 1);
  CHECK(dead->front().attempts == 2);
  auto count = db->outbox_count(storage::OutboxStatus::kDead);
  REQUIRE(count);
  CHECK(*count == 1);

  REQUIRE(db->outbox_retry(id, 500));
  CHECK(revision() == storage::SchoolRevision{1, 4});
  auto retried = db->outbox_due(500);
  REQUIRE(retried);
  REQUIRE(retried->size() == 1);
  CHECK(retried->front().attempts == 0);

  REQUIRE(db->outbox_mark_sent(id, 501));
  auto sent = db->outbox_get(id);
  REQUIRE(sent);
  REQUIRE(sent->has_value());
  CHECK((*sent)->status == storage::OutboxStatus::kSent);
  CHECK((*sent)->sent_at == std::optional<storage::UnixSeconds>(501));
  CHECK_FALSE(db->outbox_retry(id, 600));  // a sent notice is not sent again
  CHECK(revision() == storage::SchoolRevision{1, 5});
  CHECK(db->outbox_mark_sent(9999, 1).error().code == workflows::ErrorCode::kNotFound);
  auto none = db->school_revision("2");
  REQUIRE(none);
  CHECK_FALSE(none->has_value());
}

TEST_CASE("timers keep what their date means and the day they fire, migration 4 reads older rows as prompts",
          "[storage]") {
  test::TempDir dir;
  const auto path = dir / "sif.db";
  {
    auto db = open_db(path);
    auto reg = test::make_registration("100001");
    // A deadline whose last day is Thu 31 Dec 2026 is overdue from Mon 4 Jan 2027.
    auto& t = reg.next.instances[0].timers[0];
    t.meaning = workflows::TimerMeaning::kDeadline;
    t.due = workflows::make_date(2026, 12, 31);
    t.fires = workflows::make_date(2027, 1, 4);
    REQUIRE(db->commit(reg, kFireAt, 1000));
    auto timers = db->timers_for_school("100001");
    REQUIRE(timers);
    REQUIRE(timers->size() == 1);
    CHECK((*timers)[0].meaning == workflows::TimerMeaning::kDeadline);
    CHECK((*timers)[0].due == workflows::make_date(2026, 12, 31));
    CHECK((*timers)[0].fires == workflows::make_date(2027, 1, 4));
    CHECK((*timers)[0].fire_at == test::test_fire_at_day(workflows::make_date(2027, 1, 4)));
    auto loaded = db->load_school("100001");
    REQUIRE(loaded);
    CHECK((*loaded)->state.instances[0].timers[0].fires == workflows::make_date(2027, 1, 4));
  }
  // Back to the version 3 shape, with a row written before timer kinds.
  raw_sql(path,
          "DROP INDEX IF EXISTS timers_windows; DROP INDEX IF EXISTS schools_with_overdue; DROP INDEX IF EXISTS outbox_by_template;"
          "ALTER TABLE schools DROP COLUMN overdue; ALTER TABLE schools DROP COLUMN emails;"  // migration 8
          "ALTER TABLE timers DROP COLUMN meaning; ALTER TABLE timers DROP COLUMN fires;"
          "ALTER TABLE timers DROP COLUMN late; DROP INDEX idempotency_by_created;"
          "ALTER TABLE idempotency DROP COLUMN request;"
          "ALTER TABLE idempotency RENAME COLUMN registered TO status;"  // migration 9
          + std::string(test::kUndoMigration10) + "DELETE FROM schema_version WHERE version >= 4");
  auto db = open_db(path);
  CHECK(db->schema_version() == Database::latest_schema_version());
  auto timers = db->timers_for_school("100001");
  REQUIRE(timers);
  REQUIRE(timers->size() == 1);
  CHECK((*timers)[0].meaning == workflows::TimerMeaning::kPrompt);
  CHECK((*timers)[0].fires == workflows::make_date(2026, 12, 31));  // it fires on its due date, as it did
  CHECK(raw_value(path, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("migration 9: an idempotency key stored with its HTTP status keeps whether it registered a school",
          "[storage]") {
  test::TempDir dir;
  const auto path = dir / "sif.db";
  { auto db = open_db(path); }
  // The version 8 shape: the first answer's HTTP status, 201 for a registration, 200 for an event.
  raw_sql(path,
          "ALTER TABLE idempotency RENAME COLUMN registered TO status;"
          "INSERT INTO idempotency (key, school, status, response, created_at, request) VALUES"
          " ('reg', '100001', 201, '{}', 10, ''), ('ev', '100001', 200, '{}', 11, '');"
          + std::string(test::kUndoMigration10) + "DELETE FROM schema_version WHERE version >= 9");
  auto db = open_db(path);
  CHECK(db->schema_version() == Database::latest_schema_version());
  auto reg = db->find_idempotency("reg");
  REQUIRE(reg);
  REQUIRE(reg->has_value());
  CHECK((*reg)->registered);
  auto ev = db->find_idempotency("ev");
  REQUIRE(ev);
  REQUIRE(ev->has_value());
  CHECK_FALSE((*ev)->registered);
}
