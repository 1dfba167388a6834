#include "daemon/notice_worker.hpp"

#include <spdlog/spdlog.h>

#include "daemon/local_time.hpp"

namespace sif::daemon {

NoticeWorker::NoticeWorker(notifications::Dispatcher& dispatcher, const Clock& clock, NoticeWorkerOptions options)
    : dispatcher_(dispatcher), clock_(clock), options_(std::move(options)) {}

NoticeWorker::~NoticeWorker() { stop(); }

void NoticeWorker::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void NoticeWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_one();
}

void NoticeWorker::request_stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
}

void NoticeWorker::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void NoticeWorker::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    tick();
    lock.lock();
    cv_.wait_for(lock, options_.poll, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void NoticeWorker::tick() {
  if (stopping_) return;
  const auto now = clock_.now_utc();
  if (options_.daily && options_.daily_at) {
    const workflows::LocalTime local = to_london(now);
    if (local.minutes >= *options_.daily_at && daily_done_ != local.date) {
      daily_done_ = local.date;
      try {
        options_.daily(local.date, now);
      } catch (const std::exception& e) {
        // A bug in the daily hook must not stop notices leaving.
        spdlog::error("notices: daily digest for {} failed: {}", workflows::format_date(local.date), e.what());
      }
    }
  }
  if (stopping_) return;  // the daily hook may have run into a SIGTERM
  dispatcher_.drain_once(now, [this] { return stopping_.load(); });
}

}  // namespace sif::daemon
