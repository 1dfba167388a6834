// The daemon's only source of time. Production uses SystemClock; tests and `sifd --clock manual`
// use ManualClock, which moves only when told. Nothing else in the daemon reads time.
//
// Thread-safety: both clocks are safe to read and (ManualClock) to move from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace sif::daemon {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  using steady_point = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  // Wall-clock UTC instant.
  virtual time_point now_utc() const = 0;
  // A monotonic reading for measuring intervals (never goes back).
  virtual steady_point steady_now() const = 0;
  // True for ManualClock: the scheduler then fires only on advance, never on a real timer.
  virtual bool is_manual() const { return false; }
};

class SystemClock final : public Clock {
 public:
  time_point now_utc() const override;
  steady_point steady_now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(time_point start);

  time_point now_utc() const override;
  // Starts at the steady epoch and advances only by the amount the clock is moved forward.
  steady_point steady_now() const override;
  bool is_manual() const override { return true; }

  // Moves to t. Moving backwards is allowed for wall time (steady_now does not go back).
  void set(time_point t);
  void advance(std::chrono::system_clock::duration d);

 private:
  mutable std::mutex mu_;
  time_point now_;
  std::chrono::steady_clock::duration steady_offset_{0};
};

// UTC unix seconds <-> time_point, as storage keeps instants.
std::int64_t to_unix_seconds(Clock::time_point t);
Clock::time_point from_unix_seconds(std::int64_t s);
// "2026-03-30T07:00:00Z"
std::string format_utc(Clock::time_point t);

}  // namespace sif::daemon
