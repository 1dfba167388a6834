// The dispatcher's view of the outbox: the four operations it needs, behind an interface so
// that the dispatcher can be tested against an in-memory outbox with injected faults as well
// as against the real database (DatabaseOutbox, over storage::Database).
//
// Rows are storage::OutboxRow: a notice (template, roles, flat data) with its stable key,
// status (pending, sent, dead), attempts and next_attempt_at.
//
// Thread-safety: DatabaseOutbox is as thread-safe as storage::Database (calls serialised).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::storage {
class Database;
}

namespace sif::notifications {

using storage::UnixSeconds;

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Pending rows with next_attempt_at <= now, oldest first; at most `limit` (0: all).
  virtual workflows::Result<std::vector<storage::OutboxRow>> due(UnixSeconds now, int limit) = 0;
  // The school a row belongs to (for its contacts and name); nullopt when it is unknown.
  virtual workflows::Result<std::optional<workflows::School>> school(const std::string& id) = 0;
  virtual workflows::Status mark_sent(std::int64_t id, UnixSeconds now) = 0;
  // attempts += 1 and last_error = error; next_attempt nullopt makes the row dead.
  virtual workflows::Status mark_failed(std::int64_t id, const std::string& error,
                                        std::optional<UnixSeconds> next_attempt) = 0;
  // Earliest next_attempt_at of a pending row, nullopt when none is pending.
  virtual workflows::Result<std::optional<UnixSeconds>> next_attempt() = 0;
};

// The outbox in the sif database. REQUIRES: db outlives this object.
class DatabaseOutbox : public Outbox {
 public:
  explicit DatabaseOutbox(storage::Database& db) : db_(db) {}
  workflows::Result<std::vector<storage::OutboxRow>> due(UnixSeconds now, int limit) override;
  workflows::Result<std::optional<workflows::School>> school(const std::string& id) override;
  workflows::Status mark_sent(std::int64_t id, UnixSeconds now) override;
  workflows::Status mark_failed(std::int64_t id, const std::string& error,
                                std::optional<UnixSeconds> next_attempt) override;
  workflows::Result<std::optional<UnixSeconds>> next_attempt() override;

 private:
  storage::Database& db_;
};

}  // namespace sif::notifications
