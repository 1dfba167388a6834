// The text of the API's JSON answers, always valid JSON. Boost.JSON writes a string's bytes as
// they are, so one string holding bytes that are not UTF-8 makes the whole answer unreadable
// to every client: a percent-decoded path or query echoed in an error ("no such endpoint:
// /v1/schools/%FF"), a header quoted back. Such bytes become U+FFFD, the replacement character
// (found by fuzz_http_request; tests/daemon/json_answer_test.cpp).
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace sif::daemon {

// `s` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

// boost::json::serialize(v), with every string and key made valid UTF-8 first when needed.
std::string serialize_answer(const boost::json::value& v);

}  // namespace sif::daemon
