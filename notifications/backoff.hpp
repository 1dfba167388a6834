// Retry timing for notices: exponential backoff with jitter, and the attempt limit after which
// a notice is dead.
//
// After the n-th failed attempt (n = 1, 2, ...) the next attempt waits
//     base(n) = min(initial * multiplier^(n-1), max_delay)
//     delay(n) = base(n) * (1 - jitter * u),   u uniform in [0, 1)
// so the jitter only ever shortens a wait (the cap holds) and spreads retries of notices that
// failed together (a mail server outage) over time. After `max_attempts` attempts the notice
// is dead: no further attempt until an officer retries it.
//
// The random source is injected (a seed) so tests see a fixed schedule; u is computed from the
// top 53 bits of mt19937_64 (not std::uniform_real_distribution, whose algorithm varies by
// standard library).
//
// Thread-safety: a Backoff holds the generator state; use one per thread (the dispatcher owns
// one).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace sif::notifications {

struct BackoffPolicy {
  std::chrono::seconds initial{60};
  double multiplier = 2.0;
  std::chrono::seconds max_delay{std::chrono::hours(6)};
  double jitter = 0.2;  // 0..1: fraction of the delay that may be taken off
  int max_attempts = 10;  // attempts in all, the first included; >= 1
};

class Backoff {
 public:
  Backoff(BackoffPolicy policy, std::uint64_t seed);

  // Delay before the next attempt after `failed_attempts` failures. REQUIRES: failed_attempts >= 1
  std::chrono::milliseconds delay(int failed_attempts);
  // True when `attempts` attempts have been made and none may follow.
  bool exhausted(int attempts) const { return attempts >= policy_.max_attempts; }
  const BackoffPolicy& policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
  std::mt19937_64 rng_;
};

}  // namespace sif::notifications
