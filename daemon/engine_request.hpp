// Engine::Request: one queued write (registration, event or timer firing), private to the
// engine's .cpp files. Owned by the queue, then by the writer thread until answered.
#pragma once

#include <future>
#include <string>

#include "daemon/engine.hpp"

namespace sif::daemon {

struct Engine::Request {
  enum class Kind { kRegister, kEvent, kTimer };
  Kind kind = Kind::kEvent;
  std::string school_id;
  workflows::School school;     // kRegister
  std::string category;         // kRegister
  std::string actor;            // kRegister
  workflows::Event event;       // kEvent, kTimer
  workflows::Date timer_due;    // kTimer: the due date of the stored row that fired
  std::string idempotency_key;
  Clock::time_point at;         // the instant the step runs at
  int requeues = 0;
  std::promise<workflows::Result<EventOutcome>> promise;
};

}  // namespace sif::daemon
