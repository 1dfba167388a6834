// `sifctl audit verify`: recompute every school's history hash chain.
#include "storage/database.hpp"
#include "storage/hash_chain.hpp"
#include "storage/sqlite.hpp"

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
  }
  return report;
}

}  // namespace sif::storage
