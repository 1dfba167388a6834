#include "daemon/overdue.hpp"

#include <algorithm>
#include <tuple>

#include "workflows/definition.hpp"

namespace sif::daemon {

const workflows::Framework* definition_of(const config::ConfigSet& cfg, const std::string& framework, int version) {
  if (const auto* versions = cfg.versions(framework)) {
    if (auto it = versions->find(version); it != versions->end()) return &it->second;
  }
  return cfg.latest(framework);
}

std::vector<OverdueItem> overdue_items(const workflows::SchoolState& s, const config::ConfigSet& cfg,
                                       const workflows::Calendar& cal, workflows::Date today) {
  std::vector<OverdueItem> out;
  for (const auto& inst : s.instances) {
    if (inst.final) continue;
    const workflows::Framework* fw = definition_of(cfg, s.school.framework, inst.framework_version);
    const workflows::WorkflowSpec* wf = fw ? fw->find_workflow(inst.workflow) : nullptr;
    const workflows::StateSpec* st = wf ? wf->find_state(inst.state) : nullptr;
    OverdueItem base;
    base.school = s.school.id;
    base.school_name = s.school.name;
    base.instance = inst.id;
    base.workflow = inst.workflow;
    base.workflow_title = wf && !wf->title.empty() ? wf->title : inst.workflow;
    base.state = inst.state;
    base.state_title = st && !st->title.empty() ? st->title : inst.state;
    auto add = [&](const std::string& timer, const std::string& title, workflows::Date due) {
      OverdueItem item = base;
      item.timer = timer;
      item.title = title.empty() ? timer : title;
      item.due = due;
      item.overdue_since = cal.add_working_days(due, 1);
      item.working_days_overdue = std::max(0, cal.working_days_between(due, today));
      out.push_back(std::move(item));
    };
    for (const auto& o : inst.overdue) add(o.id, o.title, o.due);
    // A deadline not yet fired (sif was stopped, or is catching up) is overdue from the start of
    // the day it fires, the next working day after its due date: a deadline due on a Friday is
    // not overdue on the Saturday or Sunday, nor on a bank holiday Monday.
    for (const auto& t : inst.timers) {
      if (t.kind != workflows::TimerKind::kDeadline || t.meaning != workflows::TimerMeaning::kDeadline) continue;
      const workflows::Date fires = t.fires > t.due ? t.fires : cal.add_working_days(t.due, 1);
      if (fires <= today) add(t.id, t.title, t.due);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const OverdueItem& a, const OverdueItem& b) {
    return std::tie(a.due, a.instance, a.timer) < std::tie(b.due, b.instance, b.timer);
  });
  return out;
}

boost::json::object to_json(const OverdueItem& item) {
  boost::json::object o;
  o["school"] = item.school;
  o["school_name"] = item.school_name;
  o["instance"] = item.instance;
  o["workflow"] = item.workflow;
  o["workflow_title"] = item.workflow_title;
  o["state"] = item.state;
  o["state_title"] = item.state_title;
  o["timer"] = item.timer;
  o["title"] = item.title;
  o["due"] = workflows::format_date(item.due);
  o["overdue_since"] = workflows::format_date(item.overdue_since);
  o["working_days_overdue"] = item.working_days_overdue;
  return o;
}

}  // namespace sif::daemon
