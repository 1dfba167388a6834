// Calendar feed tokens: a read-only credential for GET /v1/deadlines.ics?feed=TOKEN, so that a
// calendar application, which sends neither headers nor cookies, can subscribe without holding
// an API token. A feed token is HMAC-SHA256(secret, "feed\n" + name + "\n" + role) in hex:
// derived, never stored, and it stops working by itself when its principal leaves the token
// configuration or changes role, since no configured principal then gives the same HMAC.
//
// The secret is 32 random bytes sifd makes once and keeps in the database (storage: secrets,
// Database::secret), so a subscribed feed survives restarts and a restore from backup.
//
// Thread-safety: immutable after construction; share it freely.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "daemon/auth.hpp"
#include "storage/database.hpp"
#include "workflows/result.hpp"

namespace sif::daemon {

class FeedTokens {
 public:
  static constexpr std::size_t kSecretBytes = 32;

  // A key from its stored form: 2 * kSecretBytes hex digits. nullopt for anything else.
  static std::optional<FeedTokens> from_hex(std::string_view secret_hex);

  // The feed token of principal `name` with `role` (64 hex digits).
  std::string token_for(std::string_view name, Role role) const;

  // The configured principal whose feed token `feed` is, or nullopt: malformed, made with
  // another secret, or its principal no longer has that name and role in `auth`. Every
  // principal's token is compared in full, in constant time.
  std::optional<Principal> verify(std::string_view feed, const Authenticator& auth) const;

 private:
  explicit FeedTokens(std::string secret) : secret_(std::move(secret)) {}
  std::string secret_;  // kSecretBytes raw bytes
};

// The feed key kept in `db` under "feed_hmac_sha256", made from fresh random bytes and stored
// at `now` when the database has none yet. Errors: the database's (kIo when it cannot be read,
// or a first key cannot be stored), kCorruption when the stored key is not 64 hex digits.
workflows::Result<FeedTokens> load_feed_tokens(storage::Database& db, storage::UnixSeconds now);

// "/v1/deadlines.ics?feed=<token>": what GET /v1/session answers as feed_url.
std::string feed_url(const FeedTokens& feeds, const Principal& p);

}  // namespace sif::daemon
