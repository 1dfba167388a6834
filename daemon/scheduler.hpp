// The scheduler: ONE boost::asio::steady_timer armed at the earliest stored timer (not one per
// school). On wake it calls engine.fire_due(clock.now_utc()) and re-arms. The engine calls back
// after every commit that may change timers, and rearm() re-reads the earliest fire_at.
//
// With a ManualClock no real timer is armed: time moves only through advance_to(), which fires
// everything due on the way in order — it sets the clock to each due instant, fires what is due
// then, and finally sets the clock to the target.
//
// Lifecycle:  constructed --start()--> running --stop()--> stopped
//   start(): recovery (fire_due at now: timers that fell due while down fire in due order, once
//   each), then arms the timer.  stop(): cancels the timer; safe to call twice.
//
// Thread-safety: rearm(), advance_to() and stop() may be called from any thread; the timer
// itself lives on the io_context's thread(s) (handlers are serialised by a strand).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <mutex>
#include <optional>

#include "daemon/clock.hpp"
#include "daemon/engine.hpp"

namespace sif::daemon {

class Scheduler {
 public:
  // REQUIRES: io, engine and clock outlive the scheduler, and the io_context has stopped running
  // handlers before the scheduler is destroyed (posted re-arms refer to it). Registers itself
  // with the engine's on-timers-changed callback.
  Scheduler(boost::asio::io_context& io, Engine& engine, Clock& clock);
  ~Scheduler();

  // Recovery then arm. Returns the number of timers fired during recovery.
  workflows::Result<int> start();
  void stop();

  // Re-reads the earliest fire_at and re-arms (posted to the strand). Thread-safe.
  void rearm();

  // Manual clock only (kInvalidInput otherwise): moves the clock to `to`, firing every timer
  // due on the way in order. Returns how many fired. Moving backwards just sets the clock.
  // On failure (storage, or kTransient once stop() was called) the clock stays at the last
  // instant whose due timers all fired: where it was, if nothing fired; or, when the failing
  // firing had committed some of its instant's timers, at that instant (never before history
  // already recorded), the rest of them due and fired on the re-arm or the next advance.
  workflows::Result<int> advance_to(Clock::time_point to);

  // Timers fired by the scheduler since start (recovery + wakes + advances).
  long fired_total() const { return fired_total_.load(); }
  // The instant the timer is armed for, if armed (for /metrics and tests).
  std::optional<Clock::time_point> armed_for() const;

 private:
  // after_wake: a timer still due right after firing is retried after a delay, not at once.
  void arm_on_strand(bool after_wake = false);
  // advance_to() with advance_mu_ held; the caller re-arms after letting go.
  workflows::Result<int> advance_locked(ManualClock& clock, Clock::time_point to);
  void on_wake(const boost::system::error_code& ec);

  Engine& engine_;
  Clock& clock_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;
  mutable std::mutex mu_;
  std::mutex advance_mu_;
  std::optional<Clock::time_point> armed_for_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopped_{false};  // stop() was called: an advance in progress gives up
  std::atomic<long> fired_total_{0};
};

}  // namespace sif::daemon
