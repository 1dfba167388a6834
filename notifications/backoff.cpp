#include "notifications/backoff.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sif::notifications {

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed) : policy_(policy), rng_(seed) {
  policy_.max_attempts = std::max(1, policy_.max_attempts);
  policy_.jitter = std::clamp(policy_.jitter, 0.0, 1.0);
  policy_.multiplier = std::max(1.0, policy_.multiplier);
}

std::chrono::milliseconds Backoff::delay(int failed_attempts) {
  assert(failed_attempts >= 1);
  const double initial_ms = static_cast<double>(policy_.initial.count()) * 1000.0;
  const double max_ms = static_cast<double>(policy_.max_delay.count()) * 1000.0;
  // pow may overflow to inf for large n; min() with the cap handles it.
  double base = initial_ms * std::pow(policy_.multiplier, std::max(0, failed_attempts - 1));
  base = std::min(base, max_ms);
  const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;  // [0, 1)
  const double ms = base * (1.0 - policy_.jitter * u);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

}  // namespace sif::notifications
