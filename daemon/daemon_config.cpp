#include "daemon/daemon_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <thread>

#include "config/settings_reader.hpp"
#include "config/suggest.hpp"
#include "config/yaml_reader.hpp"

namespace sif::daemon {

unsigned DaemonConfig::io_thread_count() const {
  if (io_threads != 0) return io_threads;
  return std::max(2u, std::thread::hardware_concurrency());
}


using workflows::Error;
using workflows::Result;

Result<ListenAddress> parse_listen(std::string_view text) {
  ListenAddress out;
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Error::invalid("listen address '" + std::string(text) + "' is not [IPv6]:PORT", "listen");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return Error::invalid("listen address '" + std::string(text) + "' needs a port: HOST:PORT", "listen");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!host.empty()) out.host = std::string(host);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
      std::stoul(std::string(port)) > 65535) {
    return Error::invalid("listen port '" + std::string(port) + "' is not a number 0-65535", "listen");
  }
  out.port = static_cast<unsigned short>(std::stoul(std::string(port)));
  return out;
}

const char* to_string(ClockMode mode) { return mode == ClockMode::kManual ? "manual" : "system"; }

namespace {

const std::vector<std::string> kSettings = {
    "listen",        "db",           "config_dir", "notices_dir", "dashboard_dir", "seed_register",
    "la_frameworks", "log_level",    "clock",      "tokens",      "http",          "default_contacts",
    "notifications", "shutdown_timeout_seconds"};
const std::vector<std::string> kLogLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};

// A path setting; empty (or nothing after the colon) when `empty_ok`, else kept as it was.
void read_path(config::SettingsReader& r, const YAML::Node& root, const char* key, std::filesystem::path* out,
               bool empty_ok = false) {
  if (!root[key]) return;
  auto s = r.text(root[key], key, empty_ok);
  if (!s) return;
  if (s->empty() && !empty_ok) {
    r.yaml().error(root[key], std::string(key) + " is empty", "name a path, or remove the line for the default");
    return;
  }
  *out = *s;
}

void read_listen(config::SettingsReader& r, const YAML::Node& n, DaemonConfig& c) {
  auto text = r.text(n, "listen");
  if (!text) return;
  auto l = parse_listen(*text);
  if (!l) {
    r.yaml().error(n, l.error().message, "write HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080 (port 0: any free port)");
    return;
  }
  c.listen = *l;
}

void read_clock(config::SettingsReader& r, const YAML::Node& n, DaemonConfig& c) {
  // (Never assign one YAML::Node to another: yaml-cpp would overwrite the first node's content.)
  const YAML::Node mode = n.IsMap() ? n["mode"] : n;
  if (n.IsMap()) {
    r.section(n, "clock", {"mode", "start"});
    if (n["start"]) c.clock_start = r.instant(n["start"], "clock.start");
  } else if (!n.IsScalar()) {
    r.yaml().error(n, std::string("clock must be 'system', 'manual' or { mode, start } (found ") +
                          config::YamlReader::kind(n) + ")");
    return;
  }
  if (mode) {
    if (auto m = r.word(mode, n.IsMap() ? "clock.mode" : "clock", {"system", "manual"})) {
      c.clock = *m == "manual" ? ClockMode::kManual : ClockMode::kSystem;
    }
  }
}

void read_la_frameworks(config::SettingsReader& r, const YAML::Node& m, DaemonConfig& c) {
  if (!r.yaml().expect_map(m, "la_frameworks")) return;
  r.yaml().check_unique_keys(m, "la_frameworks");
  for (const auto& kv : m) {
    const std::string la = r.yaml().key(kv.first, "la_frameworks");
    auto id = r.text(kv.second, "la_frameworks." + la);
    if (la.empty() || !id) continue;
    if (id->empty()) {
      r.yaml().error(kv.second, "la_frameworks." + la + " is empty", "name a framework id, e.g. wiltshire-2019");
      continue;
    }
    c.la_frameworks[la] = *id;
  }
}

