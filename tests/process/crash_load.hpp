// The load a crash-loop round runs against sifd until the test kills it: officers recording
// notes on many schools (each with its own Idempotency-Key), an ops user moving the manual
// clock forward so timers fall due, and one CSV import of new schools. Every request's outcome
// is kept: acknowledged (the daemon answered success, so it must survive), refused (a clear
// error, so it must not be applied) or in doubt (no answer: the daemon died while it was in
// flight, so it may or may not be committed and is retried with the same key after restart).
//
// All choices (which school, how far the clock moves, when the import starts) come from one
// seeded generator per round and thread, so a seed replays the same requests; when the kill
// lands among them is up to the machine.
//
// Thread-safety: start() runs one thread per client, the clock mover and the importer; the
// outcome members may be read once join() has returned.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "daemon/clock.hpp"
#include "tests/process/sifd_process.hpp"

namespace sif::test {

// One note.recorded event: its school and its key (also the note's text).
struct NoteRequest {
  std::string school;
  std::string key;
  std::string body() const {
    return R"({"type":"note.recorded","data":{"text":")" + key + R"("},"idempotency_key":")" + key + "\"}";
  }
};

// The CSV import of one round: `rows` new schools with URNs that no other round uses.
struct ImportFile {
  std::vector<std::string> urns;
  std::string csv;
  static ImportFile for_round(int round, int rows) {
    ImportFile f;
    f.csv = "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\r\n";
    for (int i = 0; i < rows; ++i) {
      // 5 + round (4 digits) + row (3 digits): eight digits, the longest URN the import takes.
      char urn[32];
      std::snprintf(urn, sizeof urn, "5%04d%03d", round % 10000, i % 1000);
      f.urns.emplace_back(urn);
      f.csv += std::string(urn) + ",Crash Import School " + std::to_string(round) + "-" + std::to_string(i) +
               ",Exampleshire,Community school,Primary\r\n";
    }
    return f;
  }
};

enum class Outcome { kNone, kAcknowledged, kRefused, kInDoubt };

class CrashLoad {
 public:
  static constexpr int kMaxRoundDays = 20;
  struct Plan {
    int round = 0;
    std::uint64_t seed = 0;
    int clients = 3;
    std::vector<std::string> schools;        // where notes go
    daemon::Clock::time_point clock;         // the daemon's clock when the round starts
    int acks_per_advance = 10;               // notes acknowledged between two clock moves
    int import_after = 0;                    // notes acknowledged before the import starts
    ImportFile import;
  };

  explicit CrashLoad(const SifdProcess& d, Plan plan) : d_(d), plan_(std::move(plan)), clock_target_(plan_.clock) {}
  ~CrashLoad() { join(); }

  void start() {
    for (int c = 0; c < plan_.clients; ++c) threads_.emplace_back([this, c] { client(c); });
    threads_.emplace_back([this] { mover(); });
    threads_.emplace_back([this] { importer(); });
  }
  // Blocks until `n` notes of this round were acknowledged (or every client stopped).
  void wait_for_acks(int n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return static_cast<int>(acked.size()) >= n || clients_done_ == plan_.clients; });
  }
  // After the daemon is gone: stops every thread (each ends on its first unanswered request).
  void join() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  // The furthest instant the clock was asked to reach: the daemon's clock never passed it.
  daemon::Clock::time_point clock_target() const { return clock_target_; }

  // Outcomes, readable after join().
  std::vector<NoteRequest> acked, in_doubt;
  std::vector<std::pair<NoteRequest, std::string>> refused;  // with the answer
  std::vector<std::string> unexpected;                       // answers that are neither
  int clock_moves = 0;
  Outcome import = Outcome::kNone;
  std::string import_answer;

 private:
  void client(int c) {
    std::mt19937_64 rng(plan_.seed * 1000003u + static_cast<std::uint64_t>(c));
    for (int i = 0;; ++i) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) break;
      }
      NoteRequest n{plan_.schools[rng() % plan_.schools.size()],
                    "r" + std::to_string(plan_.round) + "-c" + std::to_string(c) + "-" + std::to_string(i)};
      auto r = d_.call("POST", "/v1/schools/" + n.school + "/events", n.body(), kOfficerToken);
      std::lock_guard lock(mu_);
      if (r.status == 200) {
        acked.push_back(std::move(n));
        cv_.notify_all();
      } else if (r.status == 0) {
        in_doubt.push_back(std::move(n));
        break;
      } else if (r.status == 503) {
        refused.emplace_back(std::move(n), std::to_string(r.status) + " " + r.body);
      } else {
        unexpected.push_back("note " + n.key + ": " + std::to_string(r.status) + " " + r.body);
        if (unexpected.size() > 20) break;
      }
    }
    std::lock_guard lock(mu_);
    ++clients_done_;
    cv_.notify_all();
  }

  // Moves the clock 6 hours to 2 days at a time, once per acks_per_advance acknowledged notes,
  // at most kMaxRoundDays in a round: a request left in doubt by the kill is retried after the
  // restart well inside the idempotency keys' 30-day retention.
  void mover() {
    static const int kHours[] = {6, 12, 24, 48};
    const auto limit = plan_.clock + std::chrono::hours(24 * kMaxRoundDays);
    std::mt19937_64 rng(plan_.seed * 1000003u + 101);
    for (std::size_t seen = 0;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || acked.size() >= seen + static_cast<std::size_t>(plan_.acks_per_advance); });
        if (stopping_) return;
        seen = acked.size();
        const auto next = clock_target_ + std::chrono::hours(kHours[rng() % 4]);
        if (next > limit) return;
        clock_target_ = next;
      }
      const std::string body = R"({"to":")" + daemon::format_utc(clock_target_) + "\"}";
      auto r = d_.call("POST", "/v1/clock", body);
      std::lock_guard lock(mu_);
      if (r.status == 0) return;
      if (r.status != 200) {
        unexpected.push_back("clock " + body + ": " + std::to_string(r.status) + " " + r.body);
        return;
      }
      ++clock_moves;
    }
  }

  void importer() {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || static_cast<int>(acked.size()) >= plan_.import_after; });
      if (stopping_) return;
    }
    auto r = d_.call("POST", "/v1/schools/import", plan_.import.csv, kAdminToken, "text/csv");
    std::lock_guard lock(mu_);
    import_answer = std::to_string(r.status) + " " + r.body;
    if (r.status == 201) {
      import = Outcome::kAcknowledged;
    } else if (r.status == 0) {
      import = Outcome::kInDoubt;
    } else {
      import = Outcome::kRefused;
    }
  }

  const SifdProcess& d_;
  Plan plan_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  int clients_done_ = 0;
  daemon::Clock::time_point clock_target_;  // guarded by mu_ while threads run
  std::vector<std::thread> threads_;
};

}  // namespace sif::test
