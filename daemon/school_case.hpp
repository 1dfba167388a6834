// What GET /v1/schools/{id} adds for the console's case file (docs/api.md): each instance's
// workflow_title and state_title, the school's overdue deadlines (daemon/overdue.hpp) and a
// form for every event allowed now (daemon/event_forms.hpp).
//
// Thread-safety: a free function; reads the engine's definitions (thread-safe).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/date.hpp"
#include "workflows/state.hpp"

namespace sif::daemon {

// REQUIRES: body["instances"] holds storage::to_json of s.instances, in order.
// Adds body["overdue"] (sorted by due) and body["event_forms"] (one per event of `allowed`),
// and workflow_title/state_title to each instance. `today` is the London date.
void add_case_file(boost::json::object& body, const config::ConfigSet& cfg, const workflows::SchoolState& s,
                   const std::vector<std::string>& allowed, workflows::Date today);

}  // namespace sif::daemon
