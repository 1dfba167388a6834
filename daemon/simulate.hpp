// `sifctl simulate`: the timeline a school would follow under a framework, offline. It starts a
// school on --start, then walks forward: before each event, every timer due on or before the
// event's date fires (each as its own step, at the framework's fire time on its due date, in due
// order); then the event is applied at noon of its date. After the last event, timers keep firing
// up to --until. Every state change, timer set, timer fired, reminder and notice is printed, in
// date order. The events file format is documented in docs/simulate.md.
//
// The same workflows::step() the daemon runs does the work, so a simulation is exactly what the
// daemon would do with the same events on a manual clock.
//
// Thread-safety: functions touch only their arguments and the streams given.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/interpreter.hpp"

namespace CLI {
class App;
}

namespace sif::daemon {

// One entry of the events file.
struct SimEvent {
  workflows::Date date;
  workflows::Event event;
  int line = 0;  // 1-based line in the file, for messages
};

// Parses the events file: a YAML (or JSON) list of maps with `date` and `type`; `data` (a map)
// and any other keys are event data; `instance` and `actor` are optional. An event without a
// data `date` gets the entry's date. Entries are returned sorted by date (stable).
workflows::Result<std::vector<SimEvent>> parse_sim_events(std::string_view text);

struct SimulateOptions {
  std::string framework;                     // framework id
  std::filesystem::path events_file;
  std::string start;                         // YYYY-MM-DD
  std::string until;                         // YYYY-MM-DD; empty: last event (or start) + 1 year
  std::filesystem::path config_dir;          // empty: config::default_config_dir()
  std::string school_type;                   // school.type
  std::string phase;                         // school.phase
  std::string category;                      // starting category (may be empty)
  std::string la = "Simulation";             // school.la: chooses the authority's term calendar
  std::map<std::string, std::string> facts;  // more school facts: --fact key=value
  int max_firings = 1000;                    // stop after this many timer firings
};

// The simulation proper, on an already-loaded framework: prints the timeline on `out`. Returns
// 0, or 1 when an event was refused or a step failed (the timeline says which and why). After
// the timeline, the timers still pending at the end of `until` are listed in the order they
// would fire ("pending" lines). `timeline`, when given, receives every history entry in order:
// what the daemon's audit trail holds for the same school and events; `final_state` the school's
// state at the end, what the daemon's snapshot and timers table hold
// (tests/daemon/simulate_agreement_test.cpp).
int simulate(const workflows::StepContext& ctx, const workflows::School& school, const std::string& category,
             const std::vector<SimEvent>& events, workflows::Date start, workflows::Date until, int max_firings,
             std::ostream& out, std::vector<workflows::HistoryEntry>* timeline = nullptr,
             workflows::SchoolState* final_state = nullptr);

// Events are applied at this local time on their date, after the timers of that morning.
inline constexpr int kSimEventMinutes = 12 * 60;

// Loads the config and events, then simulates. 0 ok, 1 a refused event or failed step, 2 bad
// input (unknown framework, unreadable file, bad dates).
int run_simulate(const SimulateOptions& options, std::ostream& out, std::ostream& err);

// Registers `simulate` on app; its exit status is stored in *exit_code.
void add_simulate_command(CLI::App& app, int* exit_code);

}  // namespace sif::daemon
