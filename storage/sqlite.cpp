#include "storage/sqlite.hpp"

namespace sif::storage::detail {

using workflows::Error;
using workflows::Result;
using workflows::Status;

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error::io("cannot open database '" + path + "': " + msg, path);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
  sqlite3_close_v2(db_);
}

Error Connection::error(std::string_view what, std::string_view sql, int rc) const {
  std::string msg(what);
  msg += ": ";
  msg += (rc == SQLITE_IOERR && fail_countdown_ < 0) ? "injected fault" : sqlite3_errmsg(db_);
  msg += " (";
  msg += sqlite3_errstr(rc);
  msg += ")";
  return Error::io(std::move(msg), "SQL: " + std::string(sql));
}

bool Connection::tick() {
  ++steps_;
  if (fail_countdown_ > 0 && --fail_countdown_ == 0) {
    fail_countdown_ = -1;  // marks "the last failure was injected" for the message
    return true;
  }
  return false;
}

Status Connection::exec(std::string_view sql) {
  if (tick()) return error("statement failed", sql, SQLITE_IOERR);
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    Error e = Error::io("statement failed: " + msg + " (" + sqlite3_errstr(rc) + ")", "SQL: " + s);
    // As Statement::step(): another program holding the lock (BEGIN IMMEDIATE meeting a writer
    // outside sif) is worth a retry, not an I/O failure.
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) e.code = workflows::ErrorCode::kTransient;
    return e;
  }
  return workflows::Ok{};
}

Result<Statement> Connection::prepare(std::string_view sql) {
  if (recorded_) recorded_->emplace(sql);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return error("cannot prepare statement", sql, rc);
  return Statement(this, stmt, std::string(sql));
}

Result<Statement> Connection::cached(std::string_view sql) {
  if (recorded_) recorded_->emplace(sql);
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error("cannot prepare statement", sql, rc);
    it = cache_.emplace(std::string(sql), CachedStmt{stmt, false}).first;
  }
  if (it->second.in_use) return prepare(sql);
  it->second.in_use = true;
  return Statement(this, it->second.stmt, it->first, &it->second.in_use);
}

Statement::~Statement() {
  if (!stmt_) return;
  if (in_use_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement::Statement(Statement&& o) noexcept
    : conn_(o.conn_), stmt_(o.stmt_), sql_(std::move(o.sql_)), in_use_(o.in_use_) {
  o.stmt_ = nullptr;
  o.in_use_ = nullptr;
}

Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

Result<bool> Statement::step() {
  if (conn_->tick()) return conn_->error("statement failed", sql_, SQLITE_IOERR);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = conn_->error("statement failed", sql_, rc);
  sqlite3_reset(stmt_);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) e.code = workflows::ErrorCode::kConflict;
  if ((rc & 0xff) == SQLITE_BUSY) e.code = workflows::ErrorCode::kTransient;
  return e;
}

Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return workflows::Ok{};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Transaction::~Transaction() { rollback(); }

Status Transaction::begin() {
  auto s = conn_.exec("BEGIN IMMEDIATE");
  if (s) open_ = true;
  return s;
}

Status Transaction::commit() {
  auto s = conn_.exec("COMMIT");
  if (s) open_ = false;
  return s;
}

void Transaction::rollback() {
  if (!open_) return;
  open_ = false;
  // Rollback must not be the injected fault's victim: bypass the counter.
  sqlite3_exec(conn_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace sif::storage::detail
