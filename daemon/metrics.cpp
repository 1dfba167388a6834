#include "daemon/metrics.hpp"

#include <fmt/format.h>

#include "daemon/version.hpp"

namespace sif::daemon {

namespace {

const std::vector<double> kLatencyBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
// Timers fire at their due instant or, after downtime, later: minutes to days matter here.
const std::vector<double> kLatenessBounds = {1, 10, 60, 600, 3600, 21600, 86400, 604800};

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') { out += "\\n"; continue; }
    out.push_back(c);
  }
  return out;
}

std::string num(double v) { return fmt::format("{}", v); }

}  // namespace

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  ++counts_[i];
  sum_ += v;
  ++count_;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& labels) const {
  std::string sep = labels.empty() ? "" : ",";
  uint64_t cum = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cum += counts_[i];
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, num(bounds_[i]), cum);
  }
  cum += counts_.back();
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, cum);
  std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += fmt::format("{}_sum{} {}\n", name, braces, num(sum_));
  out += fmt::format("{}_count{} {}\n", name, braces, count_);
}

Metrics::Metrics() : lateness_(kLatenessBounds) {}

void Metrics::event_recorded(const std::string& type, bool accepted) {
  std::lock_guard lock(mu_);
  ++events_[{type, accepted}];
}

void Metrics::transitions(int64_t n) {
  std::lock_guard lock(mu_);
  transitions_ += static_cast<uint64_t>(n);
}

void Metrics::timer_fired(double lateness_seconds) {
  std::lock_guard lock(mu_);
  ++timers_fired_;
  lateness_.observe(lateness_seconds < 0 ? 0 : lateness_seconds);
}

void Metrics::request(const std::string& method, unsigned status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, status}];
  auto it = latency_.find(method);
  if (it == latency_.end()) it = latency_.emplace(method, Histogram(kLatencyBounds)).first;
  it->second.observe(seconds);
}

std::string Metrics::render(const MetricGauges& g) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP sif_build_info Build information.\n# TYPE sif_build_info gauge\n";
  out += fmt::format("sif_build_info{{version=\"{}\"}} 1\n", escape_label(version()));
  out += "# HELP sif_ready Whether start-up recovery has finished.\n# TYPE sif_ready gauge\n";
  out += fmt::format("sif_ready {}\n", g.ready ? 1 : 0);
  out += "# HELP sif_events_total Events submitted, by type and whether they were accepted.\n";
  out += "# TYPE sif_events_total counter\n";
  for (const auto& [k, v] : events_) {
    out += fmt::format("sif_events_total{{type=\"{}\",accepted=\"{}\"}} {}\n", escape_label(k.first),
                       k.second ? "true" : "false", v);
  }
  out += "# HELP sif_transitions_total History entries committed (state changes and records).\n";
  out += "# TYPE sif_transitions_total counter\n";
  out += fmt::format("sif_transitions_total {}\n", transitions_);
  out += "# HELP sif_timers_fired_total Timers fired.\n# TYPE sif_timers_fired_total counter\n";
  out += fmt::format("sif_timers_fired_total {}\n",
                     g.timers_fired >= 0 ? static_cast<uint64_t>(g.timers_fired) : timers_fired_);
  out += "# HELP sif_timer_fire_lateness_seconds How long after its due instant a timer fired.\n";
  out += "# TYPE sif_timer_fire_lateness_seconds histogram\n";
  lateness_.render(out, "sif_timer_fire_lateness_seconds", "");
  auto gauge = [&](const char* name, const char* help, int64_t v) {
    if (v < 0) return;
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, v);
  };
  gauge("sif_schools", "Registered schools.", g.schools);
  gauge("sif_timers_pending", "Timers waiting to fire.", g.timers_pending);
  gauge("sif_outbox_pending", "Notices waiting in the outbox.", g.outbox_pending);
  gauge("sif_outbox_failed", "Notices that failed permanently (dead letters).", g.outbox_failed);
  gauge("sif_deadlines_overdue", "Deadlines overdue today across all schools (fired or past due, work not recorded).",
        g.deadlines_overdue);
  auto counter = [&](const char* name, const char* help, int64_t v) {
    if (v < 0) return;
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, v);
  };
  counter("sif_answer_cache_hits_total", "School case files answered from the cache.", g.answer_cache_hits);
  counter("sif_answer_cache_misses_total", "School case files built because none was cached for what is stored now.",
          g.answer_cache_misses);
  gauge("sif_answer_cache_bytes", "Memory held by cached case files.", g.answer_cache_bytes);
  out += "# HELP sif_http_requests_total HTTP requests by method and status.\n";
  out += "# TYPE sif_http_requests_total counter\n";
  for (const auto& [k, v] : requests_) {
    out += fmt::format("sif_http_requests_total{{method=\"{}\",code=\"{}\"}} {}\n", escape_label(k.first),
                       k.second, v);
  }
  out += "# HELP sif_http_request_duration_seconds HTTP request latency.\n";
  out += "# TYPE sif_http_request_duration_seconds histogram\n";
  for (const auto& [m, h] : latency_) {
    h.render(out, "sif_http_request_duration_seconds", "method=\"" + escape_label(m) + "\"");
  }
  return out;
}

}  // namespace sif::daemon
