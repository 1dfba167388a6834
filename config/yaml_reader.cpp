#include "config/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "config/suggest.hpp"

namespace sif::config {

workflows::SourceLoc YamlReader::loc(const YAML::Mark& m) const {
  workflows::SourceLoc l;
  l.file = file_;
  if (!m.is_null()) {
    l.line = m.line + 1;
    l.column = m.column + 1;
  }
  return l;
}

workflows::SourceLoc YamlReader::loc(const YAML::Node& n) const {
  if (!n.IsDefined()) return loc(YAML::Mark::null_mark());
  return loc(n.Mark());
}

void YamlReader::error(const workflows::SourceLoc& at, std::string message, std::string hint) {
  ++errors_;
  out_->push_back(Diagnostic{at, std::move(message), std::move(hint)});
}

void YamlReader::error(const YAML::Node& at, std::string message, std::string hint) {
  error(loc(at), std::move(message), std::move(hint));
}

const char* YamlReader::kind(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  return "a value";
}

bool YamlReader::expect_map(const YAML::Node& n, std::string_view what) {
  if (n.IsMap()) return true;
  error(n, std::string(what) + " must be a map (found " + kind(n) + ")",
        "write it as `key: value` lines or { key: value }");
  return false;
}

bool YamlReader::expect_list(const YAML::Node& n, std::string_view what) {
  if (n.IsSequence()) return true;
  error(n, std::string(what) + " must be a list (found " + kind(n) + ")",
        "write it as `- item` lines or [a, b]");
  return false;
}

bool YamlReader::expect_scalar(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar()) return true;
  error(n, std::string(what) + " must be a single value (found " + kind(n) + ")");
  return false;
}

std::string YamlReader::key(const YAML::Node& k, std::string_view what) {
  if (k.IsScalar()) return k.Scalar();
  error(k, "a key of " + std::string(what) + " must be a name (found " + kind(k) + ")");
  return {};
}

void YamlReader::check_unique_keys(const YAML::Node& map, std::string_view what) {
  std::map<std::string, YAML::Mark> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string& k = it->first.Scalar();
    auto [pos, inserted] = seen.emplace(k, it->first.Mark());
    if (!inserted) {
      error(it->first, "'" + k + "' is written twice in " + std::string(what),
            "first at line " + std::to_string(pos->second.line + 1) + "; keep one");
    }
  }
}

void YamlReader::check_keys(const YAML::Node& map, std::string_view what,
                            const std::vector<std::string>& allowed) {
  check_unique_keys(map, what);
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) {
      key(it->first, what);
      continue;
    }
    const std::string& k = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    error(it->first, "unknown key '" + k + "' in " + std::string(what), did_you_mean(k, allowed));
  }
}

std::optional<std::string> YamlReader::string(const YAML::Node& n, std::string_view what) {
  if (!n.IsDefined() || n.IsNull()) {
    error(n, std::string(what) + " has no value");
    return std::nullopt;
  }
  if (!expect_scalar(n, what)) return std::nullopt;
  return n.Scalar();
}

std::optional<long long> YamlReader::integer(const YAML::Node& n, std::string_view what) {
  auto s = string(n, what);
  if (!s) return std::nullopt;
  const WholeNumber v = parse_whole_number(*s);
  if (!v.ok()) {
    error(n, std::string(what) + " must be a whole number (found '" + *s + "')");
    return std::nullopt;
  }
  return v.value;
}

WholeNumber parse_whole_number(std::string_view text) {
  WholeNumber out;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, out.value);
  out.ec = text.empty() || (ec == std::errc() && ptr != last) ? std::errc::invalid_argument : ec;
  if (out.ec == std::errc::result_out_of_range && ptr != last) out.ec = std::errc::invalid_argument;
  return out;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& n, std::string_view what) {
  auto s = string(n, what);
  if (!s) return std::nullopt;
  std::string l = *s;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (l == "true" || l == "yes") return true;
  if (l == "false" || l == "no") return false;
  error(n, std::string(what) + " must be true or false (found '" + *s + "')");
  return std::nullopt;
}

std::vector<std::string> YamlReader::strings(const YAML::Node& n, std::string_view what) {
  std::vector<std::string> out;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return out;
  }
  if (!expect_list(n, what)) return out;
  for (const auto& item : n) {
    if (auto s = string(item, std::string("an item of ") + std::string(what))) out.push_back(*s);
  }
  return out;
}

bool is_path_word(std::string_view word) {
  static constexpr std::string_view kRoots[] = {"event.", "school.", "vars.", "params.", "state.", "timers.", "law.", "calendar."};
  for (auto r : kRoots) {
    if (word.size() > r.size() && word.substr(0, r.size()) == r) return true;
  }
  return false;
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

workflows::ValueExpr parse_value_expr(std::string_view text, const workflows::SourceLoc& at,
                                      YamlReader& reader) {
  workflows::ValueExpr e;
  e.loc = at;
  std::size_t start = 0;
  while (true) {
    std::size_t bar = text.find('|', start);
    std::string_view part = trim(text.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (part.empty()) {
      reader.error(at, "empty alternative in '" + std::string(text) + "'",
                   "write alternatives as \"event.date | state.entered\"");
    } else {
      e.alts.push_back({is_path_word(part), std::string(part)});
    }
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return e;
}

}  // namespace sif::config
