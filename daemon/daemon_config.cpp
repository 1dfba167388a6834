#include "daemon/daemon_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

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

namespace {

std::string where(const std::string& file, const YAML::Node& n) {
  auto m = n.Mark();
  if (m.line < 0) return file;
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

Error bad(const std::string& file, const YAML::Node& n, const std::string& msg) {
  return Error::invalid(where(file, n) + ": " + msg, where(file, n));
}

}  // namespace

Result<DaemonConfig> parse_daemon_config(std::string_view yaml, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Error::invalid(file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                              ": " + e.msg,
                          file);
  }
  DaemonConfig c;
  c.source = file;
  if (root.IsNull()) return c;
  if (!root.IsMap()) return bad(file, root, "sifd.yaml must be a mapping of settings");
  static const std::set<std::string> kKnown = {
      "listen", "db", "config_dir", "notices_dir", "dashboard_dir", "seed_register", "la_frameworks",
      "log_level", "clock", "tokens", "http", "default_contacts", "notifications", "shutdown_timeout_seconds"};
  try {
    for (const auto& kv : root) {
      std::string key = kv.first.as<std::string>();
      if (key == "fire_time") {
        return bad(file, kv.first,
                   "fire_time is set by each framework definition (its own `fire_time:`, default \"08:00\"; "
                   "see docs/definitions.md), not in sifd.yaml; remove this line");
      }
      if (!kKnown.count(key)) return bad(file, kv.first, "unknown setting '" + key + "'");
    }
    auto scalar = [&](const char* key, auto& out) -> std::optional<Error> {
      YAML::Node n = root[key];
      if (!n) return std::nullopt;
      if (!n.IsScalar()) return bad(file, n, std::string("'") + key + "' must be a single value");
      out = n.as<std::string>();
      return std::nullopt;
    };
    std::string listen, db, config_dir, notices_dir, dashboard_dir, seed;
    if (auto e = scalar("listen", listen)) return *e;
    if (!listen.empty()) {
      auto l = parse_listen(listen);
      if (!l) return bad(file, root["listen"], l.error().message);
      c.listen = *l;
    }
    if (auto e = scalar("db", db)) return *e;
    if (!db.empty()) c.db = db;
    if (auto e = scalar("config_dir", config_dir)) return *e;
    if (!config_dir.empty()) c.config_dir = config_dir;
    if (auto e = scalar("notices_dir", notices_dir)) return *e;
    if (!notices_dir.empty()) c.notices_dir = notices_dir;
    if (root["dashboard_dir"]) {
      if (auto e = scalar("dashboard_dir", dashboard_dir)) return *e;
      c.dashboard_dir = dashboard_dir;
    }
    if (auto e = scalar("seed_register", seed)) return *e;
    if (!seed.empty()) c.seed_register = seed;
    if (auto e = scalar("log_level", c.log_level)) return *e;
    static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};
    if (!kLevels.count(c.log_level)) {
      return bad(file, root["log_level"], "log_level '" + c.log_level + "' is not one of trace, debug, info, warn, error, critical, off");
    }
    if (YAML::Node clock = root["clock"]) {
      if (clock.IsScalar()) {
        c.clock = clock.as<std::string>();
      } else if (clock.IsMap()) {
        if (clock["mode"]) c.clock = clock["mode"].as<std::string>();
        if (clock["start"]) c.clock_start = clock["start"].as<std::string>();
      } else {
        return bad(file, clock, "clock must be 'system', 'manual' or { mode, start }");
      }
      if (c.clock != "system" && c.clock != "manual") {
        return bad(file, clock, "clock mode '" + c.clock + "' is not 'system' or 'manual'");
      }
    }
    if (YAML::Node m = root["la_frameworks"]) {
      if (!m.IsMap()) return bad(file, m, "la_frameworks must map an authority name to a framework id");
      for (const auto& kv : m) c.la_frameworks[kv.first.as<std::string>()] = kv.second.as<std::string>();
    }
    if (YAML::Node dc = root["default_contacts"]) {
      if (!dc.IsMap()) return bad(file, dc, "default_contacts must map a role to { name, email, address }");
      for (const auto& kv : dc) {
        std::string role = kv.first.as<std::string>();
        if (!kv.second.IsMap()) return bad(file, kv.second, "contact for '" + role + "' must be { name, email, address }");
        workflows::Contact contact;
        if (kv.second["name"]) contact.name = kv.second["name"].as<std::string>();
        if (kv.second["email"]) contact.email = kv.second["email"].as<std::string>();
        if (kv.second["address"]) contact.address = kv.second["address"].as<std::string>();
        c.default_contacts[role] = std::move(contact);
      }
    }
    if (YAML::Node toks = root["tokens"]) {
      if (!toks.IsSequence()) return bad(file, toks, "tokens must be a list of { name, sha256, role, email }");
      for (const auto& t : toks) {
        if (!t.IsMap() || !t["name"] || !t["sha256"] || !t["role"]) {
          return bad(file, t, "each token needs name, sha256 (hex SHA-256 of the token) and role");
        }
        for (const auto& kv : t) {
          const std::string key = kv.first.as<std::string>();
          if (key != "name" && key != "sha256" && key != "role" && key != "email") {
            return bad(file, kv.first, "unknown token setting '" + key + "' (a token has name, sha256, role and email)");
          }
        }
        TokenEntry e;
        if (t["email"]) {
          if (!t["email"].IsScalar()) return bad(file, t["email"], "email must be one address");
          e.email = t["email"].as<std::string>();
          const auto at = e.email.find('@');
          if (at == std::string::npos || at == 0 || at + 1 == e.email.size() || e.email.find('@', at + 1) != std::string::npos ||
              e.email.find_first_of(" \t<>,;") != std::string::npos) {
            return bad(file, t["email"], "email '" + e.email + "' is not one address like jane.smith@example.gov.uk");
          }
        }
        e.name = t["name"].as<std::string>();
        e.sha256 = t["sha256"].as<std::string>();
        for (auto& ch : e.sha256) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (e.sha256.size() != 64 || e.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
          return bad(file, t["sha256"], "sha256 must be 64 hex digits (printf %s TOKEN | sha256sum)");
        }
        auto role = parse_role(t["role"].as<std::string>());
        if (!role) return bad(file, t["role"], role.error().message + " (" + role.error().details + ")");
        e.role = *role;
        c.tokens.push_back(std::move(e));
      }
    }
    if (YAML::Node http = root["http"]) {
      if (!http.IsMap()) return bad(file, http, "http must be a mapping");
      for (const auto& kv : http) {
        std::string k = kv.first.as<std::string>();
        long v = kv.second.as<long>();
        if (v <= 0) return bad(file, kv.second, "'" + k + "' must be positive");
        if (k == "body_limit") c.body_limit = static_cast<std::size_t>(v);
        else if (k == "header_timeout_seconds") c.header_timeout_seconds = static_cast<int>(v);
        else if (k == "read_timeout_seconds") c.read_timeout_seconds = static_cast<int>(v);
        else if (k == "idle_timeout_seconds") c.idle_timeout_seconds = static_cast<int>(v);
        else if (k == "max_connections") c.max_connections = static_cast<std::size_t>(v);
        else if (k == "url_limit") c.url_limit = static_cast<std::size_t>(v);
        else if (k == "header_limit") c.header_limit = static_cast<std::size_t>(v);
        else if (k == "io_threads") c.io_threads = static_cast<unsigned>(std::min(v, 256L));
        else return bad(file, kv.first, "unknown http setting '" + k + "'");
      }
    }
    if (YAML::Node st = root["shutdown_timeout_seconds"]) {
      const long v = st.as<long>();
      if (v <= 0) return bad(file, st, "'shutdown_timeout_seconds' must be positive");
      c.shutdown_timeout_seconds = static_cast<int>(v);
    }
    auto n = notifications::parse_notifications_config(root["notifications"], file);
    if (!n) return n.error();
    c.notifications = std::move(*n);
    YAML::Node section = root["notifications"];
    if (!(section && section.IsMap() && section["maildir"] && section["maildir"]["dir"])) {
      c.notifications.maildir.dir = c.notices_dir;
    }
    auto contacts = c.default_contacts;
    for (const auto& [role, contact] : c.notifications.contacts) contacts[role] = contact;
    c.notifications.contacts = std::move(contacts);
  } catch (const YAML::Exception& e) {
    return Error::invalid(file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                              ": " + e.msg,
                          file);
  }
  return c;
}

Result<DaemonConfig> load_daemon_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::io("cannot read daemon config " + file.string(), file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_daemon_config(ss.str(), file.string());
}

}  // namespace sif::daemon
