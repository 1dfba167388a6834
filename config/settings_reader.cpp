#include "config/settings_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "config/suggest.hpp"
#include "workflows/calendar.hpp"
#include "workflows/date.hpp"
#include "workflows/definition.hpp"

namespace sif::config {

namespace {

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

// Digits at [pos, pos + n) of s as a number, or -1.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::string number_text(double v) {
  std::ostringstream ss;
  ss << v;
  return ss.str();
}

// Could `id` be a role a framework declares of its own? Lower-case snake_case, and not nearly a
// canonical role: `link_advisor` is a slip for link_adviser, reported at once, never a new role.
bool could_be_own_role(std::string_view id) {
  return workflows::is_snake_case_id(id) && closest(id, workflows::canonical_roles()).empty();
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_utc_instant(std::string_view s) {
  if (s.size() < 17 || s[10] != 'T' || s[13] != ':') return std::nullopt;
  auto day = workflows::parse_date(s.substr(0, 10));
  const int hh = digits(s, 11, 2);
  const int mm = digits(s, 14, 2);
  if (!day || hh < 0 || hh > 23 || mm < 0 || mm > 59) return std::nullopt;
  std::size_t pos = 16;
  int ss = 0;
  if (s[pos] == ':') {
    ss = digits(s, pos + 1, 2);
    if (ss < 0 || ss > 59) return std::nullopt;
    pos += 3;
  }
  int offset = 0;  // minutes east of UTC
  if (pos < s.size() && s[pos] == 'Z' && pos + 1 == s.size()) {
    offset = 0;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    const int oh = digits(s, pos + 1, 2);
    const int om = digits(s, pos + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  return std::chrono::system_clock::time_point(*day) + std::chrono::hours(hh) + std::chrono::minutes(mm - offset) +
         std::chrono::seconds(ss);
}

bool is_one_email_address(std::string_view e) {
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == e.size() || e.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  return std::none_of(e.begin(), e.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '<' || c == '>' || c == ',' || c == ';' || static_cast<unsigned char>(c) < 0x20;
  });
}

std::optional<YAML::Node> SettingsReader::load(std::string_view text) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    yaml_.error(yaml_.loc(e.mark), "YAML syntax error: " + e.msg, "check the indentation and quoting around this line");
  }
  return std::nullopt;
}

bool SettingsReader::section(const YAML::Node& n, std::string_view what, const std::vector<std::string>& keys) {
  if (!yaml_.expect_map(n, what)) return false;
  yaml_.check_keys(n, what, keys);
  return true;
}

std::optional<std::string> SettingsReader::text(const YAML::Node& n, std::string_view what, bool null_is_empty) {
  if (null_is_empty && n.IsDefined() && n.IsNull()) return std::string();
  return yaml_.string(n, what);
}

std::optional<bool> SettingsReader::boolean(const YAML::Node& n, std::string_view what) {
  return yaml_.boolean(n, what);
}

std::optional<long long> SettingsReader::integer(const YAML::Node& n, std::string_view what, long long min,
                                                 long long max) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  const WholeNumber parsed = parse_whole_number(*s);
  const long long v = parsed.value;
  const std::string range = "from " + std::to_string(min) + " to " + std::to_string(max);
  if (parsed.ec == std::errc::invalid_argument) {
    yaml_.error(n, std::string(what) + " must be a whole number " + range + " (found " + q(*s) + ")");
    return std::nullopt;
  }
  if (parsed.ec == std::errc::result_out_of_range || v < min || v > max) {
    yaml_.error(n, std::string(what) + " must be " + range + " (found " + *s + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<double> SettingsReader::number(const YAML::Node& n, std::string_view what, double min, double max) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  double v = 0;
  const char* first = s->data();
  const char* last = s->data() + s->size();
  if (first != last && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, v);
  const std::string range = "from " + number_text(min) + " to " + number_text(max);
  if (s->empty() || ec != std::errc() || ptr != last || !std::isfinite(v)) {
    yaml_.error(n, std::string(what) + " must be a number " + range + " (found " + q(*s) + ")");
    return std::nullopt;
  }
  if (v < min || v > max) {
    yaml_.error(n, std::string(what) + " must be " + range + " (found " + *s + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> SettingsReader::word(const YAML::Node& n, std::string_view what,
                                                const std::vector<std::string>& allowed) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  const std::string best = closest(*s, allowed);
  yaml_.error(n, std::string(what) + " " + q(*s) + " is not one of " + join(allowed),
              best.empty() ? std::string() : "did you mean " + q(best) + "?");
  return std::nullopt;
}

std::optional<TimeOfDay> SettingsReader::time_of_day(const YAML::Node& n, std::string_view what) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  if (auto t = parse_time_of_day(*s)) return t;
  yaml_.error(n, std::string(what) + " must be a time of day written HH:MM (00:00 to 23:59), not " + q(*s),
              "e.g. \"07:00\", in quotes");
  return std::nullopt;
}

std::optional<std::chrono::system_clock::time_point> SettingsReader::instant(const YAML::Node& n,
                                                                           std::string_view what) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  auto t = parse_utc_instant(*s);
  if (!t) {
    yaml_.error(n, std::string(what) + " " + q(*s) + " is not an ISO 8601 instant with its offset",
                "e.g. 2026-09-01T07:00:00Z (UTC) or 2026-09-01T08:00:00+01:00");
    return std::nullopt;
  }
  const auto day = std::chrono::floor<date::days>(*t);
  if (!workflows::in_supported_span(day)) {
    yaml_.error(n, std::string(what) + " " + q(*s) + " is outside the dates sif's calendar knows (" +
                       workflows::supported_span_text() + ")");
    return std::nullopt;
  }
  return t;
}

std::optional<std::string> SettingsReader::email(const YAML::Node& n, std::string_view what) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  if (is_one_email_address(*s)) return s;
  yaml_.error(n, std::string(what) + " " + q(*s) + " is not one email address",
              "write one address like jane.smith@example.gov.uk");
  return std::nullopt;
}

std::optional<std::string> SettingsReader::url(const YAML::Node& n, std::string_view what,
                                               const std::vector<std::string>& schemes) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  for (const auto& scheme : schemes) {
    if (s->size() > scheme.size() && s->compare(0, scheme.size(), scheme) == 0) return s;
  }
  yaml_.error(n, std::string(what) + " " + q(*s) + " must start with " + join(schemes, " or "));
  return std::nullopt;
}

