#include "daemon/school_case.hpp"

#include <boost/json.hpp>

#include "daemon/event_forms.hpp"
#include "daemon/overdue.hpp"
#include "workflows/definition.hpp"

namespace sif::daemon {

namespace json = boost::json;

void add_case_file(json::object& body, const config::ConfigSet& cfg, const workflows::SchoolState& s,
                   const std::vector<std::string>& allowed, workflows::Date today) {
  const workflows::Framework* latest = cfg.latest(s.school.framework);
  const workflows::Calendar* cal = latest ? &cfg.calendar(*latest, s.school.region, s.school.la) : nullptr;
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
      // Working days from today to each pending timer's date (0: today), on the school's own
      // calendar, as the case file shows them; a date already past has none left.
      auto* timers = arr[i].as_object().if_contains("timers");
      if (!cal || !timers || !timers->is_array()) continue;
      for (std::size_t k = 0; k < timers->as_array().size() && k < inst.timers.size(); ++k) {
        auto& t = timers->as_array()[k];
        if (!t.is_object()) continue;
        const workflows::Date due = inst.timers[k].due;
        if (due >= today && workflows::in_supported_span(due) && workflows::in_supported_span(today)) {
          t.as_object()["working_days_left"] = cal->working_days_between(today, due);
        }
      }
    }
  }
  json::array overdue;
  if (cal) {
    for (const auto& item : overdue_items(s, cfg, *cal, today)) overdue.push_back(to_json(item));
  }
  body["overdue"] = std::move(overdue);
  body["event_forms"] = event_forms(cfg, s, allowed);
}

}  // namespace sif::daemon
