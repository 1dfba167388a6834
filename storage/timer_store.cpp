// Database reads of pending timers: what is due, what comes next, upcoming deadlines.
#include "storage/database.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite.hpp"

namespace sif::storage {

using workflows::Result;

namespace {

Result<std::vector<TimerRow>> collect(detail::Statement& st) {
  std::vector<TimerRow> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    auto t = detail::read_timer_row(st);
    if (!t) return t.error();
    out.push_back(std::move(*t));
  }
  return out;
}

// workflows::fire_rank(): at one instant reminders, then deadlines, then escalations.
constexpr const char* kFireRankSql = "CASE t.kind WHEN 'reminder' THEN 0 WHEN 'escalation' THEN 2 ELSE 1 END";

std::string select_timers(const std::string& where_order) {
  return std::string("SELECT ") + detail::kTimerColumns +
         " FROM timers t JOIN schools s ON s.id = t.school " + where_order;
}

}  // namespace

Result<std::vector<TimerRow>> Database::timers_for_school(const std::string& school) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(select_timers("WHERE t.school = ? ORDER BY t.fire_at, " + std::string(kFireRankSql) + ", t.timer, t.instance"));
  if (!st) return st.error();
  st->bind(1, school);
  return collect(*st);
}

Result<std::vector<TimerRow>> Database::timers_due(UnixSeconds up_to, int limit) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(
      select_timers("WHERE t.fire_at <= ? ORDER BY t.fire_at, t.school, " + std::string(kFireRankSql) +
                    ", t.timer, t.instance LIMIT ?"));
  if (!st) return st.error();
  st->bind(1, up_to).bind(2, limit > 0 ? static_cast<std::int64_t>(limit) : std::int64_t{-1});
  return collect(*st);
}

Result<std::optional<UnixSeconds>> Database::earliest_fire_at() {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare("SELECT MIN(fire_at) FROM timers");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (!*row || st->is_null(0)) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(st->int64(0));
}

Result<std::vector<TimerRow>> Database::deadlines_between(workflows::Date from, workflows::Date to) {
  std::lock_guard lock(mu_);
  auto st = conn_->prepare(
      select_timers("WHERE t.due >= ? AND t.due <= ? ORDER BY t.due, t.fire_at, t.school, t.timer, t.instance"));
  if (!st) return st.error();
  st->bind(1, workflows::format_date(from)).bind(2, workflows::format_date(to));
  return collect(*st);
}

Result<DeadlinesDue> Database::deadlines_due(workflows::Date from, workflows::Date to, int limit) {
  std::lock_guard lock(mu_);
  const std::string f = workflows::format_date(from), t = workflows::format_date(to);
  DeadlinesDue out;
  auto count = conn_->prepare("SELECT COUNT(*) FROM timers t WHERE t.due >= ? AND t.due <= ? AND t.kind = 'deadline'");
  if (!count) return count.error();
  count->bind(1, f).bind(2, t);
  auto row = count->step();
  if (!row) return row.error();
  out.total = count->int64(0);
  auto st = conn_->prepare(select_timers(
      "WHERE t.due >= ? AND t.due <= ? AND t.kind = 'deadline' ORDER BY t.due, t.fire_at, t.school, t.timer, t.instance "
      "LIMIT ?"));
  if (!st) return st.error();
  st->bind(1, f).bind(2, t).bind(3, static_cast<std::int64_t>(limit));
  auto rows = collect(*st);
  if (!rows) return rows.error();
  out.first = std::move(*rows);
  return out;
}

}  // namespace sif::storage
