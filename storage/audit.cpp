// `sifctl audit verify`: recompute every school's history hash chain, check that the history is
// in recorded order, and replay its state changes to check that the stored snapshot is where
// the history leads.
#include "storage/database.hpp"
#include "storage/hash_chain.hpp"
#include "storage/sqlite.hpp"

#include <map>

namespace sif::storage {

using workflows::Result;

Result<AuditReport> Database::verify_audit() {
  struct Head {
    std::string id;
    std::int64_t seq;
    std::string hash;
  };
  std::vector<Head> schools;
  {
    std::lock_guard lock(mu_);
    auto st = conn_->prepare("SELECT id, history_seq, history_head FROM schools ORDER BY id");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      schools.push_back({st->text(0), st->int64(1), st->text(2)});
    }
  }
  AuditReport report;
  for (const auto& head : schools) {
    const std::string& school = head.id;
    const std::int64_t head_seq = head.seq;
    const std::string& head_hash = head.hash;
    auto rows = history(school);  // takes the lock itself
    if (!rows) return rows.error();
    ++report.schools;
    std::string prev;
    std::int64_t expected_seq = 1;
    UnixSeconds prev_recorded = 0;
    std::map<std::string, std::string> replayed;  // instance -> the state its history leaves it in
    for (const auto& row : *rows) {
      ++report.rows;
      auto fail = [&](std::string problem, std::string expected) {
        report.ok = false;
        report.school = school;
        report.seq = row.seq;
        report.expected_hash = std::move(expected);
        report.stored_hash = row.hash;
        report.problem = std::move(problem);
      };
      if (row.seq != expected_seq) {
        fail("missing row (gap before seq " + std::to_string(row.seq) + ")", prev);
        return report;
      }
      if (row.prev_hash != prev) {
        fail("prev_hash mismatch: the row before was changed or removed", prev);
        report.stored_hash = row.prev_hash;
        return report;
      }
      std::string h = history_hash(row);
      if (h != row.hash) {
        fail("hash mismatch: the row was edited", h);
        return report;
      }
      if (row.recorded_at < prev_recorded) {
        fail("out of recorded order: seq " + std::to_string(row.seq) + " was recorded at " + std::to_string(row.recorded_at) +
                 ", before seq " + std::to_string(row.seq - 1) + " (" + std::to_string(prev_recorded) + ")",
             row.hash);
        return report;
      }
      // Replay: each row moves its instance on from where the rows before left it.
      const auto& e = row.entry;
      auto at = replayed.find(e.instance);
      if (e.from.empty() != (at == replayed.end()) || (at != replayed.end() && at->second != e.from)) {
        fail("replay: seq " + std::to_string(row.seq) + " moves instance " + e.instance + " from '" + e.from +
                 "', but the history before leaves it " +
                 (at == replayed.end() ? std::string("not started") : "in '" + at->second + "'"),
             row.hash);
        return report;
      }
      replayed[e.instance] = e.to;
      prev_recorded = row.recorded_at;
      prev = row.hash;
      ++expected_seq;
    }
    // The school row remembers the chain's head, so removing the newest rows shows too.
    if (expected_seq - 1 != head_seq || prev != head_hash) {
      report.ok = false;
      report.school = school;
      report.seq = head_seq;
      report.expected_hash = head_hash;
      report.stored_hash = prev;
      report.problem = "missing row: the chain ends at seq " + std::to_string(expected_seq - 1) +
                       " but the school's last recorded seq is " + std::to_string(head_seq);
      return report;
    }
    // The snapshot is where the history leads: every instance in the state its rows leave it in.
    auto snap = load_school(school);  // takes the lock itself
    if (!snap) return snap.error();
    auto snapshot_fail = [&](std::string problem) {
      report.ok = false;
      report.school = school;
      report.seq = head_seq;
      report.expected_hash = head_hash;
      report.stored_hash = prev;
      report.problem = std::move(problem);
    };
    if (!*snap) {
      snapshot_fail("snapshot: the school row has no readable snapshot");
      return report;
    }
    std::size_t instances = 0;
    for (const auto& inst : (*snap)->state.instances) {
      ++instances;
      auto it = replayed.find(inst.id);
      if (it == replayed.end() || it->second != inst.state) {
        snapshot_fail("snapshot: instance " + inst.id + " is stored in state '" + inst.state + "', but its history " +
                      (it == replayed.end() ? std::string("never starts it") : "leaves it in '" + it->second + "'"));
        return report;
      }
    }
    if (instances != replayed.size()) {
      snapshot_fail("snapshot: the history starts " + std::to_string(replayed.size()) + " instance(s), the snapshot holds " +
                    std::to_string(instances));
      return report;
    }
  }
  return report;
}

}  // namespace sif::storage
