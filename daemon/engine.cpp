// The engine's writer: one thread drains the request queue, steps each request against the
// school's newest state (including earlier, not yet committed, requests of the same batch),
// commits the batch in one transaction, then answers every caller.
#include "daemon/engine.hpp"
#include "daemon/engine_request.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <set>

#include "daemon/local_time.hpp"
#include "storage/hash_chain.hpp"
#include "storage/json_codec.hpp"
#include "workflows/interpreter.hpp"

namespace sif::daemon {

using workflows::Error;
using workflows::Result;


namespace {

std::string describe(const Error& e) { return e.details.empty() ? e.message : e.message + " (" + e.details + ")"; }

// What a request asked, as one canonical text hashed: the same idempotency key may only be
// retried with the same request. JSON serialisation keeps fields apart (no "a|b" ambiguity).
std::string fingerprint(const boost::json::value& v) { return storage::sha256_hex(boost::json::serialize(v)); }

}  // namespace

Engine::Engine(std::shared_ptr<const config::ConfigSet> config, std::unique_ptr<storage::Database> db, Clock& clock,
               EngineOptions options)
    : config_(std::move(config)), db_(std::move(db)), clock_(clock), options_(options) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  if (const auto& path = db_->path(); !path.empty() && path != ":memory:" && path.string().rfind("file:", 0) != 0) {
    reads_ = std::make_unique<storage::ReadPool>(path, options_.readers);
  }
  writer_ = std::thread([this] { writer_loop(); });
}

Engine::~Engine() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
}

void Engine::set_on_timers_changed(std::function<void()> fn) {
  std::lock_guard lock(callback_mu_);
  on_timers_changed_ = std::move(fn);
}

void Engine::set_on_timer_fired(std::function<void(double)> fn) {
  std::lock_guard lock(callback_mu_);
  on_timer_fired_ = std::move(fn);
}

void Engine::set_on_notices_queued(std::function<void()> fn) {
  std::lock_guard lock(callback_mu_);
  on_notices_queued_ = std::move(fn);
}

void Engine::reload(std::shared_ptr<const config::ConfigSet> config) {
  std::lock_guard lock(config_mu_);
  config_ = std::move(config);
}

std::shared_ptr<const config::ConfigSet> Engine::config() const {
  std::lock_guard lock(config_mu_);
  return config_;
}

Result<EventOutcome> Engine::register_school(workflows::School school, std::string category, std::string actor,
                                             std::string idempotency_key) {
  return submit(registration_request(std::move(school), std::move(category), std::move(actor),
                                     std::move(idempotency_key)));
}

void Engine::register_school_async(workflows::School school, std::string category, std::string actor,
                                   std::string idempotency_key, Done done) {
  submit_async(registration_request(std::move(school), std::move(category), std::move(actor), std::move(idempotency_key)),
               std::move(done));
}

std::unique_ptr<Engine::Request> Engine::registration_request(workflows::School school, std::string category,
                                                              std::string actor, std::string idempotency_key) {
  auto req = std::make_unique<Request>();
  req->kind = Request::Kind::kRegister;
  req->school_id = school.id;
  req->school = std::move(school);
  req->category = std::move(category);
  req->actor = std::move(actor);
  req->idempotency_key = std::move(idempotency_key);
  if (!req->idempotency_key.empty()) {
    req->fingerprint = fingerprint(boost::json::object{
        {"register", storage::to_json(req->school)}, {"category", req->category}, {"actor", req->actor}});
  }
  req->at = clock_.now_utc();
  return req;
}

Result<EventOutcome> Engine::change_contact(const std::string& school_id, std::string role,
                                            std::optional<workflows::Contact> contact, std::string actor) {
  auto req = std::make_unique<Request>();
  req->kind = Request::Kind::kContact;
  req->school_id = school_id;
  req->role = std::move(role);
  req->contact = std::move(contact);
  req->actor = std::move(actor);
  req->at = clock_.now_utc();
  return submit(std::move(req));
}

