#include "daemon/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

namespace sif::daemon {

namespace {
// Wake at least this often even when the next timer is far off, so a change of the system clock
// (NTP step, suspend) delays a firing by no more than this.
constexpr auto kMaxSleep = std::chrono::minutes(5);
// After a wake that left a timer due (it could not be applied, or storage failed), wait this
// long before trying again rather than spinning.
constexpr auto kRetryDelay = std::chrono::seconds(30);

// The earliest stored timer's fire instant. Unlike Engine::next_fire_at(), a storage error is an
// error, not "no timer": taken for none, an advance would move the clock past due timers
// without firing them and a wake would arm nothing.
workflows::Result<std::optional<Clock::time_point>> earliest_timer(Engine& engine) {
  auto t = engine.database().earliest_fire_at();
  if (!t) return t.error();
  if (!t->has_value()) return std::optional<Clock::time_point>{};
  return std::optional<Clock::time_point>{from_unix_seconds(**t)};
}
}  // namespace

Scheduler::Scheduler(boost::asio::io_context& io, Engine& engine, Clock& clock)
    : engine_(engine), clock_(clock), strand_(boost::asio::make_strand(io)), timer_(strand_) {
  engine_.set_on_timers_changed([this] { rearm(); });
}

Scheduler::~Scheduler() {
  engine_.set_on_timers_changed({});
  running_ = false;
}

workflows::Result<int> Scheduler::start() {
  if (stopped_) return 0;  // SIGTERM before recovery: nothing fires, nothing is armed
  running_ = true;
  // Recovery: whatever fell due while the daemon was down fires now, in due order, once each.
  auto fired = engine_.fire_due(clock_.now_utc());
  if (!fired) return fired;
  fired_total_ += *fired;
  if (*fired > 0) spdlog::info("recovery: fired {} timer(s) that fell due while sifd was down", *fired);
  rearm();
  return fired;
}

void Scheduler::stop() {
  running_ = false;
  stopped_ = true;
  boost::asio::post(strand_, [this] {
    timer_.cancel();
    std::lock_guard lock(mu_);
    armed_for_.reset();
  });
}

void Scheduler::rearm() {
  if (!running_) return;
  boost::asio::post(strand_, [this] { arm_on_strand(); });
}

std::optional<Clock::time_point> Scheduler::armed_for() const {
  std::lock_guard lock(mu_);
  return armed_for_;
}

void Scheduler::arm_on_strand(bool after_wake) {
  if (!running_) return;
  auto earliest = earliest_timer(engine_);
  if (!earliest) {
    // Storage trouble (a lock held outside sif, a full disk): look again shortly, as after a
    // failed firing, rather than sleep until something else re-arms.
    spdlog::error("scheduler: cannot read the next timer: {} {}", earliest.error().message, earliest.error().details);
    if (clock_.is_manual()) return;
    timer_.cancel();
    timer_.expires_after(kRetryDelay);
    timer_.async_wait(boost::asio::bind_executor(strand_, [this](const boost::system::error_code& ec) { on_wake(ec); }));
    return;
  }
  const std::optional<Clock::time_point> next = *earliest;
  {
    std::lock_guard lock(mu_);
    armed_for_ = next;
  }
  if (clock_.is_manual()) {
    // Manual time moves only through advance_to(); but a timer already due at the frozen instant
    // (e.g. one armed for today by a registration at 08:00) fires now, as on the real clock.
    // Not while an advance runs: it moves the clock to each due instant in turn and fires what
    // is due there itself (and counts it in its answer); it re-arms once it has let go.
    if (next && *next <= clock_.now_utc() && !after_wake) {
      std::unique_lock advancing(advance_mu_, std::try_to_lock);
      if (advancing.owns_lock()) on_wake({});
    }
    return;
  }
  timer_.cancel();
  if (!next) return;
  auto delay = *next - clock_.now_utc();
  if (delay <= delay.zero()) {
    delay = after_wake ? std::chrono::duration_cast<decltype(delay)>(kRetryDelay) : delay.zero();
  }
  if (delay > kMaxSleep) delay = kMaxSleep;
  timer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(delay));
  timer_.async_wait(boost::asio::bind_executor(strand_, [this](const boost::system::error_code& ec) { on_wake(ec); }));
}

void Scheduler::on_wake(const boost::system::error_code& ec) {
  if (ec == boost::asio::error::operation_aborted || !running_) return;
  auto fired = engine_.fire_due(clock_.now_utc());
  if (!fired) {
    spdlog::error("scheduler: firing due timers failed: {} {}", fired.error().message, fired.error().details);
  } else {
    fired_total_ += *fired;
  }
  arm_on_strand(/*after_wake=*/true);
}

workflows::Result<int> Scheduler::advance_to(Clock::time_point to) {
  auto* manual = dynamic_cast<ManualClock*>(&clock_);
  if (!manual) return workflows::Error::invalid("the clock can only be moved when sifd runs with --clock manual");
  workflows::Result<int> result = 0;
  {
    std::lock_guard lock(advance_mu_);
    result = advance_locked(*manual, to);
  }
  // Re-armed only once the advance has let go, so a timer due at the new instant (a
  // registration's, made meanwhile) fires on the strand rather than being skipped there.
  rearm();
  return result;
}

workflows::Result<int> Scheduler::advance_locked(ManualClock& clock, Clock::time_point to) {
  ManualClock* manual = &clock;
  int total = 0;
  // The clock only ever shows an instant whose due timers have all fired: it is moved to each
  // due instant to fire what is due then, and moved back to the last such instant reached if
  // that firing fails (or sifd is stopping), so a failed advance leaves it where the work stopped.
  // One exception: when the failing firing had already committed some timers at that instant,
  // the clock stays there (never before recorded history), and the rest fire on the re-arm.
  Clock::time_point reached = manual->now_utc();
  auto stop_at_reached = [&](const workflows::Error& why) -> workflows::Error {
    manual->set(reached);
    spdlog::warn("clock: advance to {} stopped at {} after {} timer(s): {}", format_utc(to), format_utc(reached),
                 total, why.message);
    return why;
  };
  for (;;) {
    if (stopped_) {
      return stop_at_reached({workflows::ErrorCode::kTransient,
                              "sifd is stopping: the clock stopped at " + format_utc(reached) + " after " +
                                  std::to_string(total) + " timer(s); advance it again after the restart",
                              {}});
    }
    auto next = earliest_timer(engine_);
    if (!next) return stop_at_reached(next.error());
    if (!*next || **next > to) break;
    if (**next > manual->now_utc()) manual->set(**next);
    int fired_now = 0;
    auto fired = engine_.fire_due(manual->now_utc(), &fired_now);
    if (!fired) {
      // What fired before the failure is recorded at this instant: the clock must not go back
      // before it (the next event would be recorded earlier than history it follows). Timers
      // still due then fire on the re-arm or the next advance, as of when they were due.
      total += fired_now;
      fired_total_ += fired_now;
      if (fired_now > 0) reached = manual->now_utc();
      return stop_at_reached(fired.error());
    }
    total += *fired;
    fired_total_ += *fired;
    auto after = earliest_timer(engine_);
    if (!after) {
      reached = manual->now_utc();  // what was due then has fired
      return stop_at_reached(after.error());
    }
    if (*after && **after <= manual->now_utc()) {
      if (*fired > 0) reached = manual->now_utc();  // never before what was just recorded
      return stop_at_reached(workflows::Error::corruption("a timer stayed due after firing; stopping the clock at " +
                                                          format_utc(reached)));
    }
    reached = manual->now_utc();
  }
  manual->set(to);
  return total;
}

}  // namespace sif::daemon
