// The engine: applies events to schools and fires due timers, durably. It is the non-HTTP heart
// of sifd; the HTTP API, sifctl's offline paths, the CSV import and the scheduler all call it.
//
// One event:  load snapshot -> workflows::step(definition, state, event, London now)
//             -> storage commit (history, snapshot, timers, outbox, idempotency key) -> answer.
// An answer (success or error) is returned only after its commit has returned: nothing is
// acknowledged that a crash could lose. Idempotency: a key seen before with the same request is
// answered with the stored response and nothing is applied again; with a different request it
// is refused (kInvalidInput naming idempotency_key). Only successes are stored (an error applied
// nothing, so the same request may simply be retried); keys expire after
// EngineOptions::idempotency_retention.
//
// Writes are applied by a single writer thread that drains a queue: requests arriving together
// share one SQLite transaction (group commit); each caller waits on a future for its own result,
// or (record_event_async) is called back on the writer thread after the commit.
// With EngineOptions::group_commit = false each request commits alone (same writer thread).
//
// Threads and who owns what (sifd; daemon/server.cpp wires them):
//
//   io threads (http.io_threads)      writer thread (one)            notice worker, scheduler
//   ----------------------------      -------------------            ------------------------
//   HttpServer sessions, each on      owns db_ (the read-write       the dispatcher's own
//   its strand; Router::handle_async  connection), the calendars     connection (outbox);
//        |                            cache, the idempotency         the scheduler's timer on
//        | GET: reader() -> a lease   expiry; drains queue_ in       a strand of the io
//        |   of reads_ (read-only     batches: decide, commit one    context; fire_due
//        |   connection, one read     transaction, then answer       submits to the queue
//        |   transaction), answered   each request (promise or
//        |   on the io thread         callback)
//        | POST event: queue_ <-----------+
//        |   (record_event_async);        |
//        |   returns to other conns       | callback after COMMIT: posts the answer back to
//        +<-------------------------------+ the connection's strand, which writes it
//
//   queue_ and stopping_: queue_mu_. config_: config_mu_. callbacks: callback_mu_. reads_:
//   its own mutex (storage/read_pool.hpp). Nothing is acknowledged before its commit returns.
//
// Definitions: the engine holds a shared_ptr<const ConfigSet>; reload() swaps it. Instances keep
// the version they started on (ConfigSet::versions); new schools and instances use the latest.
//
// Timers: fire_due(now) fires every stored timer with fire_at <= now in (fire_at, school, timer)
// order, exactly once: a timer no longer pending when its turn comes (cancelled or already fired
// by an earlier step) is skipped. They fire in chunks: the due rows read at once (at most
// EngineOptions::timer_chunk, fewer when a chunk took longer than timer_chunk_budget) are queued
// together and the writer steps and commits them as ONE transaction (each timer in its own
// savepoint); the next chunk is queued only after this one is answered, so requests that arrived
// meanwhile are taken first and long work (a clock advance over every school, catch-up after an
// outage) holds up other writes and reads for one chunk at most. Within a school the order is
// exact (the school's own next_timer() picks, chained through the chunk); schools are independent,
// so across schools a chunk is one atomic step. A crash between chunks keeps every chunk
// committed before it, and what is committed is no longer due: nothing fires twice.
//
// Thread-safety: every public member may be called from any thread.
#pragma once

#include <boost/json/value.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/overdue.hpp"
#include "daemon/overdue_index.hpp"
#include "storage/database.hpp"
#include "storage/read_pool.hpp"
#include "workflows/calendar.hpp"
#include "workflows/result.hpp"
#include "workflows/interpreter.hpp"
#include "workflows/state.hpp"

