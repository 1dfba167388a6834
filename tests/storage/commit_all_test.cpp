// Database::commit_all (the all-or-nothing transaction of a bulk import) and registered_among.
#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "tests/storage/sqlite_helpers.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;

namespace {

std::vector<storage::SchoolCommit> registrations(std::initializer_list<const char*> ids) {
  std::vector<storage::SchoolCommit> out;
  for (const char* id : ids) out.push_back(test::make_registration(id));
  return out;
}

std::size_t school_count(storage::Database& db) {
  auto list = db.list_schools();
  REQUIRE(list);
  return list->size();
}

}  // namespace

TEST_CASE("commit_all: every item or none, the failing item is named", "[storage]") {
  test::TempDir dir;
  auto db = test::open_db(dir / "sif.db");
  REQUIRE(db->commit(test::make_registration("3"), test::test_fire_at, 10));

  std::ptrdiff_t failed = -2;
  auto refused = db->commit_all(registrations({"1", "2", "3", "4"}), test::test_fire_at, 20, &failed);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == workflows::ErrorCode::kConflict);
  CHECK(refused.error().message == "school 3 is already registered");
  CHECK(failed == 2);
  CHECK(school_count(*db) == 1);  // 1 and 2 were written, then rolled back with the rest
  auto outbox = db->outbox_list(std::nullopt);
  REQUIRE(outbox);
  CHECK(outbox->size() == 1);  // only school 3's registration notice

  auto done = db->commit_all(registrations({"1", "2", "4"}), test::test_fire_at, 30, &failed);
  REQUIRE(done);
  CHECK(failed == -1);
  REQUIRE(done->size() == 3);
  for (const auto& r : *done) CHECK(r.seq == 1);
  CHECK(school_count(*db) == 4);
  auto h = db->history("4");
  REQUIRE(h);
  REQUIRE(h->size() == 2);
  CHECK(h->front().recorded_at == 30);
}

TEST_CASE("commit_all: a fault at any statement leaves nothing, and the next call works", "[storage][fault]") {
  test::TempDir dir;
  auto db = test::open_db(dir / "sif.db");
  const auto batch = registrations({"1", "2", "3"});
  int failures = 0;
  for (int n = 1;; ++n) {
    INFO("failing statement " << n);
    const std::int64_t before = db->statements_run();
    db->fail_at_statement(n);
    std::ptrdiff_t failed = -2;
    auto r = db->commit_all(batch, test::test_fire_at, 20, &failed);
    db->fail_at_statement(0);
    if (db->statements_run() - before < n) {
      REQUIRE(r);  // ran to the end without reaching the fault
      CHECK(school_count(*db) == 3);
      break;
    }
    REQUIRE_FALSE(r);
    ++failures;
    CHECK(r.error().code == workflows::ErrorCode::kIo);
    CHECK(failed >= -1);
    CHECK(failed < 3);
    CHECK(school_count(*db) == 0);
    auto audit = db->verify_audit();
    REQUIRE(audit);
    CHECK(audit->ok);
  }
  CHECK(failures >= 3 * 4);  // BEGIN, COMMIT and several statements per school
}

TEST_CASE("registered_among: the ids that are registered, in the order asked", "[storage]") {
  test::TempDir dir;
  auto db = test::open_db(dir / "sif.db");
  REQUIRE(db->commit_all(registrations({"7", "9"}), test::test_fire_at, 10));
  auto r = db->registered_among({"9", "8", "7", "", "9x"});
  REQUIRE(r);
  CHECK(*r == std::vector<std::string>{"9", "7"});
  auto none = db->registered_among({});
  REQUIRE(none);
  CHECK(none->empty());
}
