#include "workflows/law.hpp"

namespace sif::workflows {

namespace {

std::vector<WarningNoticeLaw> build() {
  std::vector<WarningNoticeLaw> out;
  {
    WarningNoticeLaw l;
    l.regime = "eia-2006-s60-as-enacted";
    l.nation = Nation::kEngland;
    l.from = make_date(2007, 4, 1);   // S.I. 2007/935 art. 5
    l.to = make_date(2016, 4, 17);    // the day before S.I. 2016/466 reg. 2 brought in the 2016 Act s.2
    l.act = "Education and Inspections Act 2006, section 60 as first enacted";
    l.legislation = "section 60 of the Education and Inspections Act 2006";
    l.initial_period_working_days = 15;
    l.statutory_compliance = true;
    l.representations = true;
    l.representation_to = "the Chief Inspector (Ofsted)";
    l.representation_clause =
        "The governing body may make written representations against this notice to the Chief Inspector "
        "(Ofsted) before the end of the initial period, which begins on the day this notice is given and ends "
        "with the fifteenth working day following that day, sending a copy to the authority (section 60(7)). "
        "The Chief Inspector may confirm the notice; a notice that is not confirmed cannot make the school "
        "eligible for intervention.";
    l.compliance_clause =
        "Unless the governing body makes representations, the compliance period is the initial period: it "
        "begins on the day this notice is given and ends with the fifteenth working day following that day "
        "(section 60(1)(b) and (10)). If the Chief Inspector confirms this notice after representations, the "
        "compliance period ends instead with the fifteenth working day following the day of confirmation.";
    l.powers = "sections 63 to 66 of the Education and Inspections Act 2006";
    l.powers_notice = true;
    l.powers_notice_rule = "s.60(1)(e) as first enacted";
    l.powers_clause =
        "Before using any of those powers the authority will give the governing body reasonable notice in "
        "writing that it proposes to do so (section 60(1)(e)).";
    l.copy_chief_inspector = true;
    l.copy_religious_body = "church_school";
    l.copies = "the Chief Inspector; the head teacher; for a Church of England or Roman Catholic school, the "
               "diocesan authority; for a foundation or voluntary school, the person who appoints the foundation "
               "governors (s.60(6))";
    l.source = "EIA 2006 s.60(1)(a)-(e), (4)-(10) as enacted (in force 1 April 2007)";
    out.push_back(std::move(l));
  }
  {
    WarningNoticeLaw l;
    l.regime = "eia-2006-s60-as-amended-2016";
    l.nation = Nation::kEngland;
    l.from = make_date(2016, 4, 18);  // S.I. 2016/466 reg. 2
    l.to = make_date(9999, 12, 31);
    l.act = "Education and Inspections Act 2006, section 60 as amended by the Education and Adoption Act 2016";
    l.legislation =
        "section 60 of the Education and Inspections Act 2006, as amended by the Education and Adoption Act 2016";
    l.initial_period_working_days = 0;
    l.representations = false;
    l.representation_clause =
        "The Act makes no provision for representations against this notice to the Chief Inspector; that "
        "right ended on 18 April 2016. If the governing body disagrees with this notice it should write to "
        "the authority.";
    l.compliance_clause =
        "This is the period for compliance specified in this notice (section 60(1)(b) of the Act).";
    l.powers = "sections 63 to 69 of the Education and Inspections Act 2006";
    l.powers_notice = true;
    l.powers_notice_rule = "s.60(1)(d) as amended by the Education and Adoption Act 2016 s.2";
    l.powers_clause =
        "Before using any of those powers the authority will give the governing body reasonable notice in "
        "writing that it proposes to do so (section 60(1)(d)).";
    l.copy_chief_inspector = true;
    l.copy_secretary_of_state = true;  // s.60(6A), inserted by the 2016 Act s.2(2)(g)
    l.copy_religious_body = "church_school";  // s.60(6): s.2 changed only who gives the notice
    l.copies = "the Chief Inspector; the head teacher; the diocesan authority and the person who appoints the "
               "foundation governors where s.60(6) names them; the Secretary of State (s.60(6A))";
    l.source = "EIA 2006 s.60(1), (4), (4A), (4B), (6), (6A) as amended by the Education and Adoption Act 2016 s.2";
    out.push_back(std::move(l));
  }
  {
    WarningNoticeLaw l;
    l.regime = "ssowa-2013-s3";
    l.nation = Nation::kWales;
    l.from = make_date(2014, 2, 20);  // Part 2 Chapter 1 in force (S.I. 2014/178, not read: see docs)
    l.to = make_date(9999, 12, 31);
    l.act = "School Standards and Organisation (Wales) Act 2013, sections 2 to 4";
    l.legislation = "section 3 of the School Standards and Organisation (Wales) Act 2013";
    l.initial_period_working_days = 0;
    l.representations = false;
    l.representation_clause =
        "The Act gives no right of representation against this notice. If the governing body disagrees "
        "with this notice it should write to the authority.";
    l.compliance_clause =
        "This is the compliance period specified in this notice (section 3(2)(d) of the Act).";
    l.powers = "Part 2 of the School Standards and Organisation (Wales) Act 2013";
    l.powers_notice = false;
    l.powers_clause =
        "If the governing body does not comply within the compliance period, the authority may use its powers "
        "of intervention without further notice (section 4(2)).";
    l.copy_chief_inspector = false;
    l.copy_religious_body = "religious_character";  // s.3(3)(b)(ii)
    l.copies = "the head teacher; for a foundation or voluntary school, the person who appoints the foundation "
               "governors and, where it has a religious character, the appropriate religious body; the Welsh "
               "Ministers (s.3(3))";
    l.source = "SSO(W)A 2013 s.3(1)-(3), s.4(2)";
    out.push_back(std::move(l));
  }
  return out;
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace

std::optional<Nation> parse_nation(std::string_view text) {
  if (text == "england") return Nation::kEngland;
  if (text == "wales") return Nation::kWales;
  return std::nullopt;
}

const char* to_string(Nation n) { return n == Nation::kWales ? "wales" : "england"; }

const std::vector<std::string>& law_fields() {
  static const std::vector<std::string> fields = {
      "warning_notice.regime", "warning_notice.act", "warning_notice.legislation", "warning_notice.from",
      "warning_notice.to", "warning_notice.initial_period_working_days",
      "warning_notice.statutory_compliance_working_days", "warning_notice.representations",
      "warning_notice.representation_to", "warning_notice.representation_clause",
      "warning_notice.compliance_clause", "warning_notice.powers", "warning_notice.powers_notice",
      "warning_notice.powers_notice_rule", "warning_notice.powers_clause", "warning_notice.copy_chief_inspector",
      "warning_notice.copy_secretary_of_state", "warning_notice.copy_religious_body", "warning_notice.copies", "warning_notice.source"};
  return fields;
}

const std::vector<WarningNoticeLaw>& warning_notice_laws() {
  static const std::vector<WarningNoticeLaw> laws = build();
  return laws;
}

const WarningNoticeLaw* warning_notice_law(Nation nation, Date day) {
  for (const auto& l : warning_notice_laws()) {
    if (l.nation == nation && l.from <= day && day <= l.to) return &l;
  }
  return nullptr;
}

std::optional<std::string> law_value(Nation nation, Date day, std::string_view field) {
  constexpr std::string_view kPrefix = "warning_notice.";
  if (field.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  field.remove_prefix(kPrefix.size());
  const WarningNoticeLaw* l = warning_notice_law(nation, day);
  if (!l) return std::nullopt;
  if (field == "regime") return l->regime;
  if (field == "act") return l->act;
  if (field == "legislation") return l->legislation;
  if (field == "from") return format_date(l->from);
  if (field == "to") return format_date(l->to);
  if (field == "initial_period_working_days") return std::to_string(l->initial_period_working_days);
  if (field == "statutory_compliance_working_days") {
    if (!l->statutory_compliance) return std::nullopt;  // the notice states it
    return std::to_string(l->initial_period_working_days);
  }
  if (field == "copy_chief_inspector") return yes_no(l->copy_chief_inspector);
  if (field == "copy_secretary_of_state") return yes_no(l->copy_secretary_of_state);
  if (field == "copy_religious_body") return l->copy_religious_body;
  if (field == "powers_clause") return l->powers_clause;
  if (field == "representations") return yes_no(l->representations);
  if (field == "representation_to") {
    if (l->representation_to.empty()) return std::nullopt;
    return l->representation_to;
  }
  if (field == "representation_clause") return l->representation_clause;
  if (field == "compliance_clause") return l->compliance_clause;
  if (field == "powers") return l->powers;
  if (field == "powers_notice") return yes_no(l->powers_notice);
  if (field == "powers_notice_rule") {
    if (l->powers_notice_rule.empty()) return std::nullopt;
    return l->powers_notice_rule;
  }
  if (field == "copies") return l->copies;
  if (field == "source") return l->source;
  return std::nullopt;
}

}  // namespace sif::workflows
