// Framework definitions from YAML (docs/definitions.md) into the workflows:: model.
//
// The loader owns the *shape* of the language: known keys (a misspelt key is an error with a
// did-you-mean hint), the right kinds (a list where a map is expected, a word where a whole
// number is expected), units, regions, value expressions and conditions. It also expands two
// shorthands so that the interpreter only ever sees plain transitions:
//   - a timer's `then: X` becomes the transition `on: timer.<id>: { to: X }` (an error when the
//     state already handles timer.<id>: keep one of the two);
//   - `use: <shared>` copies the shared workflow config/workflows/<shared>.yaml, with this
//     framework's params overriding the shared defaults.
// Meaning (unknown states, roles, templates, reachability ...) is config/checker's job.
//
// Every element carries its SourceLoc (yaml-cpp mark + 1). The public functions never throw:
// unreadable files and YAML syntax errors become Diagnostics too.
//
// Thread-safety: pure functions apart from reading the named files.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/checker.hpp"
#include "config/config_set.hpp"
#include "workflows/definition.hpp"
#include "workflows/result.hpp"

namespace sif::config {

// Shared workflows by name (the file stem of config/workflows/<name>.yaml).
using SharedWorkflows = std::map<std::string, workflows::WorkflowSpec>;

// Parses one framework document. `file` is how diagnostics name it. `shared` resolves `use:`
// (null: no shared library; every `use:` is an error). `locs` (optional) receives where the
// top-level scalars were written, for the checker.
// Returns an error only when there is no framework to speak of (not YAML, not a map); otherwise
// a best-effort model, and every problem found is appended to *diagnostics — so callers must
// look at whether *diagnostics grew, not only at the result.
// REQUIRES: diagnostics != nullptr.
workflows::Result<workflows::Framework> parse_framework(std::string_view yaml_text, const std::string& file,
                                                        const SharedWorkflows* shared,
                                                        std::vector<Diagnostic>* diagnostics,
                                                        LoaderNotes* locs = nullptr);

// Reads and parses `path`; diagnostics name it `display` (defaults to path as given).
workflows::Result<workflows::Framework> load_framework_file(const std::filesystem::path& path,
                                                            const std::string& display,
                                                            const SharedWorkflows* shared,
                                                            std::vector<Diagnostic>* diagnostics,
                                                            LoaderNotes* locs = nullptr);

// A shared workflow file holds one workflow body (title, source, initial, params, states);
// its id is the file stem `name`. Same error contract as parse_framework.
workflows::Result<workflows::WorkflowSpec> parse_shared_workflow(std::string_view yaml_text, const std::string& name,
                                                                 const std::string& file,
                                                                 std::vector<Diagnostic>* diagnostics);
workflows::Result<workflows::WorkflowSpec> load_shared_workflow_file(const std::filesystem::path& path,
                                                                     const std::string& display,
                                                                     std::vector<Diagnostic>* diagnostics);

}  // namespace sif::config