std::optional<std::string> SettingsReader::file_contents(const YAML::Node& n, std::string_view what) {
  auto path = yaml_.string(n, what);
  if (!path) return std::nullopt;
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    yaml_.error(n, std::string(what) + ": cannot read " + q(*path),
                "check the path (relative to the directory sifd starts in) and that sifd may read it");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();  // editors add one
  return s;
}

std::optional<std::string> SettingsReader::role(const YAML::Node& n, std::string_view what) {
  auto s = yaml_.string(n, what);
  if (!s) return std::nullopt;
  const auto& canonical = workflows::canonical_roles();
  if (std::find(canonical.begin(), canonical.end(), *s) != canonical.end()) return s;
  const std::string best = closest(*s, canonical);
  yaml_.error(n, std::string(what) + ": " + q(*s) + " is not a canonical role",
              best.empty() ? "roles are: " + join(canonical) : "did you mean " + q(best) + "?");
  return std::nullopt;
}

std::optional<std::string> SettingsReader::role_or_own(const YAML::Node& n, std::string_view what,
                                                       std::vector<OwnRoleContact>* own) {
  if (own && n.IsScalar() && !workflows::is_canonical_role(n.Scalar()) && could_be_own_role(n.Scalar())) {
    own->push_back(OwnRoleContact{n.Scalar(), std::string(what), yaml_.loc(n)});
    return n.Scalar();
  }
  return role(n, what);
}

std::optional<workflows::Contact> SettingsReader::contact(const YAML::Node& n, std::string_view what) {
  const int before = errors();
  if (!section(n, what, {"name", "email", "address"})) return std::nullopt;
  workflows::Contact c;
  const std::string w(what);
  if (n["name"]) c.name = text(n["name"], w + ".name").value_or("");
  if (n["email"]) c.email = email(n["email"], w + ".email").value_or("");
  if (n["address"]) c.address = text(n["address"], w + ".address").value_or("");
  if (errors() != before) return std::nullopt;
  return c;
}

void SettingsReader::contacts(const YAML::Node& n, std::string_view what,
                              std::map<std::string, workflows::Contact>* out, std::vector<OwnRoleContact>* own) {
  if (!yaml_.expect_map(n, what)) return;
  yaml_.check_unique_keys(n, what);
  for (const auto& kv : n) {
    const std::string name = yaml_.key(kv.first, what);
    if (name.empty()) continue;
    const std::optional<std::string> r = role_or_own(kv.first, what, own);
    auto c = contact(kv.second, std::string(what) + "." + name);
    if (r && c) (*out)[*r] = std::move(*c);
  }
}

void check_own_role_contacts(const std::vector<OwnRoleContact>& uses, const ConfigSet& definitions,
                             std::vector<Diagnostic>* out) {
  std::vector<std::string> declared;  // "review_team_chair (telford-2014)"
  std::vector<std::string> ids;
  for (const auto& [id, versions] : definitions.frameworks) {
    for (const auto& [version, f] : versions) {
      for (const auto& r : f.roles) {
        if (!r.own || workflows::is_canonical_role(r.id)) continue;
        if (std::find(ids.begin(), ids.end(), r.id) == ids.end()) ids.push_back(r.id);
        const std::string named = r.id + " (" + f.id + ")";
        if (std::find(declared.begin(), declared.end(), named) == declared.end()) declared.push_back(named);
      }
    }
  }
  for (const auto& u : uses) {
    if (std::find(ids.begin(), ids.end(), u.role) != ids.end()) continue;
    const std::string best = closest(u.role, ids);
    std::string hint;
    if (!best.empty()) {
      hint = "did you mean " + q(best) + "?";
    } else {
      hint = "use a canonical role (" + join(workflows::canonical_roles()) + ")" +
             (declared.empty() ? std::string("; no framework declares a role of its own")
                               : "; or one the frameworks declare: " + join(declared));
    }
    out->push_back(Diagnostic{u.loc,
                              u.what + ": " + q(u.role) +
                                  " is neither a canonical role nor a role any framework declares (own: true)",
                              hint});
  }
}

}  // namespace sif::config
