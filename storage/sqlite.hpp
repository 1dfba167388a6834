// RAII over the SQLite C API, private to storage/: a Connection owns a sqlite3* and a cache of
// prepared statements, a Statement owns a prepared sqlite3_stmt* (or borrows a cached one). Every failure becomes workflows::Error::io naming the SQL and
// SQLite's message. The Connection carries the fault-injection counter that tests use to make
// the N-th statement step fail (SQLite's own fault-injection habit).
//
// Thread-safety: none; Database serialises all use of its Connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "workflows/result.hpp"

namespace sif::storage::detail {

class Statement;

class Connection {
 public:
  // read_only: SQLITE_OPEN_READONLY (a reader beside the writer; the file must exist).
  static workflows::Result<std::unique_ptr<Connection>> open(const std::string& path, bool read_only = false);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() { return db_; }

  // Runs one or more statements with no parameters and no rows wanted.
  workflows::Status exec(std::string_view sql);
  workflows::Result<Statement> prepare(std::string_view sql);
  // As prepare(), but the statement is compiled once per connection and kept: the Statement
  // returned borrows it and resets it (bindings cleared) when destroyed. For the statements a
  // commit runs for every school, where compiling them was a quarter of a bulk import's time.
  // If the same SQL is already borrowed (a nested use), a fresh statement is prepared instead.
  workflows::Result<Statement> cached(std::string_view sql);

  workflows::Error error(std::string_view what, std::string_view sql, int rc) const;

  // Fault injection: the n-th step from now fails (SQLITE_IOERR); 0 disables.
  void fail_at(int n) { fail_countdown_ = n; }
  // Returns true when this step must fail.
  bool tick();
  std::int64_t steps() const { return steps_; }
  // Every SQL text prepared from now on is added to *into (nullptr stops): the hot-query plan
  // test runs EXPLAIN QUERY PLAN over what a workload really prepares.
  void record_sql(std::set<std::string>* into) { recorded_ = into; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  struct CachedStmt {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_;
  std::unordered_map<std::string, CachedStmt> cache_;  // finalized before db_ is closed
  int fail_countdown_ = 0;
  std::int64_t steps_ = 0;
  std::set<std::string>* recorded_ = nullptr;
};

// One prepared statement. Bind indexes are 1-based; column indexes 0-based.
class Statement {
 public:
  Statement(Connection* conn, sqlite3_stmt* stmt, std::string sql)
      : conn_(conn), stmt_(stmt), sql_(std::move(sql)) {}
  // Borrows a cached statement: *in_use is set while this Statement lives.
  Statement(Connection* conn, sqlite3_stmt* stmt, std::string sql, bool* in_use)
      : conn_(conn), stmt_(stmt), sql_(std::move(sql)), in_use_(in_use) {}
  ~Statement();
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i);

  // true: a row is available; false: done.
  workflows::Result<bool> step();
  // Steps to completion expecting no rows (INSERT/UPDATE/DELETE).
  workflows::Status run();
  void reset();

  std::int64_t int64(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
  std::string sql_;
  bool* in_use_ = nullptr;  // borrowed from Connection's cache: reset, not finalized
};

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& c) : conn_(c) {}
  ~Transaction();
  workflows::Status begin();
  workflows::Status commit();
  void rollback();

 private:
  Connection& conn_;
  bool open_ = false;
};

}  // namespace sif::storage::detail
