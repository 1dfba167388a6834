// Parsing a GIAS-style CSV (Get Information About Schools extract) into schools to register.
//
// Columns used (by header name; others are ignored): URN, EstablishmentName, "LA (name)",
// "TypeOfEstablishment (name)", "PhaseOfEducation (name)". Fields may be quoted ("a, b" and ""
// for a quote), lines may end in CRLF or LF. The text may be UTF-8 (with or without a BOM) or
// Windows-1252 / ISO-8859-1, detected or stated (text_encoding.hpp); the schools are always
// UTF-8. Type and phase names become the slugs guards compare against ("Voluntary aided school"
// -> voluntary_aided, "Primary" -> primary); the GIAS name is kept in the facts as type_name /
// phase_name. A control character in a used column (a stray byte, a line break inside a name)
// is an issue of that row: it would corrupt names in letters and forge log lines.
//
// Parsing never touches storage: the caller decides whether to register all rows (only when
// there are no issues: all-or-nothing, the default) or only the valid ones.
//
// Thread-safety: pure functions.
#pragma once

#include "workflows/school_types.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "daemon/text_encoding.hpp"
#include "workflows/calendar.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::daemon {

// One problem with one row: the CSV line (1 = header), the column and what is wrong.
struct CsvIssue {
  int line = 0;
  std::string column;
  std::string message;
  std::string str() const;  // "line 4, column URN: 'ab12' is not a URN (digits only)"
};

struct CsvImportOptions {
  std::string framework;  // every imported school follows this framework
  workflows::Region region = workflows::Region::kEnglandAndWales;
  TextEncoding encoding = TextEncoding::kAuto;  // of the text given to parse_gias_csv
};

struct CsvRow {
  int line = 0;
  workflows::School school;
};

struct CsvParseResult {
  std::vector<CsvRow> valid;     // rows without issues, in file order
  std::vector<CsvIssue> issues;  // every problem, in file order
  int rows = 0;                  // data rows read (excluding header and blank lines)
  TextEncoding encoding = TextEncoding::kUtf8;  // what the text was decoded from
};

// Splits CSV text into records of fields (RFC 4180). Fails only on an unterminated quote.
// Each record remembers the line it started on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};
workflows::Result<std::vector<CsvRecord>> split_csv(std::string_view text);

// "Voluntary aided school" -> "voluntary_aided"; "Middle deemed primary" -> "middle_deemed_primary".
std::string gias_slug(std::string_view name);
// The school types sif knows (workflows/school_types.hpp), as gias_slug() writes them.
using workflows::is_known_school_phase;
using workflows::is_known_school_type;
using workflows::known_school_phases;
using workflows::known_school_types;
// The facts a warning notice's copy to the school's religious body is routed by
// (config/workflows/warning-notice.yaml; workflows/law.hpp, copy_religious_body), from its
// religious character as GIAS names it ("Church of England", "Roman Catholic/Church of
// England", "Does not apply") or as a slug:
//   religious_character       its slug: "church_of_england", "roman_catholic_church_of_england";
//                             "none" for "None", "Does not apply" or nothing given
//   religious_character_name  the name as given
//   church_school             whose diocesan authority the Act in England names (s.60(6)): a
//                             Church of England (or Anglican) school "church_of_england", a
//                             Roman Catholic (or Catholic) one "roman_catholic", a joint one
//                             "church_of_england_and_roman_catholic"; "no" otherwise
workflows::Data religious_character_facts(std::string_view name);
// The GIAS column it is read from by the import (optional: a register without it gives no such
// facts, and no school of it gets the copy).
inline constexpr std::string_view kReligiousCharacterColumn = "ReligiousCharacter (name)";

// The 400s and import issues for a type or phase sif does not know, listing the known slugs.
std::string unknown_type_message(std::string_view given);
std::string unknown_phase_message(std::string_view given);

// Fails (kInvalidInput) when the text cannot be decoded as opts.encoding says (decode_text: the
// message names the line), is not CSV or lacks a required column; row problems are reported in
// issues, not as an error. Duplicate URNs within the file are issues too.
workflows::Result<CsvParseResult> parse_gias_csv(std::string_view text, const CsvImportOptions& opts);

}  // namespace sif::daemon
