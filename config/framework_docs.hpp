// The generated part of docs/frameworks.md: for each framework, its categories, and for each
// workflow a mermaid diagram plus tables mapping every state and deadline to the section of the
// published document it comes from (the `source:` of each element).
//
// Generated from the loaded definitions so the documentation cannot drift from what sif runs:
// `sifctl docs > docs/frameworks.md` writes it, and a test fails when the committed file is stale.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "config/config_set.hpp"
#include "workflows/definition.hpp"

namespace sif::config {

// One framework's section (starts with a "## " heading).
std::string framework_markdown(const workflows::Framework& framework);

// The whole of docs/frameworks.md: an introduction, then every framework's newest version in
// id order.
std::string frameworks_markdown(const ConfigSet& config);

}  // namespace sif::config
