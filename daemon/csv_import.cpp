#include "daemon/csv_import.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace sif::daemon {

using workflows::Error;
using workflows::Result;

std::string CsvIssue::str() const {
  return "line " + std::to_string(line) + ", column " + column + ": " + message;
}

Result<std::vector<CsvRecord>> split_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string field;
  int line = 1;
  rec.line = 1;
  bool in_quotes = false;
  bool field_started = false;  // distinguishes an empty last field from no field on the line
  int quote_line = 0;
  auto end_field = [&] {
    rec.fields.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    if (field_started || !rec.fields.empty()) end_field();
    // A blank line is not a record.
    if (!(rec.fields.size() == 1 && rec.fields[0].empty()) && !rec.fields.empty()) out.push_back(std::move(rec));
    rec = CsvRecord{};
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      in_quotes = true;
      field_started = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
      field_started = true;  // a field follows the comma, even if empty
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      rec.line = line;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (in_quotes) {
    return Error::invalid("unterminated quoted field starting on line " + std::to_string(quote_line),
                          "line " + std::to_string(quote_line));
  }
  end_record();
  return out;
}

std::string gias_slug(std::string_view name) {
  std::string out;
  bool sep = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      if (sep && !out.empty()) out.push_back('_');
      out.push_back(c);
      sep = false;
    } else {
      sep = true;
    }
  }
  // "Community school" -> community: the suffix says nothing a guard needs.
  constexpr std::string_view kSchool = "_school";
  if (out.size() > kSchool.size() && out.ends_with(kSchool)) out.resize(out.size() - kSchool.size());
  return out;
}

workflows::Data religious_character_facts(std::string_view name) {
  std::string slug = gias_slug(name);
  if (slug.empty() || slug == "none" || slug == "does_not_apply") slug = "none";
  // Word by word, so "church_of_england_methodist" is a Church of England school and
  // "roman_catholic_church_of_england" both.
  const std::string padded = "_" + slug + "_";
  auto has = [&](std::string_view words) { return padded.find("_" + std::string(words) + "_") != std::string::npos; };
  const bool cofe = has("church_of_england") || has("anglican");
  const bool rc = has("catholic");
  return {{"religious_character", slug},
          {"religious_character_name", std::string(name)},
          {"church_school", cofe && rc ? "church_of_england_and_roman_catholic"
                            : cofe     ? "church_of_england"
                            : rc       ? "roman_catholic"
                                       : "no"}};
}

std::string unknown_type_message(std::string_view given) {
  std::string known;
  for (const auto& t : known_school_types()) known += (known.empty() ? "" : ", ") + t;
  return "'" + std::string(given) + "' is not a school type sif knows (GIAS TypeOfEstablishment, e.g. "
         "'Community school', 'Academy converter'); known: " + known;
}

std::string unknown_phase_message(std::string_view given) {
  std::string known;
  for (const auto& p : workflows::known_school_phases()) known += (known.empty() ? "" : ", ") + p;
  return "'" + std::string(given) + "' is not a phase of education sif knows (GIAS PhaseOfEducation, e.g. "
         "'Primary', 'Secondary'); known: " + known;
}

namespace {

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// The first control character in `s` (C0 other than tab, DEL, or C1 as UTF-8 C2 80-9F), as
// "U+0081 at character 7"; "" when there is none. REQUIRES: s is UTF-8.
std::string control_character(std::string_view s) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) ++chars;  // counts characters, not bytes
    unsigned cp = b;
    bool control = (b < 0x20 && b != '\t') || b == 0x7F;
    if (b == 0xC2 && i + 1 < s.size()) {
      cp = static_cast<unsigned char>(s[i + 1]);
      control = cp >= 0x80 && cp <= 0x9F;
    }
    if (control) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "U+%04X", cp);
      return std::string(hex) + " at character " + std::to_string(chars);
    }
  }
  return {};
}

}  // namespace

