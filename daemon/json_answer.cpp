#include "daemon/json_answer.hpp"

#include <boost/json/serialize.hpp>

#include "daemon/text_encoding.hpp"

namespace sif::daemon {

namespace json = boost::json;

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t bad = find_invalid_utf8(s); bad != std::string_view::npos; bad = find_invalid_utf8(s)) {
    out.append(s.substr(0, bad));
    out.append("\xEF\xBF\xBD");  // U+FFFD
    s.remove_prefix(bad + 1);
  }
  out.append(s);
  return out;
}

namespace {

void repair(json::value& v) {
  if (v.is_string()) {
    if (find_invalid_utf8(v.as_string()) != std::string_view::npos) v = json::string(valid_utf8(v.as_string()));
  } else if (v.is_array()) {
    for (auto& e : v.as_array()) repair(e);
  } else if (v.is_object()) {
    json::object fixed;
    for (auto& [k, e] : v.as_object()) {
      repair(e);
      fixed[valid_utf8(k)] = std::move(e);
    }
    v = std::move(fixed);
  }
}

}  // namespace

std::string serialize_answer(const json::value& v) {
  std::string text = json::serialize(v);
  // The serializer escapes control characters only, so the text is UTF-8 iff every string is.
  if (find_invalid_utf8(text) == std::string::npos) return text;
  json::value copy = v;
  repair(copy);
  return json::serialize(copy);
}

}  // namespace sif::daemon
