// Shared by the benches in tests/bench/: the fixture definitions, a temporary directory, and
// failing with a message. Benches print figures; they never assert on time.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "config/config_set.hpp"
#include "storage/database.hpp"
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

// A community primary school of example-2024 with an address for every role its notices name.
inline workflows::School example_school(const std::string& id) {
  workflows::School s;
  s.id = id;
  s.name = "Example Primary " + id;
  s.la = "Example Borough";
  s.framework = "example-2024";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  for (const char* role : {"headteacher", "chair_of_governors", "governing_body", "link_adviser", "la_lead", "ofsted"}) {
    s.contacts[role] = {role, std::string(role) + "@" + id + ".example.org", ""};
  }
  return s;
}

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

}  // namespace sif::bench
