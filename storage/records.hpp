// The values storage/ reads and writes: what one commit holds, and the rows that reads return.
//
// Instants are UTC unix seconds (UnixSeconds); dates are workflows::Date (stored as ISO text).
// JSON payloads that storage only keeps for others (idempotent responses) travel as JSON text.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "workflows/date.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::storage {

using UnixSeconds = std::int64_t;

// The instant (UTC unix seconds) a pending timer fires. The engine passes the Europe/London
// conversion of workflows::fire_local() at the framework's fire_time; tests may pass anything
// monotonic in PendingTimer::fires.
using FireAtFn = std::function<UnixSeconds(const std::string& framework, const workflows::PendingTimer& timer)>;

// A response remembered under an idempotency key: the same key again is answered with it.
struct IdempotencyRecord {
  std::string key;
  std::string school;
  bool registered = false;    // the first answer registered the school (else it applied an event)
  std::string response_json;  // the first answer's body, JSON text
  UnixSeconds created_at = 0;
  // SHA-256 of what was asked (the engine's request fingerprint): the same key with a different
  // request is refused. "" for keys stored before schema version 5 (not compared).
  std::string request_hash;
};

// What a successful commit assigned.
struct CommitResult {
  std::int64_t seq = 0;                   // the school's new schools.seq
  std::int64_t first_history_seq = 0;     // seq of the first history row written (0: none)
  std::int64_t history_count = 0;
  std::vector<std::int64_t> outbox_ids;   // in the order of SchoolCommit::notices
};

// Everything one event (or registration) changes for one school, committed all or nothing.
struct SchoolCommit {
  std::string school_id;
  // The schools.seq the caller read the state at; nullopt: a new school (fails with kConflict
  // if one with this id exists). A different stored seq fails with kConflict (someone else
  // committed first): the caller re-reads and re-steps.
  std::optional<std::int64_t> expected_seq;
  workflows::SchoolState next;                   // the new snapshot
  std::vector<workflows::HistoryEntry> history;  // appended in order, hash-chained
  std::vector<workflows::NoticeEffect> notices;  // become pending outbox rows
  std::optional<IdempotencyRecord> idempotency;  // stored in the same transaction
  // Optional: builds idempotency->response_json from what the commit assigned (seq, outbox ids),
  // inside the transaction, so the remembered answer is exactly the one given.
  std::function<std::string(const CommitResult&)> response_for;
};


// A stored school: the snapshot and its optimistic-concurrency sequence number.
struct StoredSchool {
  workflows::SchoolState state;
  std::int64_t seq = 0;        // 1 after registration, +1 per commit
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

// Moves whenever anything GET /v1/schools/{id} shows changes: seq with every commit of the
// school (its snapshot and timers), notices_rev with every change to one of its outbox rows.
struct SchoolRevision {
  std::int64_t seq = 0;
  std::int64_t notices_rev = 0;
  bool operator==(const SchoolRevision&) const = default;
};

struct ActiveWorkflow {
  std::string instance;
  std::string workflow;
  std::string state;
};

// One pending timer as stored (brought to the snapshot at every commit, changed rows only).
struct TimerRow {
  std::string school;
  std::string school_name;
  std::string framework;
  std::string instance;
  std::string workflow;
  std::string timer;           // PendingTimer::id
  workflows::TimerKind kind = workflows::TimerKind::kDeadline;
  std::string title;
  workflows::Date due;
  UnixSeconds fire_at = 0;
  workflows::Provenance provenance;
  workflows::TimerMeaning meaning = workflows::TimerMeaning::kPrompt;
  workflows::Date fires;       // the day it fires (workflows::PendingTimer::fires)
  bool late = false;
};

struct SchoolSummary {
  std::string id;
  std::string name;
  std::string la;
  std::string framework;
  std::string category;
  std::string region;          // "england-and-wales", ...
  std::vector<ActiveWorkflow> active;   // active (non-final) instances, creation order
  std::optional<TimerRow> next_deadline;  // earliest pending timer of kind deadline, if any
  std::int64_t seq = 0;
  UnixSeconds updated_at = 0;
  // Database::school_page only: the school's overdue deadlines on SchoolQuery::today, as
  // daemon/overdue.hpp counts them: Instance::overdue entries of active instances plus pending
  // deadline timers (kind and meaning deadline) due before today.
  std::int64_t overdue_count = 0;
};

// Empty fields match everything.
struct SchoolFilter {
  std::string framework;
  std::string category;
  std::string la;
};

enum class SchoolSort { kId, kName, kLa, kCategory, kNextDeadline };

// One page of the school listing (GET /v1/schools). Every condition given must hold.
struct SchoolQuery {
  SchoolFilter filter;          // framework, category, la: exact; empty matches everything
  bool no_category = false;     // only schools with no category agreed (filter.category ignored)
  std::string text;             // substring of the name or the id, ASCII case-insensitive
  std::string state;            // some active instance is in this state id
  bool overdue_only = false;    // only schools with an overdue deadline on `today`
  std::string email;            // some contact has this email (ASCII case-insensitive)
  workflows::Date today;        // what "overdue" is counted on (overdue_only, overdue_count)
  SchoolSort sort = SchoolSort::kId;
  bool descending = false;      // schools with no next deadline come last either way
  int limit = 100;              // rows in the page; 0: none (only the total)
  std::int64_t offset = 0;
};

struct SchoolPage {
  std::int64_t total = 0;              // every school matching, whatever limit and offset
  std::vector<SchoolSummary> schools;  // the page, in the order asked
};

// Database::deadlines_due: a count and its first rows.
struct DeadlinesDue {
  std::int64_t total = 0;
  std::vector<TimerRow> first;
};

// How many schools of a framework have a category ("" for none agreed).
struct CategoryCount {
  std::string framework;
  std::string category;
  std::int64_t schools = 0;
};

// How many active instances of a workflow of a framework are in a state.
struct StageCount {
  std::string framework;
  std::string workflow;
  std::string state;
  std::int64_t schools = 0;
};

struct HistoryRow {
  std::string school;
  std::int64_t seq = 0;        // 1, 2, 3... per school
  workflows::HistoryEntry entry;
  UnixSeconds recorded_at = 0;
  std::string prev_hash;       // hex; "" for the first row
  std::string hash;            // hex SHA-256 (see hash_chain.hpp)
};

enum class OutboxStatus { kPending, kSent, kDead };
const char* to_string(OutboxStatus s);
workflows::Result<OutboxStatus> parse_outbox_status(std::string_view text);

struct OutboxRow {
  std::int64_t id = 0;
  std::string key;             // stable idempotency key "<school>/<school seq>/<n>", or
                               // "digest/<date>/<email>" (Database::outbox_enqueue)
  std::string school;          // URN; empty: addressed to one person (data recipient.*)
  std::string instance;
  std::string workflow;
  std::string template_id;
  std::vector<std::string> to;  // roles
  std::vector<std::string> cc;  // roles
  workflows::Data data;
  std::string reason;
  OutboxStatus status = OutboxStatus::kPending;
  int attempts = 0;
  UnixSeconds next_attempt_at = 0;
  std::string last_error;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> sent_at;
};

// The result of recomputing every school's hash chain.
struct AuditReport {
  bool ok = true;
  std::int64_t schools = 0;
  std::int64_t rows = 0;
  // The first broken link when !ok.
  std::string school;
  std::int64_t seq = 0;
  std::string expected_hash;   // what the chain says it should be
  std::string stored_hash;
  std::string problem;         // "hash mismatch", "missing row (gap before seq 4)", "prev_hash mismatch"
};

}  // namespace sif::storage
