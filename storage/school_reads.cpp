// Database reads of schools, history and idempotency keys.
#include <boost/json.hpp>

#include "storage/database.hpp"
#include "storage/json_codec.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite.hpp"

namespace sif::storage {

using detail::corrupt;
using workflows::Error;
using workflows::Result;

Result<std::optional<StoredSchool>> Database::load_school(const std::string& id) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare("SELECT snapshot, seq, created_at, updated_at FROM schools WHERE id = ?");
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredSchool>();
  StoredSchool s;
  auto j = parse_json(st->text(0));
  if (!j) return corrupt(j.error(), "snapshot of school " + id);
  auto state = school_state_from_json(*j);
  if (!state) return corrupt(state.error(), "snapshot of school " + id);
  s.state = std::move(*state);
  s.seq = st->int64(1);
  s.created_at = st->int64(2);
  s.updated_at = st->int64(3);
  return std::optional<StoredSchool>(std::move(s));
}

Result<std::vector<std::string>> Database::registered_among(const std::vector<std::string>& ids) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare("SELECT 1 FROM schools WHERE id = ?");
  if (!st) return st.error();
  std::vector<std::string> out;
  for (const auto& id : ids) {
    st->reset();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) out.push_back(id);
  }
  return out;
}

Result<std::vector<SchoolSummary>> Database::list_schools(const SchoolFilter& filter) {
  std::lock_guard lock(mu_);
  // The next deadline comes from the timers table (earliest deadline-kind row per school).
  auto st = conn_->prepare(
      "SELECT s.id, s.name, s.la, s.framework, s.category, s.region, s.active, s.seq, s.updated_at "
      "FROM schools s WHERE (?1 = '' OR s.framework = ?1) AND (?2 = '' OR s.category = ?2) "
      "AND (?3 = '' OR s.la = ?3) ORDER BY s.id");
  if (!st) return st.error();
  st->bind(1, filter.framework).bind(2, filter.category).bind(3, filter.la);
  auto next = conn_->prepare(std::string("SELECT ") + detail::kTimerColumns +
                             " FROM timers t JOIN schools s ON s.id = t.school "
                             "WHERE t.school = ? AND t.kind = 'deadline' "
                             "ORDER BY t.due, t.fire_at, t.timer, t.instance LIMIT 1");
  if (!next) return next.error();
  std::vector<SchoolSummary> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    SchoolSummary s;
    s.id = st->text(0);
    s.name = st->text(1);
    s.la = st->text(2);
    s.framework = st->text(3);
    s.category = st->text(4);
    s.region = st->text(5);
    auto aj = parse_json(st->text(6));
    if (!aj || !aj->is_array()) return Error::corruption("stored active workflows of school " + s.id + " are not a JSON array");
    for (const auto& a : aj->as_array()) {
      if (!a.is_object()) continue;
      const auto& o = a.as_object();
      ActiveWorkflow w;
      if (auto* v = o.if_contains("instance"); v && v->is_string()) w.instance = std::string(v->as_string());
      if (auto* v = o.if_contains("workflow"); v && v->is_string()) w.workflow = std::string(v->as_string());
      if (auto* v = o.if_contains("state"); v && v->is_string()) w.state = std::string(v->as_string());
      s.active.push_back(std::move(w));
    }
    s.seq = st->int64(7);
    s.updated_at = st->int64(8);
    next->reset();
    next->bind(1, s.id);
    auto has = next->step();
    if (!has) return has.error();
    if (*has) {
      auto t = detail::read_timer_row(*next);
      if (!t) return t.error();
      s.next_deadline = std::move(*t);
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<HistoryRow>> Database::history(const std::string& school, int limit) {
  std::lock_guard lock(mu_);
  // The last `limit` rows, returned oldest first.
  auto st = conn_->prepare(
      "SELECT * FROM (SELECT seq, instance, workflow, event, from_state, to_state, data, actor, "
      "effective_date, note, recorded_at, prev_hash, hash FROM history WHERE school = ? "
      "ORDER BY seq DESC LIMIT ?) ORDER BY seq");
  if (!st) return st.error();
  st->bind(1, school).bind(2, limit > 0 ? static_cast<std::int64_t>(limit) : std::int64_t{-1});
  std::vector<HistoryRow> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    HistoryRow h;
    h.school = school;
    h.seq = st->int64(0);
    h.entry.instance = st->text(1);
    h.entry.workflow = st->text(2);
    h.entry.event = st->text(3);
    h.entry.from = st->text(4);
    h.entry.to = st->text(5);
    auto dj = parse_json(st->text(6));
    if (!dj) return corrupt(dj.error(), "history data of school " + school);
    auto d = data_from_json(*dj);
    if (!d) return corrupt(d.error(), "history data of school " + school);
    h.entry.data = std::move(*d);
    h.entry.actor = st->text(7);
    if (auto text = st->text(8); !text.empty()) {
      auto date = workflows::parse_date(text);
      if (!date) return corrupt(date.error(), "history date of school " + school);
      h.entry.date = *date;
    }
    h.entry.note = st->text(9);
    h.recorded_at = st->int64(10);
    h.prev_hash = st->text(11);
    h.hash = st->text(12);
    out.push_back(std::move(h));
  }
  return out;
}

Result<std::optional<IdempotencyRecord>> Database::find_idempotency(const std::string& key) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare("SELECT key, school, status, response, created_at, request FROM idempotency WHERE key = ?");
  if (!st) return st.error();
  st->bind(1, key);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<IdempotencyRecord>();
  IdempotencyRecord r;
  r.key = st->text(0);
  r.school = st->text(1);
  r.status = static_cast<int>(st->int64(2));
  r.response_json = st->text(3);
  r.created_at = st->int64(4);
  r.request_hash = st->text(5);
  return std::optional<IdempotencyRecord>(std::move(r));
}

Result<int> Database::expire_idempotency(UnixSeconds before) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare("DELETE FROM idempotency WHERE created_at < ?");
  if (!st) return st.error();
  st->bind(1, before);
  if (auto r = st->run(); !r) return r.error();
  return sqlite3_changes(conn_->handle());
}

}  // namespace sif::storage
