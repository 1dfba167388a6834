// The notice worker: one thread that drains the outbox through the configured channel, so a
// slow SMTP server or webhook never holds up the HTTP API or the timers, and that once a day, at
// the configured Europe/London time, asks for the officers' digests.
//
//   start() --> [ wait poll interval or wake() ] --> daily hook (once per local date, at or
//               after `daily_at`) --> dispatcher.drain_once(now) --> ... --stop()--> joined
//
// The engine wakes the worker after every commit that queued a notice (Engine::
// set_on_notices_queued, wired in server.cpp), so a notice leaves as soon as its transition has
// committed and the engine's commit path stays free of channel concerns. The poll is the safety
// net: retries due later (backoff), the daily hook, rows queued by another process. wake() also
// serves an officer's retry and a clock advance in a demo.
//
// The daily hook runs on the first tick whose local time is at or after `daily_at` on a date it
// has not yet run for; the hook itself must be idempotent per date (the digest keys its outbox
// rows by date and officer), so a restart after the hour does not send twice. A clock that jumps
// days ahead (the manual clock) runs it for the date it lands on, not for every date passed.
//
// Stopping never waits for the outbox: request_stop() (SIGTERM) makes the drain return after the
// notice being sent is finished and marked; every other due notice stays pending, for the next
// start. stop() also joins, so it takes at most one send (bounded by the channel's own timeout).
//
// Thread-safety: wake(), request_stop() and stop() may be called from any thread; the dispatcher
// and the hook are only ever called from the worker thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "daemon/clock.hpp"
#include "notifications/dispatcher.hpp"
#include "workflows/date.hpp"

namespace sif::daemon {

struct NoticeWorkerOptions {
  std::chrono::milliseconds poll{5000};  // commits wake the worker; this only bounds a retry's lateness
  std::optional<int> daily_at;  // minutes after local midnight; nullopt: no daily hook
  std::function<void(workflows::Date local_today, Clock::time_point now)> daily;
};

class NoticeWorker {
 public:
  // REQUIRES: dispatcher and clock outlive the worker.
  NoticeWorker(notifications::Dispatcher& dispatcher, const Clock& clock, NoticeWorkerOptions options);
  ~NoticeWorker();  // stops and joins
  NoticeWorker(const NoticeWorker&) = delete;
  NoticeWorker& operator=(const NoticeWorker&) = delete;

  void start();
  void wake();
  // Asks the worker to stop after the notice being sent; returns at once. Safe to call twice,
  // and before start() (the worker then sends nothing).
  void request_stop();
  void stop();  // request_stop(), then joins; safe to call twice

 private:
  void run();
  void tick();

  notifications::Dispatcher& dispatcher_;
  const Clock& clock_;
  NoticeWorkerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};  // written under mu_ (for cv_), read by the drain unlocked
  bool woken_ = false;
  std::optional<workflows::Date> daily_done_;  // worker thread only
  std::thread thread_;
};

}  // namespace sif::daemon
