// What tests that run an Engine share: a definitions directory loaded once (the test fails with
// every located problem if it does not load) and a sif database opened on a file.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "storage/database.hpp"

namespace sif::test {

inline std::shared_ptr<const config::ConfigSet> load_config_or_fail(const std::filesystem::path& dir) {
  std::vector<config::Diagnostic> diags;
  auto c = config::load_config_dir(dir, &diags);
  if (!c) {
    for (const auto& d : diags) UNSCOPED_INFO(d.str());
    FAIL(dir.string() << " does not load: " << c.error().message);
  }
  return *c;
}

inline std::unique_ptr<storage::Database> open_database_or_fail(const std::filesystem::path& p) {
  auto db = storage::Database::open(p);
  if (!db) FAIL(db.error().message << " " << db.error().details);
  return std::move(*db);
}

}  // namespace sif::test
