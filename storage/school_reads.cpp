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
  auto st = conn_->cached("SELECT snapshot, seq, created_at, updated_at FROM schools WHERE id = ?");
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

Result<std::optional<SchoolRevision>> Database::school_revision(const std::string& id) {
  std::lock_guard lock(mu_);
  auto st = conn_->cached(
      "SELECT s.seq, COALESCE(r.rev, 0) FROM schools s LEFT JOIN notice_revs r ON r.school = s.id WHERE s.id = ?");
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<SchoolRevision>();
  return std::optional<SchoolRevision>(SchoolRevision{st->int64(0), st->int64(1)});
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

namespace {

// A SchoolSummary's columns, in this order, with schools aliased as s.
constexpr const char* kSummaryColumns =
    "s.id, s.name, s.la, s.framework, s.category, s.region, s.active, s.seq, s.updated_at, s.overdue";

Result<SchoolSummary> read_summary(const detail::Statement& st) {
  SchoolSummary s;
  s.id = st.text(0);
  s.name = st.text(1);
  s.la = st.text(2);
  s.framework = st.text(3);
  s.category = st.text(4);
  s.region = st.text(5);
  auto aj = parse_json(st.text(6));
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
  s.seq = st.int64(7);
  s.updated_at = st.int64(8);
  s.overdue_count = st.int64(9);
  return s;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Pending deadline timers due before ?1 count as overdue (daemon/overdue.hpp).
// A pending deadline is overdue from the day it fires (the next working day after its due date;
// '' in rows written before that was stored: the due date), not the day after it was due.
constexpr const char* kPastDue =
    "t.kind = 'deadline' AND t.meaning = 'deadline' AND t.due < ?1 AND (t.fires = '' OR t.fires <= ?1)";

}  // namespace

Result<std::vector<SchoolSummary>> Database::list_schools(const SchoolFilter& filter) {
  std::lock_guard lock(mu_);
  // The next deadline comes from the timers table (earliest deadline-kind row per school).
  auto st = conn_->prepare(
      std::string("SELECT ") + kSummaryColumns + " FROM schools s WHERE (?1 = '' OR s.framework = ?1) AND (?2 = '' OR s.category = ?2) "
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
    auto summary = read_summary(*st);
    if (!summary) return summary.error();
    SchoolSummary s = std::move(*summary);
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



Result<SchoolPage> Database::school_page(const SchoolQuery& q) {
  std::lock_guard lock(mu_);
  // Parameters: ?1 today, ?2 framework, ?3 category, ?4 la, ?5 text, ?6 state, ?7 email,
  // ?8 limit, ?9 offset. Only the conditions asked for are written.
  std::string where;
  auto cond = [&](const std::string& c) { where += (where.empty() ? " WHERE " : " AND ") + c; };
  if (!q.filter.framework.empty()) cond("s.framework = ?2");
  if (q.no_category) {
    cond("s.category = ''");
  } else if (!q.filter.category.empty()) {
    cond("s.category = ?3");
  }
  if (!q.filter.la.empty()) cond("s.la = ?4");
  if (!q.text.empty()) cond("(instr(lower(s.name), ?5) > 0 OR instr(lower(s.id), ?5) > 0)");
  if (!q.state.empty()) cond("EXISTS (SELECT 1 FROM json_each(s.active) a WHERE json_extract(a.value, '$.state') = ?6)");
  if (q.overdue_only) {
    cond(std::string("(s.overdue > 0 OR s.id IN (SELECT t.school FROM timers t WHERE ") + kPastDue + "))");
  }
  if (!q.email.empty()) cond("instr(s.emails, ?7) > 0");
  const std::string today = workflows::format_date(q.today);
  auto bind_all = [&](detail::Statement& st) {
    if (where.find("?1") != std::string::npos) st.bind(1, today);
    if (!q.filter.framework.empty()) st.bind(2, q.filter.framework);
    if (!q.no_category && !q.filter.category.empty()) st.bind(3, q.filter.category);
    if (!q.filter.la.empty()) st.bind(4, q.filter.la);
    if (!q.text.empty()) st.bind(5, ascii_lower(q.text));
    if (!q.state.empty()) st.bind(6, q.state);
    if (!q.email.empty()) st.bind(7, "\n" + ascii_lower(q.email) + "\n");
  };
  SchoolPage page;
  {
    auto count = conn_->prepare("SELECT COUNT(*) FROM schools s" + where);
    if (!count) return count.error();
    bind_all(*count);
    auto row = count->step();
    if (!row) return row.error();
    page.total = count->int64(0);
  }
  if (q.limit <= 0 || q.offset >= page.total) return page;

  const char* dir = q.descending ? " DESC" : "";
  std::string order;
  switch (q.sort) {
    case SchoolSort::kId: order = std::string("s.id") + dir; break;
    case SchoolSort::kName: order = std::string("s.name COLLATE NOCASE") + dir + ", s.id"; break;
    case SchoolSort::kLa: order = std::string("s.la COLLATE NOCASE") + dir + ", s.id"; break;
    // No category agreed sorts as the empty string: first ascending, last descending.
    case SchoolSort::kCategory: order = std::string("s.category") + dir + ", s.id"; break;
    case SchoolSort::kNextDeadline:
      order = std::string("next_due IS NULL, next_due") + dir + ", s.id";
      break;
  }
  std::string sql = std::string("SELECT ") + kSummaryColumns;
  if (q.sort == SchoolSort::kNextDeadline) {
    sql += ", (SELECT MIN(t.due) FROM timers t WHERE t.school = s.id AND t.kind = 'deadline') AS next_due";
  }
  sql += " FROM schools s" + where + " ORDER BY " + order + " LIMIT ?8 OFFSET ?9";
  auto st = conn_->prepare(sql);
  if (!st) return st.error();
  bind_all(*st);
  st->bind(8, static_cast<std::int64_t>(q.limit)).bind(9, q.offset);
  auto next = conn_->prepare(std::string("SELECT ") + detail::kTimerColumns +
                             " FROM timers t JOIN schools s ON s.id = t.school "
                             "WHERE t.school = ? AND t.kind = 'deadline' "
                             "ORDER BY t.due, t.fire_at, t.timer, t.instance LIMIT 1");
  if (!next) return next.error();
  auto past_due = conn_->prepare(std::string("SELECT COUNT(*) FROM timers t WHERE t.school = ?2 AND ") + kPastDue);
  if (!past_due) return past_due.error();
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto s = read_summary(*st);
    if (!s) return s.error();
    next->reset();
    next->bind(1, s->id);
    auto has = next->step();
    if (!has) return has.error();
    if (*has) {
      auto t = detail::read_timer_row(*next);
      if (!t) return t.error();
      s->next_deadline = std::move(*t);
    }
    past_due->reset();
    past_due->bind(1, today).bind(2, s->id);
    auto counted = past_due->step();
    if (!counted) return counted.error();
    s->overdue_count += past_due->int64(0);
    page.schools.push_back(std::move(*s));
  }
  return page;
}

Result<std::vector<CategoryCount>> Database::category_counts() {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare("SELECT framework, category, COUNT(*) FROM schools GROUP BY framework, category");
  if (!st) return st.error();
  std::vector<CategoryCount> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({st->text(0), st->text(1), st->int64(2)});
  }
  return out;
}

Result<std::vector<StageCount>> Database::stage_counts() {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(
      "SELECT s.framework, json_extract(a.value, '$.workflow') AS w, json_extract(a.value, '$.state') AS st, COUNT(*) "
      "FROM schools s, json_each(s.active) a GROUP BY s.framework, w, st");
  if (!st) return st.error();
  std::vector<StageCount> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({st->text(0), st->text(1), st->text(2), st->int64(3)});
  }
  return out;
}

Result<std::vector<TimerRow>> Database::open_windows(workflows::Date from) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(std::string("SELECT ") + detail::kTimerColumns +
                           " FROM timers t JOIN schools s ON s.id = t.school "
                           "WHERE t.meaning = 'window' AND t.due >= ? ORDER BY t.due, t.school, t.instance, t.timer");
  if (!st) return st.error();
  st->bind(1, workflows::format_date(from));
  std::vector<TimerRow> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto t = detail::read_timer_row(*st);
    if (!t) return t.error();
    out.push_back(std::move(*t));
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
  auto st = conn_->cached("SELECT key, school, registered, response, created_at, request FROM idempotency WHERE key = ?");
  if (!st) return st.error();
  st->bind(1, key);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<IdempotencyRecord>();
  IdempotencyRecord r;
  r.key = st->text(0);
  r.school = st->text(1);
  r.registered = st->int64(2) != 0;
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
