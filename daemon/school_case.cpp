#include "daemon/school_case.hpp"

#include <boost/json.hpp>

#include "daemon/event_forms.hpp"
#include "daemon/overdue.hpp"
#include "workflows/definition.hpp"

namespace sif::daemon {

namespace json = boost::json;

void add_case_file(json::object& body, const config::ConfigSet& cfg, const workflows::SchoolState& s,
                   const std::vector<std::string>& allowed, workflows::Date today) {
  if (auto* instances = body.if_contains("instances"); instances && instances->is_array()) {
    json::array& arr = instances->as_array();
    for (std::size_t i = 0; i < arr.size() && i < s.instances.size(); ++i) {
      if (!arr[i].is_object()) continue;
      const workflows::Instance& inst = s.instances[i];
      const workflows::Framework* fw = definition_of(cfg, s.school.framework, inst.framework_version);
      const workflows::WorkflowSpec* wf = fw ? fw->find_workflow(inst.workflow) : nullptr;
      const workflows::StateSpec* st = wf ? wf->find_state(inst.state) : nullptr;
      arr[i].as_object()["workflow_title"] = wf && !wf->title.empty() ? wf->title : inst.workflow;
      arr[i].as_object()["state_title"] = st && !st->title.empty() ? st->title : inst.state;
    }
  }
  json::array overdue;
  if (const workflows::Framework* fw = cfg.latest(s.school.framework)) {
    CalendarCache calendars;
    for (const auto& item : overdue_items(s, cfg, calendars.get(cfg, *fw, s.school.region, s.school.la), today)) {
      overdue.push_back(to_json(item));
    }
  }
  body["overdue"] = std::move(overdue);
  body["event_forms"] = event_forms(cfg, s, allowed);
}

}  // namespace sif::daemon
