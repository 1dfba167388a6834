// Database reads and updates of the notice outbox (rows are written by commits). The dispatcher
// (notifications/) drains pending rows, marks them sent, or failed with a next attempt or dead.
#include "storage/database.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite.hpp"

namespace sif::storage {

using workflows::Error;
using workflows::Result;
using workflows::Status;

namespace {

Result<std::vector<OutboxRow>> collect(detail::Statement& st) {
  std::vector<OutboxRow> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    auto o = detail::read_outbox_row(st);
    if (!o) return o.error();
    out.push_back(std::move(*o));
  }
  return out;
}

std::int64_t sql_limit(int limit) { return limit > 0 ? limit : -1; }

Status expect_changed(detail::Connection& c, std::int64_t id) {
  if (sqlite3_changes(c.handle()) == 0) return Error::not_found("no notice with id " + std::to_string(id), "id");
  return workflows::Ok{};
}

}  // namespace

Result<std::vector<OutboxRow>> Database::outbox_due(UnixSeconds now, int limit) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(std::string("SELECT ") + detail::kOutboxColumns +
                           " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
                           "ORDER BY next_attempt_at, id LIMIT ?");
  if (!st) return st.error();
  st->bind(1, now).bind(2, sql_limit(limit));
  return collect(*st);
}

Result<std::optional<OutboxRow>> Database::outbox_get(std::int64_t id) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(std::string("SELECT ") + detail::kOutboxColumns + " FROM outbox WHERE id = ?");
  if (!st) return st.error();
  st->bind(1, id);
  auto rows = collect(*st);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<OutboxRow>();
  return std::optional<OutboxRow>(std::move(rows->front()));
}

Result<std::vector<OutboxRow>> Database::outbox_list(std::optional<OutboxStatus> status,
                                                     const std::string& school, int limit) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(std::string("SELECT ") + detail::kOutboxColumns +
                           " FROM outbox WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR school = ?2) "
                           "ORDER BY id DESC LIMIT ?3");
  if (!st) return st.error();
  st->bind(1, status ? to_string(*status) : "").bind(2, school).bind(3, sql_limit(limit));
  return collect(*st);
}

Status Database::outbox_mark_sent(std::int64_t id, UnixSeconds now) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(
      "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' "
      "WHERE id = ?");
  if (!st) return st.error();
  st->bind(1, now).bind(2, id);
  if (auto r = st->run(); !r) return r;
  return expect_changed(*conn_, id);
}

Status Database::outbox_mark_failed(std::int64_t id, const std::string& error,
                                    std::optional<UnixSeconds> next_attempt) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(
      "UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
      "status = CASE WHEN ?2 IS NULL THEN 'dead' ELSE 'pending' END, "
      "next_attempt_at = COALESCE(?2, next_attempt_at) WHERE id = ?3");
  if (!st) return st.error();
  st->bind(1, error);
  if (next_attempt) {
    st->bind(2, *next_attempt);
  } else {
    st->bind_null(2);
  }
  st->bind(3, id);
  if (auto r = st->run(); !r) return r;
  return expect_changed(*conn_, id);
}

Status Database::outbox_retry(std::int64_t id, UnixSeconds now) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(
      "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? "
      "WHERE id = ? AND status != 'sent'");
  if (!st) return st.error();
  st->bind(1, now).bind(2, id);
  if (auto r = st->run(); !r) return r;
  if (sqlite3_changes(conn_->handle()) == 0) {
    return Error::not_found("no pending or dead notice with id " + std::to_string(id), "id");
  }
  return workflows::Ok{};
}

Result<std::int64_t> Database::outbox_count(OutboxStatus status) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare("SELECT COUNT(*) FROM outbox WHERE status = ?");
  if (!st) return st.error();
  st->bind(1, to_string(status));
  auto row = st->step();
  if (!row) return row.error();
  return st->int64(0);
}

}  // namespace sif::storage
