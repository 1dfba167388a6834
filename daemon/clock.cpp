#include "daemon/clock.hpp"

#include <date/date.h>

namespace sif::daemon {

// The two reads of the real clock in the whole daemon.
Clock::time_point SystemClock::now_utc() const { return std::chrono::system_clock::now(); }
Clock::steady_point SystemClock::steady_now() const { return std::chrono::steady_clock::now(); }

ManualClock::ManualClock(time_point start) : now_(start) {}

Clock::time_point ManualClock::now_utc() const {
  std::lock_guard lock(mu_);
  return now_;
}

Clock::steady_point ManualClock::steady_now() const {
  std::lock_guard lock(mu_);
  return steady_point{} + steady_offset_;
}

void ManualClock::set(time_point t) {
  std::lock_guard lock(mu_);
  if (t > now_) steady_offset_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(t - now_);
  now_ = t;
}

void ManualClock::advance(std::chrono::system_clock::duration d) {
  std::lock_guard lock(mu_);
  now_ += d;
  if (d > d.zero()) steady_offset_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
}

std::int64_t to_unix_seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Clock::time_point from_unix_seconds(std::int64_t s) {
  return Clock::time_point(std::chrono::duration_cast<Clock::time_point::duration>(std::chrono::seconds(s)));
}

std::string format_utc(Clock::time_point t) {
  return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::seconds>(t));
}

}  // namespace sif::daemon
