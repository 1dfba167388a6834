// Sends each message to a mail server over SMTP with libcurl's mail upload API.
//
// URL schemes: smtp://host:587 (submission; STARTTLS per `tls`) or smtps://host:465 (TLS from
// the first byte). The envelope sender is from.email; the envelope recipients are every to and
// cc address (there is no Bcc). The message is the RFC 5322 text of mime.hpp with CRLF lines.
//
// Errors: the server's reply decides where it gave one — 4xx is transient (greylisting, a full
// queue), 5xx permanent (a refused recipient or sender); otherwise connection failures and
// timeouts are transient and the rest (bad URL, login denied, TLS verification) permanent.
//
// Thread-safety: send() uses a fresh curl handle per call; concurrent calls are safe.
#pragma once

#include <chrono>
#include <string>

#include "notifications/channel.hpp"

namespace sif::notifications {

enum class SmtpTls {
  kStartTls,  // smtp://: require STARTTLS (CURLUSESSL_ALL); fail rather than send in clear
  kTry,       // smtp://: STARTTLS when offered, else clear text
  kNone,      // smtp://: clear text (a loopback relay, tests)
};

struct SmtpConfig {
  std::string url = "smtp://localhost:587";  // smtp://host[:port] or smtps://host[:port]
  SmtpTls tls = SmtpTls::kStartTls;          // ignored for smtps:// (always TLS)
  std::string username;                      // empty: no AUTH
  std::string password;
  Address from{"School improvement", "sif@localhost", ""};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};  // the whole transaction
  bool verify_peer = true;                    // TLS certificate and host name checks
  std::string ca_file;                        // empty: the system's CA bundle
};

class SmtpChannel : public Channel {
 public:
  explicit SmtpChannel(SmtpConfig config);
  std::string_view name() const override { return "smtp"; }
  Status send(const Message& message) override;

 private:
  SmtpConfig config_;
};

}  // namespace sif::notifications
