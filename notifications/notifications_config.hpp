// The `notifications:` section of sifd.yaml: which channel delivers notices and how, the From
// address, the authority's default contacts by role, and the retry policy; and the factory that
// builds the configured channel.
//
//   notifications:
//     channel: maildir            # maildir (default) | smtp | webhook
//     from: { name: "Leicester School Improvement", email: si@leicester.gov.uk }
//     maildir: { dir: var/notices }
//     smtp:
//       url: smtp://mail.example.org:587      # or smtps://mail.example.org:465
//       tls: starttls                         # starttls | try | none   (smtp:// only)
//       username: sif
//       password_file: /etc/sif/smtp-password # or password: "..."
//       verify_peer: true
//       ca_file: ""                           # empty: the system CA bundle
//       connect_timeout_seconds: 10
//       timeout_seconds: 60
//     webhook:
//       url: https://cases.example.org/sif
//       secret_file: /etc/sif/webhook-secret  # or secret: "..."; HMAC key for X-Sif-Signature
//       headers: { Authorization: "Bearer ..." }
//       connect_timeout_seconds: 5
//       timeout_seconds: 15
//     retry: { initial_seconds: 60, multiplier: 2, max_delay_seconds: 21600, jitter: 0.2,
//              max_attempts: 10 }
//     digest:                     # the daily digest per officer (daemon/digest.hpp)
//       enabled: true
//       at: "07:00"                           # Europe/London local time
//       horizon_working_days: 10              # what falls due within this many working days
//       roles: [link_adviser, la_lead]        # who gets one
//     contacts:                   # role -> the authority's default contact
//       ofsted: { name: Ofsted, email: enquiries@ofsted.gov.uk }
//       director: { name: "Director of Children's Services", email: dcs@example.gov.uk }
//       review_team_chair: { name: Sam Senior, email: sam.senior@telford.gov.uk }  # a framework's own role
//
// Everything is optional; an absent section is the embedded default (maildir into
// var/notices/). Unknown keys are errors ("file:line:column: error: unknown key ..." with a
// did-you-mean), so a typo does not silently send mail somewhere else. Every problem of the
// section is reported, each located, through config::SettingsReader (the same reader and
// diagnostics as the rest of sifd.yaml and the definitions). Relative paths are relative to the
// working directory.
//
// Thread-safety: plain values and free functions.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/settings_reader.hpp"
#include "notifications/backoff.hpp"
#include "notifications/channel.hpp"
#include "notifications/maildir_channel.hpp"
#include "notifications/routing.hpp"
#include "notifications/smtp_channel.hpp"
#include "notifications/webhook_channel.hpp"
#include "workflows/result.hpp"

namespace sif::notifications {

struct DigestConfig {
  bool enabled = true;
  config::TimeOfDay at{7 * 60};     // Europe/London
  int horizon_working_days = 10;
  std::vector<std::string> roles{"link_adviser", "la_lead"};
};

struct NotificationsConfig {
  std::string channel = "maildir";  // maildir | smtp | webhook
  Address from{"School improvement", "sif@localhost", ""};
  MaildirConfig maildir;            // .from is taken from `from`
  SmtpConfig smtp;                  // .from is taken from `from`
  WebhookConfig webhook;
  BackoffPolicy retry;
  Contacts contacts;                // authority defaults by role
  // Those of `contacts`, of digest.roles (and of sifd.yaml's default_contacts) whose role is not
  // canonical: each must be a role some framework declares of its own, which the caller checks
  // once the definitions have loaded (config::check_own_role_contacts).
  std::vector<config::OwnRoleContact> own_role_contacts;
  DigestConfig digest;
};

// Reads the section (a map node; an absent or null node gives the defaults), reporting every
// problem through `reader`; a setting in error keeps its default. Reads password_file /
// secret_file. The caller knows there were problems from reader.errors().
NotificationsConfig read_notifications_config(const YAML::Node& node, config::SettingsReader& reader);
// Convenience for tests and tools: the section from YAML text (the text IS the section's map).
// On problems the error's message is every diagnostic (Diagnostic::str()), one a line.
workflows::Result<NotificationsConfig> parse_notifications_yaml(const std::string& yaml,
                                                                const std::string& file);

// The configured channel. Errors: kInvalidInput when the chosen channel lacks what it needs
// (smtp or webhook without url; read_notifications_config reports that already, this is for a
// config built in code).
workflows::Result<std::unique_ptr<Channel>> make_channel(const NotificationsConfig& config);

}  // namespace sif::notifications
