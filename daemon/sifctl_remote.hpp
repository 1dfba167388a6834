// sifctl's commands that speak to a running sifd over the HTTP API (docs/api.md):
//
//   sifctl schools [-q TEXT] [--framework F] [--category C|none] [--la LA] [--state S] [--overdue]
//                  [--mine] [--sort KEY] [--limit N] [--offset N]
//   sifctl school add ID --name N --la LA --framework F [--category C] [--type T] [--contact ROLE=EMAIL]
//   sifctl show ID          (also each allowed event with its fields)
//   sifctl events ID        (the allowed events and their fields only)
//   sifctl preview ID TYPE [k=v ...]
//   sifctl event ID TYPE [k=v ...] [--actor NAME] [--key IDEMPOTENCY_KEY]
//   sifctl history ID
//   sifctl deadlines [--from DATE] [--to DATE] [--overdue] [--ics]
//   sifctl clock show | clock advance 30d | clock set ISO
//   sifctl audit verify
//   sifctl frameworks [ID] [--mermaid]
//   sifctl notices [--status pending|sent|dead] [--school ID] [--template T] [--limit N] [--before ID]
//   sifctl notices show ID | notices retry ID
//   sifctl import FILE.csv [--framework F] [--valid-only]
//   sifctl reload
//
// Global options, before or after the command: --url (or SIF_URL; default
// http://127.0.0.1:8080), --token (or SIF_TOKEN), --json (print the server's JSON instead of a
// table) and --wide (tables show every cell whole instead of fitting 100 columns). Exit status: 0 ok, 1 the server said
// no (4xx/5xx; the error is printed on stderr), 2 bad usage, 3 cannot connect.
//
// Thread-safety: command bodies touch only the streams given.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "daemon/http_client.hpp"

namespace CLI {
class App;
}

namespace sif::daemon {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitNoConnection = 3;

// Registers every remote command on app; the status of the one that runs goes to *exit_code.
// SIF_URL and SIF_TOKEN are read (by CLI11's envname) when the command line lacks them.
void add_remote_commands(CLI::App& app, int* exit_code);

struct RemoteOptions {
  std::string url = "http://127.0.0.1:8080";
  std::string token;
  bool json = false;
  bool wide = false;  // tables show every cell whole instead of fitting 100 columns
};

// One API call, printed: a table via `render` (given the parsed JSON body) or the raw JSON with
// --json; errors on `err`. Returns the exit status.
int remote_call(const RemoteOptions& o, const ClientRequest& req, std::ostream& out, std::ostream& err,
                const std::string& table_kind);

// Human tables for the API's answers (table_kind: "schools", "school", "event", "history",
// "deadlines", "clock", "audit", "frameworks", "framework", "notices", "import", "reload").
// Tables fit sifctl::kTableWidth columns (long cells cut with "…") unless `wide`.
std::string render_table(const std::string& table_kind, const std::string& json_body, bool wide = false);

// "k=v" words -> a JSON object text {"k":"v",...}; a word without '=' is a usage error.
workflows::Result<std::string> event_body(const std::string& type, const std::vector<std::string>& kvs,
                                          const std::string& actor, const std::string& key);

}  // namespace sif::daemon
