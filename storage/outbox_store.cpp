// Database reads and updates of the notice outbox (rows are written by commits, and by
// outbox_enqueue for notices outside a transition). The dispatcher (notifications/) drains
// pending rows, marks them sent, or failed with a next attempt or dead.
#include <boost/json.hpp>

#include "storage/database.hpp"
#include "storage/json_codec.hpp"
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

// The one integer a COUNT(*) query with no parameters answers.
Result<std::int64_t> count_of(detail::Connection& conn, std::string_view sql) {
  auto st = conn.prepare(sql);
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return st->int64(0);
}

}  // namespace

namespace detail {
std::string roles_json(const std::vector<std::string>& roles) {
  boost::json::array a;
  for (const auto& r : roles) a.emplace_back(r);
  return dump_json(a);
}
}  // namespace detail

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
  return outbox_list(status, school, {}, 0, limit);
}

Result<std::vector<OutboxRow>> Database::outbox_list(std::optional<OutboxStatus> status, const std::string& school,
                                                     const std::string& template_id, std::int64_t before,
                                                     int limit) {
  std::lock_guard lock(mu_);
  // Only the conditions given are written, so each filter is answered from its index
  // (outbox_by_status_id, outbox_by_school, outbox_by_template) in id order: `(?1 = '' OR
  // status = ?1)` could use none of them and read the whole outbox.
  std::string where;
  auto cond = [&](const char* c) { where += (where.empty() ? " WHERE " : " AND ") + std::string(c); };
  if (!school.empty()) cond("school = ?2");
  if (status) cond("status = ?1");
  if (!template_id.empty()) cond("template = ?4");
  if (before > 0) cond("id < ?5");
  auto st = conn_->cached(std::string("SELECT ") + detail::kOutboxColumns + " FROM outbox" + where +
                           " ORDER BY id DESC LIMIT ?3");
  if (!st) return st.error();
  if (status) st->bind(1, to_string(*status));
  if (!school.empty()) st->bind(2, school);
  st->bind(3, sql_limit(limit));
  if (!template_id.empty()) st->bind(4, template_id);
  if (before > 0) st->bind(5, before);
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

Result<std::int64_t> Database::school_count() {
  std::lock_guard lock(mu_);
  return count_of(*conn_, "SELECT COUNT(*) AS registered FROM schools");
}

Result<std::int64_t> Database::timer_count() {
  std::lock_guard lock(mu_);
  return count_of(*conn_, "SELECT COUNT(*) AS pending FROM timers");
}

Result<int> Database::outbox_enqueue(const std::vector<OutboxRow>& rows, UnixSeconds now) {
  for (const auto& r : rows) {
    if (r.key.empty()) return Error::invalid("outbox row without a key (template '" + r.template_id + "')", "key");
    if (r.template_id.empty()) return Error::invalid("outbox row '" + r.key + "' has no template", "template");
  }
  std::lock_guard lock(mu_);
  detail::Transaction tx(*conn_);
  if (auto b = tx.begin(); !b) return b.error();
  auto known = conn_->prepare("SELECT 1 FROM schools WHERE id = ?");
  if (!known) return known.error();
  auto ins = conn_->prepare(
      "INSERT INTO outbox (key, school, instance, workflow, template, to_roles, cc_roles, data, reason, "
      "status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) "
      "ON CONFLICT (key) DO NOTHING");
  if (!ins) return ins.error();
  int inserted = 0;
  for (const auto& r : rows) {
    ins->reset();
    if (r.school.empty()) {
      ins->bind_null(2);
    } else {
      known->reset();
      known->bind(1, r.school);
      auto found = known->step();
      if (!found) return found.error();
      if (!*found) {
        return Error::not_found("outbox row '" + r.key + "' names school " + r.school + ", which is not registered",
                                "school");
      }
      ins->bind(2, r.school);
    }
    ins->bind(1, r.key).bind(3, r.instance).bind(4, r.workflow).bind(5, r.template_id);
    ins->bind(6, detail::roles_json(r.to)).bind(7, detail::roles_json(r.cc)).bind(8, dump_json(to_json(r.data)));
    ins->bind(9, r.reason).bind(10, r.next_attempt_at).bind(11, now);
    if (auto st = ins->run(); !st) return st.error();
    inserted += sqlite3_changes(conn_->handle()) > 0 ? 1 : 0;
  }
  if (auto c = tx.commit(); !c) return c.error();
  return inserted;
}

}  // namespace sif::storage
