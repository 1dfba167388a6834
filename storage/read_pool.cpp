#include "storage/read_pool.hpp"

#include "storage/migrations.hpp"
#include "storage/sqlite.hpp"

namespace sif::storage {

using workflows::Error;
using workflows::Result;
using workflows::Status;

Result<std::unique_ptr<Database>> Database::open_reader(const std::filesystem::path& path, DatabaseOptions options) {
  auto conn = detail::Connection::open(path.string(), /*read_only=*/true);
  if (!conn) return conn.error();
  sqlite3_busy_timeout((*conn)->handle(), static_cast<int>(options.busy_timeout.count()));
  std::unique_ptr<Database> db(new Database(path, std::move(*conn)));
  std::lock_guard lock(db->mu_);
  auto v = detail::read_schema_version(*db->conn_);
  if (!v) return v.error();
  if (*v != detail::latest_schema_version()) {
    return Error::corruption(path.string() + ": schema version " + std::to_string(*v) + ", this binary reads " +
                             std::to_string(detail::latest_schema_version()) + " (open it read-write first)");
  }
  return db;
}

Status Database::begin_read() {
  std::lock_guard lock(mu_);
  return conn_->exec("BEGIN");
}

void Database::end_read() {
  std::lock_guard lock(mu_);
  // A read transaction has nothing to lose; ROLLBACK also ends one a failed read left open.
  if (!sqlite3_get_autocommit(conn_->handle())) sqlite3_exec(conn_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

ReadPool::Lease::Lease(Lease&& o) noexcept : db_(o.db_), pool_(o.pool_), owned_(std::move(o.owned_)) {
  o.pool_ = nullptr;
  o.db_ = nullptr;
}

ReadPool::Lease::~Lease() {
  if (!pool_ || !owned_) return;
  owned_->end_read();
  pool_->give_back(std::move(owned_));
}

ReadPool::ReadPool(std::filesystem::path path, std::size_t keep, DatabaseOptions options)
    : path_(std::move(path)), keep_(keep == 0 ? 1 : keep), options_(options) {}

ReadPool::~ReadPool() = default;

Result<ReadPool::Lease> ReadPool::acquire() {
  std::unique_ptr<Database> db;
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      db = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!db) {
    auto opened = Database::open_reader(path_, options_);
    if (!opened) return opened.error();
    db = std::move(*opened);
    std::lock_guard lock(mu_);
    peak_ = std::max(peak_, ++open_);
  }
  if (auto s = db->begin_read(); !s) {
    give_back(std::move(db));
    return s.error();
  }
  Database* raw = db.get();
  return Lease(raw, this, std::move(db));
}

void ReadPool::give_back(std::unique_ptr<Database> db) {
  std::lock_guard lock(mu_);
  if (idle_.size() < keep_) {
    idle_.push_back(std::move(db));
    return;
  }
  --open_;  // beyond `keep`: db closes on return
}

std::size_t ReadPool::open_connections() const {
  std::lock_guard lock(mu_);
  return open_;
}

std::size_t ReadPool::peak_connections() const {
  std::lock_guard lock(mu_);
  return peak_;
}

}  // namespace sif::storage
