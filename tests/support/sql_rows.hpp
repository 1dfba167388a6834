// A test's own SQLite connection to a sif database file, behind the daemon's or the engine's
// back: it reads rows as text (to compare what is stored with what a test expects, and to take
// a fingerprint of every table a write may touch) and it can hold a write lock (to play the
// outside writer that makes sif's connection see SQLITE_BUSY). It never goes through
// storage::Database, so it does not move that connection's fault-injection counter.
//
// Errors throw std::runtime_error naming the SQL and SQLite's message (Catch reports them).
//
// Thread-safety: one thread per SqlRows.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace sif::test {

class SqlRows {
 public:
  using Row = std::vector<std::string>;

  // read_only: SQLITE_OPEN_READONLY (a reader beside a running writer); otherwise read-write,
  // which a file left by a killed process needs (opening it replays its WAL).
  explicit SqlRows(const std::filesystem::path& file, bool read_only = false) {
    const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(file.string().c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error("cannot open " + file.string() + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~SqlRows() { sqlite3_close_v2(db_); }
  SqlRows(const SqlRows&) = delete;
  SqlRows& operator=(const SqlRows&) = delete;

  // Every row of `sql`, each column as text ("" for NULL).
  std::vector<Row> rows(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) fail(sql);
    std::vector<Row> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      Row r;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        r.emplace_back(t ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(st, i))) : std::string());
      }
      out.push_back(std::move(r));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) fail(sql);
    return out;
  }
  // The first column of the first row ("" when there is none).
  std::string value(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? std::string() : r[0][0];
  }
  std::int64_t count(const std::string& sql) { return std::stoll("0" + value(sql)); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      throw std::runtime_error(sql + ": " + msg);
    }
  }

  // Every table a sif write touches, as one text: two fingerprints are equal exactly when the
  // stored schools, history (with its hash chain), timers, outbox and idempotency keys are.
  // Row ids are left out where SQLite may hand out a different one for the same row.
  std::string fingerprint() {
    std::string out;
    for (const char* sql : {
             "SELECT id, framework, name, la, category, active, snapshot, seq, history_seq, history_head "
             "FROM schools ORDER BY id",
             "SELECT school, seq, instance, event, from_state, to_state, data, actor, effective_date, note, "
             "recorded_at, prev_hash, hash FROM history ORDER BY school, seq",
             "SELECT school, instance, timer, kind, due, fire_at, fires FROM timers ORDER BY school, instance, timer",
             "SELECT key, school, template, to_roles, cc_roles, data, status, attempts, next_attempt_at "
             "FROM outbox ORDER BY key",
             "SELECT key, school, registered, response FROM idempotency ORDER BY key"}) {
      out += "--\n";
      for (const auto& r : rows(sql)) {
        for (const auto& c : r) out += c + "|";
        out += "\n";
      }
    }
    return out;
  }

  sqlite3* handle() { return db_; }

 private:
  [[noreturn]] void fail(const std::string& sql) {
    throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_ = nullptr;
};

}  // namespace sif::test