Result<BulkRegistration> Engine::register_schools(std::vector<workflows::School> schools, std::string actor,
                                                 BulkMode mode) {
  const auto at = clock_.now_utc();
  auto run = [&](std::vector<workflows::School> part, bool all_or_nothing) -> Result<BulkRegistration> {
    auto req = std::make_unique<Request>();
    req->kind = Request::Kind::kRegisterMany;
    req->schools = std::move(part);
    req->all_or_nothing = all_or_nothing;
    req->actor = actor;
    req->at = at;
    auto future = req->bulk_promise.get_future();
    {
      std::lock_guard lock(queue_mu_);
      if (stopping_) return Error::io("the engine is shutting down");
      queue_.push_back(std::move(req));
    }
    queue_cv_.notify_one();
    return future.get();
  };
  if (mode == BulkMode::kAllOrNothing) return run(std::move(schools), true);

  // Chunk after chunk, each queued behind whatever arrived meanwhile. The writer gives every
  // school of a chunk either a commit or a problem.
  BulkRegistration out;
  out.problems.resize(schools.size());
  const std::size_t chunk = std::max<std::size_t>(options_.bulk_chunk, 1);
  for (std::size_t begin = 0; begin < schools.size(); begin += chunk) {
    const std::size_t end = std::min(schools.size(), begin + chunk);
    std::vector<workflows::School> part(std::make_move_iterator(schools.begin() + static_cast<std::ptrdiff_t>(begin)),
                                        std::make_move_iterator(schools.begin() + static_cast<std::ptrdiff_t>(end)));
    auto r = run(std::move(part), false);
    std::size_t unanswered = end;  // first school without an answer
    if (!r) {
      out.stopped = r.error();
      unanswered = begin;
    } else {
      for (std::size_t i = 0; i < r->problems.size(); ++i) out.problems[begin + i] = std::move(r->problems[i]);
      for (auto& id : r->registered) out.registered.push_back(std::move(id));
      out.transactions += r->transactions;
      if (r->stopped) out.stopped = std::move(r->stopped);
    }
    if (out.stopped) {
      for (std::size_t i = unanswered; i < schools.size(); ++i) {
        out.problems[i] = Error{out.stopped->code, "not attempted after a storage failure: " + out.stopped->message,
                                out.stopped->details};
      }
      break;
    }
  }
  return out;
}

Result<EventOutcome> Engine::record_event(const std::string& school_id, workflows::Event event,
                                          std::string idempotency_key) {
  return submit(event_request(school_id, std::move(event), std::move(idempotency_key)));
}

void Engine::record_event_async(const std::string& school_id, workflows::Event event, std::string idempotency_key,
                                Done done) {
  submit_async(event_request(school_id, std::move(event), std::move(idempotency_key)), std::move(done));
}

std::unique_ptr<Engine::Request> Engine::event_request(const std::string& school_id, workflows::Event event,
                                                       std::string idempotency_key) {
  auto req = std::make_unique<Request>();
  req->kind = Request::Kind::kEvent;
  req->school_id = school_id;
  req->event = std::move(event);
  req->idempotency_key = std::move(idempotency_key);
  if (!req->idempotency_key.empty()) {
    boost::json::object data;
    for (const auto& [k, v] : req->event.data) data[k] = v;  // std::map: sorted keys
    req->fingerprint = fingerprint(boost::json::object{{"school", school_id},
                                                       {"type", req->event.type},
                                                       {"instance", req->event.instance},
                                                       {"actor", req->event.actor},
                                                       {"data", std::move(data)}});
  }
  req->at = clock_.now_utc();
  return req;
}

