// Test helpers for time: literal UTC instants and a ManualClock started at one. The ManualClock
// itself lives in daemon/clock.hpp (sifd --clock manual uses it too).
//
// Thread-safety: as daemon::ManualClock.
#pragma once

#include <date/date.h>

#include <chrono>

#include "daemon/clock.hpp"

namespace sif::test {

// The UTC instant y-m-d h:mi:s.
inline daemon::Clock::time_point utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
  return daemon::Clock::time_point{day.time_since_epoch() + std::chrono::hours(h) + std::chrono::minutes(mi) +
                                   std::chrono::seconds(s)};
}

// A wall clock that moves only when told but reports is_manual() == false, so a Scheduler arms
// its real steady_timer against it (with a zero delay once the due instant has been passed).
class SteppedWallClock final : public daemon::Clock {
 public:
  explicit SteppedWallClock(time_point start) : inner_(start) {}
  time_point now_utc() const override { return inner_.now_utc(); }
  steady_point steady_now() const override { return inner_.steady_now(); }
  void set(time_point t) { inner_.set(t); }

 private:
  daemon::ManualClock inner_;
};

}  // namespace sif::test