namespace sif::daemon {

struct EngineOptions {
  bool group_commit = true;
  std::size_t max_batch = 64;  // most requests one transaction takes
  std::size_t bulk_chunk = 500;  // schools per transaction of a BulkMode::kChunked registration
  // Idle read-only connections kept for reader() (more open while more readers are busy). The
  // server passes http.io_threads + 2.
  std::size_t readers = 4;
  // How long an idempotency key is remembered (docs/api.md: Idempotency). The writer forgets
  // older keys at most once an hour, before a batch, and logs how many; a retry after that is
  // a new request.
  std::chrono::seconds idempotency_retention{30LL * 24 * 3600};
  // Most timers fire_due() fires per transaction, and the time a chunk should take: a chunk
  // that took longer than the budget halves the next one (down to 16), one under half of it
  // doubles it back (up to timer_chunk). timer_chunk = 1: one transaction per timer.
  std::size_t timer_chunk = 256;
  std::chrono::milliseconds timer_chunk_budget{20};
};

// How Engine::register_schools() commits.
enum class BulkMode {
  kAllOrNothing,  // one transaction: every school is registered or none is
  kChunked,       // EngineOptions::bulk_chunk schools per transaction, queued one after another so
                  // other writes interleave; a school that cannot be registered is skipped alone
};

// What Engine::register_schools() did, school by school.
struct BulkRegistration {
  // One per school given, same order: why that school was not registered (already registered,
  // framework not loaded, ...), or nullopt. kAllOrNothing registers nothing when any is set.
  std::vector<std::optional<workflows::Error>> problems;
  std::vector<std::string> registered;  // ids committed, in the order given
  std::size_t transactions = 0;         // transactions committed
  // kChunked only: storage failed (I/O, disk full, busy) and the rest was not attempted. The
  // schools in `registered` are committed; no other one is.
  std::optional<workflows::Error> stopped;
};

// What one applied event (or registration) did; also the JSON body answered for it.
struct StateChange {
  std::string instance;
  std::string workflow;
  std::string event;
  std::string from;   // "" when the instance started
  std::string to;
  std::string note;
};
struct TimerSummary {
  std::string instance;
  std::string timer;
  std::string kind;   // "deadline" | "reminder" | "escalation"
  std::string title;
  std::string due;    // ISO date
  std::string meaning = "prompt";  // what the date means: "deadline" | "window" | "prompt"
  std::string fires;  // ISO date sif acts on it (the day after a deadline or window)
};
struct NoticeSummary {
  std::int64_t outbox_id = 0;
  std::string instance;
  std::string template_id;
  std::vector<std::string> to;
  std::vector<std::string> cc;
};
struct TransitionSummary {
  std::string school;
  std::int64_t seq = 0;               // the school's seq after the commit
  std::string event;                  // event type ("school.registered" for registration)
  std::string category;               // the school's category after
  std::vector<StateChange> changes;   // history entries written, in order
  std::vector<TimerSummary> timers_set;
  std::vector<std::pair<std::string, std::string>> timers_cancelled;  // (instance, timer)
  std::vector<NoticeSummary> notices;
  std::vector<std::string> started;   // instance ids started
};
boost::json::value to_json(const TransitionSummary& s);
workflows::Result<TransitionSummary> transition_summary_from_json(const boost::json::value& v);

// What an accepted request did: the HTTP layer answers kRegistered with 201 Created and
// kApplied with 200 (the engine and storage know nothing of HTTP). kSkipped is internal: a timer
// request whose timer was no longer pending.
enum class Effect { kApplied, kRegistered, kSkipped };

struct EventOutcome {
  Effect effect = Effect::kApplied;
  TransitionSummary summary;
  boost::json::value body;          // to_json(summary), or the stored body when replayed
  bool replayed = false;            // the idempotency key was seen before: nothing applied now
};

class Engine {
 public:
  // REQUIRES: config and db non-null; clock outlives the engine. Starts the writer thread.
  Engine(std::shared_ptr<const config::ConfigSet> config, std::unique_ptr<storage::Database> db,
         Clock& clock, EngineOptions options = {});
  ~Engine();  // drains the queue and joins the writer
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A new school: starts the framework's root workflows at clock.now_utc(). Errors: kInvalidInput
  // (unknown framework, bad category, empty id), kConflict (school exists), kIo.
  workflows::Result<EventOutcome> register_school(workflows::School school, std::string category,
                                                  std::string actor, std::string idempotency_key = {});

  // Many new schools at clock.now_utc(), each as register_school() does (no category, no
  // idempotency key), applied by the writer thread. kAllOrNothing commits them in ONE
  // transaction, so a failure or a crash part-way leaves none registered; any school that
  // cannot be registered is reported in problems and nothing is committed. kChunked commits
  // EngineOptions::bulk_chunk at a time and reports exactly which committed. Errors (nothing
  // committed): kIo / kTransient / kCorruption when storage failed in kAllOrNothing.
  workflows::Result<BulkRegistration> register_schools(std::vector<workflows::School> schools, std::string actor,
                                                       BulkMode mode);

