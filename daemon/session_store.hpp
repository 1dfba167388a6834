// Console sign-in sessions. POST /v1/session trades a valid API token for a session, named by
// the cookie `sif_session`; the session holds the token's principal and a CSRF token that every
// cookie-authenticated write must echo (X-CSRF-Token). Sessions live in memory only: a restart
// signs everyone out, and no session id is ever written to disk or to the log.
//
//   create() ──> live ──find() within the idle limit (refreshes it)──> live
//                  │
//                  ├── idle limit passed without a find()  (find() or a later create() drops it)
//                  ├── forget()                              (DELETE /v1/session)
//                  └── evicted: max_sessions newer ones      (create(), least recently used first)
//                  ──> gone
//
// Ids and CSRF tokens are 32 random bytes (hex) from OpenSSL's CSPRNG. The store keys sessions by
// the SHA-256 of their id, so how long a lookup takes says nothing about the ids it holds.
// Invariant: by_hash_ and lru_ hold the same sessions; lru_ is ordered by last use, oldest first.
//
// Thread-safety: every member may be called from any thread (one internal mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "daemon/auth.hpp"
#include "daemon/clock.hpp"

namespace sif::daemon {

struct Session {
  std::string id;    // the cookie's value
  std::string csrf;  // what X-CSRF-Token must be on a cookie-authenticated write
  Principal principal;
};

class SessionStore {
 public:
  static constexpr std::chrono::hours kIdle{12};
  static constexpr std::size_t kMaxSessions = 10000;

  // REQUIRES: max_sessions > 0.
  explicit SessionStore(std::size_t max_sessions = kMaxSessions,
                        std::chrono::steady_clock::duration idle = kIdle);

  // A new session for `principal`, used at `now`. When the store is full, expired sessions are
  // dropped and then, if it is still full, the least recently used one.
  Session create(Principal principal, Clock::steady_point now);

  // The live session `id` names, its idle time restarted at `now`; nullopt when none (never
  // given, forgotten, evicted, or idle for the limit or longer, which also forgets it).
  std::optional<Session> find(std::string_view id, Clock::steady_point now);

  // Forgets session `id`; false when there was none.
  bool forget(std::string_view id);

  std::size_t size() const;

 private:
  struct Entry {
    Session session;
    Clock::steady_point last_used;
    std::list<std::string>::iterator order;  // its place in lru_
  };

  // REQUIRES: mu_ held.
  void drop_expired_locked(Clock::steady_point now);
  void erase_locked(std::unordered_map<std::string, Entry>::iterator it);

  const std::size_t max_;
  const std::chrono::steady_clock::duration idle_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> by_hash_;  // sha256_hex(id) -> session
  std::list<std::string> lru_;                      // hashes, least recently used first
};

// `bytes` random bytes from OpenSSL's CSPRNG as lower-case hex (2 * bytes characters). Throws
// std::runtime_error if the generator fails: nothing that needs a secret may go on without one.
std::string random_hex(std::size_t bytes);

}  // namespace sif::daemon
