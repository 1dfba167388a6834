// The forms a person fills to record each event a school accepts now (GET /v1/schools/{id}
// `event_forms`; the console and `sifctl show` build their forms from it).
//
// A form's fields, in this order:
//   1. the canonical schema's fields (workflows/event_schema.hpp), with its kinds, required
//      flags and choices, and its one_of;
//   2. every other `event.<name>` that the definition reads for this event in the current state
//      of an instance that takes it: the transitions' guards and effects, and the entry effects
//      and timers of the state each transition goes to. A name a guard compares with literals
//      (`event.report: final`, `event.report in [draft, final]`) is a choice of those literals;
//      one a timer counts from or a reschedule sets is a date; one a timer count reads is a
//      positive integer; anything else is text. It is required when every transition for the
//      event tests it (an absent value fails every test but `absent`), so leaving it out could
//      only be refused;
//   3. `date` when neither added it: the event's date, not required (empty: today).
// Each field has a label for people ("Compliance working days").
//
// Thread-safety: pure functions over values.
#pragma once

#include <boost/json/array.hpp>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/state.hpp"

namespace sif::daemon {

// One form per event of `allowed` (as Engine::allowed_events lists them), in that order:
// {"type","title","instances","fields":[{"name","kind","required","choices","label"}],"one_of"}.
boost::json::array event_forms(const config::ConfigSet& cfg, const workflows::SchoolState& s,
                               const std::vector<std::string>& allowed);

// "review.held" -> "Review held"; "warning_notice.not_complied" -> "Warning notice not complied".
std::string event_title(const std::string& type);

}  // namespace sif::daemon
