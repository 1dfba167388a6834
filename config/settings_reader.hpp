// Typed reading of the daemon's settings file (sifd.yaml) on top of YamlReader: each read
// returns the value, already in its type (a time of day, an instant, a number in range, one
// word of a list), or nothing after appending a located Diagnostic that names the setting, says
// what is wrong and what to write. One run over a file reports every problem.
//
// The file's sections are mapped onto their owners' types next to those types:
// daemon/daemon_config.cpp (the file, DaemonConfig) and notifications/notifications_config.cpp
// (its `notifications:` section). Both sit above config/ in the target graph (notifications
// links config, daemon links both), so config/ owns the reading and the located diagnostics
// without depending on either.
//
// Thread-safety: a SettingsReader appends to its YamlReader's diagnostics; use one per thread.
// The free functions are pure.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/yaml_reader.hpp"
#include "workflows/date.hpp"
#include "workflows/state.hpp"

namespace sif::config {

// HH:MM, as framework definitions' fire_time reads it (workflows/date.hpp).
using workflows::parse_time_of_day;
using workflows::TimeOfDay;

// "2026-09-01T07:00:00Z", "2026-09-01T08:00+01:00": an ISO 8601 instant with its offset (Z or
// +HH:MM / -HH:MM), seconds optional. A date alone is not an instant (its midnight depends on
// the time zone, which is the shell's business): nothing.
std::optional<std::chrono::system_clock::time_point> parse_utc_instant(std::string_view text);

// One plain address: one '@' with something either side, no spaces, commas, angle brackets or
// control characters. Not an RFC 5322 parser: it catches a name, a list or a typo'd separator.
bool is_one_email_address(std::string_view text);

// A contact in the settings for a role that is not canonical: accepted as a role some framework
// declares of its own (`own: true`), which only the definitions can confirm, and they load after
// the settings. Where it was written, so check_own_role_contacts can still say file:line:column.
struct OwnRoleContact {
  std::string role;          // "review_team_chair"
  std::string what;          // the setting: "notifications.contacts", "default_contacts"
  workflows::SourceLoc loc;  // the key
};

// Appends a located Diagnostic for each of `uses` whose role no framework of `definitions`
// (any loaded version) declares, naming the nearest role (did-you-mean) or those declared.
void check_own_role_contacts(const std::vector<OwnRoleContact>& uses, const ConfigSet& definitions,
                             std::vector<Diagnostic>* out);

class SettingsReader {
 public:
  // REQUIRES: yaml outlives the SettingsReader.
  explicit SettingsReader(YamlReader& yaml) : yaml_(yaml) {}

  YamlReader& yaml() { return yaml_; }
  const std::string& file() const { return yaml_.file(); }
  int errors() const { return yaml_.errors(); }

  // Parses the text of a whole file; a syntax error becomes a located Diagnostic and nothing.
  std::optional<YAML::Node> load(std::string_view text);

  // A section: a map whose keys are all in `keys` (each stray key reported with a
  // did-you-mean, each key written twice reported). False when it is not a map at all.
  bool section(const YAML::Node& n, std::string_view what, const std::vector<std::string>& keys);

  // A single value. Text may be empty ("" in quotes); nothing written after the colon is
  // "has no value" unless `null_is_empty` (paths where empty means "none").
  std::optional<std::string> text(const YAML::Node& n, std::string_view what, bool null_is_empty = false);
  std::optional<bool> boolean(const YAML::Node& n, std::string_view what);
  // A whole number, min <= v <= max; the message names the range.
  std::optional<long long> integer(const YAML::Node& n, std::string_view what, long long min, long long max);
  // A number (decimals allowed), min <= v <= max.
  std::optional<double> number(const YAML::Node& n, std::string_view what, double min, double max);
  // One of `allowed` (case-sensitive), with a did-you-mean.
  std::optional<std::string> word(const YAML::Node& n, std::string_view what, const std::vector<std::string>& allowed);
  std::optional<TimeOfDay> time_of_day(const YAML::Node& n, std::string_view what);
  std::optional<std::chrono::system_clock::time_point> instant(const YAML::Node& n, std::string_view what);
  std::optional<std::string> email(const YAML::Node& n, std::string_view what);
  // A URL starting with one of `schemes` ("smtp://", "smtps://").
  std::optional<std::string> url(const YAML::Node& n, std::string_view what, const std::vector<std::string>& schemes);
  // The contents of the file the value names (a secret: password_file, secret_file), without
  // the trailing newline editors add. Reads the file.
  std::optional<std::string> file_contents(const YAML::Node& n, std::string_view what);
  // A canonical role (workflows::canonical_roles()), with a did-you-mean.
  std::optional<std::string> role(const YAML::Node& n, std::string_view what);
  // As role(); with `own` given, also a name that could be a framework's own role (snake_case and
  // not nearly a canonical role, which stays an error with its did-you-mean), noted in *own for
  // check_own_role_contacts once the definitions have loaded.
  std::optional<std::string> role_or_own(const YAML::Node& n, std::string_view what, std::vector<OwnRoleContact>* own);
  // { name, email, address }, each optional; email, when given, one address.
  std::optional<workflows::Contact> contact(const YAML::Node& n, std::string_view what);
  // role -> contact, each role as role_or_own() reads it. Adds to *out; a bad entry is reported
  // and left out.
  void contacts(const YAML::Node& n, std::string_view what, std::map<std::string, workflows::Contact>* out,
                std::vector<OwnRoleContact>* own = nullptr);

 private:
  YamlReader& yaml_;
};

}  // namespace sif::config
