// Numbered schema migrations (private to storage/). Migration N brings a database from version
// N-1 to N; each runs in its own transaction together with its schema_version row, so a crash
// mid-migration leaves the previous version intact.
//
// Thread-safety: none; called by Database::open under its lock.
#pragma once

#include "storage/sqlite.hpp"
#include "workflows/result.hpp"

namespace sif::storage::detail {

int latest_schema_version();

// The version recorded in schema_version (0 for a new file).
workflows::Result<int> read_schema_version(Connection& conn);

// Applies every migration above the file's version. kCorruption when the file is newer than
// latest_schema_version() (the message names both versions).
workflows::Status migrate(Connection& conn);

}  // namespace sif::storage::detail
