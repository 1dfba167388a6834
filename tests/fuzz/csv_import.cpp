// fuzz_csv_import: bytes -> daemon::decode_text, split_csv and parse_gias_csv, as
// POST /v1/schools/import and `sifctl import` run them on a GIAS extract, with each encoding
// (detected, UTF-8, Windows-1252).
//
// Oracles, beyond no crash, leak or undefined behaviour:
//   - decoded text is UTF-8, and says what it was decoded from; parse_gias_csv fails when the
//     text does not decode;
//   - split_csv fails only on an unterminated quote; records are in line order, each on a line
//     that exists in the text;
//   - parse_gias_csv counts every data record as a row, and each row is either valid or has at
//     least one issue naming its line;
//   - a valid row has a URN of 1-8 digits that no other valid row has, and a non-empty name, LA,
//     type and phase, all UTF-8 without control characters (but tab), whose slugs are lower-case words
//     joined by '_'.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "daemon/csv_import.hpp"
#include "daemon/text_encoding.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using sif::fuzz::require;

bool is_slug(const std::string& s) {
  if (s.empty()) return true;  // a name of punctuation only has no slug
  if (s.front() == '_' || s.back() == '_') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '_' && s[i - 1] != '_');
    if (!ok) return false;
  }
  return true;
}

// A C0 control character other than tab, or DEL: what the importer refuses in a used column
// (a tab is kept: it cannot break a line of a letter or a log).
bool has_control(const std::string& s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t') || c == 0x7F) return true;
  }
  return false;
}

void check(std::string_view bytes, sif::daemon::TextEncoding encoding) {
  using sif::daemon::find_invalid_utf8;
  const auto decoded = sif::daemon::decode_text(bytes, encoding);
  if (decoded) {
    require(find_invalid_utf8(decoded->utf8) == std::string::npos, "decode_text gave text that is not UTF-8");
    require(decoded->encoding != sif::daemon::TextEncoding::kAuto, "decode_text did not say what it decoded from");
  } else {
    require(!decoded.error().message.empty(), "decode_text failed without a message");
  }
  sif::daemon::CsvImportOptions opts;
  opts.framework = "wiltshire-2019";
  opts.encoding = encoding;
  auto parsed = sif::daemon::parse_gias_csv(bytes, opts);
  if (!parsed) {
    require(parsed.error().code == sif::workflows::ErrorCode::kInvalidInput, "parse_gias_csv: not kInvalidInput",
            parsed.error().message);
    return;
  }
  require(decoded.has_value(), "parse_gias_csv accepted text decode_text refused");
  const std::string_view text = decoded->utf8;
  int lines = 1;
  for (char c : text) lines += (c == '\n' || c == '\r');

  auto records = sif::daemon::split_csv(text);
  if (!records) {
    require(records.error().message.find("unterminated quoted field") != std::string::npos,
            "split_csv failed for another reason than an unterminated quote", records.error().message);
  } else {
    int last = 0;
    for (const auto& r : *records) {
      require(r.line > last && r.line <= lines, "a CSV record on a line out of order or past the end",
              std::to_string(r.line));
      require(!r.fields.empty(), "an empty CSV record");
      last = r.line;
    }
  }
  require(records.has_value(), "parse_gias_csv accepted what split_csv refused");
  require(parsed->encoding == decoded->encoding, "parse_gias_csv and decode_text disagree on the encoding");
  require(parsed->rows == static_cast<int>(records->size()) - 1, "parse_gias_csv: rows != data records");
  std::set<int> lines_with_issues;
  for (const auto& issue : parsed->issues) {
    require(issue.line >= 2 && issue.line <= lines, "a CSV issue on a line that is not a data line", issue.str());
    require(!issue.column.empty() && !issue.message.empty(), "a CSV issue without a column or message", issue.str());
    lines_with_issues.insert(issue.line);
  }
  require(parsed->valid.size() + lines_with_issues.size() == static_cast<std::size_t>(parsed->rows),
          "parse_gias_csv: valid rows and rows with issues do not add up to the rows read");
  std::set<std::string> urns;
  for (const auto& row : parsed->valid) {
    const auto& s = row.school;
    require(!lines_with_issues.count(row.line), "a row both valid and with an issue", std::to_string(row.line));
    require(!s.id.empty() && s.id.size() <= 8 && s.id.find_first_not_of("0123456789") == std::string::npos,
            "a valid row whose URN is not 1-8 digits", s.id);
    require(urns.insert(s.id).second, "two valid rows with the same URN", s.id);
    require(!s.name.empty() && !s.la.empty(), "a valid row without a name or LA", s.id);
    require(s.framework == opts.framework, "a valid row without the import's framework", s.id);
    for (const std::string* v : {&s.name, &s.la, &s.facts.at("type_name"), &s.facts.at("phase_name")}) {
      require(find_invalid_utf8(*v) == std::string::npos, "a valid row with text that is not UTF-8", *v);
      require(!has_control(*v), "a valid row with a control character", *v);
    }
    for (const char* fact : {"type", "phase"}) {
      auto it = s.facts.find(fact);
      require(it != s.facts.end() && is_slug(it->second), "a valid row whose type or phase is not a slug",
              it == s.facts.end() ? fact : it->second);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (auto e :
       {sif::daemon::TextEncoding::kAuto, sif::daemon::TextEncoding::kUtf8, sif::daemon::TextEncoding::kWindows1252}) {
    check(bytes, e);
  }
  return 0;
}
