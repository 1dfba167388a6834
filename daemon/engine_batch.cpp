// Engine::process_batch: step every request of a batch, commit them together, answer each, in
// four steps:
//   read_batch    the stored snapshot of every school and the record of every idempotency key
//                 the batch names (the only reads);
//   decide_batch  every request decided on what was read, touching no storage: an answer now
//                 (an error, a replay, a timer already gone) or a commit;
//   commit_decided one transaction for every commit;
//   answer_batch  each request answered from its decision and its commit's result, or sent back
//                 to the queue.
//
// Requests of the same school in one batch chain: each steps on the state the previous one
// produced and expects its seq. If an item fails to commit, later items of that school were
// decided on a state that never existed: they go back to the front of the queue and are stepped
// again on what is really stored.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "daemon/engine.hpp"
#include "daemon/engine_request.hpp"
#include "daemon/local_time.hpp"
#include "storage/json_codec.hpp"
#include "workflows/interpreter.hpp"

namespace sif::daemon {

using workflows::Error;
using workflows::Result;

namespace {

constexpr int kMaxRequeues = 8;

TransitionSummary summarize(const std::string& school, const std::string& event, const workflows::Transition& t) {
  TransitionSummary s;
  s.school = school;
  s.event = event;
  s.category = t.next.category;
  for (const auto& h : t.history) s.changes.push_back({h.instance, h.workflow, h.event, h.from, h.to, h.note});
  for (const auto& pt : t.timers_set) {
    s.timers_set.push_back({pt.instance, pt.id, workflows::to_string(pt.kind), pt.title, workflows::format_date(pt.due),
                            workflows::to_string(pt.meaning), workflows::format_date(pt.fires)});
  }
  s.timers_cancelled = t.timers_cancelled;
  for (const auto& n : t.notices) s.notices.push_back({0, n.instance, n.template_id, n.to, n.cc});
  s.started = t.started;
  return s;
}

void fill_commit_result(TransitionSummary& s, const storage::CommitResult& r) {
  s.seq = r.seq;
  for (std::size_t i = 0; i < s.notices.size() && i < r.outbox_ids.size(); ++i) s.notices[i].outbox_id = r.outbox_ids[i];
}

std::string describe(const Error& e) { return e.details.empty() ? e.message : e.message + " (" + e.details + ")"; }

// The school as the batch has it so far.
struct Working {
  std::optional<workflows::SchoolState> state;  // nullopt: no such school
  std::int64_t seq = 0;
};

struct Prepared {
  std::optional<Result<EventOutcome>> answer;  // decided without a commit: error, replay, skip
  int commit_index = -1;
  int duplicate_of = -1;                       // same idempotency key earlier in this batch
  Effect effect = Effect::kApplied;
  TransitionSummary summary;
  bool requeue = false;
};

// The same key with a different request: refused, never answered with the first, unrelated
// response (payment APIs do the same). Nothing is applied.
Error key_reused(const std::string& key, const std::string& other_school = {}) {
  return Error::invalid("idempotency key '" + key + "' was already used for a different request" +
                            (other_school.empty() ? std::string() : " (at school " + other_school + ")") +
                            "; send a new key for a new request, or the same request to retry",
                        "idempotency_key");
}

EventOutcome skipped() {
  EventOutcome o;
  o.effect = Effect::kSkipped;
  return o;
}

}  // namespace

struct Engine::BatchInputs {
  std::map<std::string, Result<std::optional<storage::StoredSchool>>> schools;              // by school id
  std::map<std::string, Result<std::optional<storage::IdempotencyRecord>>> keys;            // by key
};

struct Engine::BatchPlan {
  std::vector<Prepared> prepared;               // one per request of the batch, in order
  std::vector<storage::SchoolCommit> commits;  // Prepared::commit_index points here
};

Result<workflows::StepContext> Engine::step_context(const config::ConfigSet& cfg, const workflows::School& school) {
  const workflows::Framework* fw = cfg.latest(school.framework);
  if (!fw) {
    std::string known;
    for (const auto& [id, versions] : cfg.frameworks) known += (known.empty() ? "" : ", ") + id;
    return Error::invalid("framework '" + school.framework + "' is not loaded", "framework: one of " + known);
  }
  return workflows::StepContext{*fw, cfg.calendar(*fw, school.region, school.la), cfg.versions(fw->id)};
}

void Engine::process_batch(std::vector<std::unique_ptr<Request>>& batch) {
  const std::shared_ptr<const config::ConfigSet> cfg = config();
  BatchInputs inputs = read_batch(batch);
  BatchPlan plan = decide_batch(*cfg, batch, inputs);
  auto results = commit_decided(cfg, batch.front()->chunk != 0, plan.commits);
  answer_batch(batch, plan, results);
}

Engine::BatchInputs Engine::read_batch(const std::vector<std::unique_ptr<Request>>& batch) {
  BatchInputs in;
  for (const auto& req : batch) {
    if (!req->idempotency_key.empty() && !in.keys.count(req->idempotency_key)) {
      in.keys.emplace(req->idempotency_key, db_->find_idempotency(req->idempotency_key));
    }
    if (!in.schools.count(req->school_id)) in.schools.emplace(req->school_id, db_->load_school(req->school_id));
  }
  return in;
}

Engine::BatchPlan Engine::decide_batch(const config::ConfigSet& cfg, std::vector<std::unique_ptr<Request>>& batch,
                                       BatchInputs& in) {
  std::map<std::string, Working> working;
  std::map<std::string, int> keys_in_batch;  // idempotency key -> index of its first request
  BatchPlan plan;
  plan.prepared.resize(batch.size());
  std::vector<Prepared>& prepared = plan.prepared;
  std::vector<storage::SchoolCommit>& commits = plan.commits;

  // The school as read, the first time the batch steps it; then as the batch has left it.
  auto load = [&](const std::string& id) -> Result<Working*> {
    auto it = working.find(id);
    if (it != working.end()) return &it->second;
    auto& s = in.schools.at(id);
    if (!s) return s.error();
    Working w;
    if (s->has_value()) {
      w.state = std::move((*s)->state);
      w.seq = (*s)->seq;
    }
    return &working.emplace(id, std::move(w)).first->second;
  };

  auto context_for = [&](const workflows::School& school) { return step_context(cfg, school); };

  for (std::size_t i = 0; i < batch.size(); ++i) {
    Request& req = *batch[i];
    Prepared& p = prepared[i];
    const workflows::LocalTime now = to_london(req.at);

    if (!req.idempotency_key.empty()) {
      if (auto it = keys_in_batch.find(req.idempotency_key); it != keys_in_batch.end()) {
        if (batch[static_cast<std::size_t>(it->second)]->fingerprint != req.fingerprint) {
          p.answer = key_reused(req.idempotency_key);
        } else {
          p.duplicate_of = it->second;
        }
        continue;
      }
      keys_in_batch.emplace(req.idempotency_key, static_cast<int>(i));
      const auto& stored = in.keys.at(req.idempotency_key);
      if (!stored) {
        p.answer = stored.error();
        continue;
      }
      if (stored->has_value()) {
        const auto& rec = **stored;
        if (rec.school != req.school_id || (!rec.request_hash.empty() && rec.request_hash != req.fingerprint)) {
          p.answer = key_reused(req.idempotency_key, rec.school != req.school_id ? rec.school : std::string());
          continue;
        }
        auto body = storage::parse_json(rec.response_json);
        if (!body) {
          p.answer = Error::corruption("stored response for idempotency key '" + req.idempotency_key + "' is not JSON");
          continue;
        }
        auto summary = transition_summary_from_json(*body);
        if (!summary) {
          p.answer = summary.error();
          continue;
        }
        EventOutcome o;
        o.effect = rec.registered ? Effect::kRegistered : Effect::kApplied;
        o.summary = std::move(*summary);
        o.body = std::move(*body);
        o.replayed = true;
        p.answer = std::move(o);
        continue;
      }
    }

    auto w = load(req.school_id);
    if (!w) {
      p.answer = w.error();
      continue;
    }
    Working& work = **w;
    Result<workflows::Transition> t = Error::invalid("unreachable");
    std::string cause;
    switch (req.kind) {
      case Request::Kind::kRegister: {
        if (req.school_id.empty()) {
          p.answer = Error::invalid("a school needs an id (its URN)", "id");
          continue;
        }
        if (work.state) {
          p.answer = Error::conflict("school " + req.school_id + " is already registered", "id");
          continue;
        }
        auto ctx = context_for(req.school);
        if (!ctx) {
          p.answer = ctx.error();
          continue;
        }
        t = workflows::start_school(*ctx, req.school, req.category, req.actor, now);
        cause = "school.registered";
        p.effect = Effect::kRegistered;
        break;
      }
      case Request::Kind::kContact: {
        if (!work.state) {
          p.answer = Error::not_found("no school with id " + req.school_id, "id");
          continue;
        }
        auto ctx = context_for(work.state->school);
        if (!ctx) {
          p.answer = ctx.error();
          continue;
        }
        t = workflows::change_contact(*ctx, *work.state, req.role, req.contact, req.actor, now);
        cause = "school.contact.changed";
        if (t && t->history.empty()) {
          // Already so: nothing to commit, and the answer says nothing changed.
          EventOutcome o;
          o.summary.school = req.school_id;
          o.summary.seq = work.seq;
          o.summary.event = cause;
          o.summary.category = work.state->category;
          o.body = to_json(o.summary);
          p.answer = std::move(o);
          continue;
        }
        break;
      }
      case Request::Kind::kRegisterMany:
        // writer_loop hands these to process_bulk, alone; one here is a bug in the engine.
        spdlog::critical("engine: a bulk registration reached process_batch");
        std::abort();
      case Request::Kind::kEvent:
      case Request::Kind::kTimer: {
        if (!work.state) {
          if (req.kind == Request::Kind::kTimer) {
            p.answer = skipped();
          } else {
            p.answer = Error::not_found("no school with id " + req.school_id, "id");
          }
          continue;
        }
        if (req.kind == Request::Kind::kTimer) {
          const workflows::Instance* inst = work.state->find(req.event.instance);
          bool pending = inst && !inst->final &&
                         std::any_of(inst->timers.begin(), inst->timers.end(), [&](const workflows::PendingTimer& pt) {
                           return pt.id == req.event.timer && pt.due == req.timer_due;
                         });
          if (!pending) {
            p.answer = skipped();  // already fired or cancelled by an earlier step
            continue;
          }
        }
        auto ctx = context_for(work.state->school);
        if (!ctx) {
          p.answer = ctx.error();
          continue;
        }
        if (req.kind == Request::Kind::kTimer) {
          // The school's own timeline decides which of its due timers goes first (next_timer(),
          // the order simulate and the tests use); the one asked for waits for the next run.
          const int minutes = ctx->framework.fire_minutes();
          if (auto first = workflows::next_timer(*work.state, minutes);
              first && fire_local(*first->timer, minutes) <= now &&
              !(first->instance == req.event.instance && first->timer->id == req.event.timer)) {
            req.event = workflows::timer_event(first->instance, *first->timer);
            req.timer_due = first->timer->due;
            const workflows::LocalTime at = fire_local(*first->timer, minutes);
            req.at = from_unix_seconds(london_to_unix(at.date, at.minutes));
          }
        }
        const workflows::LocalTime timer_now = req.kind == Request::Kind::kTimer ? to_london(req.at) : now;
        t = workflows::step(*ctx, *work.state, req.event, timer_now);
        cause = req.event.type;
        if (!t && req.kind == Request::Kind::kTimer) {
          // A timer the definition cannot apply must still be consumed, or it would fire
          // forever: drop it and record why in the history.
          spdlog::error("school {}: timer {} of {} could not be applied: {}", req.school_id, req.event.timer,
                        req.event.instance, describe(t.error()));
          workflows::Transition drop;
          drop.next = *work.state;
          workflows::Instance* inst = drop.next.find(req.event.instance);
          std::erase_if(inst->timers, [&](const workflows::PendingTimer& pt) { return pt.id == req.event.timer; });
          drop.history.push_back({inst->id, inst->workflow, req.event.type, inst->state, inst->state, req.event.data,
                                  "system", req.timer_due, "not applied: " + describe(t.error())});
          drop.timers_cancelled.emplace_back(inst->id, req.event.timer);
          t = std::move(drop);
        }
        break;
      }
    }
    if (!t) {
      p.answer = t.error();
      continue;
    }

    p.summary = summarize(req.school_id, cause, *t);
    storage::SchoolCommit c;
    c.school_id = req.school_id;
    if (work.state) c.expected_seq = work.seq;
    c.next = t->next;
    c.history = std::move(t->history);
    c.notices = std::move(t->notices);
    if (!req.idempotency_key.empty()) {
      c.idempotency = storage::IdempotencyRecord{req.idempotency_key, req.school_id,
                                                   p.effect == Effect::kRegistered, "", 0, req.fingerprint};
      c.response_for = [summary = p.summary](const storage::CommitResult& r) {
        TransitionSummary s = summary;
        fill_commit_result(s, r);
        return storage::dump_json(to_json(s));
      };
    }
    work.seq = work.state ? work.seq + 1 : 1;
    work.state = std::move(t->next);
    p.commit_index = static_cast<int>(commits.size());
    commits.push_back(std::move(c));
  }
  return plan;
}

std::vector<Result<storage::CommitResult>> Engine::commit_decided(const std::shared_ptr<const config::ConfigSet>& cfg,
                                                                  bool chunk,
                                                                  const std::vector<storage::SchoolCommit>& commits) {
  // One transaction for everything that has something to commit.
  std::vector<Result<storage::CommitResult>> results;
  if (!commits.empty() && chunk) {
    // A chunk of fire_due() commits all or nothing when storage fails, so a crash or an I/O
    // error leaves the timers exactly as before the chunk (fire_due reads them again). Only an
    // item refused for itself (a definition arming two timers of one id) goes alone, below.
    std::ptrdiff_t failed = -1;
    const auto stamp = to_unix_seconds(clock_.now_utc());
    auto all = db_->commit_all(commits, fire_at_fn(cfg), stamp, &failed);
    ++transactions_;
    const bool item_refused = !all && failed >= 0 && all.error().code != workflows::ErrorCode::kIo &&
                              all.error().code != workflows::ErrorCode::kTransient &&
                              all.error().code != workflows::ErrorCode::kCorruption;
    if (all) {
      for (auto& r : *all) results.emplace_back(std::move(r));
    } else if (item_refused) {
      results = db_->commit_batch(commits, fire_at_fn(cfg), stamp);
      ++transactions_;
    } else {
      results.assign(commits.size(), Result<storage::CommitResult>(all.error()));
    }
  } else if (!commits.empty()) {
    results = db_->commit_batch(commits, fire_at_fn(cfg), to_unix_seconds(clock_.now_utc()));
    ++transactions_;
  }
  return results;
}

void Engine::answer_batch(std::vector<std::unique_ptr<Request>>& batch, BatchPlan& plan,
                          std::vector<Result<storage::CommitResult>>& results) {
  std::vector<Prepared>& prepared = plan.prepared;
  const std::vector<storage::SchoolCommit>& commits = plan.commits;
  const bool chunk = batch.front()->chunk != 0;
  std::map<std::string, Error> failed_schools;  // the first error of each school whose item failed
  bool committed_any = false;
  bool queued_notices = false;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Request& req = *batch[i];
    Prepared& p = prepared[i];
    if (p.duplicate_of >= 0) continue;  // answered below, from the first
    const auto school_failure = failed_schools.find(req.school_id);
    const bool after_failure = school_failure != failed_schools.end();
    if (after_failure && chunk) {
      // Decided on a state that was never stored. fire_due() reads the timers again, so a chunk's
      // timer is answered, not requeued: with the school's error (storage trouble stops the run;
      // anything else leaves the school's timers for the next run).
      p.answer = school_failure->second;
      continue;
    }
    if (p.commit_index < 0) {
      // Decided without a commit; if an earlier item of this school failed, it was decided on a
      // state that was never stored.
      if (after_failure && !(p.answer->has_value() && p.answer->value().replayed)) p.requeue = true;
      continue;
    }
    auto& r = results[static_cast<std::size_t>(p.commit_index)];
    const auto& commit = commits[static_cast<std::size_t>(p.commit_index)];
    if (!r) {
      if (after_failure) {
        p.requeue = true;
      } else {
        spdlog::warn("school {}: {} not committed: {}", req.school_id, p.summary.event, describe(r.error()));
        p.answer = r.error();
      }
      failed_schools.emplace(req.school_id, r.error());
      continue;
    }
    committed_any = true;
    queued_notices = queued_notices || !r->outbox_ids.empty();
    fill_commit_result(p.summary, *r);
    overdue_index_.note(req.school_id, r->seq, commit.next);
    if (req.kind == Request::Kind::kTimer) {
      spdlog::info("timer fired: school {} instance {} timer {} due {}", req.school_id, req.event.instance,
                   req.event.timer, workflows::format_date(req.timer_due));
    }
    for (const auto& h : commit.history) {
      spdlog::info("school {} {} [{}]: {} -> {} on {} by {}{}", req.school_id, h.workflow, h.instance,
                   h.from.empty() ? "(start)" : h.from, h.to, h.event, h.actor, h.note.empty() ? "" : " (" + h.note + ")");
    }
    EventOutcome o;
    o.effect = p.effect;
    o.body = to_json(p.summary);
    o.summary = std::move(p.summary);
    p.answer = std::move(o);
  }
  for (auto& p : prepared) {
    if (p.duplicate_of < 0) continue;
    const Prepared& first = prepared[static_cast<std::size_t>(p.duplicate_of)];
    if (first.requeue) {
      p.requeue = true;
    } else if (first.answer->has_value()) {
      EventOutcome o = first.answer->value();
      o.replayed = true;
      p.answer = std::move(o);
    } else {
      p.answer = first.answer->error();
    }
  }

  // Answer, or send back to the front of the queue in the original order.
  std::vector<std::unique_ptr<Request>> again;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Prepared& p = prepared[i];
    if (p.requeue && batch[i]->requeues < kMaxRequeues) {
      ++batch[i]->requeues;
      again.push_back(std::move(batch[i]));
      continue;
    }
    if (p.requeue) p.answer = Error{workflows::ErrorCode::kTransient, "too many concurrent changes to this school; retry", ""};
    batch[i]->answer(std::move(*p.answer));
    batch[i].reset();
  }
  if (!again.empty()) {
    std::lock_guard lock(queue_mu_);
    for (auto it = again.rbegin(); it != again.rend(); ++it) queue_.push_front(std::move(*it));
  }
  if (committed_any) {
    std::lock_guard lock(callback_mu_);
    if (on_timers_changed_) on_timers_changed_();
    if (queued_notices && on_notices_queued_) on_notices_queued_();
  }
}

}  // namespace sif::daemon
