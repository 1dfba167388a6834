#include "notifications/notifications_config.hpp"

#include <utility>

namespace sif::notifications {
namespace {

using workflows::Error;
using workflows::Result;

// Seconds as a std::chrono::milliseconds timeout (decimals allowed: 0.5 is half a second).
void read_timeout(config::SettingsReader& r, const YAML::Node& parent, const char* key, const std::string& what,
                  std::chrono::milliseconds* out) {
  if (!parent[key]) return;
  if (auto s = r.number(parent[key], what + "." + key, 0.001, 3600)) {
    *out = std::chrono::milliseconds(static_cast<std::int64_t>(*s * 1000));
  }
}

void read_flag(config::SettingsReader& r, const YAML::Node& parent, const char* key, const std::string& what,
               bool* out) {
  if (!parent[key]) return;
  if (auto b = r.boolean(parent[key], what + "." + key)) *out = *b;
}

// Text where empty is a meaning of its own (no username, the system CA bundle): nothing after the
// colon reads as empty.
void read_text(config::SettingsReader& r, const YAML::Node& parent, const char* key, const std::string& what,
               std::string* out) {
  if (!parent[key]) return;
  if (auto s = r.text(parent[key], what + "." + key, /*null_is_empty=*/true)) *out = std::move(*s);
}

// A secret given inline (`key`) or in a file (`key_file`), never both: the file's contents win
// when both are given, after the error.
void read_secret(config::SettingsReader& r, const YAML::Node& parent, const std::string& key, const std::string& what,
                 std::string* out) {
  const std::string file_key = key + "_file";
  if (parent[key] && parent[file_key]) {
    r.yaml().error(parent[file_key], what + " has both " + key + " and " + file_key, "keep one (" + file_key + ")");
  }
  read_text(r, parent, key.c_str(), what, out);
  if (parent[file_key]) {
    if (auto c = r.file_contents(parent[file_key], what + "." + file_key)) *out = *c;
  }
}

void read_from(config::SettingsReader& r, const YAML::Node& n, NotificationsConfig& c) {
  if (!r.section(n, "notifications.from", {"name", "email"})) return;
  read_text(r, n, "name", "notifications.from", &c.from.name);
  if (!n["email"]) {
    r.yaml().error(n, "notifications.from needs an email", "the address notices come from, e.g. si@example.gov.uk");
  } else if (auto e = r.email(n["email"], "notifications.from.email")) {
    c.from.email = *e;
  }
}

void read_smtp(config::SettingsReader& r, const YAML::Node& s, SmtpConfig& smtp) {
  const std::string what = "notifications.smtp";
  if (!r.section(s, what, {"url", "tls", "username", "password", "password_file", "verify_peer", "ca_file",
                           "connect_timeout_seconds", "timeout_seconds"})) {
    return;
  }
  if (s["url"]) {
    if (auto u = r.url(s["url"], what + ".url", {"smtp://", "smtps://"})) smtp.url = *u;
  }
  if (s["tls"]) {
    if (auto t = r.word(s["tls"], what + ".tls", {"starttls", "try", "none"})) {
      smtp.tls = *t == "starttls" ? SmtpTls::kStartTls : *t == "try" ? SmtpTls::kTry : SmtpTls::kNone;
    }
  }
  read_text(r, s, "username", what, &smtp.username);
  read_secret(r, s, "password", what, &smtp.password);
  read_flag(r, s, "verify_peer", what, &smtp.verify_peer);
  read_text(r, s, "ca_file", what, &smtp.ca_file);
  read_timeout(r, s, "connect_timeout_seconds", what, &smtp.connect_timeout);
  read_timeout(r, s, "timeout_seconds", what, &smtp.timeout);
}

void read_webhook(config::SettingsReader& r, const YAML::Node& w, WebhookConfig& hook) {
  const std::string what = "notifications.webhook";
  if (!r.section(w, what, {"url", "secret", "secret_file", "headers", "verify_peer", "ca_file",
                           "connect_timeout_seconds", "timeout_seconds"})) {
    return;
  }
  if (!w["url"]) {
    r.yaml().error(w, what + " needs a url", "e.g. url: https://cases.example.gov.uk/sif");
  } else if (auto u = r.url(w["url"], what + ".url", {"http://", "https://"})) {
    hook.url = *u;
  }
  read_secret(r, w, "secret", what, &hook.secret);
  if (const auto h = w["headers"]) {
    if (r.yaml().expect_map(h, what + ".headers")) {
      r.yaml().check_unique_keys(h, what + ".headers");
      for (const auto& kv : h) {
        const std::string name = r.yaml().key(kv.first, what + ".headers");
        auto value = r.text(kv.second, what + ".headers." + name);
        if (!name.empty() && value) hook.headers.emplace_back(name, *value);
      }
    }
  }
  read_flag(r, w, "verify_peer", what, &hook.verify_peer);
  read_text(r, w, "ca_file", what, &hook.ca_file);
  read_timeout(r, w, "connect_timeout_seconds", what, &hook.connect_timeout);
  read_timeout(r, w, "timeout_seconds", what, &hook.timeout);
}

void read_retry(config::SettingsReader& r, const YAML::Node& n, BackoffPolicy& retry) {
  const std::string what = "notifications.retry";
  if (!r.section(n, what, {"initial_seconds", "multiplier", "max_delay_seconds", "jitter", "max_attempts"})) return;
  constexpr long long kWeek = 7 * 24 * 3600;
  if (n["initial_seconds"]) {
    if (auto v = r.integer(n["initial_seconds"], what + ".initial_seconds", 1, kWeek)) retry.initial = std::chrono::seconds(*v);
  }
  if (n["max_delay_seconds"]) {
    if (auto v = r.integer(n["max_delay_seconds"], what + ".max_delay_seconds", 1, kWeek)) {
      retry.max_delay = std::chrono::seconds(*v);
    }
  }
  if (retry.max_delay < retry.initial) {
    const YAML::Node at = n["max_delay_seconds"] ? n["max_delay_seconds"] : n["initial_seconds"];
    r.yaml().error(at,
                   what + ".max_delay_seconds (" + std::to_string(retry.max_delay.count()) +
                       ") is less than initial_seconds (" + std::to_string(retry.initial.count()) + ")",
                   "the longest wait between attempts must be at least the first");
  }
  if (n["multiplier"]) {
    if (auto v = r.number(n["multiplier"], what + ".multiplier", 1, 100)) retry.multiplier = *v;
  }
  if (n["jitter"]) {
    if (auto v = r.number(n["jitter"], what + ".jitter", 0, 1)) retry.jitter = *v;
  }
  if (n["max_attempts"]) {
    if (auto v = r.integer(n["max_attempts"], what + ".max_attempts", 1, 1000)) retry.max_attempts = static_cast<int>(*v);
  }
}

void read_digest(config::SettingsReader& r, const YAML::Node& d, DigestConfig& digest,
                 std::vector<config::OwnRoleContact>* own) {
  const std::string what = "notifications.digest";
  if (!r.section(d, what, {"enabled", "at", "horizon_working_days", "roles"})) return;
  read_flag(r, d, "enabled", what, &digest.enabled);
  if (d["at"]) {
    if (auto t = r.time_of_day(d["at"], what + ".at")) digest.at = *t;
  }
  if (d["horizon_working_days"]) {
    if (auto v = r.integer(d["horizon_working_days"], what + ".horizon_working_days", 1, 100)) {
      digest.horizon_working_days = static_cast<int>(*v);
    }
  }
  if (const auto roles = d["roles"]) {
    if (!r.yaml().expect_list(roles, what + ".roles")) return;
    if (roles.size() == 0) {
      r.yaml().error(roles, what + ".roles is empty", "name who gets a digest, e.g. [link_adviser, la_lead]");
      return;
    }
    digest.roles.clear();
    for (const auto& item : roles) {
      // A framework's own role (Telford's review_team_chair) too, checked once definitions load.
      if (auto role = r.role_or_own(item, what + ".roles", own)) digest.roles.push_back(*role);
    }
  }
}

}  // namespace

NotificationsConfig read_notifications_config(const YAML::Node& node, config::SettingsReader& r) {
  NotificationsConfig c;
  if (!node || node.IsNull()) return c;
  if (!r.section(node, "notifications",
                 {"channel", "from", "maildir", "smtp", "webhook", "retry", "contacts", "digest"})) {
    return c;
  }
  if (node["channel"]) {
    if (auto ch = r.word(node["channel"], "notifications.channel", {"maildir", "smtp", "webhook"})) c.channel = *ch;
  }
  if (node["from"]) read_from(r, node["from"], c);
  if (const auto m = node["maildir"]) {
    if (r.section(m, "notifications.maildir", {"dir"}) && m["dir"]) {
      if (auto dir = r.text(m["dir"], "notifications.maildir.dir")) c.maildir.dir = *dir;
    }
  }
  if (node["smtp"]) read_smtp(r, node["smtp"], c.smtp);
  if (node["webhook"]) read_webhook(r, node["webhook"], c.webhook);
  if (c.channel == "webhook" && !node["webhook"]) {
    r.yaml().error(node["channel"], "channel webhook needs a notifications.webhook section with its url",
                   "add webhook: { url: https://... }");
  }
  if (node["retry"]) read_retry(r, node["retry"], c.retry);
  if (node["digest"]) read_digest(r, node["digest"], c.digest, &c.own_role_contacts);
  if (node["contacts"]) r.contacts(node["contacts"], "notifications.contacts", &c.contacts, &c.own_role_contacts);
  c.maildir.from = c.from;
  c.smtp.from = c.from;
  return c;
}

Result<NotificationsConfig> parse_notifications_yaml(const std::string& yaml, const std::string& file) {
  std::vector<config::Diagnostic> diagnostics;
  config::YamlReader yaml_reader(file, &diagnostics);
  config::SettingsReader reader(yaml_reader);
  NotificationsConfig c;
  if (auto node = reader.load(yaml)) c = read_notifications_config(*node, reader);
  config::tidy_diagnostics(&diagnostics);
  if (diagnostics.empty()) return c;
  std::string message;
  for (const auto& d : diagnostics) message += (message.empty() ? "" : "\n") + d.str();
  return Error::invalid(message, "notifications");
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
