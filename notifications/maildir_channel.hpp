// The default channel: each message becomes one RFC 5322 .eml file in a maildir-style folder
// (var/notices/ in the embedded default), for ops to read, a mail client to open, or a cron job
// to forward.
//
// Files are written atomically, the maildir way: written and fsynced under tmp/, then renamed
// into new/ (and the directory fsynced), so a reader never sees half a message. A file is named
// by the notice's idempotency key (<key>.eml, the key made filename-safe), so a re-send after a
// crash replaces the same file rather than adding a second one.
//
// Errors: any filesystem failure is transient (a full disk or a permission fixed by ops should
// not lose the notice); the dispatcher retries and eventually marks it dead.
//
// Thread-safety: send() may run concurrently on distinct messages (unique tmp names); check()
// beside them.
#pragma once

#include <atomic>
#include <filesystem>

#include "notifications/channel.hpp"

namespace sif::notifications {

struct MaildirConfig {
  std::filesystem::path dir = "var/notices";  // holds tmp/, new/, cur/ (created when missing)
  Address from{"School improvement", "sif@localhost", ""};
};

class MaildirChannel : public Channel {
 public:
  explicit MaildirChannel(MaildirConfig config);
  std::string_view name() const override { return "maildir"; }
  Status send(const Message& message) override;
  // tmp/ and new/ exist (created when missing) and a file can be created in each (a dot-file,
  // which maildir readers ignore, created and removed at once). Errors are transient.
  Status check() const override;

  // Where send() puts (or put) the message with this idempotency key.
  std::filesystem::path path_for(const std::string& id) const;

 private:
  MaildirConfig config_;
  std::atomic<unsigned> counter_{0};
};

// "<key>" with every character outside [A-Za-z0-9._-] replaced by '_' (and never empty or
// starting with '.'): safe as a file name on any filesystem.
std::string filename_safe(std::string_view key);

}  // namespace sif::notifications
