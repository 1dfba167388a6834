// Pending timers: the rows a commit writes (only those that changed) and the reads of what is
// due, what comes next and upcoming deadlines.
#include <map>
#include <tuple>
#include <utility>

#include "storage/database.hpp"
#include "storage/json_codec.hpp"
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

// One row of `timers` as written, less its key (school, instance, timer).
struct TimerValues {
  std::string workflow, kind, title, due;
  std::int64_t fire_at = 0;
  std::string provenance, meaning, fires;
  std::int64_t late = 0;
  bool operator==(const TimerValues&) const = default;
};
using TimerKey = std::pair<std::string, std::string>;  // (instance, timer)

// Binds the values at 1..9 and the key at 10..12, the order of both statements below.
void bind_timer(detail::Statement& st, const std::string& school, const TimerKey& key, const TimerValues& v) {
  st.bind(1, v.workflow).bind(2, v.kind).bind(3, v.title).bind(4, v.due).bind(5, v.fire_at).bind(6, v.provenance);
  st.bind(7, v.meaning).bind(8, v.fires).bind(9, v.late).bind(10, school).bind(11, key.first).bind(12, key.second);
}

}  // namespace

workflows::Status detail::write_timers(Connection& c, const workflows::SchoolState& next, const FireAtFn& fire_at,
                                       bool new_school) {
  const std::string& school = next.school.id;
  std::map<TimerKey, TimerValues> wanted;
  for (const auto& inst : next.instances) {
    if (inst.final) continue;
    for (const auto& t : inst.timers) {
      TimerValues v{inst.workflow,
                    workflows::to_string(t.kind),
                    t.title,
                    workflows::format_date(t.due),
                    fire_at(next.school.framework, t),
                    dump_json(to_json(t.provenance)),
                    workflows::to_string(t.meaning),
                    t.fires == workflows::Date{} ? std::string() : workflows::format_date(t.fires),
                    t.late ? 1 : 0};
      if (!wanted.emplace(TimerKey{inst.id, t.id}, std::move(v)).second) {
        return workflows::Error::conflict("two pending timers named '" + t.id + "' in instance " + inst.id +
                                          ": the timers table holds one per (school, instance, timer)");
      }
    }
  }
  std::map<TimerKey, TimerValues> stored;
  if (!new_school) {
    auto sel = c.cached(
        "SELECT instance, timer, workflow, kind, title, due, fire_at, provenance, meaning, fires, late FROM timers "
        "WHERE school = ?");
    if (!sel) return sel.error();
    sel->bind(1, school);
    for (;;) {
      auto row = sel->step();
      if (!row) return row.error();
      if (!*row) break;
      stored.emplace(TimerKey{sel->text(0), sel->text(1)},
                     TimerValues{sel->text(2), sel->text(3), sel->text(4), sel->text(5), sel->int64(6), sel->text(7),
                                 sel->text(8), sel->text(9), sel->int64(10)});
    }
  }
  for (const auto& [key, v] : stored) {
    if (wanted.count(key)) continue;
    auto del = c.cached("DELETE FROM timers WHERE school = ? AND instance = ? AND timer = ?");
    if (!del) return del.error();
    del->bind(1, school).bind(2, key.first).bind(3, key.second);
    if (auto r = del->run(); !r) return r.error();
  }
  for (const auto& [key, v] : wanted) {
    auto it = stored.find(key);
    if (it != stored.end() && it->second == v) continue;  // unchanged: not touched
    auto st = c.cached(
        it == stored.end()
            ? "INSERT INTO timers (workflow, kind, title, due, fire_at, provenance, meaning, fires, late, school, "
              "instance, timer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            : "UPDATE timers SET workflow = ?1, kind = ?2, title = ?3, due = ?4, fire_at = ?5, provenance = ?6, "
              "meaning = ?7, fires = ?8, late = ?9 WHERE school = ?10 AND instance = ?11 AND timer = ?12");
    if (!st) return st.error();
    bind_timer(*st, school, key, v);
    if (auto r = st->run(); !r) return r.error();
  }
  return workflows::Ok{};
}

Result<std::vector<TimerRow>> Database::timers_for_school(const std::string& school) {
  std::lock_guard lock(mu_);
  auto st = conn_->cached(select_timers("WHERE t.school = ? ORDER BY t.fire_at, " + std::string(kFireRankSql) + ", t.timer, t.instance"));
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
