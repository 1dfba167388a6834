// The answers of GET /v1/schools/{id}, kept per school while they stay true.
//
// Building a school's case file parses its stored snapshot and works out its event forms, overdue
// items and working days left: most of the cost of the request. The answer is a function of
//   - the school's revision (storage::SchoolRevision): seq moves with every commit of the school,
//     which writes its snapshot and its timers; notices_rev with every change to one of its
//     outbox rows (a trigger, so the notice worker and other processes move it too);
//   - the loaded definitions (a reload makes a new ConfigSet);
//   - today's date in London (overdue items, working days left).
// A handler reads the revision in the same read transaction it would build from, and answers
// from here only when all three match; otherwise it builds the answer and puts it here. So an
// answer is never staler than the read transaction that served it, and a school read twice
// without a change between costs one indexed row the second time.
//
// Memory: at most `budget_bytes` of answers (about 7 KB a school), the least recently used
// dropped first; 0 keeps nothing (every request builds its answer). sifd.yaml:
// http.answer_cache_mb.
//
// Thread-safety: every member may be called from any thread (16 shards, one mutex each).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "storage/records.hpp"
#include "workflows/date.hpp"

namespace sif::daemon {

class AnswerCache {
 public:
  struct Key {
    storage::SchoolRevision revision;
    std::weak_ptr<const void> config;  // the ConfigSet the answer was built with
    workflows::Date today;
  };

  explicit AnswerCache(std::size_t budget_bytes);
  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  // The answer kept for `school` if it was built for exactly `key`; nullopt otherwise.
  std::optional<std::string> find(const std::string& school, const Key& key);
  // Keeps `body` as the answer for `school` at `key`, replacing any other. A body larger than
  // one shard's share of the budget is not kept.
  void put(const std::string& school, Key key, std::string body);

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t entries = 0;
    std::size_t bytes = 0;  // bodies and school ids
  };
  Stats stats() const;

 private:
  static constexpr std::size_t kShards = 16;
  struct Entry {
    Key key;
    std::string body;
    std::list<std::string>::iterator lru;  // position in Shard::order
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Entry> entries;  // guarded by mu
    std::list<std::string> order;                    // guarded by mu; most recently used first
    std::size_t bytes = 0;                           // guarded by mu
  };
  Shard& shard_for(const std::string& school);
  static std::size_t cost(const std::string& school, const std::string& body) { return school.size() + body.size() + 96; }

  std::size_t shard_budget_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

}  // namespace sif::daemon