Result<int> Engine::fire_due(Clock::time_point now, int* fired_so_far) {
  int counted = 0;
  int& fired = fired_so_far ? *fired_so_far : counted;  // what every return, error or not, leaves
  fired = 0;
  const std::size_t max_chunk = std::max<std::size_t>(options_.timer_chunk, 1);
  const std::size_t min_chunk = std::min<std::size_t>(16, max_chunk);
  std::size_t chunk_size = max_chunk;
  std::set<std::string> skipped_before;  // rows skipped by the previous chunk
  std::set<std::string> failed;          // timers that could not be applied this time: retried next call
  auto id_of = [](const storage::TimerRow& row) {
    return row.school + "/" + row.instance + "/" + row.timer + "@" + std::to_string(row.fire_at);
  };
  // One query per chunk: what the previous chunk armed that is already due is read by the next.
  for (;;) {
    auto due = db_->timers_due(to_unix_seconds(now), static_cast<int>(chunk_size + failed.size()));
    if (!due) return due.error();
    std::vector<storage::TimerRow> rows;
    std::vector<std::string> ids;
    std::vector<std::future<Result<EventOutcome>>> answers;
    std::vector<std::unique_ptr<Request>> reqs;
    for (auto& row : *due) {
      if (reqs.size() == chunk_size) break;
      std::string id = id_of(row);
      if (failed.count(id)) continue;
      auto req = std::make_unique<Request>();
      req->kind = Request::Kind::kTimer;
      req->school_id = row.school;
      req->event.type = "timer." + row.timer;
      req->event.data["date"] = workflows::format_date(row.fires);
      req->event.actor = "system";
      req->event.instance = row.instance;
      req->event.timer = row.timer;
      req->timer_due = row.due;
      req->at = from_unix_seconds(row.fire_at);  // applied as of when it fell due
      answers.push_back(req->promise.get_future());
      reqs.push_back(std::move(req));
      ids.push_back(std::move(id));
      rows.push_back(std::move(row));
    }
    if (reqs.empty()) return fired;
    const auto started = clock_.steady_now();
    {
      std::lock_guard lock(queue_mu_);
      if (stopping_) return Error::io("the engine is shutting down");
      const std::uint64_t chunk = ++last_chunk_;
      for (auto& r : reqs) {
        r->chunk = chunk;
        queue_.push_back(std::move(r));
      }
    }
    queue_cv_.notify_one();

    std::optional<Error> stop;
    std::set<std::string> skipped_now;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      auto r = answers[i].get();
      const std::string& id = ids[i];
      if (!r) {
        // Storage trouble stops the run once the chunk is answered (the scheduler retries later).
        // Anything else (e.g. the school's framework is no longer loaded) leaves this timer
        // pending and goes on with the rest.
        if (r.error().code == workflows::ErrorCode::kIo || r.error().code == workflows::ErrorCode::kTransient) {
          if (!stop) stop = r.error();
          continue;
        }
        spdlog::error("timer {} not fired: {}", id, describe(r.error()));
        failed.insert(id);
        continue;
      }
      if (r->effect == Effect::kSkipped) {
        // Each commit brings the school's timers rows to its snapshot, so a row whose timer is
        // not pending can only be read once (a race with a concurrent event, or fired earlier in
        // its chunk by the school's own order); read again by the next chunk, it is corruption.
        if (skipped_before.count(id) && !stop) {
          stop = Error::corruption("stored timer " + id + " is not pending in the school's snapshot");
        }
        skipped_now.insert(id);
        continue;
      }
      ++fired;
      const std::chrono::duration<double> late = clock_.now_utc() - from_unix_seconds(rows[i].fire_at);
      std::lock_guard lock(callback_mu_);
      if (on_timer_fired_) on_timer_fired_(late.count());
    }
    if (stop) return *stop;
    skipped_before = std::move(skipped_now);
    // Keep a chunk near its time budget: reads and other schools' writes wait for one chunk.
    const auto took = clock_.steady_now() - started;
    if (took > options_.timer_chunk_budget && chunk_size > min_chunk) {
      chunk_size = std::max(min_chunk, chunk_size / 2);
    } else if (took * 2 < options_.timer_chunk_budget && chunk_size < max_chunk) {
      chunk_size = std::min(max_chunk, chunk_size * 2);
    }
  }
}

std::optional<Clock::time_point> Engine::next_fire_at() {
  auto t = db_->earliest_fire_at();
  if (!t) {
    spdlog::error("cannot read the next timer: {}", describe(t.error()));
    return std::nullopt;
  }
  if (!t->has_value()) return std::nullopt;
  return from_unix_seconds(**t);
}

// The school's stored state and the newest definition of its framework, for read-only answers.
Result<std::pair<const workflows::Framework*, workflows::SchoolState>> Engine::read_school(const std::string& school_id,
                                                                                          std::shared_ptr<const config::ConfigSet>* cfg) {
  auto s = reader()->load_school(school_id);
  if (!s) return s.error();
  if (!s->has_value()) return Error::not_found("no school with id " + school_id, "id");
  *cfg = config();
  const workflows::Framework* fw = (*cfg)->latest((*s)->state.school.framework);
  if (!fw) return Error::not_found("framework " + (*s)->state.school.framework + " is not loaded");
  return std::pair{fw, std::move((*s)->state)};
}

