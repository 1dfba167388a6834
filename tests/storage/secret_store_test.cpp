// Database::secret: a secret sifd makes once (the calendar feed key) is kept for good, across
// reopening, and a database that cannot be written still answers the one it holds.
#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "tests/storage/sqlite_helpers.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;

TEST_CASE("secrets: the first value stored is kept, across reopening", "[storage][secrets]") {
  test::TempDir dir;
  const auto path = dir / "sif.db";
  {
    auto db = test::open_db(path);
    auto first = db->secret("feed_hmac_sha256", "aa11", 100);
    REQUIRE(first);
    CHECK(*first == "aa11");
    // A later start offers a new random candidate: the stored secret wins.
    auto again = db->secret("feed_hmac_sha256", "bb22", 200);
    REQUIRE(again);
    CHECK(*again == "aa11");
    // Another name is another secret.
    CHECK(db->secret("other", "cc33", 200).value() == "cc33");
  }
  auto reopened = test::open_db(path);
  CHECK(reopened->secret("feed_hmac_sha256", "dd44", 300).value() == "aa11");

  auto empty_name = reopened->secret("", "x", 300);
  REQUIRE_FALSE(empty_name);
  CHECK(empty_name.error().code == workflows::ErrorCode::kInvalidInput);
  CHECK_FALSE(reopened->secret("feed_hmac_sha256", "", 300));
}

TEST_CASE("secrets: a stored secret is answered without writing, a failed write stores nothing", "[storage][secrets][fault]") {
  test::TempDir dir;
  auto db = test::open_db(dir / "sif.db");
  // The insert (the second statement) fails: the error says so and nothing is kept.
  db->fail_at_statement(2);
  auto failed = db->secret("feed_hmac_sha256", "aa11", 100);
  db->fail_at_statement(0);
  REQUIRE_FALSE(failed);
  CHECK(failed.error().code == workflows::ErrorCode::kIo);
  CHECK(db->secret("feed_hmac_sha256", "bb22", 100).value() == "bb22");
  // Once stored, only one statement runs (the read): a write failing would not matter.
  db->fail_at_statement(2);
  auto read = db->secret("feed_hmac_sha256", "cc33", 200);
  db->fail_at_statement(0);
  REQUIRE(read);
  CHECK(*read == "bb22");
}
