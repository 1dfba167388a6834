// The engine's writer: one thread drains the request queue, steps each request against the
// school's newest state (including earlier, not yet committed, requests of the same batch),
// commits the batch in one transaction, then answers every caller.
#include "daemon/engine.hpp"
#include "daemon/engine_request.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include <algorithm>
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

// An answer with status 0 is internal: a timer request found its timer no longer pending.
constexpr int kSkipped = 0;

std::string describe(const Error& e) { return e.details.empty() ? e.message : e.message + " (" + e.details + ")"; }

// What a request asked, as one canonical text hashed: the same idempotency key may only be
// retried with the same request. JSON serialisation keeps fields apart (no "a|b" ambiguity).
std::string fingerprint(const boost::json::value& v) { return storage::sha256_hex(boost::json::serialize(v)); }

}  // namespace

Engine::Engine(std::shared_ptr<const config::ConfigSet> config, std::unique_ptr<storage::Database> db, Clock& clock,
               EngineOptions options)
    : config_(std::move(config)), db_(std::move(db)), clock_(clock), options_(options) {
  if (options_.max_batch == 0) options_.max_batch = 1;
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
  return submit(std::move(req));
}

Result<int> Engine::fire_due(Clock::time_point now, int* fired_so_far) {
  int counted = 0;
  int& fired = fired_so_far ? *fired_so_far : counted;  // what every return, error or not, leaves
  fired = 0;
  std::string last_skipped;
  std::set<std::string> failed;  // timers that could not be applied this time: retried next call
  // One query per firing: a firing may arm a timer that is due before the rest (due order).
  for (;;) {
    auto due = db_->timers_due(to_unix_seconds(now), static_cast<int>(failed.size()) + 1);
    if (!due) return due.error();
    auto id_of = [](const storage::TimerRow& row) {
      return row.school + "/" + row.instance + "/" + row.timer + "@" + std::to_string(row.fire_at);
    };
    auto it = std::find_if(due->begin(), due->end(), [&](const storage::TimerRow& row) { return !failed.count(id_of(row)); });
    if (it == due->end()) return fired;
    const storage::TimerRow& row = *it;
    const std::string id = id_of(row);
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
    auto r = submit(std::move(req));
    if (!r) {
      // Storage trouble stops the run (the scheduler retries later). Anything else (e.g. the
      // school's framework is no longer loaded) leaves this timer pending and goes on with the rest.
      if (r.error().code == workflows::ErrorCode::kIo || r.error().code == workflows::ErrorCode::kTransient) {
        return r.error();
      }
      spdlog::error("timer {} not fired: {}", id, describe(r.error()));
      failed.insert(id);
      continue;
    }
    if (r->status == kSkipped) {
      // The timers table is rewritten with the snapshot in each commit, so a row whose timer is
      // not pending can only be seen once (a race with a concurrent event); twice is corruption.
      if (id == last_skipped) {
        return Error::corruption("stored timer " + id + " is not pending in the school's snapshot");
      }
      last_skipped = id;
      continue;
    }
    ++fired;
    const std::chrono::duration<double> late = clock_.now_utc() - from_unix_seconds(row.fire_at);
    std::lock_guard lock(callback_mu_);
    if (on_timer_fired_) on_timer_fired_(late.count());
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
  auto s = db_->load_school(school_id);
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
      while (!queue_.empty() && batch.size() < max) {
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
