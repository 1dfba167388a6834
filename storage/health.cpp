#include "storage/health.hpp"

#include <sqlite3.h>

#include <memory>

namespace sif::storage {

using workflows::Error;

namespace {

constexpr std::string_view kReadOnly =
    "the database is read-only, so nothing can be recorded: make the database file, its -wal and -shm files and "
    "their folder writable by sifd's user, then restart sifd";
constexpr std::string_view kLocked =
    "the database is locked by another program (a backup, or a sqlite3 shell holding a write transaction), so "
    "nothing can be recorded now; end that program's transaction, then retry";
constexpr std::string_view kFull = "the disk holding the database is full, so nothing can be recorded; free space, then retry";

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

Error transient(std::string_view m) { return Error{workflows::ErrorCode::kTransient, std::string(m), {}}; }

}  // namespace

workflows::Status probe_writable(const std::filesystem::path& path, std::chrono::milliseconds wait) {
  sqlite3* raw = nullptr;
  // No SQLITE_OPEN_CREATE: a missing file is a fault to report, not one to paper over.
  const int open_rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, Closer> db(raw);
  if (open_rc != SQLITE_OK) {
    return Error::io("the database " + path.string() + " cannot be opened (" + sqlite3_errstr(open_rc) +
                     "): check that it exists and that sifd's user may read and write it and its folder");
  }
  // SQLite opens a file it may not write read-only rather than failing.
  if (sqlite3_db_readonly(db.get(), "main") == 1) return Error::io(std::string(kReadOnly));
  sqlite3_busy_timeout(db.get(), static_cast<int>(wait.count()));
  const int rc = sqlite3_exec(db.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return transient(kLocked);
    if (primary == SQLITE_READONLY) return Error::io(std::string(kReadOnly));
    if (primary == SQLITE_FULL) return Error::io(std::string(kFull));
    return Error::io(std::string("the database cannot start a write transaction (") + sqlite3_errstr(rc) + ")");
  }
  sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  return workflows::Ok{};
}

std::optional<std::string> plain_storage_cause(std::string_view message) {
  // The prefixes detail::Connection gives every SQLite failure (sqlite.cpp).
  const bool from_sqlite = message.starts_with("statement failed") || message.starts_with("cannot prepare statement") ||
                           message.starts_with("cannot open database");
  if (!from_sqlite) return std::nullopt;
  auto has = [&](std::string_view s) { return message.find(s) != std::string_view::npos; };
  if (has("readonly database")) return std::string(kReadOnly);
  if (has("database is locked") || has("database table is locked")) return std::string(kLocked);
  if (has("database or disk is full")) return std::string(kFull);
  if (has("disk image is malformed") || has("not a database")) {
    return std::string(
        "the database file is damaged; stop sifd, run PRAGMA integrity_check on it and restore the last good backup "
        "(docs/operations.md, Backup and restore)");
  }
  return std::string("the database failed (an I/O error); the daemon log has the details");
}

}  // namespace sif::storage
