// The one interface every delivery channel implements (maildir, SMTP, webhook, test fakes).
//
// A channel either accepts a message (Ok) or says why not. The error's code tells the
// dispatcher what to do next: ErrorCode::kTransient (server down, timeout, 4xx SMTP reply,
// 5xx/429 HTTP) is retried with backoff; any other code is permanent (recipient refused, 4xx
// HTTP, bad configuration) and the notice goes straight to the dead letters, where an officer
// can see the message and retry it once the cause is fixed.
//
// Accepting means durable hand-off: the file is renamed into new/, the SMTP server answered
// 250 to DATA, the webhook answered 2xx. A channel may be asked to send the same message twice
// (a crash between send and mark-sent); it need not detect that, receivers de-duplicate on the
// Message-ID / Idempotency-Key.
//
// Thread-safety: send() may be called from one thread at a time per channel instance; check()
// from any thread.
#pragma once

#include <string>
#include <string_view>

#include "notifications/message.hpp"
#include "workflows/result.hpp"

namespace sif::notifications {

using workflows::Error;
using workflows::ErrorCode;
using workflows::Status;

inline Error transient_error(std::string message, std::string details = {}) {
  return Error{ErrorCode::kTransient, std::move(message), std::move(details)};
}
inline bool is_transient(const Error& e) { return e.code == ErrorCode::kTransient; }

class Channel {
 public:
  virtual ~Channel() = default;
  // "maildir", "smtp", "webhook": for logs and the outbox's last_error.
  virtual std::string_view name() const = 0;
  // Delivers one message. Ok means accepted; see the header comment for the error contract.
  virtual Status send(const Message& message) = 0;
  // Whether the channel could take a message now, checked cheaply and without sending anything
  // (for /readyz). May be called from any thread, beside send(). The default is Ok: a remote
  // channel (SMTP, webhook) is only known to be configured, its outages show as retries and
  // dead notices rather than as an unready daemon.
  virtual Status check() const { return workflows::Ok{}; }
};

}  // namespace sif::notifications
