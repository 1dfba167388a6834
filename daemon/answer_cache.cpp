#include "daemon/answer_cache.hpp"

#include <functional>

namespace sif::daemon {

namespace {

bool same_owner(const std::weak_ptr<const void>& a, const std::weak_ptr<const void>& b) {
  return !a.owner_before(b) && !b.owner_before(a);
}

bool same_key(const AnswerCache::Key& a, const AnswerCache::Key& b) {
  // Compared by owner, not address: an answer built with a ConfigSet since replaced never matches
  // a new one allocated at the same address (the weak reference keeps the old control block).
  return a.revision == b.revision && a.today == b.today && same_owner(a.config, b.config);
}

}  // namespace

AnswerCache::AnswerCache(std::size_t budget_bytes) : shard_budget_(budget_bytes / kShards) {}

AnswerCache::Shard& AnswerCache::shard_for(const std::string& school) {
  return shards_[std::hash<std::string>{}(school) % kShards];
}

std::optional<std::string> AnswerCache::find(const std::string& school, const Key& key) {
  Shard& s = shard_for(school);
  {
    std::lock_guard lock(s.mu);
    auto it = s.entries.find(school);
    if (it != s.entries.end() && same_key(it->second.key, key)) {
      s.order.splice(s.order.begin(), s.order, it->second.lru);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.body;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void AnswerCache::put(const std::string& school, Key key, std::string body) {
  const std::size_t c = cost(school, body);
  Shard& s = shard_for(school);
  std::lock_guard lock(s.mu);
  auto it = s.entries.find(school);
  if (it != s.entries.end()) {
    s.bytes -= cost(school, it->second.body);
    s.order.erase(it->second.lru);
    s.entries.erase(it);
  }
  if (c > shard_budget_) return;
  while (s.bytes + c > shard_budget_ && !s.order.empty()) {
    auto victim = s.entries.find(s.order.back());
    s.bytes -= cost(victim->first, victim->second.body);
    s.entries.erase(victim);
    s.order.pop_back();
  }
  s.order.push_front(school);
  s.bytes += c;
  s.entries.emplace(school, Entry{std::move(key), std::move(body), s.order.begin()});
}

AnswerCache::Stats AnswerCache::stats() const {
  Stats out;
  out.hits = hits_.load(std::memory_order_relaxed);
  out.misses = misses_.load(std::memory_order_relaxed);
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mu);
    out.entries += s.entries.size();
    out.bytes += s.bytes;
  }
  return out;
}

}  // namespace sif::daemon
