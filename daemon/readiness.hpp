// /readyz: whether sifd can do its job now, as a list of named checks, each Ok or a reason an
// operator can act on. The daemon's checks (daemon/server.cpp):
//
//   started   start-up recovery has finished (timers that fell due while down have fired)
//   database  a write transaction can start on the database file (storage::probe_writable), and
//             the engine's connection was not opened read-only
//   notices   the notices channel can take a message (notifications::Channel::check: the
//             maildir folder is writable; SMTP and webhook are configured)
//
// The answer is 200 when every check passes, else 503; the body names each check and lists
// the failed ones:
//
//   {"ready": false, "failed": ["database"],
//    "checks": {"started": {"ok": true}, "database": {"ok": false, "message": "..."}, ...}}
//
// Thread-safety: run_readiness may be called from any thread if each check may.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "workflows/result.hpp"

namespace sif::daemon {

struct ReadinessCheck {
  std::string name;
  std::function<workflows::Status()> run;
};

struct Readiness {
  bool ready = true;
  boost::json::object body;
};

// Runs every check (all of them, so the answer names each failure, not only the first).
Readiness run_readiness(const std::vector<ReadinessCheck>& checks);

}  // namespace sif::daemon
