// Database::outbox_enqueue (notices outside a transition: the officers' daily digest) and
// migration 3, which lets an outbox row belong to no school.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "tests/storage/sqlite_helpers.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
using storage::Database;
using storage::OutboxRow;

using test::open_db;
using test::raw_sql;
using test::raw_value;

namespace {


OutboxRow personal(const std::string& key, const std::string& email) {
  OutboxRow r;
  r.key = key;
  r.template_id = "daily-digest";
  r.to = {"link_adviser"};
  r.data = {{"recipient.email", email}, {"recipient.name", "Ann Adviser"}, {"digest.due_count", "2"}};
  r.reason = "daily digest for 2026-12-21";
  r.next_attempt_at = 5000;
  return r;
}

std::int64_t count_all(Database& db) {
  auto rows = db.outbox_list(std::nullopt);
  REQUIRE(rows);
  return static_cast<std::int64_t>(rows->size());
}

}  // namespace

TEST_CASE("outbox_enqueue: rows with and without a school, once per key", "[storage][outbox]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("100001"), test::test_fire_at, 100));  // outbox id 1

  OutboxRow with_school = personal("digest/2026-12-21/office", "office@example.org");
  with_school.school = "100001";
  const std::vector<OutboxRow> rows{personal("digest/2026-12-21/ann", "ann@example.org"), with_school};
  auto first = db->outbox_enqueue(rows, 4000);
  REQUIRE(first);
  CHECK(*first == 2);
  auto again = db->outbox_enqueue(rows, 4100);  // the same keys: nothing new
  REQUIRE(again);
  CHECK(*again == 0);
  CHECK(count_all(*db) == 3);

  auto due = db->outbox_due(5000);
  REQUIRE(due);
  REQUIRE(due->size() == 3);
  const OutboxRow& ann = (*due)[1];  // ordered by next_attempt_at: the registration's row first
  CHECK(ann.key == "digest/2026-12-21/ann");
  CHECK(ann.school.empty());
  CHECK(ann.template_id == "daily-digest");
  CHECK(ann.to == std::vector<std::string>{"link_adviser"});
  CHECK(ann.cc.empty());
  CHECK(ann.data == rows[0].data);
  CHECK(ann.reason == "daily digest for 2026-12-21");
  CHECK(ann.status == storage::OutboxStatus::kPending);
  CHECK(ann.attempts == 0);
  CHECK(ann.next_attempt_at == 5000);
  CHECK(ann.created_at == 4000);
  CHECK((*due)[2].school == "100001");
  auto not_yet = db->outbox_due(4999);
  REQUIRE(not_yet);
  CHECK(not_yet->size() == 1);

  // A school's listing holds its own rows only; the personal one is under no school.
  auto of_school = db->outbox_list(std::nullopt, "100001");
  REQUIRE(of_school);
  CHECK(of_school->size() == 2);
  CHECK(raw_value(dir / "sif.db", "SELECT COUNT(*) FROM outbox WHERE school IS NULL") == "1");

  // A sent digest is not enqueued again either.
  REQUIRE(db->outbox_mark_sent(ann.id, 5001));
  auto after_sent = db->outbox_enqueue({rows[0]}, 6000);
  REQUIRE(after_sent);
  CHECK(*after_sent == 0);
}

TEST_CASE("outbox_enqueue: a bad row inserts nothing and says which", "[storage][outbox]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  OutboxRow unknown = personal("digest/2026-12-21/x", "x@example.org");
  unknown.school = "999999";
  auto r = db->outbox_enqueue({personal("digest/2026-12-21/ann", "ann@example.org"), unknown}, 1);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == workflows::ErrorCode::kNotFound);
  CHECK_THAT(r.error().message, Catch::Contains("999999") && Catch::Contains("digest/2026-12-21/x"));
  CHECK(count_all(*db) == 0);  // the good row before it was rolled back too

  auto no_key = db->outbox_enqueue({personal("", "ann@example.org")}, 1);
  REQUIRE_FALSE(no_key);
  CHECK(no_key.error().code == workflows::ErrorCode::kInvalidInput);
  OutboxRow no_template = personal("digest/2026-12-21/ann", "ann@example.org");
  no_template.template_id.clear();
  auto nt = db->outbox_enqueue({no_template}, 1);
  REQUIRE_FALSE(nt);
  CHECK_THAT(nt.error().message, Catch::Contains("digest/2026-12-21/ann"));
  CHECK(count_all(*db) == 0);

  auto none = db->outbox_enqueue({}, 1);
  REQUIRE(none);
  CHECK(*none == 0);
}

