// Loading a configuration directory: framework definitions (frameworks/*.yaml, with shared
// workflows from workflows/*.yaml), term calendars (calendars/*.yaml) and notice templates
// (templates/*). Everything is validated; each problem becomes a Diagnostic located at
// file:line:column with a hint on what to change.
//
// Thread-safety: a loaded ConfigSet is immutable; share it. Loading reads files and is
// meant for start-up, `sifd --check` and reloads.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "workflows/calendar.hpp"
#include "workflows/definition.hpp"
#include "workflows/result.hpp"

namespace sif::config {

struct Diagnostic {
  // An error stops the definitions (or settings) from loading; a warning is reported and loads.
  enum class Severity { kError, kWarning };
  workflows::SourceLoc loc;
  std::string message;  // what is wrong
  std::string hint;     // what to change (may be empty)
  Severity severity = Severity::kError;
  // "frameworks/x.yaml:12:7: error: unknown state 'reveiw' in 'to'; did you mean 'review'?"
  std::string str() const;
  bool is_error() const { return severity == Severity::kError; }
};

// How many of `diags` are errors (the rest are warnings).
std::size_t error_count(const std::vector<Diagnostic>& diags, std::size_t from = 0);

// Identical diagnostics from index `from` on (a shared workflow used by two frameworks) are kept
// once, and each file's put in line order, so a report reads top to bottom.
void tidy_diagnostics(std::vector<Diagnostic>* diags, std::size_t from = 0);

class ConfigSet {
 public:
  std::filesystem::path dir;
  // framework id -> version -> definition (a reload may add versions; old ones keep running)
  std::map<std::string, std::map<int, workflows::Framework>> frameworks;
  std::map<std::string, workflows::TermCalendar> calendars;  // calendar id -> term dates
  std::set<std::string> templates;                            // template ids (file stems)

  const workflows::Framework* latest(std::string_view framework_id) const;
  const std::map<int, workflows::Framework>* versions(std::string_view framework_id) const;
  // The term calendar a framework names, or the documented default pattern.
  workflows::TermCalendar term_calendar(const workflows::Framework& f) const;
  // For a school of authority `la`: the calendar file that lists it under `authorities:`, else
  // the framework's, else the default pattern; a file is completed with the default pattern for
  // the years it does not cover (workflows::with_default_years).
  workflows::TermCalendar term_calendar(const workflows::Framework& f, std::string_view la) const;
  // The id of that calendar ("bristol", "default"), without building it.
  std::string term_calendar_id(const workflows::Framework& f, std::string_view la) const;
  // The Calendar (bank holidays of every supported year and that term calendar) a school of
  // authority `la` in `region` counts on under `f`: built once per configuration and kept, so a
  // request never rebuilds it. Thread-safe; the reference lives as long as this ConfigSet.
  const workflows::Calendar& calendar(const workflows::Framework& f, workflows::Region region,
                                      std::string_view la) const;
  // Path of a template file for `id` with the given extension (".txt", ".html"), if it exists.
  std::optional<std::filesystem::path> template_path(std::string_view id, std::string_view ext) const;

 private:
  // Calendars built so far, by framework version, region and term calendar. A copy of the
  // ConfigSet starts with none (its calendars may differ).
  struct CalendarMemo {
    CalendarMemo() = default;
    CalendarMemo(const CalendarMemo&) {}
    CalendarMemo& operator=(const CalendarMemo&) {
      std::lock_guard lock(mu);
      built.clear();
      return *this;
    }
    std::mutex mu;
    std::map<std::string, std::unique_ptr<workflows::Calendar>> built;
  };
  mutable CalendarMemo calendar_memo_;
};

// Loads and checks `dir`. On any error diagnostics holds them all (not just the first) and the
// result is an error whose message summarises the count. Warnings (Diagnostic::Severity) are
// added to diagnostics too, and alone do not stop the load.
workflows::Result<std::shared_ptr<const ConfigSet>> load_config_dir(const std::filesystem::path& dir,
                                                                     std::vector<Diagnostic>* diagnostics);

// The config directory shipped with the source tree (config/), used when none is given.
std::filesystem::path default_config_dir();

}  // namespace sif::config
