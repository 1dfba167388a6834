// `sifd --check`: load and validate what sifd would start with, and report, like `nginx -t`:
// the settings (sifd.yaml, or the embedded default, with the flags applied) and the
// configuration directory they name (frameworks, shared workflows, term calendars, templates).
// Changes nothing: no database is opened, no file written. Kept apart from sifd_main.cpp so the
// daemon's own main and the tests can call it.
//
// Thread-safety: reads files; writes only to the given streams.
#pragma once

#include <filesystem>
#include <ostream>

#include "daemon/server.hpp"

namespace sif::daemon {

// The settings, then the definitions. Problems in the settings file are printed to `err`, each
// as `file:line:column: error: message (hint)`, then a count, and it returns 1 without going on
// to the definitions (their directory is a setting). Otherwise "settings OK: FILE" to `out`
// (when a file was read) and run_check(config_dir) of the directory they name.
// `--config PATH` names a settings file, or a directory: built-in settings, definitions there.
int run_check(const ServerOptions& options, std::ostream& out, std::ostream& err);

// Loads `config_dir`. On problems prints each as `file:line:column: error: message (hint)` to
// `err`, then a count, and returns 1. Otherwise prints one line to `out`,
// "config OK: 5 frameworks, 23 workflows, 4 calendars, 17 templates", and returns 0.
// `settings`, when given, are the settings that name `config_dir`: their contacts for roles a
// framework declares of its own are checked against the definitions once these load, each
// problem printed located in the settings file, then "settings FILE: N problems", and 1.
int run_check(const std::filesystem::path& config_dir, std::ostream& out, std::ostream& err,
              const DaemonConfig* settings = nullptr);

}  // namespace sif::daemon
