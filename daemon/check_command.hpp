// `sifd --check`: load and validate a configuration directory (frameworks, shared workflows,
// term calendars, templates) and report, like `nginx -t`. Kept apart from sifd_main.cpp so the
// daemon's own main and the tests can call it.
//
// Thread-safety: reads files; writes only to the given streams.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "workflows/result.hpp"

namespace sif::daemon {

// Loads `config_dir`. On problems prints each as `file:line:column: error: message (hint)` to
// `err`, then a count, and returns 1. Otherwise prints one line to `out`,
// "config OK: 5 frameworks, 23 workflows, 4 calendars, 17 templates", and returns 0.
int run_check(const std::filesystem::path& config_dir, std::ostream& out, std::ostream& err);

// The definitions directory that `--config PATH` names: PATH itself when it is a directory;
// for a sifd.yaml settings file, the config_dir it names (relative to the working directory,
// as that file documents).
workflows::Result<std::filesystem::path> check_dir_for(const std::filesystem::path& path);

}  // namespace sif::daemon
