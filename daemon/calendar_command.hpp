// `sifctl calendar add DATE N UNIT --region R` and `sifctl calendar between FROM TO --region R`:
// the statutory calendar offline, for officers checking a deadline and for scripts. Each prints
// exactly one line on success (an ISO date; an integer); bad input is a message on stderr and
// exit status 2.
//
// Thread-safety: the functions touch only the streams given.
#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace sif::daemon {

// Registers `calendar` (with `add` and `between`) on app; the status of the one that runs is
// stored in *exit_code.
void add_calendar_command(CLI::App& app, int* exit_code);

// The command bodies, for tests: exit status 0 or 2.
int calendar_add(const std::string& date, const std::string& count, const std::string& unit,
                 const std::string& region, std::ostream& out, std::ostream& err);
int calendar_between(const std::string& from, const std::string& to, const std::string& region,
                     std::ostream& out, std::ostream& err);

}  // namespace sif::daemon
