#include "daemon/session_store.hpp"

#include <openssl/rand.h>

#include <cassert>
#include <stdexcept>
#include <vector>

namespace sif::daemon {

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (bytes > 0 && RAND_bytes(buf.data(), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("the system's random number generator failed (OpenSSL RAND_bytes)");
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes);
  for (unsigned char b : buf) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

SessionStore::SessionStore(std::size_t max_sessions, std::chrono::steady_clock::duration idle)
    : max_(max_sessions), idle_(idle) {
  assert(max_sessions > 0);
}

void SessionStore::erase_locked(std::unordered_map<std::string, Entry>::iterator it) {
  lru_.erase(it->second.order);
  by_hash_.erase(it);
}

void SessionStore::drop_expired_locked(Clock::steady_point now) {
  // lru_ is in order of last use, so the expired sessions are all at its front.
  while (!lru_.empty()) {
    auto it = by_hash_.find(lru_.front());
    assert(it != by_hash_.end());
    if (now - it->second.last_used < idle_) break;
    erase_locked(it);
  }
}

Session SessionStore::create(Principal principal, Clock::steady_point now) {
  Session s{random_hex(32), random_hex(32), std::move(principal)};
  std::string hash = sha256_hex(s.id);
  std::lock_guard lock(mu_);
  if (by_hash_.size() >= max_) drop_expired_locked(now);
  while (by_hash_.size() >= max_) erase_locked(by_hash_.find(lru_.front()));
  lru_.push_back(hash);
  by_hash_.emplace(std::move(hash), Entry{s, now, std::prev(lru_.end())});
  assert(by_hash_.size() == lru_.size());
  return s;
}

std::optional<Session> SessionStore::find(std::string_view id, Clock::steady_point now) {
  if (id.empty()) return std::nullopt;
  const std::string hash = sha256_hex(id);
  std::lock_guard lock(mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return std::nullopt;
  if (now - it->second.last_used >= idle_) {
    erase_locked(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  lru_.splice(lru_.end(), lru_, it->second.order);
  return it->second.session;
}

bool SessionStore::forget(std::string_view id) {
  if (id.empty()) return false;
  const std::string hash = sha256_hex(id);
  std::lock_guard lock(mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return false;
  erase_locked(it);
  return true;
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(mu_);
  return by_hash_.size();
}

}  // namespace sif::daemon
