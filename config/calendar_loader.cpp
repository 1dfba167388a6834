// Term calendar files; see calendar_loader.hpp and docs/calendar.md.
#include "config/calendar_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>
#include <sstream>

#include "config/yaml_reader.hpp"

namespace sif::config {
namespace {

using workflows::Date;
using workflows::format_date;
using workflows::HalfTerm;
using workflows::TermCalendar;

constexpr std::array<const char*, 6> kHalfTermNames = {"Autumn 1", "Autumn 2", "Spring 1",
                                                       "Spring 2", "Summer 1", "Summer 2"};
constexpr const char* kSixNames = "Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1, Summer 2";

// Reads one calendar document, reporting through `r`.
class CalendarParser {
 public:
  CalendarParser(YamlReader& r, std::optional<std::string> expected_id)
      : r_(r), expected_id_(std::move(expected_id)) {}

  TermCalendar parse(const YAML::Node& root) {
    TermCalendar out;
    if (!r_.expect_map(root, "a term calendar file")) return out;
    r_.check_keys(root, "the term calendar", {"id", "version", "source", "fictional", "note", "authorities", "years"});
    const YAML::Node id = required(root, "id", "the calendar's id, the file name without .yaml");
    if (id) {
      if (auto s = r_.string(id, "id")) {
        out.id = *s;
        check_id(id, *s);
      }
    }
    const YAML::Node version = required(root, "version", "e.g. version: \"2025-06-01\", the date the dates were taken");
    if (version) {
      if (auto s = r_.string(version, "version")) out.version = *s;
    }
    const YAML::Node source = required(root, "source", "name where the dates were published (a URL or document)");
    if (source) (void)r_.string(source, "source");
    if (const YAML::Node f = root["fictional"]) (void)r_.boolean(f, "fictional");
    if (const YAML::Node n = root["note"]) (void)r_.string(n, "note");
    if (const YAML::Node a = root["authorities"]) out.authorities = r_.strings(a, "authorities");
    const YAML::Node years = required(root, "years", "list each academic year with its six half-terms");
    if (years && r_.expect_list(years, "years")) {
      if (years.size() == 0) r_.error(years, "years is empty", "list at least one academic year");
      for (const YAML::Node& y : years) parse_year(y, out);
    }
    return out;
  }

 private:
  // root[key], or an error at `map` when it is missing.
  YAML::Node required(const YAML::Node& map, const char* key, const std::string& hint) {
    YAML::Node n = map[key];
    if (!n) r_.error(map, std::string("missing '") + key + "'", hint);
    return n;
  }

  void check_id(const YAML::Node& at, const std::string& id) {
    if (id == "default") {
      r_.error(at, "the id 'default' is reserved for the built-in term pattern (docs/calendar.md)",
               "choose the authority's name, e.g. id: wiltshire");
    } else if (expected_id_ && id != *expected_id_) {
      r_.error(at, "id '" + id + "' does not match the file name '" + *expected_id_ + ".yaml'",
               "set id: " + *expected_id_ + " or rename the file to " + id + ".yaml");
    }
  }

  void parse_year(const YAML::Node& y, TermCalendar& out) {
    if (!r_.expect_map(y, "an academic year")) return;
    r_.check_keys(y, "an academic year", {"year", "half_terms"});
    std::optional<long long> year;
    if (const YAML::Node yn = required(y, "year", "the calendar year the academic year starts in, e.g. year: 2025")) {
      year = r_.integer(yn, "year");
      if (year) check_year(yn, *year);
    }
    const YAML::Node hts = required(y, "half_terms", std::string("list the six half-terms: ") + kSixNames);
    if (!hts || !r_.expect_list(hts, "half_terms")) return;
    if (hts.size() != kHalfTermNames.size()) {
      r_.error(hts,
               (year ? "academic year " + std::to_string(*year) : std::string("an academic year")) + " has " +
                   std::to_string(hts.size()) + " half-terms; expected 6",
               std::string("list ") + kSixNames + ", in that order");
    }
    std::size_t i = 0;
    for (const YAML::Node& h : hts) parse_half_term(h, i++, year, out);
  }

  void check_year(const YAML::Node& at, long long year) {
    if (year < workflows::kFirstSupportedYear || year > workflows::kLastSupportedYear - 1) {
      r_.error(at, "year " + std::to_string(year) + " is outside the supported academic years " +
                       std::to_string(workflows::kFirstSupportedYear) + "-" +
                       std::to_string(workflows::kLastSupportedYear - 1),
               "bank holidays are known for " + std::to_string(workflows::kFirstSupportedYear) + "-" +
                   std::to_string(workflows::kLastSupportedYear));
      return;
    }
    if (last_year_ && year <= *last_year_) {
      r_.error(at, "year " + std::to_string(year) + (year == *last_year_ ? " is listed twice" : " is out of order"),
               "list each academic year once, earliest first");
    }
    last_year_ = year;
  }

