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

// Brings the school's rows in `timers` to next's pending timers (active instances only),
// fire_at = fire_at(framework, timer), writing only what differs: a row is inserted for a new
// timer, updated when any stored column changed, deleted when the timer is no longer pending.
// new_school: no rows can exist yet, so none are read. Defined in timer_store.cpp.
// Errors: kConflict (two pending timers with one id in one instance), kIo.
workflows::Status write_timers(Connection& c, const workflows::SchoolState& next, const FireAtFn& fire_at,
                               bool new_school);

// Stored data that fails to decode is corruption, whatever the decoder said.
workflows::Error corrupt(const workflows::Error& e, const std::string& where);

}  // namespace sif::storage::detail
