// sifctl: the command line. Each command lives in its own file (daemon/*_command.cpp,
// daemon/simulate.cpp) and registers itself here; main only parses and returns the status.
// Exit status: 0 ok, 1 the command ran and found a problem, 2 bad usage or input.
#include <CLI/CLI.hpp>
#include <iostream>

#include "daemon/calendar_command.hpp"
#include "daemon/docs_command.hpp"
#include "daemon/simulate.hpp"
#include "daemon/sifctl_remote.hpp"
#include "daemon/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"sifctl: school improvement frameworks from the command line"};
  app.set_version_flag("--version", std::string("sifctl ") + sif::daemon::version());
  app.require_subcommand(1);
  int exit_code = 0;
  sif::daemon::add_calendar_command(app, &exit_code);
  sif::daemon::add_simulate_command(app, &exit_code);
  sif::daemon::add_docs_command(app, &exit_code);
  sif::daemon::add_remote_commands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message (and usage) on stderr
    return 2;
  }
  return exit_code;
}