TEST_CASE("outbox_enqueue: failing at any statement inserts nothing", "[storage][outbox][fault]") {
  test::TempDir dir;
  auto db = open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("100001"), test::test_fire_at, 100));
  OutboxRow with_school = personal("digest/2026-12-21/office", "office@example.org");
  with_school.school = "100001";
  const std::vector<OutboxRow> rows{personal("digest/2026-12-21/ann", "ann@example.org"),
                                    personal("digest/2026-12-21/bob", "bob@example.org"), with_school};
  bool succeeded = false;
  for (int n = 1; n < 50 && !succeeded; ++n) {
    INFO("failing at statement " << n);
    db->fail_at_statement(n);
    auto r = db->outbox_enqueue(rows, 200);
    db->fail_at_statement(0);
    if (r) {
      CHECK(*r == 3);
      succeeded = true;
    } else {
      CHECK(r.error().code == workflows::ErrorCode::kIo);
      CHECK(count_all(*db) == 1);  // only the registration's notice
    }
  }
  CHECK(succeeded);
  CHECK(count_all(*db) == 4);
}

TEST_CASE("migration 3: a version 2 outbox keeps its rows, ids and foreign key", "[storage]") {
  test::TempDir dir;
  const auto path = dir / "sif.db";
  {
    auto db = open_db(path);
    REQUIRE(db->commit(test::make_registration("100001"), test::test_fire_at, 100));  // outbox id 1
    REQUIRE(db->commit(test::make_registration("100002"), test::test_fire_at, 100));  // outbox id 2
  }
  // Put the file back into the version 2 shape (outbox.school NOT NULL), then remove the
  // newest row: the AUTOINCREMENT high-water mark (2) is now above the largest id (1).
  raw_sql(path, R"sql(
CREATE TABLE outbox_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
  school TEXT NOT NULL REFERENCES schools(id), instance TEXT NOT NULL, workflow TEXT NOT NULL,
  template TEXT NOT NULL, to_roles TEXT NOT NULL, cc_roles TEXT NOT NULL, data TEXT NOT NULL,
  reason TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, sent_at INTEGER);
INSERT INTO outbox_v2 SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_by_status ON outbox(status, next_attempt_at, id);
CREATE INDEX outbox_by_school ON outbox(school, id);
DELETE FROM outbox WHERE id = 2;
DROP INDEX IF EXISTS timers_windows;
DROP INDEX IF EXISTS schools_with_overdue;
ALTER TABLE schools DROP COLUMN overdue;
ALTER TABLE schools DROP COLUMN emails;
ALTER TABLE timers DROP COLUMN meaning;
ALTER TABLE timers DROP COLUMN fires;
ALTER TABLE timers DROP COLUMN late;
DROP INDEX idempotency_by_created;
ALTER TABLE idempotency DROP COLUMN request;
ALTER TABLE idempotency RENAME COLUMN registered TO status;
DELETE FROM schema_version WHERE version >= 3;
)sql" + std::string(test::kUndoMigration10));
  REQUIRE(raw_value(path, "SELECT \"notnull\" FROM pragma_table_info('outbox') WHERE name = 'school'") == "1");

  auto db = open_db(path);
  CHECK(db->schema_version() == Database::latest_schema_version());  // 3, 4 (timer kinds), 5 (keys)
  CHECK(raw_value(path, "SELECT \"notnull\" FROM pragma_table_info('outbox') WHERE name = 'school'") == "0");
  CHECK(raw_value(path, "PRAGMA integrity_check") == "ok");
  CHECK(raw_value(path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('outbox_by_status', 'outbox_by_school')") ==
        "2");

  auto kept = db->outbox_get(1);
  REQUIRE(kept);
  REQUIRE(kept->has_value());
  CHECK((*kept)->key == "100001/1/1");
  CHECK((*kept)->school == "100001");
  CHECK((*kept)->template_id == "welcome");
  CHECK((*kept)->to == std::vector<std::string>{"headteacher"});
  CHECK((*kept)->data == workflows::Data{{"school", "100001"}});

  REQUIRE(db->outbox_enqueue({personal("digest/2026-12-21/ann", "ann@example.org")}, 300));
  auto ids = db->outbox_list(std::nullopt);
  REQUIRE(ids);
  REQUIRE(ids->size() == 2);
  CHECK(ids->front().id == 3);  // never reuses id 2: receivers may have seen it
  CHECK(ids->front().school.empty());

  // The foreign key still holds for rows that name a school.
  CHECK(raw_value(path, "SELECT COUNT(*) FROM pragma_foreign_key_list('outbox') "
                        "WHERE \"table\" = 'schools' AND \"from\" = 'school'") == "1");
  CHECK(raw_value(path, "SELECT COUNT(*) FROM pragma_foreign_key_check('outbox')") == "0");
}
