// Loading an authority's term dates (config/calendars/<id>.yaml) into a workflows::TermCalendar.
//
// The format (docs/calendar.md has the full account):
//
//   id: wiltshire                  # must equal the file name without .yaml
//   version: "2025-06-01"          # shown in every deadline computed on these dates
//   source: "https://..."          # where the dates were published
//   fictional: true                # optional: marks example data
//   note: "..."                    # optional
//   years:
//     - year: 2025                 # the academic year starting September 2025
//       half_terms:                # exactly six, in order; start/end = first/last teaching day
//         - { name: Autumn 1, start: 2025-09-03, end: 2025-10-24 }
//         ...
//
// Every problem is reported (not just the first) as a Diagnostic at file:line:column with what
// to change. The daemon falls back to workflows::default_term_calendar() when a framework names
// no calendar file.
//
// Thread-safety: free functions; each call uses only its arguments. Reads one file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_set.hpp"
#include "workflows/calendar.hpp"
#include "workflows/result.hpp"

namespace sif::config {

// Reads and validates `file`. The id must equal the file's stem. Diagnostics are appended to
// *diagnostics when given (files named as `file` was given). On any problem the result is an
// error whose message counts them.
workflows::Result<workflows::TermCalendar> load_term_calendar(const std::filesystem::path& file,
                                                             std::vector<Diagnostic>* diagnostics);

// The same from text: `file_name` names the source in diagnostics; when `expected_id` is given
// the calendar's id must equal it.
workflows::Result<workflows::TermCalendar> parse_term_calendar(std::string_view yaml_text, const std::string& file_name,
                                                              std::optional<std::string> expected_id,
                                                              std::vector<Diagnostic>* diagnostics);

}  // namespace sif::config
