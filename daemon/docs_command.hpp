// `sifctl docs [--config DIR] [--framework ID]`: prints the generated framework reference
// (docs/frameworks.md, or one framework's section of it) from the definitions, offline.
//
// Thread-safety: touches only the streams given.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace sif::daemon {

void add_docs_command(CLI::App& app, int* exit_code);

// 0 printed; 1 the definitions do not load (diagnostics on err); 2 unknown framework.
int print_docs(const std::filesystem::path& config_dir, const std::string& framework_id, std::ostream& out,
               std::ostream& err);

}  // namespace sif::daemon
