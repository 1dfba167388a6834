// What can be said about the database's health without touching sif's data: a write probe for
// /readyz, and the plain-language cause of a storage error for an HTTP answer (whose SQL text
// belongs in the daemon log, never in a reply).
//
// The probe opens its own short-lived connection, so it never waits on the engine's writer and
// sees the file as a new start would: read-only file or folder, a lock held by another program,
// a missing file. It writes nothing (BEGIN IMMEDIATE takes the write lock; ROLLBACK drops it).
//
// Thread-safety: both functions are reentrant.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "workflows/result.hpp"

namespace sif::storage {

// Ok when a write transaction could start on `path` now. Errors: kTransient when another program
// holds the write lock for longer than `wait`; kIo when the file is missing, cannot be opened
// read-write, or the transaction cannot start. Each message says what to do.
workflows::Status probe_writable(const std::filesystem::path& path, std::chrono::milliseconds wait);

// For an Error's message as storage writes it ("statement failed: ... (SQLite's reason)"): the
// cause in a sentence an operator can act on, without SQL. nullopt when the message did not come
// from SQLite (then it is sif's own sentence and may be shown as it is).
std::optional<std::string> plain_storage_cause(std::string_view message);

}  // namespace sif::storage
