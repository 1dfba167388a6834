// Row <-> value helpers shared by the storage .cpp files (private to storage/).
//
// Thread-safety: free functions over a Statement the caller owns.
#pragma once

#include <string>
#include <vector>

#include "storage/records.hpp"
#include "storage/sqlite.hpp"

namespace sif::storage::detail {

// Columns read_timer_row expects, in order, with the timers table aliased as t and schools as s.
inline constexpr const char* kTimerColumns =
    "t.school, s.name, s.framework, t.instance, t.workflow, t.timer, t.kind, t.title, t.due, "
    "t.fire_at, t.provenance, t.meaning, t.fires, t.late";
inline constexpr int kTimerColumnCount = 14;

// Reads a TimerRow starting at column `first`. kCorruption when stored JSON or dates are bad.
workflows::Result<TimerRow> read_timer_row(const Statement& st, int first = 0);

inline constexpr const char* kOutboxColumns =
    "id, key, school, instance, workflow, template, to_roles, cc_roles, data, reason, status, "
    "attempts, next_attempt_at, last_error, created_at, sent_at";
workflows::Result<OutboxRow> read_outbox_row(const Statement& st);
// The JSON array stored in outbox.to_roles / cc_roles (defined in outbox_store.cpp).
std::string roles_json(const std::vector<std::string>& roles);

// Stored data that fails to decode is corruption, whatever the decoder said.
workflows::Error corrupt(const workflows::Error& e, const std::string& where);

}  // namespace sif::storage::detail
