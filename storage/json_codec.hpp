// Boost.JSON encodings of the core's runtime values: the snapshot (SchoolState and everything in
// it), history entries, notices and events. Storage keeps them in JSON columns and the HTTP API
// reuses them, so one document shape is used everywhere. Dates are ISO "YYYY-MM-DD" strings;
// enums are their to_string() names; Data is an object of strings.
//
// Decoding is strict about types and lenient about absent optional members (they take their
// defaults), so snapshots written by an older binary still load. Errors are kCorruption when
// decoding stored data (the caller says so) — here they are kInvalidInput naming the member.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "workflows/calendar.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::storage {

boost::json::value to_json(const workflows::Data& d);
boost::json::value to_json(const workflows::Duration& d);
boost::json::value to_json(const workflows::SkippedDay& d);
boost::json::value to_json(const workflows::Provenance& p);
boost::json::value to_json(const workflows::PendingTimer& t);
boost::json::value to_json(const workflows::OverdueDeadline& d);
boost::json::value to_json(const workflows::Instance& i);
boost::json::value to_json(const workflows::Contact& c);
boost::json::value to_json(const workflows::School& s);
boost::json::value to_json(const workflows::SchoolState& s);
boost::json::value to_json(const workflows::HistoryEntry& h);
boost::json::value to_json(const workflows::NoticeEffect& n);
boost::json::value to_json(const workflows::Event& e);

workflows::Result<workflows::Data> data_from_json(const boost::json::value& v);
workflows::Result<workflows::Duration> duration_from_json(const boost::json::value& v);
workflows::Result<workflows::SkippedDay> skipped_day_from_json(const boost::json::value& v);
workflows::Result<workflows::Provenance> provenance_from_json(const boost::json::value& v);
workflows::Result<workflows::PendingTimer> pending_timer_from_json(const boost::json::value& v);
workflows::Result<workflows::OverdueDeadline> overdue_deadline_from_json(const boost::json::value& v);
workflows::Result<workflows::Instance> instance_from_json(const boost::json::value& v);
workflows::Result<workflows::Contact> contact_from_json(const boost::json::value& v);
workflows::Result<workflows::School> school_from_json(const boost::json::value& v);
workflows::Result<workflows::SchoolState> school_state_from_json(const boost::json::value& v);
workflows::Result<workflows::HistoryEntry> history_entry_from_json(const boost::json::value& v);
workflows::Result<workflows::NoticeEffect> notice_from_json(const boost::json::value& v);
workflows::Result<workflows::Event> event_from_json(const boost::json::value& v);

// Parses JSON text (kInvalidInput with the parser's message on failure).
workflows::Result<boost::json::value> parse_json(std::string_view text);
// Compact serialisation, members in insertion order (the encoders above insert in a fixed order,
// so the text is canonical for hashing).
std::string dump_json(const boost::json::value& v);

}  // namespace sif::storage
