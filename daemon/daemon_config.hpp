// The daemon's own settings (config/sifd.yaml): where to listen, the database, the definitions
// directory, API tokens, logging, the clock, where notices go, and HTTP limits. Every setting is
// documented in config/sifd.yaml itself. Command-line flags override the file (run_server
// applies them); SIF_BOOTSTRAP_TOKEN is read by main, never here.
//
// Relative paths in the file are taken relative to the directory the daemon starts in, which is
// how scripts/run.sh and the README use it (db: var/sif.db).
//
// The file is read through config::SettingsReader, as the definitions are: one pass reports
// every problem (misspelt key with a did-you-mean, wrong shape, bad value, number out of range)
// as a config::Diagnostic at file:line:column, and values are parsed once, into their types (the
// manual clock's start instant, the digest's time of day).
//
// Thread-safety: a loaded DaemonConfig is a plain value.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "daemon/auth.hpp"
#include "notifications/notifications_config.hpp"
#include "workflows/state.hpp"
#include "workflows/result.hpp"

namespace sif::daemon {

struct ListenAddress {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (tests)
};

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all interfaces is never implied: host defaults to
// 127.0.0.1), "localhost:0".
workflows::Result<ListenAddress> parse_listen(std::string_view text);

enum class ClockMode { kSystem, kManual };
const char* to_string(ClockMode mode);  // "system", "manual"

struct DaemonConfig {
  ListenAddress listen;
  std::filesystem::path db = "var/sif.db";
  std::filesystem::path config_dir = "config";     // frameworks/, calendars/, templates/, workflows/
  std::filesystem::path notices_dir = "var/notices";
  std::filesystem::path dashboard_dir = "daemon/dashboard";  // served at /; empty: no dashboard
  std::optional<std::filesystem::path> seed_register;  // GIAS CSV loaded when the db has no schools
  std::map<std::string, std::string> la_frameworks;    // "LA (name)" -> framework id, for CSV imports
  std::string log_level = "info";
  ClockMode clock = ClockMode::kSystem;
  std::optional<std::chrono::system_clock::time_point> clock_start;  // manual clock: where it starts
  std::vector<TokenEntry> tokens;
  // The authority's own contacts by role (ofsted, director, la_lead..., or a role a framework
  // declares of its own), used when a school has no contact for a role a notice names.
  std::map<std::string, workflows::Contact> default_contacts;
  // The `notifications:` section: channel (maildir, smtp, webhook), From, retries, digests.
  // Its maildir.dir is notices_dir unless the section names one; its contacts are
  // default_contacts with the section's own `contacts:` laid over them. Contacts for roles that
  // are not canonical are listed in notifications.own_role_contacts, to be checked against the
  // definitions once they load (config::check_own_role_contacts).
  notifications::NotificationsConfig notifications;
  // HTTP limits.
  std::size_t body_limit = 1024 * 1024;
  int header_timeout_seconds = 10;  // to read a request's header (slowloris)
  int read_timeout_seconds = 30;    // to read the whole request
  int idle_timeout_seconds = 60;    // keep-alive connection idle between requests
  std::size_t max_connections = 512;  // open HTTP connections; more are accepted and closed at once
  std::size_t url_limit = 8 * 1024;       // request target bytes (414 beyond)
  std::size_t header_limit = 16 * 1024;   // request line + header bytes (431 beyond)
  // Threads running the HTTP io_context (http.io_threads); 0: the hardware concurrency, at
  // least 2. See io_thread_count().
  unsigned io_threads = 0;
  unsigned io_thread_count() const;
  // Memory for case files kept between reads (http.answer_cache_mb; daemon/answer_cache.hpp);
  // 0 keeps none.
  std::size_t answer_cache_mb = 128;
  // SIGTERM: the longest sifd takes to stop (in-flight request and notice, then it exits anyway).
  int shutdown_timeout_seconds = 10;
  std::filesystem::path source;     // the file this came from (empty: built-in defaults)
};

// Parses YAML text; `file` locates the diagnostics ("sifd.yaml:12:3: error: ..."). Every problem
// is appended to *diagnostics; when there is any the result is an error whose message counts
// them ("settings sifd.yaml: 3 problems"). REQUIRES: diagnostics != nullptr.
workflows::Result<DaemonConfig> parse_daemon_config(std::string_view yaml, const std::string& file,
                                                    std::vector<config::Diagnostic>* diagnostics);
// Reads `file`; a file that cannot be read is one diagnostic.
workflows::Result<DaemonConfig> load_daemon_config(const std::filesystem::path& file,
                                                   std::vector<config::Diagnostic>* diagnostics);
// The same, for callers that only print: the error's message is every diagnostic
// (Diagnostic::str()), one a line.
workflows::Result<DaemonConfig> parse_daemon_config(std::string_view yaml, const std::string& file);
workflows::Result<DaemonConfig> load_daemon_config(const std::filesystem::path& file);

}  // namespace sif::daemon
