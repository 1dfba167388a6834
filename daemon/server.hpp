// sifd's main flow, as a function main() calls: settings -> definitions -> database -> engine ->
// HTTP + scheduler + notice dispatcher -> recovery -> serve until a signal.
//
// Daemon lifecycle (run_server):
//
//   loading --ok--> recovering --done--> serving --SIGTERM/SIGINT--> draining --> stopped
//      |                                   |  ^
//      +--bad config / db: exit 1          +--+ SIGHUP: reload definitions (errors keep the old)
//
//   loading:    load_daemon_config and flags (resolve_settings), load_config_dir (each fatal,
//               with every problem located, as `sifd --check` prints them),
//               Database::open, Engine
//   recovering: HttpServer::start (so /healthz answers and the port is known; /readyz is 503),
//               Scheduler::start (fires timers that fell due while down, in order, once each),
//               seed register (first start only)
//   serving:    /readyz 200 while its checks pass (daemon/readiness.hpp: started, database
//               writable, notices channel usable); io_context runs the HTTP sessions and the
//               scheduler's timer; the notice worker drains the outbox; signals arrive on a
//               thread of their own (SignalThread)
//   draining:   stop_taking_work(): ShutdownDeadline armed (shutdown_timeout_seconds; past it
//               sifd exits 2), NoticeWorker::request_stop (the notice being sent finishes, the
//               rest stay pending), Scheduler::stop (no more timers; an advance in progress
//               stops between instants), HttpServer::stop (no new connections; in-flight
//               requests finish); then the engine drains its queue and the database closes
//
// Thread-safety: run_server blocks the calling thread until stopped; call it once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/daemon_config.hpp"

namespace CLI {
class App;
}

namespace sif::daemon {

struct ServerOptions {
  std::optional<std::string> config_file;  // --config FILE (default: the embedded config/sifd.yaml)
  std::optional<std::string> listen;       // --listen HOST:PORT
  std::optional<std::string> db;           // --db PATH
  std::optional<std::string> clock;        // --clock manual|system
  std::optional<std::string> start;        // --start ISO (manual clock)
  std::optional<std::string> config_dir;   // --definitions DIR (frameworks etc.)
  std::optional<std::string> log_level;    // --log-level LEVEL
  std::string bootstrap_token;             // SIF_BOOTSTRAP_TOKEN, read by main
};

// Adds --listen --db --clock --start --definitions --log-level (and --config unless the caller
// already has one: then it sets options.config_file itself) to `app`.
void add_server_flags(CLI::App& app, ServerOptions& options, bool with_config = true);

// The settings run_server would use: the file (or the embedded default) with flags applied.
// Problems in the file are appended to *diagnostics, every one located, and the result is an
// error counting them; without a list the error's message is the problems, one a line. A bad
// flag is an error naming the flag.
workflows::Result<DaemonConfig> resolve_settings(const ServerOptions& options,
                                                 std::vector<config::Diagnostic>* diagnostics = nullptr);

// Runs the daemon until SIGTERM/SIGINT. Returns the process exit code (0 clean, 1 start-up error);
// a shutdown that overruns shutdown_timeout_seconds ends the process with status 2 instead.
int run_server(const ServerOptions& options);

}  // namespace sif::daemon
