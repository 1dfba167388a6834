#include "notifications/notifications_config.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "workflows/definition.hpp"

namespace sif::notifications {
namespace {

using workflows::Error;
using workflows::Result;

// Thrown inside the parser only, caught at its boundary and turned into an Error.
struct ParseError {
  std::string message;
};

std::string where(const std::string& file, const YAML::Node& n) {
  const auto m = n.Mark();
  if (m.line < 0) return file;
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

void only_keys(const YAML::Node& n, std::initializer_list<const char*> keys, const std::string& file,
               const std::string& section) {
  if (!n.IsMap()) throw ParseError{where(file, n) + ": '" + section + "' must be a map"};
  std::set<std::string> allowed(keys.begin(), keys.end());
  for (const auto& kv : n) {
    const auto k = kv.first.as<std::string>();
    if (!allowed.count(k)) {
      std::string list;
      for (const auto* a : keys) list += (list.empty() ? "" : ", ") + std::string(a);
      throw ParseError{where(file, kv.first) + ": unknown key '" + k + "' in " + section + " (allowed: " + list + ")"};
    }
  }
}

template <typename T>
void get(const YAML::Node& parent, const char* key, T& out, const std::string& file) {
  const YAML::Node n = parent[key];
  if (!n || n.IsNull()) return;
  try {
    out = n.as<T>();
  } catch (const YAML::Exception&) {
    throw ParseError{where(file, n) + ": '" + key + "' has the wrong type"};
  }
}

void get_ms(const YAML::Node& parent, const char* key, std::chrono::milliseconds& out, const std::string& file) {
  double seconds = -1;
  get(parent, key, seconds, file);
  if (parent[key] && seconds <= 0) throw ParseError{where(file, parent[key]) + ": '" + key + "' must be > 0"};
  if (seconds > 0) out = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

std::string read_secret_file(const YAML::Node& n, const std::string& path, const std::string& file) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError{where(file, n) + ": cannot read '" + path + "'"};
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();  // editors add one
  return s;
}

Address parse_address(const YAML::Node& n, const std::string& file, const std::string& section) {
  only_keys(n, {"name", "email", "address"}, file, section);
  Address a;
  get(n, "name", a.name, file);
  get(n, "email", a.email, file);
  return a;
}

NotificationsConfig parse(const YAML::Node& node, const std::string& file) {
  NotificationsConfig c;
  if (!node || node.IsNull()) return c;
  only_keys(node, {"channel", "from", "maildir", "smtp", "webhook", "retry", "contacts", "digest"}, file,
            "notifications");
  get(node, "channel", c.channel, file);
  if (c.channel != "maildir" && c.channel != "smtp" && c.channel != "webhook") {
    throw ParseError{where(file, node["channel"]) + ": channel '" + c.channel +
                     "' is not one of maildir, smtp, webhook"};
  }
  if (node["from"]) {
    c.from = parse_address(node["from"], file, "notifications.from");
    if (c.from.email.empty()) throw ParseError{where(file, node["from"]) + ": from needs an email"};
  }
  if (const auto m = node["maildir"]) {
    only_keys(m, {"dir"}, file, "notifications.maildir");
    std::string dir;
    get(m, "dir", dir, file);
    if (!dir.empty()) c.maildir.dir = dir;
  }
  if (const auto s = node["smtp"]) {
    only_keys(s, {"url", "tls", "username", "password", "password_file", "verify_peer", "ca_file",
                  "connect_timeout_seconds", "timeout_seconds"},
              file, "notifications.smtp");
    get(s, "url", c.smtp.url, file);
    if (c.smtp.url.rfind("smtp://", 0) != 0 && c.smtp.url.rfind("smtps://", 0) != 0) {
      throw ParseError{where(file, s["url"] ? s["url"] : s) + ": smtp url must start with smtp:// or smtps://"};
    }
    std::string tls = "starttls";
    get(s, "tls", tls, file);
    if (tls == "starttls") {
      c.smtp.tls = SmtpTls::kStartTls;
    } else if (tls == "try") {
      c.smtp.tls = SmtpTls::kTry;
    } else if (tls == "none") {
      c.smtp.tls = SmtpTls::kNone;
    } else {
      throw ParseError{where(file, s["tls"]) + ": tls '" + tls + "' is not one of starttls, try, none"};
    }
    get(s, "username", c.smtp.username, file);
    get(s, "password", c.smtp.password, file);
    std::string pf;
    get(s, "password_file", pf, file);
    if (!pf.empty()) c.smtp.password = read_secret_file(s["password_file"], pf, file);
    get(s, "verify_peer", c.smtp.verify_peer, file);
    get(s, "ca_file", c.smtp.ca_file, file);
    get_ms(s, "connect_timeout_seconds", c.smtp.connect_timeout, file);
    get_ms(s, "timeout_seconds", c.smtp.timeout, file);
  }
  if (const auto w = node["webhook"]) {
    only_keys(w, {"url", "secret", "secret_file", "headers", "verify_peer", "ca_file", "connect_timeout_seconds",
                  "timeout_seconds"},
              file, "notifications.webhook");
    get(w, "url", c.webhook.url, file);
    if (c.webhook.url.rfind("http://", 0) != 0 && c.webhook.url.rfind("https://", 0) != 0) {
      throw ParseError{where(file, w["url"] ? w["url"] : w) + ": webhook url must start with http:// or https://"};
    }
    get(w, "secret", c.webhook.secret, file);
    std::string sf;
    get(w, "secret_file", sf, file);
    if (!sf.empty()) c.webhook.secret = read_secret_file(w["secret_file"], sf, file);
    if (const auto h = w["headers"]) {
      if (!h.IsMap()) throw ParseError{where(file, h) + ": webhook headers must be a map"};
      for (const auto& kv : h) c.webhook.headers.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
    }
    get(w, "verify_peer", c.webhook.verify_peer, file);
    get(w, "ca_file", c.webhook.ca_file, file);
    get_ms(w, "connect_timeout_seconds", c.webhook.connect_timeout, file);
    get_ms(w, "timeout_seconds", c.webhook.timeout, file);
  }
  if (const auto r = node["retry"]) {
    only_keys(r, {"initial_seconds", "multiplier", "max_delay_seconds", "jitter", "max_attempts"}, file,
              "notifications.retry");
    std::int64_t initial = c.retry.initial.count(), max_delay = c.retry.max_delay.count();
    get(r, "initial_seconds", initial, file);
    get(r, "max_delay_seconds", max_delay, file);
    get(r, "multiplier", c.retry.multiplier, file);
    get(r, "jitter", c.retry.jitter, file);
    get(r, "max_attempts", c.retry.max_attempts, file);
    if (initial < 1 || max_delay < initial) {
      throw ParseError{where(file, r) + ": need 1 <= initial_seconds <= max_delay_seconds"};
    }
    if (c.retry.multiplier < 1 || c.retry.jitter < 0 || c.retry.jitter > 1 || c.retry.max_attempts < 1) {
      throw ParseError{where(file, r) + ": need multiplier >= 1, 0 <= jitter <= 1, max_attempts >= 1"};
    }
    c.retry.initial = std::chrono::seconds(initial);
    c.retry.max_delay = std::chrono::seconds(max_delay);
  }
  if (const auto d = node["digest"]) {
    only_keys(d, {"enabled", "at", "horizon_working_days", "roles"}, file, "notifications.digest");
    get(d, "enabled", c.digest.enabled, file);
    get(d, "at", c.digest.at, file);
    const auto& t = c.digest.at;
    const bool hhmm = t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
                      std::isdigit(static_cast<unsigned char>(t[1])) && std::isdigit(static_cast<unsigned char>(t[3])) &&
                      std::isdigit(static_cast<unsigned char>(t[4])) && std::stoi(t.substr(0, 2)) < 24 &&
                      std::stoi(t.substr(3, 2)) < 60;
    if (!hhmm) {
      throw ParseError{where(file, d["at"]) + ": digest 'at' must be a local time HH:MM (e.g. \"07:00\"), not '" + t + "'"};
    }
    get(d, "horizon_working_days", c.digest.horizon_working_days, file);
    if (c.digest.horizon_working_days < 1 || c.digest.horizon_working_days > 100) {
      throw ParseError{where(file, d["horizon_working_days"]) + ": horizon_working_days must be 1 to 100"};
    }
    if (const auto roles = d["roles"]) {
      if (!roles.IsSequence() || roles.size() == 0) {
        throw ParseError{where(file, roles) + ": digest roles must be a non-empty list of roles"};
      }
      c.digest.roles.clear();
      const auto& known = workflows::canonical_roles();
      for (const auto& r : roles) {
        const auto role = r.as<std::string>();
        if (std::find(known.begin(), known.end(), role) == known.end()) {
          throw ParseError{where(file, r) + ": '" + role + "' is not a canonical role (docs/definitions.md)"};
        }
        c.digest.roles.push_back(role);
      }
    }
  }
  if (const auto cs = node["contacts"]) {
    if (!cs.IsMap()) throw ParseError{where(file, cs) + ": contacts must be a map of role -> {name, email}"};
    for (const auto& kv : cs) {
      const auto role = kv.first.as<std::string>();
      const auto a = parse_address(kv.second, file, "notifications.contacts." + role);
      workflows::Contact contact{a.name, a.email, ""};
      get(kv.second, "address", contact.address, file);
      c.contacts[role] = contact;
    }
  }
  c.maildir.from = c.from;
  c.smtp.from = c.from;
  return c;
}

}  // namespace

Result<NotificationsConfig> parse_notifications_config(const YAML::Node& node, const std::string& file) {
  try {
    return parse(node, file);
  } catch (const ParseError& e) {
    return Error::invalid(e.message, "notifications");
  } catch (const YAML::Exception& e) {
    return Error::invalid(file + ": " + e.what(), "notifications");
  }
}

Result<NotificationsConfig> parse_notifications_yaml(const std::string& yaml, const std::string& file) {
  try {
    return parse_notifications_config(YAML::Load(yaml), file);
  } catch (const YAML::Exception& e) {
    return Error::invalid(file + ": " + e.what(), "notifications");
  }
}

Result<std::unique_ptr<Channel>> make_channel(const NotificationsConfig& c) {
  if (c.channel == "smtp") {
    if (c.smtp.url.empty()) return Error::invalid("notifications.smtp.url is required for the smtp channel");
    SmtpConfig s = c.smtp;
    s.from = c.from;
    return std::unique_ptr<Channel>(std::make_unique<SmtpChannel>(std::move(s)));
  }
  if (c.channel == "webhook") {
    if (c.webhook.url.empty()) return Error::invalid("notifications.webhook.url is required for the webhook channel");
    return std::unique_ptr<Channel>(std::make_unique<WebhookChannel>(c.webhook));
  }
  if (c.channel != "maildir") return Error::invalid("unknown notifications channel '" + c.channel + "'");
  MaildirConfig m = c.maildir;
  m.from = c.from;
  return std::unique_ptr<Channel>(std::make_unique<MaildirChannel>(std::move(m)));
}

}  // namespace sif::notifications