Result<std::vector<std::string>> Engine::allowed_events(const std::string& school_id) {
  std::shared_ptr<const config::ConfigSet> cfg;
  auto r = read_school(school_id, &cfg);
  if (!r) return r.error();
  return workflows::allowed_events(*r->first, r->second);
}

Result<std::vector<workflows::WaitingEvent>> Engine::waiting_events(const std::string& school_id) {
  std::shared_ptr<const config::ConfigSet> cfg;
  auto r = read_school(school_id, &cfg);
  if (!r) return r.error();
  return workflows::waiting_events(*r->first, r->second);
}

Result<EventOutcome> Engine::submit(std::unique_ptr<Request> req) {
  auto future = req->promise.get_future();
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return Error::io("the engine is shutting down");
    queue_.push_back(std::move(req));
  }
  queue_cv_.notify_one();
  return future.get();
}

void Engine::submit_async(std::unique_ptr<Request> req, Done done) {
  {
    std::lock_guard lock(queue_mu_);
    if (!stopping_) {
      req->done = std::move(done);
      queue_.push_back(std::move(req));
    }
  }
  if (!req) {
    queue_cv_.notify_one();
    return;
  }
  done(Error::io("the engine is shutting down"));
}

storage::ReadPool::Lease Engine::reader() {
  if (reads_) {
    auto lease = reads_->acquire();
    if (lease) return std::move(*lease);
    // Rare (descriptors exhausted): the read still answers, on the writer's connection.
    static std::atomic<std::uint64_t> failures{0};
    const auto n = ++failures;
    if ((n & (n - 1)) == 0) {
      spdlog::warn("engine: cannot open a read-only connection ({} time(s)): {}; reading on the writer's",
                   n, describe(lease.error()));
    }
  }
  return storage::ReadPool::Lease::borrow(*db_);
}

void Engine::expire_keys_if_due() {
  const auto now = clock_.now_utc();
  if (last_expiry_ && now - *last_expiry_ < std::chrono::hours(1) && now >= *last_expiry_) return;
  last_expiry_ = now;
  const auto cutoff = now - options_.idempotency_retention;
  auto n = db_->expire_idempotency(to_unix_seconds(cutoff));
  if (!n) {
    spdlog::warn("engine: could not expire idempotency keys: {}", describe(n.error()));
  } else if (*n > 0) {
    spdlog::info("engine: forgot {} idempotency key(s) stored before {} (retention {} days)", *n,
                 format_utc(cutoff), std::chrono::duration_cast<std::chrono::hours>(options_.idempotency_retention).count() / 24);
  }
}

void Engine::writer_loop() {
  for (;;) {
    std::vector<std::unique_ptr<Request>> batch;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      const std::size_t max = options_.group_commit ? options_.max_batch : 1;
      // A chunk of fire_due() goes alone and whole: one transaction for its timers.
      if (const std::uint64_t chunk = queue_.front()->chunk; chunk != 0) {
        while (!queue_.empty() && queue_.front()->chunk == chunk) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      const bool took_chunk = !batch.empty();
      while (!took_chunk && !queue_.empty() && batch.size() < max && queue_.front()->chunk == 0) {
        // A bulk registration is a transaction of its own: it goes alone.
        const bool bulk = queue_.front()->kind == Request::Kind::kRegisterMany;
        if (bulk && !batch.empty()) break;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
        if (bulk) break;
      }
    }
    try {
      expire_keys_if_due();
      if (batch.front()->kind == Request::Kind::kRegisterMany) {
        process_bulk(batch.front());
      } else {
        process_batch(batch);
      }
    } catch (const std::exception& e) {
      // A bug or resource exhaustion: answer everyone still waiting; nothing was acknowledged.
      spdlog::error("engine: batch failed: {}", e.what());
      for (auto& r : batch) {
        if (r) r->fail(Error::io(std::string("internal error: ") + e.what()));
      }
    }
  }
}

}  // namespace sif::daemon
