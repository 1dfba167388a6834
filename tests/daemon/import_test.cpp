// The CSV import through import_register() and Engine::register_schools() on a real database:
// mode=all is one transaction (a storage failure at any statement leaves none of the file's
// schools registered, and the same file then imports cleanly); valid-only commits in chunks and
// reports exactly the rows that committed, whatever fails. Fixture framework example-2024.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "daemon/api_common.hpp"
#include "daemon/engine.hpp"
#include "tests/support/engine_support.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif;
using daemon::Engine;

namespace {

std::shared_ptr<const config::ConfigSet> fixture_config() {
  static std::shared_ptr<const config::ConfigSet> cfg =
      test::load_config_or_fail(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config");
  return cfg;
}

daemon::DaemonConfig settings() {
  daemon::DaemonConfig s;
  s.la_frameworks = {{"Exampleshire", "example-2024"}};
  return s;
}

// A Windows-1252 file of `rows` schools, URNs 200001.., one name with 0x92 (a right quote).
std::string csv(int rows) {
  std::string text = "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\r\n";
  for (int i = 1; i <= rows; ++i) {
    text += std::to_string(200000 + i) + "," + (i == 2 ? std::string("St Mary\x92s") : "School " + std::to_string(i)) +
            ",Exampleshire," + (i % 2 ? "Community school" : "Voluntary aided school") + ",Primary\r\n";
  }
  return text;
}

std::vector<std::string> file_ids(int rows) {
  std::vector<std::string> ids;
  for (int i = 1; i <= rows; ++i) ids.push_back(std::to_string(200000 + i));
  return ids;
}

workflows::School other_school() {
  workflows::School s;
  s.id = "999999";
  s.name = "Not In The File";
  s.la = "Exampleshire";
  s.framework = "example-2024";
  return s;
}

// One engine on a fresh database, with one school registered outside the file.
struct Fixture {
  test::TempDir dir;
  daemon::ManualClock clock{test::utc(2026, 9, 1, 7)};
  std::unique_ptr<Engine> engine;

  explicit Fixture(daemon::EngineOptions options = {}) {
    engine = std::make_unique<Engine>(fixture_config(), test::open_database_or_fail(dir / "sif.db"), clock, options);
    REQUIRE(engine->register_school(other_school(), "", "test"));
  }
  storage::Database& db() { return engine->database(); }
  std::set<std::string> registered_from_file(int rows) {
    auto r = db().registered_among(file_ids(rows));
    REQUIRE(r);
    return {r->begin(), r->end()};
  }
};

}  // namespace

TEST_CASE("import mode=all: a storage failure at any statement registers none of the file", "[csv][fault]") {
  constexpr int kRows = 6;
  const std::string text = csv(kRows);
  int failures = 0;
  for (int n = 1;; ++n) {
    INFO("failing statement " << n);
    Fixture f;
    const std::int64_t before = f.db().statements_run();
    f.db().fail_at_statement(n);
    auto rep = daemon::import_register(*f.engine, settings(), text, "", false, "test");
    const bool fault_reached = f.db().statements_run() - before >= n;
    f.db().fail_at_statement(0);
    const auto in_db = f.registered_from_file(kRows);
    if (!fault_reached) {
      // The whole import ran in fewer than n statements: the loop has covered every one.
      REQUIRE(rep);
      CHECK(rep->registered.size() == kRows);
      CHECK(in_db.size() == kRows);
      break;
    }
    // All or nothing: an import that answered with an error (or with issues) left nothing.
    if (!rep || rep->registered.empty()) {
      ++failures;
      CHECK(in_db.empty());
      if (rep) CHECK_FALSE(rep->issues.empty());
    } else {
      CHECK(rep->registered.size() == kRows);
      CHECK(in_db.size() == kRows);
    }
    // The school registered before the import is untouched, the chains verify.
    auto other = f.db().load_school("999999");
    REQUIRE(other);
    CHECK(other->has_value());
    auto audit = f.db().verify_audit();
    REQUIRE(audit);
    CHECK(audit->ok);
    // And the same file then imports cleanly (unless it already had).
    if (in_db.empty()) {
      auto again = daemon::import_register(*f.engine, settings(), text, "", false, "test");
      REQUIRE(again);
      CHECK(again->issues.empty());
      CHECK(again->registered == file_ids(kRows));
      CHECK(f.registered_from_file(kRows).size() == kRows);
    }
  }
  // Every statement of the import's transaction was failed once: a handful per school.
  CHECK(failures >= kRows * 3);
}

TEST_CASE("import mode=all: a school already registered is an issue and nothing is registered", "[csv]") {
  Fixture f;
  workflows::School s = other_school();
  s.id = "200004";
  REQUIRE(f.engine->register_school(s, "", "test"));
  auto rep = daemon::import_register(*f.engine, settings(), csv(5), "", false, "test");
  REQUIRE(rep);
  CHECK(rep->registered.empty());
  REQUIRE(rep->issues.size() == 1);
  CHECK(rep->issues[0].at("line") == 5);
  CHECK(rep->issues[0].at("column") == "URN");
  CHECK(rep->issues[0].at("message") == "school 200004 is already registered");
  CHECK(f.registered_from_file(5) == std::set<std::string>{"200004"});
}

TEST_CASE("import valid-only: chunks commit, the report is exactly what committed", "[csv][fault]") {
  constexpr int kRows = 7;
  daemon::EngineOptions options;
  options.bulk_chunk = 3;  // 3 + 3 + 1 rows: three transactions
  const std::string text = csv(kRows);
  SECTION("a registered school is skipped alone") {
    Fixture f(options);
    workflows::School s = other_school();
    s.id = "200005";
    REQUIRE(f.engine->register_school(s, "", "test"));
    auto rep = daemon::import_register(*f.engine, settings(), text, "", true, "test");
    REQUIRE(rep);
    CHECK_FALSE(rep->stopped);
    CHECK(rep->registered ==
          std::vector<std::string>{"200001", "200002", "200003", "200004", "200006", "200007"});
    REQUIRE(rep->issues.size() == 1);
    CHECK(rep->issues[0].at("line") == 6);
    CHECK(f.registered_from_file(kRows).size() == kRows);
    auto mary = f.db().load_school("200002");
    REQUIRE(mary);
    REQUIRE(mary->has_value());
    CHECK((*mary)->state.school.name == "St Mary\xE2\x80\x99s");  // stored as UTF-8
  }
  SECTION("a storage failure at any statement: reported rows == committed rows") {
    for (int n = 1;; ++n) {
      INFO("failing statement " << n);
      Fixture f(options);
      const std::int64_t before = f.db().statements_run();
      f.db().fail_at_statement(n);
      auto rep = daemon::import_register(*f.engine, settings(), text, "", true, "test");
      const bool fault_reached = f.db().statements_run() - before >= n;
      f.db().fail_at_statement(0);
      REQUIRE(rep);
      const std::set<std::string> reported(rep->registered.begin(), rep->registered.end());
      CHECK(reported == f.registered_from_file(kRows));
      // Every row is either registered or an issue, never both.
      CHECK(rep->registered.size() + rep->issues.size() == kRows);
      if (!fault_reached) {
        CHECK(rep->registered.size() == kRows);
        break;
      }
      CHECK(rep->registered.size() < kRows);
      if (rep->stopped) {
        for (const auto& i : rep->issues) CHECK(i.at("column") == "*");
      }
      // What did not commit imports on a second run; what did is reported as registered.
      auto again = daemon::import_register(*f.engine, settings(), text, "", true, "test");
      REQUIRE(again);
      CHECK(again->registered.size() == kRows - rep->registered.size());
      CHECK(f.registered_from_file(kRows).size() == kRows);
    }
  }
}

TEST_CASE("register_schools: one transaction for all or nothing, bulk_chunk rows per chunk otherwise", "[csv]") {
  daemon::EngineOptions options;
  options.bulk_chunk = 3;
  auto schools = [](int first, int n) {
    std::vector<workflows::School> out;
    for (int i = 0; i < n; ++i) {
      workflows::School s = other_school();
      s.id = std::to_string(first + i);
      out.push_back(s);
    }
    return out;
  };
  Fixture f(options);
  auto all = f.engine->register_schools(schools(300001, 7), "test", daemon::BulkMode::kAllOrNothing);
  REQUIRE(all);
  CHECK(all->transactions == 1);
  CHECK(all->registered.size() == 7);
  auto chunked = f.engine->register_schools(schools(300101, 7), "test", daemon::BulkMode::kChunked);
  REQUIRE(chunked);
  CHECK(chunked->transactions == 3);
  CHECK(chunked->registered.size() == 7);
  // The same ids twice in one request: the second is a problem, and all-or-nothing registers none.
  auto twice = schools(300201, 2);
  twice.push_back(twice.front());
  auto dup = f.engine->register_schools(twice, "test", daemon::BulkMode::kAllOrNothing);
  REQUIRE(dup);
  CHECK(dup->registered.empty());
  CHECK_FALSE(dup->problems[0]);
  REQUIRE(dup->problems[2]);
  CHECK(dup->problems[2]->message == "school 300201 appears more than once");
  auto none = f.db().registered_among({"300201", "300202"});
  REQUIRE(none);
  CHECK(none->empty());
}
