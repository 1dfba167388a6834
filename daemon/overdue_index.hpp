// Which schools have overdue deadline entries (Instance::overdue of active instances), kept in
// memory so /metrics and /v1/deadlines need not read every school's snapshot.
//
// The engine notes each school it commits, with the school's seq after the commit; build() reads
// every registered school once (the first time anyone asks). Both keep, per school, only the
// newest seq seen, so a commit racing the first build is never overwritten by the older
// snapshot the build read. Schools that are only ever written by this process's engine are
// exact; a write from another process (sifctl's offline paths) is seen at the next restart.
//
// What is not here: pending deadline timers already past due (they are read from the timers
// table by due date, Database::deadlines_between, when asked), so the index depends on nothing
// but commits, never on the date.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::daemon {

// Instance::overdue entries of the school's active instances.
int overdue_entry_count(const workflows::SchoolState& s);

class OverdueIndex {
 public:
  // The school's state after the commit that made its seq `seq`.
  void note(const std::string& school, std::int64_t seq, const workflows::SchoolState& s);
  // Reads every school once; later calls return at once. Errors: the storage error (kIo,
  // kTransient): the next call tries again.
  workflows::Status build(storage::Database& db);

  struct Counts {
    std::int64_t entries = 0;               // all schools' entries
    std::vector<std::string> schools;       // schools with at least one, sorted
  };
  // REQUIRES: build() has succeeded.
  Counts counts() const;

 private:
  struct Entry {
    std::int64_t seq = 0;
    int count = 0;
  };
  void note_locked(const std::string& school, std::int64_t seq, int count);

  std::mutex build_mu_;  // one build at a time
  mutable std::mutex mu_;
  bool built_ = false;                   // guarded by mu_
  std::map<std::string, Entry> schools_;  // guarded by mu_; only schools with entries or noted
};

}  // namespace sif::daemon
