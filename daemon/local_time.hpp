// Europe/London conversions between instants and the wall-clock readings the core works in,
// using date::date-tz (the OS time-zone database). Correct across BST changes: 08:00 local on
// 2026-03-30 (BST) is 07:00 UTC; on 2026-03-27 (GMT) it is 08:00 UTC.
//
// Thread-safety: free functions; the tz database is loaded once, thread-safely, on first use.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "workflows/date.hpp"
#include "workflows/result.hpp"

namespace sif::daemon {

// The Europe/London wall-clock reading (date and minutes after midnight) at instant t.
workflows::LocalTime to_london(std::chrono::system_clock::time_point t);

// The UTC instant of `minutes` after local midnight on `d` in Europe/London. A local time in the
// spring-forward gap (01:00-01:59 on the last Sunday of March) is read with the GMT offset, as if
// the clocks had not yet gone forward (01:30 -> 01:30 UTC, i.e. 02:30 BST); an ambiguous one in
// autumn (01:00-01:59 on the last Sunday of October) takes the earlier, BST, instant.
std::chrono::system_clock::time_point london_to_utc(workflows::Date d, int minutes);

// Same, as UTC unix seconds (what storage keeps as timers.fire_at).
std::int64_t london_to_unix(workflows::Date d, int minutes);

}  // namespace sif::daemon
