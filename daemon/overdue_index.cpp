#include "daemon/overdue_index.hpp"

namespace sif::daemon {

int overdue_entry_count(const workflows::SchoolState& s) {
  int n = 0;
  for (const auto& inst : s.instances) {
    if (!inst.final) n += static_cast<int>(inst.overdue.size());
  }
  return n;
}

void OverdueIndex::note_locked(const std::string& school, std::int64_t seq, int count) {
  auto it = schools_.find(school);
  if (it != schools_.end()) {
    if (it->second.seq >= seq) return;  // an older snapshot than one already noted
    it->second = {seq, count};
  } else {
    schools_.emplace(school, Entry{seq, count});
  }
}

void OverdueIndex::note(const std::string& school, std::int64_t seq, const workflows::SchoolState& s) {
  const int count = overdue_entry_count(s);
  std::lock_guard lock(mu_);
  note_locked(school, seq, count);
}

workflows::Status OverdueIndex::build(storage::Database& db) {
  std::lock_guard build_lock(build_mu_);
  {
    std::lock_guard lock(mu_);
    if (built_) return workflows::Ok{};
  }
  auto summaries = db.list_schools();
  if (!summaries) return summaries.error();
  for (const auto& summary : *summaries) {
    if (summary.active.empty()) continue;  // nothing active, nothing overdue
    auto stored = db.load_school(summary.id);
    if (!stored) return stored.error();
    if (!stored->has_value()) continue;
    const int count = overdue_entry_count((*stored)->state);
    std::lock_guard lock(mu_);
    note_locked(summary.id, (*stored)->seq, count);
  }
  std::lock_guard lock(mu_);
  built_ = true;
  return workflows::Ok{};
}

OverdueIndex::Counts OverdueIndex::counts() const {
  std::lock_guard lock(mu_);
  Counts c;
  for (const auto& [school, e] : schools_) {
    if (e.count == 0) continue;
    c.entries += e.count;
    c.schools.push_back(school);
  }
  return c;
}

}  // namespace sif::daemon
