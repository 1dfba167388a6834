// What is overdue: the one definition the digest, the school API, /v1/deadlines, /metrics and
// the listing/overview share.
//
// A school's overdue items, from each active (non-final) instance:
//   - every entry of Instance::overdue: a `kind: deadline` timer fired and the instance either
//     stayed in its state or moved (by `then:` or an `on: timer.<id>` transition) to a state
//     that keeps the entry until it is left (workflows/interpreter.hpp);
//   - every pending `kind: deadline` timer whose firing day (the next working day after its
//     due date) is `today` or earlier: it has fired or should have (a stopped daemon, a clock
//     not yet advanced), so it is overdue whatever held it up. A deadline due on a Friday is
//     not overdue on the weekend, nor on a bank holiday Monday.
// Windows and prompts are never overdue; reminders and escalations are not deadlines.
//
// overdue_since is the working day after the due date (the day the deadline was missed, as the
// timer fires), working_days_overdue the working days in (due, today], both on the school's
// calendar as the caller passes it (Calendar(school.region, config.term_calendar(fw, la))).
//
// Thread-safety: free functions over values; all safe.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/calendar.hpp"
#include "workflows/date.hpp"
#include "workflows/state.hpp"

namespace sif::daemon {

struct OverdueItem {
  std::string school, school_name, instance, workflow, workflow_title, state, state_title, timer, title;
  workflows::Date due, overdue_since;
  int working_days_overdue = 0;
};

// The school's overdue items, sorted by due date (then instance, then timer).
std::vector<OverdueItem> overdue_items(const workflows::SchoolState& s, const config::ConfigSet& cfg,
                                       const workflows::Calendar& cal, workflows::Date today);

// {"school","school_name","instance","workflow","workflow_title","state","state_title","timer",
//  "title","due","overdue_since","working_days_overdue"} (dates YYYY-MM-DD).
boost::json::object to_json(const OverdueItem& item);

// The definition an instance runs on (its own version), else the latest one loaded; null when
// the framework is not loaded at all.
const workflows::Framework* definition_of(const config::ConfigSet& cfg, const std::string& framework, int version);

}  // namespace sif::daemon
