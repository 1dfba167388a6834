// The statutes behind a warning notice, by nation and by date: what sif knows of the law in
// force on the day a notice is given (docs/frameworks/warning-notice.md, "The law it models").
//
// A framework supplies only its policy (the compliance period it normally states); the rights a
// notice gives and the steps before powers may be used come from here, for the notice's date, so
// a notice given in 2026 never offers the representation to Ofsted that ended in April 2016, and
// a Leicester notice of 2008 still does. Definitions read these values through "law." paths
// (evaluator.hpp), evaluated on the event's date: "law.warning_notice.initial_period_working_days".
//
// Thread-safety: immutable tables; pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/date.hpp"

namespace sif::workflows {

enum class Nation { kEngland, kWales };
std::optional<Nation> parse_nation(std::string_view text);  // "england", "wales"
const char* to_string(Nation n);

// One regime of the warning-notice law: in force in `nation` from `from` to `to` (inclusive).
struct WarningNoticeLaw {
  std::string regime;           // "eia-2006-s60-as-enacted", ...
  Nation nation = Nation::kEngland;
  Date from;
  Date to;
  std::string act;              // for people: "Education and Inspections Act 2006, s.60 as first enacted"
  std::string legislation;      // the letter's citation of the power
  int initial_period_working_days = 0;  // 0: no initial period
  bool statutory_compliance = false;    // the Act fixes the compliance period (= the initial period)
  bool representations = false; // may the governing body make representations, and to whom
  std::string representation_to;
  std::string representation_clause;  // the letter's paragraph on representations
  std::string compliance_clause;      // the letter's sentence on the compliance period
  std::string powers;           // the powers the authority may then use ("sections 63 to 66")
  bool powers_notice = false;   // reasonable notice in writing of the proposed powers comes first
  std::string powers_notice_rule;     // where that step is in the Act
  std::string powers_clause;          // the letter's sentence on that step
  bool copy_chief_inspector = false;  // HMCI (Ofsted) gets a copy
  bool copy_secretary_of_state = false;  // the Secretary of State gets a copy (s.60(6A) since 2016)
  // Which schools' religious body gets a copy (the role religious_body), by the school facts
  // the register gives (daemon/csv_import.hpp, religious_character_facts): "church_school" (a
  // Church of England or Roman Catholic school: the diocesan authority, s.60(6)), or
  // "religious_character" (a foundation or voluntary school with a religious character: the
  // appropriate religious body, SSO(W)A 2013 s.3(3)(b)(ii)).
  std::string copy_religious_body;
  std::string copies;           // who the Act says gets copies, for the letter and the docs
  std::string source;           // the sections, for provenance
};

// Every regime sif knows, oldest first.
const std::vector<WarningNoticeLaw>& warning_notice_laws();
// The regime in force in `nation` on `day`, or nothing before sif's earliest regime.
const WarningNoticeLaw* warning_notice_law(Nation nation, Date day);

// "warning_notice.<field>" for a "law." path (law_fields() lists them; yes/no for booleans;
// statutory_compliance_working_days only where the Act fixes the period). Nothing for an
// unknown field or a day with no regime.
const std::vector<std::string>& law_fields();
std::optional<std::string> law_value(Nation nation, Date day, std::string_view field);

}  // namespace sif::workflows