void read_token(config::SettingsReader& r, const YAML::Node& t, std::size_t index, DaemonConfig& c,
                std::map<std::string, YAML::Mark>* hashes) {
  const std::string what = "tokens[" + std::to_string(index) + "]";
  if (!r.section(t, what, {"name", "sha256", "role", "email"})) return;
  const int before = r.errors();
  for (const char* required : {"name", "sha256", "role"}) {
    if (!t[required]) {
      r.yaml().error(t, what + " has no " + required,
                     "each token needs name, sha256 (printf %s TOKEN | sha256sum) and role (viewer, officer or admin)");
    }
  }
  TokenEntry e;
  if (t["name"]) {
    if (auto name = r.text(t["name"], what + ".name")) {
      if (name->empty()) r.yaml().error(t["name"], what + ".name is empty", "the name events recorded with it carry");
      e.name = *name;
    }
  }
  if (t["sha256"]) {
    if (auto hash = r.text(t["sha256"], what + ".sha256")) {
      e.sha256 = *hash;
      for (auto& ch : e.sha256) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (e.sha256.size() != 64 || e.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
        r.yaml().error(t["sha256"], what + ".sha256 must be 64 hex digits (found " + std::to_string(e.sha256.size()) +
                                        " characters)",
                       "printf %s TOKEN | sha256sum; never the token itself");
      } else if (auto [it, fresh] = hashes->emplace(e.sha256, t["sha256"].Mark()); !fresh) {
        r.yaml().error(t["sha256"], what + ".sha256 is the same token as the one at line " +
                                        std::to_string(it->second.line + 1),
                       "give each person or tool a token of its own");
      }
    }
  }
  if (t["role"]) {
    if (auto role = r.word(t["role"], what + ".role", {"viewer", "officer", "admin"})) e.role = *parse_role(*role);
  }
  if (t["email"]) {
    if (auto email = r.email(t["email"], what + ".email")) e.email = *email;
  }
  if (r.errors() == before) c.tokens.push_back(std::move(e));
}

void read_http(config::SettingsReader& r, const YAML::Node& http, DaemonConfig& c) {
  if (!r.section(http, "http",
                 {"body_limit", "header_timeout_seconds", "read_timeout_seconds", "idle_timeout_seconds",
                  "max_connections", "url_limit", "header_limit", "io_threads", "answer_cache_mb"})) {
    return;
  }
  constexpr long long kGiB = 1LL << 30;
  constexpr long long kDay = 24 * 3600;
  auto size = [&](const char* key, long long max, std::size_t* out) {
    if (!http[key]) return;
    if (auto v = r.integer(http[key], std::string("http.") + key, 1, max)) *out = static_cast<std::size_t>(*v);
  };
  auto seconds = [&](const char* key, int* out) {
    if (!http[key]) return;
    if (auto v = r.integer(http[key], std::string("http.") + key, 1, kDay)) *out = static_cast<int>(*v);
  };
  size("body_limit", kGiB, &c.body_limit);
  size("url_limit", kGiB, &c.url_limit);
  size("header_limit", kGiB, &c.header_limit);
  size("max_connections", 1'000'000, &c.max_connections);
  seconds("header_timeout_seconds", &c.header_timeout_seconds);
  seconds("read_timeout_seconds", &c.read_timeout_seconds);
  seconds("idle_timeout_seconds", &c.idle_timeout_seconds);
  if (http["io_threads"]) {
    if (auto v = r.integer(http["io_threads"], "http.io_threads", 1, 256)) c.io_threads = static_cast<unsigned>(*v);
  }
  if (http["answer_cache_mb"]) {
    if (auto v = r.integer(http["answer_cache_mb"], "http.answer_cache_mb", 0, 1 << 20)) {
      c.answer_cache_mb = static_cast<std::size_t>(*v);
    }
  }
}

