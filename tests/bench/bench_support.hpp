// Shared by the benches in tests/bench/: the fixture definitions, a temporary directory, and
// failing with a message. Benches print figures; they never assert on time.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/config_set.hpp"
#include "storage/database.hpp"
#include "tests/support/example_school.hpp"
#include "workflows/result.hpp"

namespace sif::bench {

// tests/fixtures/config (example-2024), or exits.
inline std::shared_ptr<const config::ConfigSet> fixture_config() {
  auto fixtures = config::default_config_dir().parent_path() / "tests" / "fixtures" / "config";
  std::vector<config::Diagnostic> diags;
  auto cfg = config::load_config_dir(fixtures, &diags);
  if (!cfg) {
    std::fprintf(stderr, "cannot load %s: %s\n", fixtures.c_str(), cfg.error().message.c_str());
    std::exit(1);
  }
  return *cfg;
}

// A new directory under the system's temporary directory; the caller removes it.
inline std::filesystem::path temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sif-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::exit(1);
  return tmpl;
}

// For setting a database up quickly: no fsync.
inline storage::DatabaseOptions no_sync() {
  storage::DatabaseOptions o;
  o.synchronous = storage::DatabaseOptions::Synchronous::kOff;
  return o;
}

using test::example_school;  // tests/support/example_school.hpp

// A commit registering school `id` with `state` (a template's, renamed) and one history row:
// how the benches reach many schools quickly, through storage rather than the engine.
inline storage::SchoolCommit clone_of(const workflows::SchoolState& state, const std::string& id) {
  storage::SchoolCommit c;
  c.school_id = id;
  c.next = state;
  c.next.school.id = id;
  workflows::HistoryEntry h;
  h.instance = "main";
  h.workflow = "main";
  h.event = "school.registered";
  h.to = "cloned";
  h.actor = "bench";
  c.history = {h};
  return c;
}

inline int fail(const char* what, const workflows::Error& e) {
  std::fprintf(stderr, "%s: %s %s\n", what, e.message.c_str(), e.details.c_str());
  return 1;
}

// Writes clones (clone_of) through storage, 2,000 to a transaction. add() and finish() return
// false once a transaction has failed (the error printed).
class CloneWriter {
 public:
  CloneWriter(storage::Database& db, storage::FireAtFn fire_at, storage::UnixSeconds at)
      : db_(db), fire_at_(std::move(fire_at)), at_(at) {}
  bool add(const workflows::SchoolState& state, const std::string& id) {
    commits_.push_back(clone_of(state, id));
    return commits_.size() < 2000 || finish();
  }
  bool finish() {
    if (commits_.empty()) return true;
    auto r = db_.commit_all(commits_, fire_at_, at_);
    commits_.clear();
    if (!r) fail("clone", r.error());
    return static_cast<bool>(r);
  }

 private:
  storage::Database& db_;
  storage::FireAtFn fire_at_;
  storage::UnixSeconds at_;
  std::vector<storage::SchoolCommit> commits_;
};

}  // namespace sif::bench
