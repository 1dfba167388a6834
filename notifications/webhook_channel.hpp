// Posts each message as JSON to an HTTP(S) endpoint (a case-management system, a Teams/Slack
// relay, a letter printing service).
//
// Body (application/json; keys in this order):
//   {"id": key, "template": id, "school": URN,
//    "to": [{"role","name","email"}...], "cc": [...],
//    "subject": ..., "text": ..., "html": ... (only when there is one),
//    "data": {flat template data}}
// Headers: Content-Type, Idempotency-Key: <key>, X-Sif-Message-Id: <key@sif>,
// X-Sif-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with `secret`>
// (omitted when no secret is configured), plus any configured extra headers.
//
// 2xx is accepted. 408, 425, 429 and 5xx are transient, other statuses permanent (the receiver
// refuses this message; retrying will not help); connection failures and timeouts transient.
// Redirects are not followed: a moved endpoint is a configuration error to fix.
//
// Thread-safety: send() uses a fresh curl handle per call; concurrent calls are safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "notifications/channel.hpp"

namespace sif::notifications {

struct WebhookConfig {
  std::string url;                          // http:// or https://
  std::string secret;                       // HMAC key; empty: no signature header
  std::vector<Header> headers;              // extra request headers (e.g. Authorization)
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds timeout{15'000};
  bool verify_peer = true;
  std::string ca_file;
};

class WebhookChannel : public Channel {
 public:
  explicit WebhookChannel(WebhookConfig config);
  std::string_view name() const override { return "webhook"; }
  Status send(const Message& message) override;

 private:
  WebhookConfig config_;
};

// The JSON body send() posts (exposed for tests and receivers' documentation).
std::string webhook_body(const Message& message);
// Lower-case hex HMAC-SHA256 of body under key.
std::string hmac_sha256_hex(std::string_view key, std::string_view body);

}  // namespace sif::notifications