Result<CsvParseResult> parse_gias_csv(std::string_view bytes, const CsvImportOptions& opts) {
  auto decoded = decode_text(bytes, opts.encoding);
  if (!decoded) return decoded.error();
  const std::string_view text = decoded->utf8;
  auto records = split_csv(text);
  if (!records) return records.error();
  if (records->empty()) return Error::invalid("the CSV is empty", "expected a header line");
  const auto& header = records->front().fields;
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col.emplace(trim(header[i]), i);
  static const std::vector<std::string> kRequired = {"URN", "EstablishmentName", "LA (name)",
                                                     "TypeOfEstablishment (name)", "PhaseOfEducation (name)"};
  std::string missing;
  for (const auto& r : kRequired) {
    if (!col.count(r)) missing += (missing.empty() ? "" : ", ") + r;
  }
  if (!missing.empty()) {
    return Error::invalid("the CSV header lacks required columns: " + missing,
                          "required: URN, EstablishmentName, LA (name), TypeOfEstablishment (name), "
                          "PhaseOfEducation (name)");
  }
  CsvParseResult result;
  result.encoding = decoded->encoding;
  const std::string religious_column(kReligiousCharacterColumn);
  const bool has_religious_column = col.count(religious_column) > 0;
  std::map<std::string, int> seen;  // URN -> first line
  for (size_t r = 1; r < records->size(); ++r) {
    const auto& rec = (*records)[r];
    ++result.rows;
    auto get = [&](const std::string& name) -> std::string {
      size_t i = col.at(name);
      return i < rec.fields.size() ? trim(rec.fields[i]) : std::string();
    };
    size_t before = result.issues.size();
    auto issue = [&](const std::string& column, std::string message) {
      result.issues.push_back({rec.line, column, std::move(message)});
    };
    if (rec.fields.size() != header.size()) {
      issue("*", "has " + std::to_string(rec.fields.size()) + " fields; the header has " +
                     std::to_string(header.size()));
    }
    for (const auto& column : kRequired) {
      if (auto where = control_character(get(column)); !where.empty()) {
        issue(column, "contains a control character (" + where + "); remove it, or check the file's encoding");
      }
    }
    std::string urn = get("URN");
    if (urn.empty()) {
      issue("URN", "is empty");
    } else if (urn.size() > 8 || urn.find_first_not_of("0123456789") != std::string::npos) {
      issue("URN", "'" + urn + "' is not a URN (digits only)");
    } else if (auto it = seen.find(urn); it != seen.end()) {
      issue("URN", "URN " + urn + " already appears on line " + std::to_string(it->second));
    } else {
      seen.emplace(urn, rec.line);
    }
    std::string name = get("EstablishmentName");
    if (name.empty()) issue("EstablishmentName", "is empty");
    std::string la = get("LA (name)");
    if (la.empty()) issue("LA (name)", "is empty");
    std::string type = get("TypeOfEstablishment (name)");
    if (type.empty()) {
      issue("TypeOfEstablishment (name)", "is empty");
    } else if (!is_known_school_type(gias_slug(type))) {
      issue("TypeOfEstablishment (name)", unknown_type_message(type));
    }
    std::string phase = get("PhaseOfEducation (name)");
    if (phase.empty()) {
      issue("PhaseOfEducation (name)", "is empty");
    } else if (!is_known_school_phase(gias_slug(phase))) {
      issue("PhaseOfEducation (name)", unknown_phase_message(phase));
    }
    if (result.issues.size() != before) continue;

    CsvRow row;
    row.line = rec.line;
    row.school.id = urn;
    row.school.name = name;
    row.school.la = la;
    row.school.framework = opts.framework;
    row.school.region = opts.region;
    row.school.facts["type"] = gias_slug(type);
    row.school.facts["type_name"] = type;
    row.school.facts["phase"] = gias_slug(phase);
    row.school.facts["phase_name"] = phase;
    if (has_religious_column) {
      const std::string religious = get(religious_column);
      if (auto where = control_character(religious); !where.empty()) {
        issue(religious_column,
              "contains a control character (" + where + "); remove it, or check the file's encoding");
        continue;
      }
      for (auto& [k, v] : religious_character_facts(religious)) row.school.facts[k] = v;
    }
    result.valid.push_back(std::move(row));
  }
  return result;
}

}  // namespace sif::daemon
