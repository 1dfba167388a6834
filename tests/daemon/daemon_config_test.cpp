// sifd.yaml on config::SettingsReader: one pass reports every mistake of the file, each at its
// line:column with the message an operator reads; values come out typed; the shipped file is
// clean.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config/config_set.hpp"
#include "config/settings_reader.hpp"
#include "daemon/daemon_config.hpp"
#include "workflows/date.hpp"

using namespace sif;
using daemon::parse_daemon_config;

namespace {

std::vector<std::string> lines(const std::vector<config::Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) out.push_back(d.str());
  return out;
}

}  // namespace

TEST_CASE("sifd.yaml: every mistake in one run, each at its line and column", "[daemon][config]") {
  const std::string yaml =
      "lisen: 127.0.0.1:8080\n"                                        // 1
      "db: var/sif.db\n"                                               // 2
      "log_level: verbose\n"                                           // 3
      "clock: { mode: manaul, start: 2026-09-01 }\n"                   // 4
      "http:\n"                                                        // 5
      "  max_connections: 0\n"                                         // 6
      "  body_limit: lots\n"                                           // 7
      "tokens:\n"                                                      // 8
      "  - { name: ops, sha256: 1234, role: operator }\n"              // 9
      "notifications:\n"                                               // 10
      "  smtp: { url: \"mail.example.gov.uk:587\" }\n"                 // 11
      "  from: { name: SI, email: \"si at example.gov.uk\" }\n"        // 12
      "  retry: { jitter: 1.5 }\n"                                     // 13
      "  digest: { at: \"7am\", roles: [link_advisor] }\n"             // 14
      "listen: localhost\n";                                           // 15
  std::vector<config::Diagnostic> diags;
  auto c = parse_daemon_config(yaml, "sifd.yaml", &diags);
  REQUIRE_FALSE(c);
  CHECK(c.error().message == "settings sifd.yaml: 14 problems");
  CHECK(lines(diags) == std::vector<std::string>{
      "sifd.yaml:1:1: error: unknown key 'lisen' in sifd.yaml (did you mean 'listen'?)",
      "sifd.yaml:3:12: error: log_level 'verbose' is not one of trace, debug, info, warn, error, critical, off",
      "sifd.yaml:4:16: error: clock.mode 'manaul' is not one of system, manual (did you mean 'manual'?)",
      "sifd.yaml:4:31: error: clock.start '2026-09-01' is not an ISO 8601 instant with its offset (e.g. "
      "2026-09-01T07:00:00Z (UTC) or 2026-09-01T08:00:00+01:00)",
      "sifd.yaml:6:20: error: http.max_connections must be from 1 to 1000000 (found 0)",
      "sifd.yaml:7:15: error: http.body_limit must be a whole number from 1 to 1073741824 (found 'lots')",
      "sifd.yaml:9:26: error: tokens[0].sha256 must be 64 hex digits (found 4 characters) (printf %s TOKEN | "
      "sha256sum; never the token itself)",
      "sifd.yaml:9:38: error: tokens[0].role 'operator' is not one of viewer, officer, admin",
      "sifd.yaml:11:16: error: notifications.smtp.url 'mail.example.gov.uk:587' must start with smtp:// or smtps://",
      "sifd.yaml:12:28: error: notifications.from.email 'si at example.gov.uk' is not one email address (write one "
      "address like jane.smith@example.gov.uk)",
      "sifd.yaml:13:20: error: notifications.retry.jitter must be from 0 to 1 (found 1.5)",
      "sifd.yaml:14:17: error: notifications.digest.at must be a time of day written HH:MM (00:00 to 23:59), not "
      "'7am' (e.g. \"07:00\", in quotes)",
      "sifd.yaml:14:32: error: notifications.digest.roles: 'link_advisor' is not a canonical role (did you mean "
      "'link_adviser'?)",
      "sifd.yaml:15:9: error: listen address 'localhost' needs a port: HOST:PORT (write HOST:PORT, e.g. "
      "127.0.0.1:8080 or [::1]:8080 (port 0: any free port))",
  });
}

TEST_CASE("sifd.yaml: without a list, the error is every problem, one a line", "[daemon][config]") {
  auto c = parse_daemon_config("log_level: loud\nshutdown_timeout_seconds: -1\n", "s.yaml");
  REQUIRE_FALSE(c);
  CHECK(c.error().message ==
        "s.yaml:1:12: error: log_level 'loud' is not one of trace, debug, info, warn, error, critical, off\n"
        "s.yaml:2:27: error: shutdown_timeout_seconds must be from 1 to 3600 (found -1)");
}

TEST_CASE("sifd.yaml: shapes, duplicates and required token fields", "[daemon][config]") {
  std::vector<config::Diagnostic> diags;
  auto c = parse_daemon_config("tokens: { name: ops }\n"
                               "http: 512\n"
                               "db: a.db\n"
                               "db: b.db\n"
                               "la_frameworks: [wiltshire-2019]\n",
                               "s.yaml", &diags);
  REQUIRE_FALSE(c);
  CHECK(lines(diags) == std::vector<std::string>{
      "s.yaml:1:9: error: tokens must be a list (found a map) (write it as `- item` lines or [a, b])",
      "s.yaml:2:7: error: http must be a map (found a value) (write it as `key: value` lines or { key: value })",
      "s.yaml:4:1: error: 'db' is written twice in sifd.yaml (first at line 3; keep one)",
      "s.yaml:5:16: error: la_frameworks must be a map (found a list) (write it as `key: value` lines or { key: value })",
  });

  diags.clear();
  const std::string hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  c = parse_daemon_config("tokens:\n"
                          "  - { name: ops, role: viewer }\n"
                          "  - { name: a, sha256: " + hash + ", role: admin }\n"
                          "  - { name: b, sha256: " + hash + ", role: admin }\n",
                          "s.yaml", &diags);
  REQUIRE_FALSE(c);
  CHECK(lines(diags) == std::vector<std::string>{
      "s.yaml:2:5: error: tokens[0] has no sha256 (each token needs name, sha256 (printf %s TOKEN | sha256sum) and "
      "role (viewer, officer or admin))",
      "s.yaml:4:24: error: tokens[2].sha256 is the same token as the one at line 3 (give each person or tool a token "
      "of its own)",
  });
}