  // One event at clock.now_utc(). Errors: kNotFound (no such school), kConflict (not allowed
  // in the current state; details list the allowed events), kInvalidInput (data or guards), kIo.
  workflows::Result<EventOutcome> record_event(const std::string& school_id, workflows::Event event,
                                               std::string idempotency_key = {});
  // The same without waiting: returns at once, and `done` is called with what record_event()
  // would have returned, on the writer thread, after the commit has returned (or with the
  // error: kIo when the engine is shutting down, called on this thread). `done` must be quick
  // (post the rest to another executor) and must not call the engine's write operations.
  using Done = std::function<void(workflows::Result<EventOutcome>)>;
  void record_event_async(const std::string& school_id, workflows::Event event, std::string idempotency_key,
                          Done done);
  // The school's contact for `role` set (`contact`) or removed (nullopt), committed with a
  // history entry "school.contact.changed" (workflows::change_contact). Notices still to be sent
  // are routed to the new contact, as routing happens when a notice is sent. Errors: kNotFound
  // (no such school; removing a contact it does not have), kInvalidInput (a role the school's
  // framework does not know), kIo. Setting a contact to what it is commits nothing: the answer's
  // summary then has no changes and the school's seq as it was.
  workflows::Result<EventOutcome> change_contact(const std::string& school_id, std::string role,
                                                 std::optional<workflows::Contact> contact, std::string actor);
  // register_school() without waiting, as record_event_async().
  void register_school_async(workflows::School school, std::string category, std::string actor,
                             std::string idempotency_key, Done done);

  // Fires every timer with fire_at <= now, in due order, each committed alone. Returns how many
  // fired (skipped stale ones not counted). The step's LocalTime is the timer's own fire instant
  // (so a timer that fell due while the daemon was down is applied as of when it was due).
  // fired_so_far, when given, is set to how many fired, also when an error stops the run part-way
  // (those are committed; a clock advance must not move back before them).
  workflows::Result<int> fire_due(Clock::time_point now, int* fired_so_far = nullptr);

  // Write transactions the writer has committed (or tried to) since start: for tests, benches
  // and /metrics.
  std::int64_t transactions() const { return transactions_.load(); }

  // The earliest fire instant of any stored timer.
  std::optional<Clock::time_point> next_fire_at();

  // Called (on the writer thread) after every batch that committed something (timers may have
  // changed); the scheduler uses it to re-arm. Setting waits for a running call to finish. The
  // callback must not call back into the engine's write operations (it would wait on itself).
  void set_on_timers_changed(std::function<void()> fn);
  // Called by fire_due() (on its caller's thread) after each timer it fired, with how late the
  // firing was: the clock's now minus the timer's fire instant, in seconds (0 when on time; hours
  // or days for a timer that fell due while the daemon was stopped). For /metrics.
  void set_on_timer_fired(std::function<void(double lateness_seconds)> fn);
  // Called (on the writer thread) after every transaction that queued a notice, once COMMIT has
  // returned, so the notice worker sends it now rather than at its next poll. Same rules as
  // set_on_timers_changed(); clear it before whatever it wakes is destroyed.
  void set_on_notices_queued(std::function<void()> fn);

  void reload(std::shared_ptr<const config::ConfigSet> config);
  std::shared_ptr<const config::ConfigSet> config() const;

  // The writer's own connection (thread-safe, calls serialised; see storage::Database): for
  // start-up and the few writes outside the queue. Request handlers read through reader().
  storage::Database& database() { return *db_; }
  // A read-only connection of its own inside one read transaction (storage/read_pool.hpp), so a
  // read never waits for the writer's commits; the writer's connection when the database has
  // no file readers can share, or a reader cannot be opened (logged).
  storage::ReadPool::Lease reader();
  Clock& clock() { return clock_; }

  // ---- overdue deadlines (engine_overdue.cpp; daemon/overdue.hpp says what is overdue) ------
  // How many deadlines are overdue on `today` (Europe/London) across all schools, and which
  // schools have any: Instance::overdue entries from an in-memory index of this engine's commits
  // (built from every school the first time it is asked), plus pending deadline timers already
  // past due, read from the timers table by due date. Cheap enough for every /metrics scrape.
  struct OverdueCensus {
    std::int64_t count = 0;
    std::vector<std::string> schools;  // sorted, unique
  };
  workflows::Result<OverdueCensus> overdue_census(workflows::Date today);
  // Every overdue item across schools (overdue_items() of each school the census names), by due
  // date, then school, instance and timer. Errors: storage errors (kIo, kTransient).
  workflows::Result<std::vector<OverdueItem>> overdue(workflows::Date today);

