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
}  // namespace

Scheduler::Scheduler(boost::asio::io_context& io, Engine& engine, Clock& clock)
    : io_(io), engine_(engine), clock_(clock), strand_(boost::asio::make_strand(io)), timer_(strand_) {
  engine_.set_on_timers_changed([this] { rearm(); });
}

Scheduler::~Scheduler() {
  engine_.set_on_timers_changed({});
  running_ = false;
}

workflows::Result<int> Scheduler::start() {
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
  auto next = engine_.next_fire_at();
  {
    std::lock_guard lock(mu_);
    armed_for_ = next;
  }
  if (clock_.is_manual()) {
    // Manual time moves only through advance_to(); but a timer already due at the frozen instant
    // (e.g. one armed for today by a registration at 08:00) fires now, as on the real clock.
    if (next && *next <= clock_.now_utc() && !after_wake) on_wake({});
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
  std::lock_guard lock(advance_mu_);
  int total = 0;
  for (;;) {
    auto next = engine_.next_fire_at();
    if (!next || *next > to) break;
    if (*next > manual->now_utc()) manual->set(*next);
    auto fired = engine_.fire_due(manual->now_utc());
    if (!fired) return fired;
    total += *fired;
    fired_total_ += *fired;
    auto after = engine_.next_fire_at();
    if (after && *after <= manual->now_utc()) {
      return workflows::Error::corruption("a timer stayed due after firing; stopping the clock at " +
                                          format_utc(manual->now_utc()));
    }
  }
  manual->set(to);
  rearm();
  return total;
}

}  // namespace sif::daemon