  std::optional<Date> date_field(const YAML::Node& h, const char* key, std::size_t index) {
    const std::string what = index < kHalfTermNames.size() ? std::string(kHalfTermNames[index]) + " " + key : key;
    const YAML::Node n = required(h, key, std::string(key == std::string("start") ? "the first" : "the last") +
                                              " teaching day, as YYYY-MM-DD");
    if (!n) return std::nullopt;
    auto s = r_.string(n, what);
    if (!s) return std::nullopt;
    auto d = workflows::parse_date(*s);
    if (!d) {
      r_.error(n, d.error().message, d.error().details);
      return std::nullopt;
    }
    if (workflows::is_weekend(*d)) {
      r_.error(n, what + " " + *s + " is a " + workflows::weekday_name(*d),
               std::string("give the ") + (key == std::string("start") ? "first" : "last") + " teaching day");
    }
    return *d;
  }

  void parse_half_term(const YAML::Node& h, std::size_t index, std::optional<long long> year, TermCalendar& out) {
    if (!r_.expect_map(h, "a half-term")) return;
    r_.check_keys(h, "a half-term", {"name", "start", "end"});
    const bool known_slot = index < kHalfTermNames.size();
    std::string name = known_slot ? kHalfTermNames[index] : "half-term " + std::to_string(index + 1);
    if (const YAML::Node n = h["name"]) {
      auto s = r_.string(n, "name");
      if (s && known_slot && *s != kHalfTermNames[index]) {
        r_.error(n, "half-term " + std::to_string(index + 1) + " is named '" + *s + "'; expected '" +
                        kHalfTermNames[index] + "'",
                 std::string("list the half-terms in order: ") + kSixNames);
      }
    }
    const auto start = date_field(h, "start", index);
    const auto end = date_field(h, "end", index);
    if (!start || !end) return;
    const YAML::Node start_node = h["start"];
    const YAML::Node end_node = h["end"];
    if (*end < *start) {
      r_.error(end_node, name + " ends (" + format_date(*end) + ") before it starts (" + format_date(*start) + ")",
               "end is the half-term's last teaching day, on or after its start");
      return;
    }
    if (year) check_in_year(start_node, name + " start", *start, *year);
    if (year) check_in_year(end_node, name + " end", *end, *year);
    if (!out.half_terms.empty() && *start <= out.half_terms.back().end) {
      const HalfTerm& prev = out.half_terms.back();
      r_.error(start_node,
               name + " starts " + format_date(*start) + ", not after the end of " + prev.name + " (" +
                   format_date(prev.end) + ")",
               "half-terms must be in date order without overlap; check for a typing slip in either date");
      // Kept all the same, so that the next half-term is compared with this one rather than
      // every later one repeating the same complaint. The result is an error anyway.
    }
    out.half_terms.push_back(HalfTerm{*start, *end, name});
  }

  // An academic year Y runs from 1 August Y to 31 August Y+1; a date outside it is almost
  // always a slip in the year.
  void check_in_year(const YAML::Node& at, const std::string& what, Date d, long long year) {
    const int y = static_cast<int>(year);
    if (d >= workflows::make_date(y, 8, 1) && d <= workflows::make_date(y + 1, 8, 31)) return;
    r_.error(at,
             what + " " + format_date(d) + " is outside academic year " + std::to_string(y) + " (" +
                 std::to_string(y) + "-08-01 to " + std::to_string(y + 1) + "-08-31)",
             "check the year of the date, or the `year:` of this entry");
  }

  YamlReader& r_;
  std::optional<std::string> expected_id_;
  std::optional<long long> last_year_;
};

workflows::Result<TermCalendar> finish(TermCalendar cal, const YamlReader& r, const std::string& file_name,
                                       std::vector<Diagnostic>& diags, std::size_t first) {
  if (r.errors() == 0) return cal;
  return workflows::Error::invalid(std::to_string(r.errors()) + (r.errors() == 1 ? " problem" : " problems") +
                                       " in term calendar " + file_name,
                                   diags.size() > first ? diags[first].str() : std::string());
}

}  // namespace

workflows::Result<TermCalendar> parse_term_calendar(std::string_view yaml_text, const std::string& file_name,
                                                   std::optional<std::string> expected_id,
                                                   std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  std::vector<Diagnostic>& diags = diagnostics != nullptr ? *diagnostics : local;
  const std::size_t first = diags.size();
  YamlReader reader(file_name, &diags);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    reader.error(reader.loc(e.mark), "not valid YAML: " + e.msg, "check indentation and quoting near here");
    return finish({}, reader, file_name, diags, first);
  }
  CalendarParser parser(reader, std::move(expected_id));
  TermCalendar cal = parser.parse(root);
  return finish(std::move(cal), reader, file_name, diags, first);
}

workflows::Result<TermCalendar> load_term_calendar(const std::filesystem::path& file,
                                                  std::vector<Diagnostic>* diagnostics) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const std::string msg = "cannot read term calendar " + file.string();
    if (diagnostics != nullptr) {
      diagnostics->push_back(Diagnostic{workflows::SourceLoc{file.string(), 0, 0}, msg, "check the path and permissions"});
    }
    return workflows::Error::io(msg);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_term_calendar(text.str(), file.string(), file.stem().string(), diagnostics);
}

}  // namespace sif::config
