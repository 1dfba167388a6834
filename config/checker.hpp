// Semantic checks of a loaded framework: what `sifd --check` reports beyond the shape of the
// YAML (which config/framework_loader reports). Every problem found is reported, not just the
// first, each located at file:line:column with a hint on what to change.
//
// Checked (docs/definitions.md, "What sifd --check checks"):
//   - the file: id equals the file name; version >= 1; the calendar exists
//     (config/calendars/<id>.yaml) unless it is `default`;
//   - names: duplicate ids (categories, roles, workflows, params, states, timers of a state);
//     roles canonical, or declared `own: true` (not a canonical id, nor nearly one; snake_case;
//     titled), and every role a notice or reminder names declared (a misspelt canonical role
//     is refused with the role meant, never taken for a new one); templates exist;
//     unknown states (initial, to, then) and workflows (start) with did-you-mean hints;
//     literal set_category values are declared categories; timer.<id> events name a timer of
//     the state and <child>.finished events a workflow;
//   - the machine: every state reachable from `initial`; non-final states have a way out;
//     timers have an effect (a transition on timer.<id>, or reminders); cancel/restart name
//     timers of the state concerned; root workflows need no params without defaults;
//   - expressions: paths have a known root (event., school., vars., params., state.entered,
//     timers.<id>), params.<name> and timers.<id> name ones the workflow declares, literal
//     counts are whole numbers, literal `from` values are dates, comparisons compare numbers
//     or dates;
//   - children: params passed to a child are declared by it; required ones are passed.
//
// Thread-safety: pure functions.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/definition.hpp"

namespace sif::config {

// What the loader knows that the model does not keep: where the top-level scalars were written
// (the model keeps one SourceLoc per element), and which workflows' `use:` failed (already
// reported; checking their empty bodies would only repeat it).
struct LoaderNotes {
  workflows::SourceLoc id, version, calendar;
  std::set<std::string> unresolved_workflows;
};

struct CheckEnvironment {
  std::string expected_id;                          // the file's stem; empty: not checked
  const std::set<std::string>* templates = nullptr;  // template ids on disk; null: not checked
  const std::set<std::string>* calendars = nullptr;  // calendar ids on disk; null: not checked
  LoaderNotes notes;                                 // unknown locations (line 0) fall back to f.loc
};

// Appends one Diagnostic per problem of `f` to *out. REQUIRES: out != nullptr.
void check_framework(const workflows::Framework& f, const CheckEnvironment& env, std::vector<Diagnostic>* out);

}  // namespace sif::config
