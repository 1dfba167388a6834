// Engine::process_bulk: many new schools in one request (the CSV import), stepped and committed
// on the writer thread. All or nothing: one transaction (Database::commit_all), nothing when any
// school cannot be registered. A chunk of a chunked registration: one transaction in which a
// school that fails is rolled back alone (Database::commit_batch).
//
// A bulk request is never batched with other requests (writer_loop), so the transaction holds
// the schools of this request only.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "daemon/engine.hpp"
#include "daemon/engine_request.hpp"
#include "daemon/local_time.hpp"
#include "workflows/interpreter.hpp"

namespace sif::daemon {

using workflows::Error;
using workflows::ErrorCode;
using workflows::Result;

namespace {

// Trouble with storage itself, not with the school being registered.
bool storage_failure(const Error& e) {
  return e.code == ErrorCode::kIo || e.code == ErrorCode::kTransient || e.code == ErrorCode::kCorruption;
}

std::string describe(const Error& e) { return e.details.empty() ? e.message : e.message + " (" + e.details + ")"; }

}  // namespace

storage::FireAtFn fire_at_fn(std::shared_ptr<const config::ConfigSet> cfg) {
  return [cfg = std::move(cfg)](const std::string& framework, const workflows::PendingTimer& t) {
    int minutes = 8 * 60;
    if (const workflows::Framework* f = cfg->latest(framework)) minutes = f->fire_minutes();
    const workflows::LocalTime at = workflows::fire_local(t, minutes);
    return london_to_unix(at.date, at.minutes);
  };
}

void Engine::process_bulk(std::unique_ptr<Request>& req_ptr) {
  Request& req = *req_ptr;
  const std::shared_ptr<const config::ConfigSet> cfg = config();
  const workflows::LocalTime now = to_london(req.at);
  const std::size_t n = req.schools.size();
  const std::string actor = req.actor;
  auto answer = [&](Result<BulkRegistration> r) {
    req_ptr->bulk_promise.set_value(std::move(r));
    req_ptr.reset();
  };

  BulkRegistration out;
  out.problems.resize(n);
  std::vector<std::string> ids;
  ids.reserve(n);
  for (const auto& s : req.schools) ids.push_back(s.id);
  // Every school already registered is reported, not only the first the commit would meet.
  auto existing = db_->registered_among(ids);
  if (!existing) return answer(existing.error());
  const std::set<std::string> registered_before(existing->begin(), existing->end());

  std::vector<storage::SchoolCommit> commits;
  std::vector<std::size_t> index;  // commits[k] registers req.schools[index[k]]
  commits.reserve(n);
  index.reserve(n);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = ids[i];
    if (id.empty()) {
      out.problems[i] = Error::invalid("a school needs an id (its URN)", "id");
      continue;
    }
    if (registered_before.count(id)) {
      out.problems[i] = Error::conflict("school " + id + " is already registered", "id");
      continue;
    }
    if (!seen.insert(id).second) {
      out.problems[i] = Error::conflict("school " + id + " appears more than once", "id");
      continue;
    }
    auto ctx = step_context(*cfg, req.schools[i]);
    if (!ctx) {
      out.problems[i] = ctx.error();
      continue;
    }
    auto t = workflows::start_school(*ctx, std::move(req.schools[i]), "", actor, now);
    if (!t) {
      out.problems[i] = t.error();
      continue;
    }
    storage::SchoolCommit c;
    c.school_id = id;
    c.next = std::move(t->next);
    c.history = std::move(t->history);
    c.notices = std::move(t->notices);
    commits.push_back(std::move(c));
    index.push_back(i);
  }
  const bool any_problem = std::any_of(out.problems.begin(), out.problems.end(), [](const auto& p) { return p.has_value(); });
  if ((req.all_or_nothing && any_problem) || commits.empty()) return answer(std::move(out));

  const storage::UnixSeconds stamp = to_unix_seconds(clock_.now_utc());
  if (req.all_or_nothing) {
    std::ptrdiff_t failed = -1;
    auto r = db_->commit_all(commits, fire_at_fn(cfg), stamp, &failed);
    ++transactions_;
    if (!r) {
      if (failed >= 0 && !storage_failure(r.error())) {
        // A school registered meanwhile by another process: that school's problem.
        out.problems[index[static_cast<std::size_t>(failed)]] = r.error();
        return answer(std::move(out));
      }
      spdlog::warn("registration of {} schools by {} not committed, none registered: {}", commits.size(), actor,
                   describe(r.error()));
      return answer(r.error());
    }
    out.transactions = 1;
    for (const auto& c : commits) out.registered.push_back(c.school_id);
  } else {
    auto results = db_->commit_batch(commits, fire_at_fn(cfg), stamp);
    ++transactions_;
    for (std::size_t k = 0; k < results.size(); ++k) {
      if (results[k]) {
        out.registered.push_back(commits[k].school_id);
        continue;
      }
      out.problems[index[k]] = results[k].error();
      if (storage_failure(results[k].error()) && !out.stopped) out.stopped = results[k].error();
    }
    if (!out.registered.empty()) out.transactions = 1;
  }
  for (const auto& id : out.registered) spdlog::debug("school {} registered by {} (bulk)", id, actor);
  spdlog::info("registered {} of {} school(s) by {} in one transaction{}", out.registered.size(), n, actor,
               out.stopped ? "; stopped: " + describe(*out.stopped) : std::string());
  const bool committed = !out.registered.empty();
  answer(std::move(out));
  if (committed) {
    std::lock_guard lock(callback_mu_);
    if (on_timers_changed_) on_timers_changed_();
    if (on_notices_queued_) on_notices_queued_();  // registrations may queue notices; a spare wake is cheap
  }
}

}  // namespace sif::daemon
