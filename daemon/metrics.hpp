// Process metrics in the Prometheus text exposition format (GET /metrics).
//
// Counters are kept here and bumped by the HTTP layer and the engine's hooks; gauges that
// storage already knows (timers pending, outbox depth) are passed in at scrape time so there is
// one source of truth. Request latency and timer fire lateness are histograms.
//
// Thread-safety: every member function may be called from any thread (a mutex guards state).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace sif::daemon {

// Values read from storage when /metrics is scraped.
struct MetricGauges {
  int64_t schools = -1;          // -1: unknown (not exported)
  int64_t timers_pending = -1;
  int64_t outbox_pending = -1;
  int64_t outbox_failed = -1;
  int64_t deadlines_overdue = -1;  // Engine::overdue_census: overdue deadlines across all schools
  int64_t timers_fired = -1;     // the scheduler's count since start; -1: use timer_fired() calls
  // The case-file cache (daemon/answer_cache.hpp); -1: no cache.
  int64_t answer_cache_hits = -1;
  int64_t answer_cache_misses = -1;
  int64_t answer_cache_bytes = -1;
  bool ready = false;
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  // Appends the _bucket/_sum/_count lines for `name` (with `labels` like `method="GET"`, or "").
  void render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // per bound, non-cumulative; last is +Inf
  double sum_ = 0;
  uint64_t count_ = 0;
};

class Metrics {
 public:
  Metrics();

  void event_recorded(const std::string& type, bool accepted);
  void transitions(int64_t n);
  void timer_fired(double lateness_seconds);
  void request(const std::string& method, unsigned status, double seconds);

  std::string render(const MetricGauges& gauges) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, bool>, uint64_t> events_;       // (type, accepted) -> count
  uint64_t transitions_ = 0;
  uint64_t timers_fired_ = 0;
  Histogram lateness_;
  std::map<std::pair<std::string, unsigned>, uint64_t> requests_;  // (method, status) -> count
  std::map<std::string, Histogram> latency_;                       // method -> histogram
};

}  // namespace sif::daemon
