// A commit writes only the timers rows that changed (issue #10): triggers on a connection of the
// test's own count every insert, update and delete of a `timers` row the Database makes.
#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "tests/storage/sqlite_helpers.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;

namespace {

const storage::FireAtFn kFireAt = test::test_fire_at;

// Counts row writes on `timers` into timer_writes(op), from now on.
void count_timer_writes(const std::filesystem::path& p) {
  test::raw_sql(p,
                "CREATE TABLE timer_writes (op TEXT NOT NULL);"
                "CREATE TRIGGER tw_ins AFTER INSERT ON timers BEGIN INSERT INTO timer_writes VALUES ('insert'); END;"
                "CREATE TRIGGER tw_upd AFTER UPDATE ON timers BEGIN INSERT INTO timer_writes VALUES ('update'); END;"
                "CREATE TRIGGER tw_del AFTER DELETE ON timers BEGIN INSERT INTO timer_writes VALUES ('delete'); END;");
}

std::string writes(const std::filesystem::path& p, const std::string& op) {
  return test::raw_value(p, "SELECT COUNT(*) FROM timer_writes WHERE op = '" + op + "'");
}

storage::SchoolCommit next_commit(const std::string& id, std::int64_t seq, workflows::SchoolState next) {
  storage::SchoolCommit c;
  c.school_id = id;
  c.expected_seq = seq;
  c.next = std::move(next);
  c.history = {test::make_entry("note.recorded", "monitoring", "monitoring")};
  return c;
}

}  // namespace

TEST_CASE("a commit writes only the timers that changed", "[storage]") {
  test::TempDir dir;
  const auto path = dir / "sif.db";
  auto db = test::open_db(path);
  auto reg = test::make_registration("1");
  reg.next.instances[0].timers.push_back(
      test::make_timer("a_reminder", workflows::make_date(2026, 1, 26), workflows::TimerKind::kReminder));
  REQUIRE(db->commit(reg, kFireAt, 10));
  count_timer_writes(path);

  // state + event -> same timers: no timer row is written.
  workflows::SchoolState s = reg.next;
  REQUIRE(db->commit(next_commit("1", 1, s), kFireAt, 20));
  CHECK(writes(path, "insert") == "0");
  CHECK(writes(path, "update") == "0");
  CHECK(writes(path, "delete") == "0");

  // One timer moves, one goes, one comes: three row writes, the untouched reminder none.
  s.instances[0].timers = {
      test::make_timer("a_reminder", workflows::make_date(2026, 1, 26), workflows::TimerKind::kReminder),
      test::make_timer("report_due", workflows::make_date(2026, 3, 2))};
  REQUIRE(db->commit(next_commit("1", 2, s), kFireAt, 30));
  CHECK(writes(path, "insert") == "1");
  CHECK(writes(path, "delete") == "1");
  CHECK(writes(path, "update") == "0");
  s.instances[0].timers[1].due = workflows::make_date(2026, 3, 9);
  s.instances[0].timers[1].fires = workflows::make_date(2026, 3, 9);
  REQUIRE(db->commit(next_commit("1", 3, s), kFireAt, 40));
  CHECK(writes(path, "update") == "1");

  // What is stored is what a wholesale rewrite would have stored.
  auto rows = db->timers_for_school("1");
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].timer == "a_reminder");
  CHECK((*rows)[1].timer == "report_due");
  CHECK((*rows)[1].due == workflows::make_date(2026, 3, 9));
  CHECK((*rows)[1].fire_at == test::test_fire_at_day(workflows::make_date(2026, 3, 9)));

  // The instance finishing removes both of its rows.
  s.instances[0].final = true;
  REQUIRE(db->commit(next_commit("1", 4, s), kFireAt, 50));
  CHECK(writes(path, "delete") == "3");
  auto left = db->timers_for_school("1");
  REQUIRE(left);
  CHECK(left->empty());
}

TEST_CASE("two pending timers with one id in one instance are refused and change nothing", "[storage]") {
  test::TempDir dir;
  auto db = test::open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("1"), kFireAt, 10));
  workflows::SchoolState s = test::make_state("1");
  s.instances[0].timers.push_back(test::make_timer("review_due", workflows::make_date(2026, 3, 2)));
  auto r = db->commit(next_commit("1", 1, s), kFireAt, 20);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == workflows::ErrorCode::kConflict);
  auto rows = db->timers_for_school("1");
  REQUIRE(rows);
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].due == workflows::make_date(2026, 2, 2));
}
