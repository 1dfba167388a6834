// The history hash chain. Each history row's hash is SHA-256 over a canonical serialisation of
// the row (school, seq, entry fields, data with sorted keys, recorded_at) and the previous row's
// hash, so editing or removing any row breaks every link after it; `sifctl audit verify`
// recomputes the chain (Database::verify_audit).
//
// Canonical form: compact JSON, members in a fixed order, data keys sorted (std::map order),
// dates ISO. Changing it is a schema change: old rows would no longer verify.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/records.hpp"

namespace sif::storage {

// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view bytes);

// The text that is hashed for a row (row.hash itself is not part of it).
std::string canonical_history_text(const HistoryRow& row);

// sha256_hex(canonical_history_text(row)); uses row.prev_hash.
std::string history_hash(const HistoryRow& row);

}  // namespace sif::storage
