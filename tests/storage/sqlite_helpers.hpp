// Opening a sif database, and raw SQL on the file behind its back (as an attacker, a careless
// admin or an old binary would), for the storage tests. Failures fail the calling test.
#pragma once

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace sif::test {

inline std::unique_ptr<storage::Database> open_db(const std::filesystem::path& p) {
  auto db = storage::Database::open(p);
  if (!db) FAIL(db.error().message << " " << db.error().details);
  return std::move(*db);
}

// Undoes migration 10 (notice_revs and the outbox triggers that count into it), for tests that
// put a file back into an older shape and let open() migrate it again.
inline constexpr const char* kUndoMigration10 =
    "DROP TRIGGER IF EXISTS outbox_insert_rev; DROP TRIGGER IF EXISTS outbox_update_rev;"
    "DROP TRIGGER IF EXISTS outbox_delete_rev; DROP TABLE notice_revs;";

inline void raw_sql(const std::filesystem::path& p, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(p.string().c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  INFO(msg);
  REQUIRE(rc == SQLITE_OK);
}


// The first column of the first row of `sql`, as text.
inline std::string raw_value(const std::filesystem::path& p, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(p.string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const auto* t = sqlite3_column_text(st, 0);
    out = t ? reinterpret_cast<const char*>(t) : "";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace sif::test
