// The outbox dispatcher: drains due notices from the outbox through one channel.
//
// For each pending notice due now:   route -> render -> send -> mark
//
//      pending --send ok----------------------------> sent          (mark_sent)
//      pending --transient error, attempts left-----> pending       (mark_failed, next attempt
//                                                                    = now + backoff)
//      pending --permanent error / last attempt-----> dead          (mark_failed, no next)
//      dead    --officer retries (storage retry)----> pending       (attempts reset)
//
// Routing or rendering failures (a role with no address, a missing template) are permanent:
// the notice goes dead at once with a message naming the role and school or the template, so
// an officer sees it in GET /v1/notices?status=dead, fixes the contact or template, and retries.
//
// A row with no school is a notice addressed to one person (an officer's daily digest,
// daemon/digest.hpp): its recipient comes from its data (routing.hpp, route_to_person), no
// school is loaded and the message has no X-Sif-School header. Everything else is the same.
//
// Delivery is at-least-once: a crash (or a failed mark_sent) after the channel accepted leaves
// the row pending, and it is sent again later with the same key, so the same Message-ID and
// Idempotency-Key; receivers de-duplicate on those. A notice is never lost: it leaves the
// pending state only by a channel's acceptance or by dying with a visible error.
//
// Thread-safety: drain_once() must not run concurrently with itself on one Dispatcher (the
// daemon calls it from one strand or worker thread). The Outbox and Channel must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "notifications/backoff.hpp"
#include "notifications/channel.hpp"
#include "notifications/outbox.hpp"
#include "notifications/renderer.hpp"
#include "notifications/routing.hpp"

namespace sif::notifications {

using TimePoint = std::chrono::system_clock::time_point;

struct DispatcherOptions {
  std::filesystem::path templates_dir = "config/templates";
  Contacts default_contacts;      // the authority's contacts by role (ofsted, director, ...)
  BackoffPolicy backoff;          // includes max_attempts
  std::uint64_t seed = 0;         // jitter seed; the daemon passes a random one, tests a fixed one
  int batch = 100;                // rows fetched per query
  // The date "today" is in Europe/London at `now` (for today_words). Default: via date-tz.
  std::function<workflows::Date(TimePoint)> local_date;
  // Optional sink for one line per outcome ("sent", "retry", "dead", "error"); the daemon
  // passes its logger.
  std::function<void(std::string_view level, std::string_view line)> log;
};

struct DispatchStats {
  std::uint64_t sent = 0;      // channel accepted and the row was marked sent
  std::uint64_t retried = 0;   // transient failure, another attempt scheduled
  std::uint64_t dead = 0;      // permanent failure or attempts exhausted
  std::uint64_t store_errors = 0;  // the outbox could not be read or marked
};

class Dispatcher {
 public:
  // REQUIRES: outbox and channel outlive the dispatcher.
  Dispatcher(Outbox& outbox, Channel& channel, DispatcherOptions options);
  // Convenience for the daemon: the outbox of a sif database. REQUIRES: db outlives this.
  Dispatcher(storage::Database& db, Channel& channel, DispatcherOptions options);
  ~Dispatcher();

  // Attempts every pending notice due at `now` once (each row at most once per call) and
  // returns how many were attempted. Never throws; storage errors are counted and logged, and
  // the rows stay pending for the next call. `stop`, when given, is asked before each notice:
  // once it answers true the call returns, leaving the rest pending (the notice being sent is
  // finished and marked first). Shutdown uses it so that SIGTERM never waits for the outbox.
  std::size_t drain_once(TimePoint now, const std::function<bool()>& stop = {});

  // When the next pending notice falls due (to arm a timer), nullopt when none is pending.
  std::optional<TimePoint> next_due();

  const DispatchStats& stats() const { return stats_; }
  const Channel& channel() const { return channel_; }

  // Builds the message for one row (route + render) without sending: for previews and tests.
  workflows::Result<Message> build(const storage::OutboxRow& row, TimePoint now);

 private:
  void init();
  void attempt(const storage::OutboxRow& row, TimePoint now);
  void fail(const storage::OutboxRow& row, const Error& error, TimePoint now);
  void log(std::string_view level, const std::string& line) const;

  std::unique_ptr<Outbox> owned_outbox_;  // set by the Database constructor
  Outbox& outbox_;
  Channel& channel_;
  DispatcherOptions options_;
  Renderer renderer_;
  Backoff backoff_;
  DispatchStats stats_;
};

// Europe/London calendar date at t (date-tz, the OS tz database).
workflows::Date london_date(TimePoint t);
// Unix seconds of t, rounded up (a retry is never scheduled before its delay has passed).
UnixSeconds to_unix_ceil(TimePoint t);

}  // namespace sif::notifications
