// sifd: entry point. `sifd --check [--config FILE|DIR]` (the settings and definitions sifd would
// start with), `sifd --version`, and otherwise the daemon itself (daemon/server.hpp:
// run_server). Command logic lives in its own files (check_command.cpp,
// server.cpp) so tests and the daemon share it. Exit status: 0 clean stop, 1 bad configuration or
// start-up failure, 2 stopped at the shutdown deadline (docs/operations.md, Shutdown).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "config/config_set.hpp"
#include "daemon/check_command.hpp"
#include "daemon/server.hpp"
#include "daemon/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"sifd: runs local authorities' school improvement frameworks"};
  bool check = false;
  bool version = false;
  std::string config = sif::config::default_config_dir().string();
  app.add_flag("--check", check,
               "validate the settings (sifd.yaml) and the definitions they name (frameworks, workflows, calendars, "
               "templates), report every problem located, and exit; changes nothing");
  app.add_option("--config", config,
                 "sifd.yaml settings file, or a definitions directory with built-in settings (default: " + config +
                     "/sifd.yaml)");
  app.add_flag("--version", version, "print the version and exit");
  sif::daemon::ServerOptions server;
  sif::daemon::add_server_flags(app, server, /*with_config=*/false);
  CLI11_PARSE(app, argc, argv);

  if (version) {
    std::cout << "sifd " << sif::daemon::version() << "\n";
    return 0;
  }
  if (app.count("--config")) server.config_file = config;
  if (check) return sif::daemon::run_check(server, std::cout, std::cerr);
  if (const char* token = std::getenv("SIF_BOOTSTRAP_TOKEN")) server.bootstrap_token = token;
  return sif::daemon::run_server(server);
}
