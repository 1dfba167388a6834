#include "daemon/docs_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "config/config_set.hpp"
#include "config/framework_docs.hpp"

namespace sif::daemon {

int print_docs(const std::filesystem::path& config_dir, const std::string& framework_id, std::ostream& out,
               std::ostream& err) {
  std::vector<config::Diagnostic> diagnostics;
  auto loaded = config::load_config_dir(config_dir, &diagnostics);
  if (!loaded) {
    for (const auto& d : diagnostics) err << d.str() << "\n";
    err << "sifctl docs: " << loaded.error().message << "\n";
    return 1;
  }
  if (framework_id.empty()) {
    out << config::frameworks_markdown(**loaded);
    return 0;
  }
  const auto* framework = (*loaded)->latest(framework_id);
  if (framework == nullptr) {
    err << "sifctl docs: no framework '" << framework_id << "' in " << config_dir.string() << "\n";
    return 2;
  }
  out << config::framework_markdown(*framework);
  return 0;
}

void add_docs_command(CLI::App& app, int* exit_code) {
  struct Options {
    std::string config_dir = config::default_config_dir().string();
    std::string framework;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("docs", "print the framework reference (docs/frameworks.md) from the definitions");
  cmd->add_option("--config", opts->config_dir, "configuration directory")->capture_default_str();
  cmd->add_option("--framework", opts->framework, "only this framework's section");
  cmd->callback([opts, exit_code] { *exit_code = print_docs(opts->config_dir, opts->framework, std::cout, std::cerr); });
}

}  // namespace sif::daemon
