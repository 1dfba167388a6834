// Engine reads that decide nothing durable: the overdue census and items across schools, and
// the preview of an event (the pure step on the stored snapshot, never committed).
#include <algorithm>
#include <set>
#include <tuple>

#include "daemon/engine.hpp"
#include "daemon/local_time.hpp"
#include "workflows/interpreter.hpp"

namespace sif::daemon {

using workflows::Error;
using workflows::Result;

namespace {

bool overdue_timer(const storage::TimerRow& t) {
  return t.kind == workflows::TimerKind::kDeadline && t.meaning == workflows::TimerMeaning::kDeadline;
}

}  // namespace

Result<Engine::OverdueCensus> Engine::overdue_census(workflows::Date today) {
  if (workflows::Status built = overdue_index_.build(*db_); !built) return built.error();
  OverdueIndex::Counts counts = overdue_index_.counts();
  OverdueCensus c;
  c.count = counts.entries;
  std::set<std::string> schools(counts.schools.begin(), counts.schools.end());
  if (today > workflows::first_supported_day()) {
    auto past = reader()->deadlines_between(workflows::first_supported_day(), today - date::days{1});
    if (!past) return past.error();
    for (const auto& t : *past) {
      // Due before today but not overdue until the day it fires (overdue.hpp).
      if (!overdue_timer(t) || t.fires > today) continue;
      ++c.count;
      schools.insert(t.school);
    }
  }
  c.schools.assign(schools.begin(), schools.end());
  return c;
}

Result<std::vector<OverdueItem>> Engine::overdue(workflows::Date today) {
  auto census = overdue_census(today);
  if (!census) return census.error();
  const std::shared_ptr<const config::ConfigSet> cfg = config();
  std::vector<OverdueItem> out;
  auto db = reader();
  for (const auto& id : census->schools) {
    auto stored = db->load_school(id);
    if (!stored) return stored.error();
    if (!stored->has_value()) continue;
    const workflows::SchoolState& s = (*stored)->state;
    const workflows::Framework* fw = cfg->latest(s.school.framework);
    if (!fw) continue;  // its framework is not loaded: nothing can be counted (the digest says so)
    auto items = overdue_items(s, *cfg, cfg->calendar(*fw, s.school.region, s.school.la), today);
    out.insert(out.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
  }
  std::stable_sort(out.begin(), out.end(), [](const OverdueItem& a, const OverdueItem& b) {
    return std::tie(a.due, a.school, a.instance, a.timer) < std::tie(b.due, b.school, b.instance, b.timer);
  });
  return out;
}

Result<Engine::Preview> Engine::preview(const std::string& school_id, workflows::Event event) {
  auto stored = reader()->load_school(school_id);
  if (!stored) return stored.error();
  if (!stored->has_value()) return Error::not_found("no school with id " + school_id, "id");
  Preview p;
  p.before = std::move((*stored)->state);
  p.config = config();
  const workflows::Framework* fw = p.config->latest(p.before.school.framework);
  if (!fw) {
    std::string known;
    for (const auto& [id, versions] : p.config->frameworks) known += (known.empty() ? "" : ", ") + id;
    return Error::invalid("framework '" + p.before.school.framework + "' is not loaded", "framework: one of " + known);
  }
  const workflows::Calendar& calendar = p.config->calendar(*fw, p.before.school.region, p.before.school.la);
  const workflows::StepContext ctx{*fw, calendar, p.config->versions(fw->id)};
  p.now = to_london(clock_.now_utc());
  auto t = workflows::step(ctx, p.before, event, p.now);
  if (!t) return t.error();
  p.transition = std::move(*t);
  return p;
}

}  // namespace sif::daemon