DaemonConfig read_daemon_config(const YAML::Node& root, config::SettingsReader& r) {
  DaemonConfig c;
  c.source = r.file();
  if (!root || root.IsNull()) return c;
  if (!r.yaml().expect_map(root, "sifd.yaml")) return c;
  r.yaml().check_unique_keys(root, "sifd.yaml");
  for (const auto& kv : root) {
    const std::string key = r.yaml().key(kv.first, "sifd.yaml");
    if (key.empty() || std::find(kSettings.begin(), kSettings.end(), key) != kSettings.end()) continue;
    if (key == "fire_time") {
      r.yaml().error(kv.first, "fire_time is set by each framework definition (its own `fire_time:`, default "
                               "\"08:00\"; see docs/definitions.md), not in sifd.yaml",
                     "remove this line");
    } else {
      r.yaml().error(kv.first, "unknown key '" + key + "' in sifd.yaml", config::did_you_mean(key, kSettings));
    }
  }
  if (root["listen"]) read_listen(r, root["listen"], c);
  read_path(r, root, "db", &c.db);
  read_path(r, root, "config_dir", &c.config_dir);
  read_path(r, root, "notices_dir", &c.notices_dir);
  read_path(r, root, "dashboard_dir", &c.dashboard_dir, /*empty_ok=*/true);
  if (root["seed_register"]) {
    std::filesystem::path seed;
    read_path(r, root, "seed_register", &seed, /*empty_ok=*/true);
    if (!seed.empty()) c.seed_register = seed;
  }
  if (root["log_level"]) {
    if (auto level = r.word(root["log_level"], "log_level", kLogLevels)) c.log_level = *level;
  }
  if (root["clock"]) read_clock(r, root["clock"], c);
  if (root["la_frameworks"]) read_la_frameworks(r, root["la_frameworks"], c);
  std::vector<config::OwnRoleContact> own_defaults;  // checked with the notifications section's
  if (root["default_contacts"]) r.contacts(root["default_contacts"], "default_contacts", &c.default_contacts, &own_defaults);
  if (const YAML::Node toks = root["tokens"]) {
    std::map<std::string, YAML::Mark> hashes;
    if (r.yaml().expect_list(toks, "tokens")) {
      for (std::size_t i = 0; i < toks.size(); ++i) read_token(r, toks[i], i, c, &hashes);
    }
  }
  if (root["http"]) read_http(r, root["http"], c);
  if (root["shutdown_timeout_seconds"]) {
    if (auto v = r.integer(root["shutdown_timeout_seconds"], "shutdown_timeout_seconds", 1, 3600)) {
      c.shutdown_timeout_seconds = static_cast<int>(*v);
    }
  }
  const YAML::Node section = root["notifications"];
  c.notifications = notifications::read_notifications_config(section, r);
  if (!(section && section.IsMap() && section["maildir"] && section["maildir"].IsMap() && section["maildir"]["dir"])) {
    c.notifications.maildir.dir = c.notices_dir;
  }
  auto contacts = c.default_contacts;
  for (const auto& [role, contact] : c.notifications.contacts) contacts[role] = contact;
  c.notifications.contacts = std::move(contacts);
  c.notifications.own_role_contacts.insert(c.notifications.own_role_contacts.begin(), own_defaults.begin(),
                                           own_defaults.end());
  return c;
}

std::string count_problems(const std::string& file, std::size_t n) {
  return "settings " + file + ": " + std::to_string(n) + (n == 1 ? " problem" : " problems");
}

Result<DaemonConfig> joined(Result<DaemonConfig> r, const std::vector<config::Diagnostic>& diagnostics) {
  if (r || diagnostics.empty()) return r;
  std::string message;
  for (const auto& d : diagnostics) message += (message.empty() ? "" : "\n") + d.str();
  return Error{r.error().code, message, r.error().details};
}

}  // namespace

Result<DaemonConfig> parse_daemon_config(std::string_view yaml, const std::string& file,
                                         std::vector<config::Diagnostic>* diagnostics) {
  const std::size_t before = diagnostics->size();
  config::YamlReader yaml_reader(file, diagnostics);
  config::SettingsReader reader(yaml_reader);
  DaemonConfig c;
  c.source = file;
  try {
    if (auto root = reader.load(yaml)) c = read_daemon_config(*root, reader);
  } catch (const YAML::Exception& e) {
    // Every read is shape-checked first, so this is a safety net, not a path we expect.
    yaml_reader.error(yaml_reader.loc(e.mark), "could not read this part of the settings: " + e.msg);
  }
  config::tidy_diagnostics(diagnostics, before);
  if (diagnostics->size() != before) return Error::invalid(count_problems(file, diagnostics->size() - before), file);
  return c;
}

Result<DaemonConfig> load_daemon_config(const std::filesystem::path& file, std::vector<config::Diagnostic>* diagnostics) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    diagnostics->push_back(config::Diagnostic{workflows::SourceLoc{file.string(), 0, 0}, "cannot read the settings file",
                                              "check the path given to --config and that sifd may read it"});
    return Error::io(count_problems(file.string(), 1), file.string());
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_daemon_config(ss.str(), file.string(), diagnostics);
}

Result<DaemonConfig> parse_daemon_config(std::string_view yaml, const std::string& file) {
  std::vector<config::Diagnostic> diagnostics;
  return joined(parse_daemon_config(yaml, file, &diagnostics), diagnostics);
}

Result<DaemonConfig> load_daemon_config(const std::filesystem::path& file) {
  std::vector<config::Diagnostic> diagnostics;
  return joined(load_daemon_config(file, &diagnostics), diagnostics);
}

}  // namespace sif::daemon
