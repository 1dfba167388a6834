// The sif database: one SQLite file (WAL) holding schools' snapshots, the hash-chained history,
// pending timers, the notice outbox and idempotency keys. The only place SQL lives.
//
// Schema changes are numbered migrations (migrations.cpp) applied at open, each in its own
// transaction, recorded in schema_version. A file whose schema is newer than this binary knows
// is refused (kCorruption) with a message naming both versions.
//
// Writes go through commit()/commit_batch(): one SQLite transaction per batch, each item inside
// its own savepoint, so a failing item (seq conflict, constraint, I/O) is rolled back alone and
// the others commit; commit_all() is the all-or-nothing form a bulk import uses. Nothing is
// reported as committed before COMMIT has returned.
//
// Every SQLite error becomes workflows::Error::io whose details hold the SQL and SQLite's message.
//
// Thread-safety: a Database is one connection guarded by an internal mutex: every public member
// may be called from any thread; calls are serialised. For concurrent reads, open a second
// Database on the same file (WAL lets readers run beside the writer): storage/read_pool.hpp
// keeps read-only ones (open_reader) for that.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "storage/records.hpp"
#include "workflows/result.hpp"

namespace sif::storage {

namespace detail {
class Connection;
}

struct DatabaseOptions {
  enum class Synchronous { kOff, kNormal, kFull };
  Synchronous synchronous = Synchronous::kFull;  // FULL: a commit survives power loss
  std::chrono::milliseconds busy_timeout{5000};
};

class Database {
 public:
  // Opens (creating if absent) and migrates. Fails with kIo when the file cannot be opened and
  // kCorruption when its schema is newer than latest_schema_version().
  static workflows::Result<std::unique_ptr<Database>> open(const std::filesystem::path& path,
                                                           DatabaseOptions options = {});
  // A read-only connection to a database the writer has already opened and migrated: no
  // migration, no pragmas that write. Writes through it fail (kIo, SQLITE_READONLY). Defined in
  // read_pool.cpp. Errors: kIo (cannot open), kCorruption (schema not latest_schema_version()).
  static workflows::Result<std::unique_ptr<Database>> open_reader(const std::filesystem::path& path,
                                                                  DatabaseOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  static int latest_schema_version();
  int schema_version();
  const std::filesystem::path& path() const { return path_; }

  // ---- writes -----------------------------------------------------------------------------

  // One commit in its own transaction. Timers rows of the school are brought to commit.next's
  // pending timers (active instances only), fire_at = fire_at(framework, due), writing only the
  // rows that differ.
  // `now` stamps recorded_at/created_at/updated_at. Errors: kConflict (seq mismatch, school
  // exists), kNotFound (expected_seq given but no such school), kIo.
  workflows::Result<CommitResult> commit(const SchoolCommit& commit, const FireAtFn& fire_at,
                                         UnixSeconds now);

  // Group commit: all items in one transaction (each in a savepoint). Returns one result per
  // item, same order. An item that fails changes nothing; the others are committed. If the
  // final COMMIT fails every item reports that error.
  std::vector<workflows::Result<CommitResult>> commit_batch(const std::vector<SchoolCommit>& commits,
                                                            const FireAtFn& fire_at, UnixSeconds now);

  // All items in ONE transaction, all or nothing (a bulk import): items are applied in order
  // and the first that fails (seq conflict, school exists, I/O) rolls the whole transaction
  // back, as does a failing BEGIN or COMMIT. Returns one result per item, same order, only when
  // every item committed. On failure nothing is committed and, when failed_item is given, it is
  // set to the index of the item that failed, or -1 when BEGIN or COMMIT did.
  workflows::Result<std::vector<CommitResult>> commit_all(const std::vector<SchoolCommit>& commits,
                                                          const FireAtFn& fire_at, UnixSeconds now,
                                                          std::ptrdiff_t* failed_item = nullptr);

  // ---- reads ------------------------------------------------------------------------------

  // A read transaction (BEGIN, deferred: the snapshot is taken at the first read) until
  // end_read(), so several reads see one commit. For ReadPool's leases; REQUIRES no transaction
  // open on this connection.
  workflows::Status begin_read();
  void end_read();

  // The ids among `ids` that are registered (one indexed lookup each, one statement).
  workflows::Result<std::vector<std::string>> registered_among(const std::vector<std::string>& ids);

  // nullopt when no such school.
  workflows::Result<std::optional<StoredSchool>> load_school(const std::string& id);
  // What a cached answer about the school depends on (daemon/answer_cache.hpp), without reading
  // its snapshot: one indexed row. nullopt when no such school.
  workflows::Result<std::optional<SchoolRevision>> school_revision(const std::string& id);
  workflows::Result<std::vector<SchoolSummary>> list_schools(const SchoolFilter& filter = {});
  // How many schools are registered and how many timers are pending (for /metrics: counts, not
  // reads of every row).
  workflows::Result<std::int64_t> school_count();
  workflows::Result<std::int64_t> timer_count();
  // One page of the listing and how many match in all. The filters read columns (a listing
  // scans the register once to count and once for the page, both linear); each row of the page
  // then takes one indexed lookup for its next deadline and one for its past-due timers.
  workflows::Result<SchoolPage> school_page(const SchoolQuery& query);
  // Schools by framework and category; active instances by framework, workflow and state.
  workflows::Result<std::vector<CategoryCount>> category_counts();
  workflows::Result<std::vector<StageCount>> stage_counts();
  // Pending window timers (kind any, meaning window) whose last day is on or after `from`,
  // by due date then school: the open windows.
  workflows::Result<std::vector<TimerRow>> open_windows(workflows::Date from);
  // Oldest first. limit 0: all; otherwise the LAST `limit` rows (still oldest first).
  workflows::Result<std::vector<HistoryRow>> history(const std::string& school, int limit = 0);
  // Pending timers of one school, by fire_at.
  workflows::Result<std::vector<TimerRow>> timers_for_school(const std::string& school);
  // Timers with fire_at <= up_to, ordered by fire_at, school, then reminders before deadlines
  // (as workflows::next_timer: a deadline's transition may cancel its reminder), timer id, instance.
  // limit 0: all.
  workflows::Result<std::vector<TimerRow>> timers_due(UnixSeconds up_to, int limit = 0);
  // Earliest fire_at of any timer, nullopt when there is none.
  workflows::Result<std::optional<UnixSeconds>> earliest_fire_at();
  // Timers (deadlines and reminders) with from <= due <= to, ordered by due, fire_at, school.
  workflows::Result<std::vector<TimerRow>> deadlines_between(workflows::Date from, workflows::Date to);
  // Timers of kind deadline (no reminders or escalations) with from <= due <= to: how many, and
  // the first `limit` in deadlines_between's order. Both from timers_by_due.
  workflows::Result<DeadlinesDue> deadlines_due(workflows::Date from, workflows::Date to, int limit);
  workflows::Result<std::optional<IdempotencyRecord>> find_idempotency(const std::string& key);
  // Forgets the keys stored before `before` (their retention has passed); returns how many.
  workflows::Result<int> expire_idempotency(UnixSeconds before);

  // ---- outbox (see outbox_store.cpp) ------------------------------------------------------
  // Rows written by commit() belong to a school (key "<school>/<seq>/<n>"); rows written by
  // outbox_enqueue() may belong to none (school "" in OutboxRow, NULL in the table).

  // Pending rows with next_attempt_at <= now, oldest first. limit 0: all.
  workflows::Result<std::vector<OutboxRow>> outbox_due(UnixSeconds now, int limit = 0);
  workflows::Result<std::optional<OutboxRow>> outbox_get(std::int64_t id);
  // Newest first; nullopt status: all. school empty: every school. limit 0: all.
  workflows::Result<std::vector<OutboxRow>> outbox_list(std::optional<OutboxStatus> status,
                                                        const std::string& school = {}, int limit = 0);
  // The same with a template filter (empty: every template) and a cursor: only ids below
  // `before` (0: no cursor), so the next page starts below the last id of this one.
  workflows::Result<std::vector<OutboxRow>> outbox_list(std::optional<OutboxStatus> status, const std::string& school,
                                                        const std::string& template_id, std::int64_t before,
                                                        int limit);
  workflows::Status outbox_mark_sent(std::int64_t id, UnixSeconds now);
  // attempts += 1, last_error = error; next_attempt: nullopt makes the row dead.
  workflows::Status outbox_mark_failed(std::int64_t id, const std::string& error,
                                       std::optional<UnixSeconds> next_attempt);
  // A dead (or pending) row becomes pending again, due at `now`, attempts reset to 0.
  workflows::Status outbox_retry(std::int64_t id, UnixSeconds now);
  workflows::Result<std::int64_t> outbox_count(OutboxStatus status);

  // Notices that are not part of a school's transition (an officer's daily digest), in one
  // transaction: each row is inserted pending (attempts 0, due at row.next_attempt_at, created
  // at `now`) unless its key is already in the outbox in any status, which makes a repeated
  // call add nothing. Only key, school, instance, workflow, template_id, to, cc, data, reason and
  // next_attempt_at are read. school empty: the notice belongs to no school (stored as NULL)
  // and names its recipient in data (notifications/routing.hpp, route_to_person).
  // Returns how many rows were inserted. Errors, with nothing inserted: kInvalidInput (empty key
  // or template), kNotFound (school given but not registered), kIo.
  workflows::Result<int> outbox_enqueue(const std::vector<OutboxRow>& rows, UnixSeconds now);

  // ---- secrets (see secret_store.cpp) ----------------------------------------------------

  // The secret stored under `name`. When there is none yet, `candidate` is stored (created at
  // `now`) and returned, so the first call's value is kept for good and every later call, in
  // this process or after a restart, answers it. A database that cannot be written still
  // answers a secret stored before. Errors: kInvalidInput (empty name or candidate), kIo.
  workflows::Result<std::string> secret(const std::string& name, const std::string& candidate, UnixSeconds now);

  // ---- audit ------------------------------------------------------------------------------

  // Recomputes every school's hash chain (hash_chain.hpp); reports the first broken link.
  workflows::Result<AuditReport> verify_audit();

  // ---- fault injection (tests) ------------------------------------------------------------

  // The n-th statement step from now (1 = the next) fails as SQLITE_IOERR; 0 disables.
  void fail_at_statement(int n);
  // Adds every SQL text prepared from now on to *into (nullptr stops). For the query-plan test.
  void record_statements(std::set<std::string>* into);
  // Statement steps run so far (to size a fault-injection loop).
  std::int64_t statements_run();
  // A full disk, as SQLite sees one: the file may grow to at most `pages` pages (PRAGMA
  // max_page_count on this connection; never below its current size), so the next write that
  // needs a new page fails with SQLITE_FULL. A large value lifts the limit. Returns the limit
  // now in force.
  workflows::Result<std::int64_t> limit_pages(std::int64_t pages);

 private:
  Database(std::filesystem::path path, std::unique_ptr<detail::Connection> conn);

  // Each REQUIRES mu_ held.
  workflows::Result<CommitResult> apply_commit_locked(const SchoolCommit& commit, const FireAtFn& fire_at,
                                                      UnixSeconds now);
  workflows::Status migrate_locked();

  std::filesystem::path path_;
  std::mutex mu_;
  std::unique_ptr<detail::Connection> conn_;
};

}  // namespace sif::storage
