// Engine::Request: one queued write (registration, event or timer firing), private to the
// engine's .cpp files. Owned by the queue, then by the writer thread until answered.
#pragma once

#include <spdlog/spdlog.h>

#include <functional>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "daemon/engine.hpp"

namespace sif::daemon {

struct Engine::Request {
  enum class Kind { kRegister, kEvent, kTimer, kRegisterMany, kContact };
  Kind kind = Kind::kEvent;
  std::string school_id;
  workflows::School school;     // kRegister
  std::string category;         // kRegister
  std::string actor;            // kRegister, kRegisterMany, kContact
  std::string role;             // kContact: whose contact changes
  std::optional<workflows::Contact> contact;  // kContact: the new contact, or none to remove it
  workflows::Event event;       // kEvent, kTimer
  workflows::Date timer_due;    // kTimer: the due date of the stored row that fired
  std::string idempotency_key;
  std::string fingerprint;      // with a key: SHA-256 of what was asked (storage::IdempotencyRecord)
  Clock::time_point at;         // the instant the step runs at
  int requeues = 0;
  // kTimer queued by fire_due(): the chunk it belongs to (0: none). The writer takes the
  // consecutive requests of one chunk as one batch, whatever max_batch says.
  std::uint64_t chunk = 0;
  std::promise<workflows::Result<EventOutcome>> promise;  // every kind but kRegisterMany
  // Set by the *_async calls: called instead of the promise, on the writer thread, after the
  // commit has returned. Must be quick (post the rest elsewhere) and must not call back into
  // the engine's writes.
  std::function<void(workflows::Result<EventOutcome>)> done;

  // kRegisterMany: applied alone, never batched with other requests (engine_bulk.cpp).
  std::vector<workflows::School> schools;
  bool all_or_nothing = true;
  std::promise<workflows::Result<BulkRegistration>> bulk_promise;

  // Answers the caller: its callback, or the promise it waits on.
  void answer(workflows::Result<EventOutcome> r) {
    if (!done) return promise.set_value(std::move(r));
    try {
      done(std::move(r));
    } catch (const std::exception& e) {
      spdlog::error("engine: an answer's callback failed: {}", e.what());
    }
  }
  // Answers the caller with an error, whichever promise it waits on.
  void fail(const workflows::Error& e) {
    if (kind == Kind::kRegisterMany) {
      bulk_promise.set_value(e);
    } else {
      answer(e);
    }
  }
};

// The instant each stored timer fires: its framework's fire time (08:00 by default) in
// Europe/London on its fire date. For Database::commit_batch / commit_all.
storage::FireAtFn fire_at_fn(std::shared_ptr<const config::ConfigSet> cfg);

}  // namespace sif::daemon