TEST_CASE("sifd.yaml: values are parsed once, into their types", "[daemon][config]") {
  auto c = parse_daemon_config("clock: { mode: manual, start: \"2026-09-01T08:00:00+01:00\" }\n"
                               "notifications:\n"
                               "  digest: { at: \"06:45\" }\n"
                               "  retry: { initial_seconds: 5, max_delay_seconds: 50, multiplier: 1.5, jitter: 0 }\n"
                               "  smtp: { url: \"smtp://mail:25\", tls: none, timeout_seconds: 2.5 }\n"
                               "http: { io_threads: 3, header_timeout_seconds: 4, answer_cache_mb: 0 }\n"
                               "dashboard_dir:\n",
                               "s.yaml");
  INFO((c ? "" : c.error().message));
  REQUIRE(c);
  CHECK(c->clock == daemon::ClockMode::kManual);
  CHECK(c->clock_start == std::chrono::system_clock::time_point(workflows::make_date(2026, 9, 1)) + std::chrono::hours(7));
  CHECK(c->notifications.digest.at == config::TimeOfDay{6 * 60 + 45});
  CHECK(c->notifications.retry.initial == std::chrono::seconds(5));
  CHECK(c->notifications.retry.max_delay == std::chrono::seconds(50));
  CHECK(c->notifications.retry.multiplier == 1.5);
  CHECK(c->notifications.retry.jitter == 0);
  CHECK(c->notifications.smtp.tls == notifications::SmtpTls::kNone);
  CHECK(c->notifications.smtp.timeout == std::chrono::milliseconds(2500));
  CHECK(c->io_threads == 3);
  CHECK(c->header_timeout_seconds == 4);
  CHECK(c->answer_cache_mb == 0);  // no case files kept
  CHECK(c->dashboard_dir.empty());  // nothing after the colon: no console

  std::vector<config::Diagnostic> diags;
  auto bad = parse_daemon_config("notifications:\n  retry: { initial_seconds: 600, max_delay_seconds: 60 }\n", "s.yaml",
                                 &diags);
  REQUIRE_FALSE(bad);
  CHECK(lines(diags) == std::vector<std::string>{
      "s.yaml:2:53: error: notifications.retry.max_delay_seconds (60) is less than initial_seconds (600) (the longest "
      "wait between attempts must be at least the first)"});
}

TEST_CASE("sifd.yaml: a digest may go to a framework's own role, checked once the definitions load",
          "[daemon][config]") {
  // Telford's Review Team is chaired by a senior officer (review_team_chair, own: true), who
  // follows the schools' deadlines as the link advisers do.
  auto c = parse_daemon_config("notifications:\n"
                               "  digest: { roles: [link_adviser, review_team_chair, review_team_chiar] }\n",
                               "s.yaml");
  INFO((c ? "" : c.error().message));
  REQUIRE(c);
  CHECK(c->notifications.digest.roles ==
        std::vector<std::string>{"link_adviser", "review_team_chair", "review_team_chiar"});
  std::vector<config::Diagnostic> defs;
  auto shipped = config::load_config_dir(config::default_config_dir(), &defs);
  REQUIRE(shipped);
  std::vector<config::Diagnostic> late;
  config::check_own_role_contacts(c->notifications.own_role_contacts, **shipped, &late);
  CHECK(lines(late) == std::vector<std::string>{
      "s.yaml:2:54: error: notifications.digest.roles: 'review_team_chiar' is neither a canonical role nor a role "
      "any framework declares (own: true) (did you mean 'review_team_chair'?)"});
}

TEST_CASE("sifd.yaml: the shipped config/sifd.yaml has no problems", "[daemon][config]") {
  std::vector<config::Diagnostic> diags;
  auto c = daemon::load_daemon_config(std::string(SIF_SOURCE_DIR) + "/config/sifd.yaml", &diags);
  CHECK(lines(diags).empty());
  REQUIRE(c);
  CHECK(c->clock == daemon::ClockMode::kSystem);
  CHECK_FALSE(c->clock_start);
  CHECK(c->log_level == "info");
  CHECK(c->notifications.digest.at.str() == "07:00");
  CHECK(c->notifications.retry.max_attempts == 10);
  CHECK(c->default_contacts.size() == 11);
  CHECK(c->notifications.contacts.at("ofsted").email == "ofsted@localhost");
  CHECK(c->answer_cache_mb == 128);
}

TEST_CASE("sifd.yaml: a file that cannot be read is one diagnostic", "[daemon][config]") {
  std::vector<config::Diagnostic> diags;
  auto c = daemon::load_daemon_config("/no/such/sifd.yaml", &diags);
  REQUIRE_FALSE(c);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str().rfind("/no/such/sifd.yaml: error: cannot read the settings file", 0) == 0);
}