  // ---- preview (engine_overdue.cpp) ---------------------------------------------------------
  // What recording `event` at clock.now_utc() would do, decided by the pure core on the stored
  // snapshot and never committed: nothing is written, queued or sent. Errors as record_event()
  // (kNotFound, kConflict, kInvalidInput), so a caller answers them the same way.
  struct Preview {
    workflows::SchoolState before;
    workflows::Transition transition;
    std::shared_ptr<const config::ConfigSet> config;  // the definitions it was decided on
    workflows::LocalTime now;
  };
  workflows::Result<Preview> preview(const std::string& school_id, workflows::Event event);

  // Events the school's active instances accept now (for 409 answers and the dashboard).
  workflows::Result<std::vector<std::string>> allowed_events(const std::string& school_id);
  // Events an open window holds back until it closes (workflows::waiting_events).
  workflows::Result<std::vector<workflows::WaitingEvent>> waiting_events(const std::string& school_id);

 private:
  struct Request;
  // REQUIRES: *cfg outlives the framework pointer returned (it holds the definitions).
  workflows::Result<std::pair<const workflows::Framework*, workflows::SchoolState>> read_school(
      const std::string& school_id, std::shared_ptr<const config::ConfigSet>* cfg);
  workflows::Result<EventOutcome> submit(std::unique_ptr<Request> req);
  void submit_async(std::unique_ptr<Request> req, Done done);
  std::unique_ptr<Request> event_request(const std::string& school_id, workflows::Event event,
                                         std::string idempotency_key);
  std::unique_ptr<Request> registration_request(workflows::School school, std::string category, std::string actor,
                                                std::string idempotency_key);
  void writer_loop();
  void expire_keys_if_due();  // writer thread
  void process_batch(std::vector<std::unique_ptr<Request>>& batch);
  // process_batch's steps (engine_batch.cpp): read what the batch names; decide every request
  // on that alone (no storage); commit the decisions in one transaction; answer each request.
  struct BatchInputs;
  struct BatchPlan;
  BatchInputs read_batch(const std::vector<std::unique_ptr<Request>>& batch);
  static BatchPlan decide_batch(const config::ConfigSet& cfg, std::vector<std::unique_ptr<Request>>& batch,
                                BatchInputs& in);
  std::vector<workflows::Result<storage::CommitResult>> commit_decided(
      const std::shared_ptr<const config::ConfigSet>& cfg, bool chunk, const std::vector<storage::SchoolCommit>& commits);
  void answer_batch(std::vector<std::unique_ptr<Request>>& batch, BatchPlan& plan,
                    std::vector<workflows::Result<storage::CommitResult>>& results);
  // One kRegisterMany request, alone in its transaction (engine_bulk.cpp); resets `req` once
  // it has been answered.
  void process_bulk(std::unique_ptr<Request>& req);
  // The newest definition of the school's framework with the school's calendar.
  static workflows::Result<workflows::StepContext> step_context(const config::ConfigSet& cfg,
                                                                const workflows::School& school);

  mutable std::mutex config_mu_;
  std::shared_ptr<const config::ConfigSet> config_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::ReadPool> reads_;  // null: reads go to db_
  Clock& clock_;
  EngineOptions options_;
  std::mutex callback_mu_;
  std::function<void()> on_timers_changed_;
  std::function<void(double)> on_timer_fired_;  // guarded by callback_mu_
  std::function<void()> on_notices_queued_;     // guarded by callback_mu_

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<std::unique_ptr<Request>> queue_;
  bool stopping_ = false;
  std::uint64_t last_chunk_ = 0;  // guarded by queue_mu_: ids of fire_due() chunks (Request::chunk)
  std::atomic<std::int64_t> transactions_{0};
  std::thread writer_;

  // Writer thread only.
  std::optional<Clock::time_point> last_expiry_;

  OverdueIndex overdue_index_;  // noted by the writer after each commit
};

}  // namespace sif::daemon
